"""The compiled schema check answers exactly as jsonschema does: on real documents and on damaged ones."""

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from renja.demo.setup import DATA
from renja.demo.synth import pd_document
from renja.exchange import loader
from renja.exchange.merge import read_document
from renja.exchange.schemacheck import Unsupported, compile_schema, equal

pytestmark = pytest.mark.django_db(databases=[])  # no database: a pure function

SCHEMA = loader.schema()
JSONSCHEMA = Draft202012Validator(SCHEMA)
CHECK = compile_schema(SCHEMA)
DOCUMENTS = [read_document(DATA), pd_document(0, sub_per_pd=12), pd_document(7, sub_per_pd=5)]

# Values that sit on the edges of the schema's types: bool among numbers, 1.0 as an integer, empty things.
EDGE_VALUES = [None, True, False, 0, 1, -3, 1.0, 2.5, math.nan, "", "x", "2026", "positif", "negatif", "program",
               "renja-exchange", "perubahan", [], [1], ["a"], {}, {"nama": "x"}, {"uraian": None}, 2022, 1.5e300]


def test_the_shipped_schema_compiles_and_every_real_document_passes():
    assert loader.quick_check() is not None
    for document in DOCUMENTS:
        assert JSONSCHEMA.is_valid(document)
        assert CHECK(document) is True


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _parent(document, path):
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def damaged(draw):
    document = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    paths = [p for p in _paths(document) if p]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        try:
            parent = _parent(document, path)
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier damage removed or replaced this place
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(st.sampled_from(EDGE_VALUES) | st.text(max_size=4) | st.integers())
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "nama", "kode", "tahun", "stated", "unit"]))] = \
                draw(st.sampled_from(EDGE_VALUES))
        else:
            parent.append(draw(st.sampled_from(EDGE_VALUES)))
    return document


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_document_gets_the_same_answer_as_from_jsonschema(document):
    assert CHECK(document) == JSONSCHEMA.is_valid(document)


@given(st.sampled_from(EDGE_VALUES), st.sampled_from(EDGE_VALUES))
def test_equal_is_jsonschemas_equality(one, two):
    from jsonschema._utils import equal as reference

    assert equal(one, two) == reference(one, two)


def test_a_keyword_the_check_does_not_know_is_refused_not_ignored():
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}}})
    with pytest.raises(Unsupported):
        compile_schema({"$ref": "https://example.invalid/other.json"})


def test_the_loader_falls_back_to_jsonschema_when_the_schema_does_not_compile(monkeypatch):
    monkeypatch.setattr(loader, "quick_check", lambda: None)
    assert loader.validate(DOCUMENTS[1]) == []
    assert loader.validate({"format": "renja-exchange"})
