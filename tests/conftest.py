import os

import pytest


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
