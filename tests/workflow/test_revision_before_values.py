"""A Renja Perubahan copied from a Ditetapkan plan states what it changes from: the plan's pagu n and
targets n become its before-values, its pagu columns are copied, and the Ditetapkan plan stays as it was."""

import pytest

from renja.documents.builders.plan import tc33_table
from renja.exchange.loader import load_document
from renja.plans.models import Indikator, PaguKolom, SubKegiatan
from renja.plans.view import build_view
from renja.workflow.transitions import perform
from tests.rules.helpers import clean_document, sub_kegiatan
from tests.workflow.people_and_plans import people_for, set_status

pytestmark = pytest.mark.django_db


def figures(renja):
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("urutan")
    return [(s.kode, s.pagu_n, s.pagu_n_teks, s.pagu_sebelum, s.pagu_sebelum_teks,
             sorted(s.pagu_kolom.values_list("kolom", "nilai", "teks"))) for s in subs]


def indicators(renja):
    rows = Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).order_by(
        "sub_kegiatan__urutan", "urutan")
    return [(i.uraian, i.target_n_teks, i.target_n, i.target_n_satuan, i.target_sebelum_teks, i.target_sebelum,
             i.target_sebelum_satuan) for i in rows]


@pytest.fixture
def ditetapkan():
    document = clean_document()
    document["renja"]["tahap"] = "final"
    sub_kegiatan(document)["pagu_kolom"] = {"apbd": "350.000.000", "rkpd": "340.000.000"}
    sub_kegiatan(document, 0, 0, 1)["pagu_n"] = "50.000.00"  # unreadable: its text is the before-text
    renja = load_document(document).renja
    return set_status(renja, "ditetapkan")


def test_the_perubahan_takes_pagu_and_targets_n_as_its_before_values(ditetapkan):
    source = (figures(ditetapkan), indicators(ditetapkan))
    new = perform(ditetapkan, people_for(ditetapkan)["operator"], "perubahan")

    assert [(kode, sebelum, sebelum_teks) for kode, _, _, sebelum, sebelum_teks, _ in figures(new)] == [
        (kode, pagu, teks) for kode, pagu, teks, *_ in source[0]]
    assert figures(new)[1][3:5] == (None, "50.000.00")
    assert [(u, t, n, s) for u, *_, t, n, s in indicators(new)] == [(u, t, n, s) for u, t, n, s, *_ in source[1]]
    assert indicators(new)[0][4:] == ("40 Orang", indicators(new)[0][2], "Orang")
    # after-values start as the Ditetapkan ones; the pagu columns are copied as they are
    assert [row[:3] for row in figures(new)] == [row[:3] for row in source[0]]
    assert figures(new)[0][5] == [("apbd", 350000000, "350.000.000"), ("rkpd", 340000000, "340.000.000")]
    assert PaguKolom.history.filter(sub_kegiatan__kegiatan__program__renja=new).count() == 2
    # the source is untouched: it never had before-values
    assert (figures(ditetapkan), indicators(ditetapkan)) == source
    assert all(row[3] is None and row[4] == "" for row in source[0])


def test_the_perubahan_prints_before_and_after_in_tc33(ditetapkan):
    new = perform(ditetapkan, people_for(ditetapkan)["operator"], "perubahan")
    SubKegiatan.objects.filter(kegiatan__program__renja=new, kode="2.08.07.2.01.0002").update(pagu_n=600000000)
    table = tc33_table(build_view(new))
    row = next(r for r in table.rows if r.value("kode") == "2.08.07.2.01.0002")
    assert (row.value("pagu_sebelum"), row.value("pagu_n")) == (500000000, 600000000)
    total = table.rows[-1]
    assert (total.value("pagu_sebelum"), total.value("pagu_n")) == (850000000, 950000000)
