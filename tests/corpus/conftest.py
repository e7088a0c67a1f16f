"""The regression corpus: small synthetic exchange documents (tests/corpus/documents/, none a copy of a real plan),
each loaded through the real loader and checked by the whole checker. `corpus_check(name)` gives (view, findings)
of one document; the database is left as it was."""

from pathlib import Path

import pytest
from django.db import transaction

DOCUMENTS = Path(__file__).resolve().parent / "documents"


@pytest.fixture
def corpus_check(django_db_blocker):
    from renja.exchange.loader import load_file
    from renja.plans.view import build_view
    from renja.rules.engine import run

    def check(name):
        path = DOCUMENTS / (name if name.endswith(".yaml") else f"{name}.yaml")
        with django_db_blocker.unblock(), transaction.atomic():
            view = build_view(load_file(path, replace=True).renja)
            transaction.set_rollback(True)
        return view, run(view)

    return check
