"""The loader validates every document with one validator, built once."""

from unittest import mock

import pytest

from renja.exchange import loader
from renja.exchange.loader import validate


@pytest.fixture
def fresh_cache():
    loader.validator.cache_clear()
    yield
    loader.validator.cache_clear()


def test_the_schema_validator_is_built_once_for_many_documents(fresh_cache):
    with mock.patch.object(loader, "Draft202012Validator", wraps=loader.Draft202012Validator) as built:
        for _ in range(3):
            validate({"format": "renja-exchange"})
    assert built.call_count == 1


def test_the_cached_validator_still_reports_errors(fresh_cache):
    first, second = validate({}), validate({"format": "renja-exchange"})
    assert first and second
    assert first != second
