import pytest
from django.db import transaction

from renja.demo.setup import DATA
from renja.exchange.loader import load_file
from renja.rules.view import build_view


@pytest.fixture(scope="session")
def demo_view(django_db_setup, django_db_blocker):
    """The demo plan (the seed) as a PlanView, read once; the database is left as it was."""
    with django_db_blocker.unblock(), transaction.atomic():
        view = build_view(load_file(DATA, replace=True).renja)
        transaction.set_rollback(True)
    return view
