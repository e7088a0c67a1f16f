"""The demo's stored findings are those of its data as loaded: its Renstra matrix, added by bulk writes after
the plan (and checked after the plan's commit), stales the findings checked before it was there."""

import pytest

from renja.demo.setup import load_demo_data
from renja.plans import versions
from renja.plans.view import build_view
from renja.rules import engine, stored
from renja.rules.models import StoredCheck

NO_MATRIX = "Renstra PD ini belum memuat matriks"


@pytest.mark.django_db(transaction=True)  # the check after each commit runs as it does in the application
def test_the_demo_findings_are_checked_after_its_renstra_matrix():
    demo, _ = load_demo_data()
    fresh = engine.run(build_view(demo))
    assert not any(NO_MATRIX in f.message for f in fresh)
    assert stored.findings(demo) == fresh
    assert StoredCheck.objects.get(renja=demo).versi_data == versions.checked(demo)
