import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def expected_database(django_db_setup, django_db_blocker):
    """CI runs the suite twice; make sure the PostgreSQL run really talks to PostgreSQL."""
    expected = os.environ.get("RENJA_EXPECT_DATABASE")
    if expected:
        from django.db import connection

        with django_db_blocker.unblock():
            assert connection.vendor == expected, f"tes berjalan pada {connection.vendor}, bukan {expected}"
