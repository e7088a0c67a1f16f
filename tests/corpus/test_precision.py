"""Precision: the checker raises no error on a plan that has none. Every clean document of the corpus
(tests/corpus/documents/clean_*.yaml, and the other families' clean documents, named *_clean.yaml or
*_bersih.yaml) and a small clean synthetic city (renja/demo/synth.py) give 0 error-level findings; the test
prints how many documents and plans it checked."""

from pathlib import Path

import pytest
from django.db import transaction

DOCUMENTS = Path(__file__).resolve().parent / "documents"
pytestmark = pytest.mark.django_db

CLEAN = sorted({p.stem for pattern in ("clean_*.yaml", "*_clean.yaml", "*_bersih.yaml")
                for p in DOCUMENTS.glob(pattern)})


def test_the_corpus_has_clean_documents():
    assert {"clean_dinsos", "clean_perubahan_dishub"} <= set(CLEAN)


@pytest.mark.parametrize("name", CLEAN)
def test_a_clean_corpus_document_has_no_error(corpus_check, name):
    _, found = corpus_check(name)
    assert [(f.rule, f.table, f.code or f.row, f.message) for f in found if f.severity == "error"] == []


def test_the_clean_synthetic_city_has_no_error(django_db_blocker):
    from renja.demo.synth import synthesize_city
    from renja.plans.view import build_view
    from renja.rules.engine import run

    with django_db_blocker.unblock(), transaction.atomic():
        views = [build_view(plan) for plan in synthesize_city(pd_count=4, sub_per_pd=30)]
        transaction.set_rollback(True)
    assert len(views) == 4 and all(len(view.subs()) >= 20 for view in views)
    errors = [(view.pd_nama, f.rule, f.code or f.row, f.message) for view in views for f in run(view)
              if f.severity == "error"]
    assert errors == []
