"""The rule engine: a registry of rules, each a plain function over a `PlanView` that yields findings.

Adding a rule is adding one decorated function (in a module of `renja/rules/catalogue/`) and its tests.
A rule that cannot apply because data is missing raises `NotApplicable`; the engine turns that into an
`info` finding that says so, instead of passing silently.
"""

import contextlib
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from renja.core.allocation import uses_many_objects

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "Kesalahan", "warning": "Peringatan", "info": "Info"}


@dataclass
class Finding:
    rule: str
    severity: str
    table: str
    code: str | None
    row: str | None
    message: str
    expected: object = None
    found: object = None
    # The cells the finding relied on that were not read cleanly (repaired, ambiguous, unreadable): plain
    # dicts made by `reading_of` (table, row, column, text, value, note, repair).
    readings: list = field(default_factory=list)

    def as_json(self):
        data = asdict(self)
        for key in ("expected", "found"):
            data[key] = _plain(data[key])
        data["readings"] = [{**r, "value": _plain(r.get("value"))} for r in self.readings]
        return data


def shown(value):
    """A finding's expected or found value as users write it, the same on the findings page, in `renja check`
    and in the documents' appendix: amounts with thousands dots (small whole numbers, years and counts, as they
    are), decimals with a comma and the places they have (at most two, four below one), lists joined."""
    from renja.core.numbers import format_decimal, format_rupiah

    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return format_rupiah(value) if abs(value) >= 10000 else str(value)
    if isinstance(value, Decimal | float):
        value = Decimal(str(value))
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value():
            return shown(int(value))
        places = max(0, -value.normalize().as_tuple().exponent)
        return format_decimal(value, min(places, 2 if abs(value) >= 1 else 4))
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    return str(value)


def reading_of(reading, table, row, column):
    """A `renja.core.numbers.Reading` as the plain dict a finding keeps."""
    return {"table": table, "row": row, "column": column, "text": reading.text, "value": reading.value,
            "note": reading.note, "repair": reading.repair}


def reading_line(reading):
    """The short line the human output shows: "dibaca: '9.167.000.000,00.-' → 9.167.000.000 (titik-strip di
    akhir dibuang)"."""
    from renja.core.numbers import format_decimal, format_rupiah

    value = reading.get("value")
    if value is None:
        shown = "tidak terbaca"
    elif isinstance(value, int):
        shown = format_rupiah(value)
    else:
        shown = format_decimal(value, max(0, min(4, -Decimal(value).as_tuple().exponent)))
    where = ", ".join(str(p) for p in (reading.get("table"), reading.get("row"), reading.get("column")) if p)
    why = f" ({reading['repair']})" if reading.get("repair") else ""
    return f"dibaca: '{reading.get('text')}' → {shown}{why}{' [' + clip(where, 60) + ']' if where else ''}"


def _plain(value):
    """Numbers as plain JSON numbers (integers when whole), text as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(round(value, 4))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


def clip(text, size=80):
    """Text for a message: whitespace collapsed, cut with "…" past `size` characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


class NotApplicable(Exception):
    """The rule cannot be applied to this plan; the message says which data is missing."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    explanation: str
    severity: str
    level: str  # what it looks at: "program", "kegiatan", "sub_kegiatan", "renja", "dokumen", "evaluasi"
    family: str
    check: object

    def finding(self, table, message, code=None, row=None, expected=None, found=None, severity=None,
                readings=None):
        """A finding of this rule (helper for rule functions)."""
        return Finding(rule=self.id, severity=severity or self.severity, table=table, code=code or None,
                       row=row or None, message=message, expected=expected, found=found,
                       readings=list(readings or []))


REGISTRY = {}


def rule(id, title, explanation, severity, level):
    """Register a rule. The function receives (rule, view) and yields findings."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(function):
        if id in REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        family = _family(function.__module__)
        REGISTRY[id] = Rule(id, title, explanation, severity, level, family, function)
        return function

    return register


def _family(module):
    """The family of a rule: its module in the catalogue ("renja.rules.catalogue.codes" → "codes"), or the package
    holding it ("renja.rules.catalogue.sums.tc31" → "sums"); elsewhere (tests) the module's last name."""
    head, found, rest = module.partition(".catalogue.")
    return rest.split(".")[0] if found else module.rsplit(".", 1)[-1]


def all_rules():
    from . import catalogue  # noqa: F401  (importing the catalogue registers its rules)

    return sorted(REGISTRY.values(), key=lambda r: (r.family, r.id))


def run_rule(rule_, view):
    try:
        return list(rule_.check(rule_, view))
    except NotApplicable as reason:
        return [Finding(rule=rule_.id, severity="info", table="Pemeriksaan", code=None, row=None,
                        message=f"Aturan tidak dapat diterapkan: {reason}")]


# Data derived from a view that several rules need, kept while `run` checks that view: id(view) → {key: data}.
_SHARED = {}


def shared(view, key, compute):
    """compute(view), computed once per `run` of the view (rules never change a view); computed on each call
    when a rule runs alone."""
    store = _SHARED.get(id(view))
    if store is None:
        return compute(view)
    if key not in store:
        store[key] = compute(view)
    return store[key]


@uses_many_objects
def run(view, rules=None):
    """Every rule (or the given ones) on one plan; findings sorted by table, severity, rule."""
    from renja.plans.view import PlanView, reading

    findings = []
    owner = id(view) not in _SHARED  # a run inside a run of the same view keeps the outer one's data
    _SHARED.setdefault(id(view), {})
    try:
        # rules never change the view: its rows and totals are listed once for all of them
        with reading(view) if isinstance(view, PlanView) else contextlib.nullcontext():
            for rule_ in rules or all_rules():
                findings.extend(run_rule(rule_, view))
    finally:
        if owner:
            del _SHARED[id(view)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (f.table, order[f.severity], f.rule))


def has_errors(findings):
    return any(f.severity == "error" for f in findings)
