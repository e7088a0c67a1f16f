import os
from pathlib import Path

import pytest
from django.db import transaction

CLEAN_PLAN = Path(__file__).resolve().parent / "fixtures" / "exchange" / "clean_plan.yaml"


def pytest_collection_modifyitems(items):
    """Some fixtures read the demo into the database once for a whole module or session (with
    `django_db_blocker`), and pytest-django sets up the test database only when a collected test is marked
    for it. Mark every test, so that no run, however small, ever touches a real database."""
    for item in items:
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session", autouse=True)
def expected_database(django_db_setup, django_db_blocker):
    """CI runs the suite twice; make sure the PostgreSQL run really talks to PostgreSQL, on a test database."""
    from django.db import connection

    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        assert "memory" in name or name.startswith("test_"), f"tes memakai basis data sungguhan: {name}"
        expected = os.environ.get("RENJA_EXPECT_DATABASE")
        if expected:
            assert connection.vendor == expected, f"tes berjalan pada {connection.vendor}, bukan {expected}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a test's rolled-back rows come back in the next one with the same
    ids and data versions, which a kept page of the tree would otherwise match."""
    from django.core.cache import cache

    from renja.plans.view import forget_shared_views

    cache.clear()
    forget_shared_views()


def read_view(path, django_db_blocker):
    """Load an exchange file and read it back as a PlanView; the database is left as it was."""
    from renja.exchange.loader import load_file
    from renja.plans.view import build_view

    with django_db_blocker.unblock(), transaction.atomic():
        view = build_view(load_file(path, replace=True).renja)
        transaction.set_rollback(True)
    return view


@pytest.fixture(scope="session")
def demo_view(django_db_setup, django_db_blocker):
    """The demo plan (the seed) as a PlanView, read once."""
    from renja.demo.setup import DATA

    return read_view(DATA, django_db_blocker)


@pytest.fixture(scope="session")
def clean_view(django_db_setup, django_db_blocker):
    """The hand-made clean plan (tests/fixtures/exchange/clean_plan.yaml) as a PlanView, read once."""
    return read_view(CLEAN_PLAN, django_db_blocker)


@pytest.fixture(autouse=True)
def produced_documents_dir(settings, tmp_path):
    """Documents the download tasks produce go to the test's own directory, never the developer's RENJA_HOME."""
    settings.RENJA_DOCUMENTS = tmp_path / "documents"
    settings.RENJA_IMPORTS = tmp_path / "imports"
    return settings.RENJA_DOCUMENTS
