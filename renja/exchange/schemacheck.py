"""A fast yes/no check of a document against the exchange schema, compiled once into plain Python functions.

jsonschema walks the schema anew for every value (resolving each `$ref`, building a validator per level):
about 80 ms for a plan of 400 sub kegiatan, a quarter of the whole load. A valid document only needs a yes,
so the loader asks this check first and asks jsonschema only when the answer is no, for its messages.

The check implements exactly the keywords the schema uses, with jsonschema's meaning (draft 2020-12, formats
not asserted: `Draft202012Validator` does not assert them either). A schema using any other keyword does
not compile (`Unsupported`) and the loader then uses jsonschema alone, so a new keyword can never be
silently ignored. tests/exchange/test_schemacheck.py holds the two answers equal on generated documents.
"""

import numbers
import re
from collections.abc import Mapping, Sequence

# Keywords that never make a document invalid.
ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default", "format",
               "deprecated", "readOnly", "writeOnly"}


class Unsupported(ValueError):
    """The schema uses a keyword this check does not implement."""


def compile_schema(schema):
    """A function document -> bool, True when jsonschema would find no error."""
    return _Compiler(schema).compile(schema)


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def equal(one, two):
    """Equality as JSON Schema means it (jsonschema's `enum` and `const`): true is not 1, 1 is 1.0."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return one == two


class _Compiler:
    def __init__(self, root):
        self.root = root
        self.refs = {}  # "#/$defs/x" -> compiled check, filled lazily (the schema may refer to itself)

    def compile(self, schema):
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported(f"skema bukan objek: {schema!r}")
        unknown = set(schema) - ANNOTATIONS - set(KEYWORDS)
        if unknown:
            raise Unsupported(f"kata kunci skema tidak didukung: {', '.join(sorted(unknown))}")
        if schema.get("type") == "object" and set(schema) - ANNOTATIONS <= OBJECT_KEYWORDS:
            return _object(self, schema)
        checks = [KEYWORDS[key](self, schema[key], schema) for key in schema if key in KEYWORDS]
        checks = [check for check in checks if check is not None]
        if not checks:
            return lambda value: True
        return _all(checks)

    def ref(self, target, schema):
        if not isinstance(target, str) or not target.startswith("#"):
            raise Unsupported(f"$ref di luar dokumen skema: {target!r}")
        if target not in self.refs:
            self.refs[target] = None  # placeholder while compiling a recursive reference
            node = self.root
            for part in target[1:].split("/")[1:]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
            self.refs[target] = self.compile(node)
            return self.refs[target]  # compiled: called straight, not through the table
        refs = self.refs
        if refs[target] is not None:
            return refs[target]
        return lambda value: refs[target](value)  # refers to itself while compiled: looked up when called


def _all(checks):
    """All of `checks` (a few calls written out: a document of 400 sub kegiatan asks this 100,000 times)."""
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    if len(checks) == 3:
        first, second, third = checks
        return lambda value: first(value) and second(value) and third(value)
    return lambda value: all(check(value) for check in checks)


# The types whose check is one isinstance (the others tell bool from numbers, or floats that are integers).
PLAIN_TYPES = {"object": dict, "array": list, "string": str}


def _type(compiler, names, schema):
    names = [names] if isinstance(names, str) else list(names)
    if not set(names) <= set(TYPES):
        raise Unsupported(f"jenis tidak dikenal: {names!r}")
    checks = [TYPES[name] for name in names]
    if len(checks) == 1:
        return checks[0]
    if set(names) <= {*PLAIN_TYPES, "null"}:
        classes = tuple(PLAIN_TYPES[name] for name in names if name != "null")
        if "null" in names:
            return lambda value: value is None or isinstance(value, classes)
        return lambda value: isinstance(value, classes)
    if set(names) <= {*PLAIN_TYPES, "null", "number", "integer"} and "number" in names:
        # an integer is a number: ["integer", "number", "string", "null"] asks for a number, a string or null
        classes = tuple(PLAIN_TYPES[name] for name in names if name in PLAIN_TYPES)
        null = "null" in names
        return lambda value: ((null and value is None) or isinstance(value, classes)
                              or (isinstance(value, numbers.Number) and not isinstance(value, bool)))
    return lambda value: any(check(value) for check in checks)


# The keywords of an object's schema checked together by _object.
OBJECT_KEYWORDS = {"type", "properties", "required", "additionalProperties"}


def _object(compiler, schema):
    """`type: object` with its `properties`, `required` and `additionalProperties` as one check: the value's
    own keys are walked once (a plan's rows name a few of their many optional properties), each with its
    property's check or the one for the others."""
    compiled = {name: compiler.compile(sub) for name, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    additional = schema.get("additionalProperties", True)
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    others = None if additional is True else False if additional is False else compiler.compile(additional)
    check_of = compiled.get

    def check(value):
        if not isinstance(value, dict):
            return False
        for name in required:
            if name not in value:
                return False
        for key, item in value.items():
            sub = check_of(key)
            if sub is not None:
                if not sub(item):
                    return False
            elif others is False or (others is not None and not others(item)):
                return False
        return True
    return check


def _properties(compiler, properties, schema):
    compiled = [(name, compiler.compile(sub)) for name, sub in properties.items()]

    def check(value):
        if not isinstance(value, dict):
            return True
        for name, sub in compiled:
            if name in value and not sub(value[name]):
                return False
        return True
    return check


def _required(compiler, names, schema):
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _additional(compiler, additional, schema):
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    known = set(schema.get("properties", {}))
    if additional is True:
        return None
    if additional is False:
        return lambda value: not isinstance(value, dict) or all(key in known for key in value)
    sub = compiler.compile(additional)
    return lambda value: not isinstance(value, dict) or all(sub(v) for k, v in value.items() if k not in known)


def _items(compiler, items, schema):
    if "prefixItems" in schema:
        raise Unsupported("prefixItems")
    sub = compiler.compile(items)
    return lambda value: not isinstance(value, list) or all(map(sub, value))


def _enum(compiler, options, schema):
    if all(isinstance(option, str) for option in options):
        allowed = set(options)
        return lambda value: isinstance(value, str) and value in allowed
    return lambda value: any(equal(option, value) for option in options)


def _const(compiler, constant, schema):
    return lambda value: equal(value, constant)


def _pattern(compiler, pattern, schema):
    search = re.compile(pattern).search
    return lambda value: not isinstance(value, str) or search(value) is not None


def _minimum(compiler, limit, schema):
    return lambda value: not _is_number(value) or value >= limit


def _maximum(compiler, limit, schema):
    return lambda value: not _is_number(value) or value <= limit


def _property_names(compiler, names, schema):
    sub = compiler.compile(names)
    return lambda value: not isinstance(value, dict) or all(sub(key) for key in value)


def _if(compiler, condition, schema):
    """`if`/`then`/`else` as jsonschema reads them: a value passing `if` must pass `then`, else `else`."""
    test = compiler.compile(condition)
    then = compiler.compile(schema.get("then", True))
    otherwise = compiler.compile(schema.get("else", True))
    return lambda value: then(value) if test(value) else otherwise(value)


def _not(compiler, sub, schema):
    check = compiler.compile(sub)
    return lambda value: not check(value)


KEYWORDS = {
    "$ref": lambda compiler, target, schema: compiler.ref(target, schema),
    "type": _type,
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional,
    "items": _items,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "minimum": _minimum,
    "maximum": _maximum,
    "propertyNames": _property_names,
    "if": _if,
    "then": lambda compiler, sub, schema: None,  # read by _if
    "else": lambda compiler, sub, schema: None,
    "not": _not,
}
