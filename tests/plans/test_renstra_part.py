"""The Renstra part of a shared view (plans/view.py `_read_renstra`), kept per Renstra version
(`versions.every_year`): an edit of the Renja reuses it, every way of changing the Renstra is seen by the next
view."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from renja.plans import versions
from renja.plans.models import Sasaran, SubKegiatan
from renja.plans.view import RECENT_RENSTRA, build_view, forget_shared_views, shared_view
from renja.renstra import editing as renstra_editing
from renja.renstra.models import BarisRenstra
from tests.web.people import load_plan

pytestmark = pytest.mark.django_db(transaction=True)  # kept only once committed: the tests commit


def first_sub(renja):
    return SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").first()


def edit_sub(renja, lokasi):
    sub = first_sub(renja)
    sub.lokasi = lokasi
    sub.save()


def matrix_row(renja, tingkat="sub_kegiatan"):
    return BarisRenstra.objects.filter(renstra__perangkat_daerah=renja.perangkat_daerah, tingkat=tingkat,
                                       ).exclude(kode="").order_by("id").first()


def renstra_queries(queries):
    return [q["sql"] for q in queries if "renstra_barisrenstra" in q["sql"] or "plans_targetkinerja" in q["sql"]]


def same_renstra(view, other):
    """The Renstra part of two views holds the same values."""
    def matrix(v):
        return {kode: (r.level, r.nama, dict(r.pagu), sorted(r.sasaran),
                       [(i.uraian, {y: str(t) for y, t in i.targets.items()}) for i in r.indicators])
                for kode, r in v.renstra_matrix.items()}
    return (view.renstra_period == other.renstra_period and matrix(view) == matrix(other)
            and view.renstra_pagu_years == other.renstra_pagu_years
            and [(i.jenis, i.uraian, i.owner) for i in view.renstra] == [(i.jenis, i.uraian, i.owner)
                                                                         for i in other.renstra])


def test_an_edit_of_the_renja_reads_the_plan_again_and_reuses_the_renstra_part():
    renja = load_plan(0, subs=3)
    view = shared_view(renja)
    assert view.renstra_matrix, "the synthetic PD has a Renstra matrix"
    edit_sub(renja, "Kecamatan Lain")
    with CaptureQueriesContext(connection) as queries:
        again = shared_view(renja)
    assert again is not view and first_sub(renja).lokasi in {n.lokasi for n in again.nodes("sub_kegiatan")}
    assert again.renstra_matrix is view.renstra_matrix and again.renstra is view.renstra
    assert renstra_queries(queries.captured_queries) == []
    assert same_renstra(again, build_view(renja))


def test_an_edit_of_a_renstra_row_is_seen_by_the_next_view():
    renja = load_plan(0, subs=3)
    view = shared_view(renja)
    row = matrix_row(renja)
    before = view.renstra_matrix[row.kode].pagu.get(renja.tahun)
    renstra_editing.save_row(row, row.versi, {"nama": "Nama Baru Renstra", "pagu": {str(renja.tahun): "123.456"}})
    again = shared_view(renja)
    assert again.renstra_matrix is not view.renstra_matrix
    assert again.renstra_matrix[row.kode].nama == "Nama Baru Renstra"
    assert again.renstra_matrix[row.kode].pagu[renja.tahun] == 123_456 != before
    assert same_renstra(again, build_view(renja))


def test_the_sasaran_of_a_matrix_row_changed_alone_is_seen_by_the_next_view():
    renja = load_plan(0, subs=3)
    row = matrix_row(renja, "program")
    view = shared_view(renja)
    sasaran = Sasaran.objects.filter(renstra=row.renstra).order_by("id")
    row.sasaran.clear()
    assert shared_view(renja).renstra_matrix[row.kode].sasaran == []
    sasaran.first().program_renstra.add(row)  # from the other side
    again = shared_view(renja)
    assert again.renstra_matrix[row.kode].sasaran == [sasaran.first().nomor]
    assert view.renstra_matrix[row.kode].sasaran != [] or again is not view
    assert same_renstra(again, build_view(renja))


def test_a_renstra_loaded_again_is_seen_by_the_next_view():
    from renja.exchange.loader import load_document
    from tests.web.people import pd_document

    renja = load_plan(0, subs=3)
    view = shared_view(renja)
    document = pd_document(0, sub_per_pd=3)
    first = document["renstra"]["program"][0]
    first["nama"] = "Program Dimuat Ulang"
    renja = load_document(document, replace=True).renja  # the plan is replaced too: the Renstra part is the PD's
    again = shared_view(renja)
    assert again.renstra_matrix is not view.renstra_matrix
    assert "Program Dimuat Ulang" in {r.nama for r in again.renstra_matrix.values()}
    assert same_renstra(again, build_view(renja))


def test_the_renstra_version_rises_only_for_what_every_year_reads():
    renja = load_plan(0, subs=3)
    pd = renja.perangkat_daerah
    number, checked = versions.every_year(pd.pk), versions.checked(renja)
    assert versions.checked(renja) == checked, "the row of every year is not a year of the check"
    edit_sub(renja, "Kecamatan Lain")
    assert versions.every_year(pd.pk) == number and versions.checked(renja) > checked
    for change in (lambda: versions.changed(pd.pk, None), lambda: versions.pemda_changed(pd.pemda_id),
                   versions.everything_changed):
        with transaction.atomic():
            change()
        assert versions.every_year(pd.pk) > number
        number = versions.every_year(pd.pk)


def test_a_renstra_part_read_in_a_transaction_that_rolls_back_is_not_kept():
    renja = load_plan(0, subs=3)
    row = matrix_row(renja)
    with pytest.raises(RuntimeError), transaction.atomic():
        renstra_editing.save_row(row, row.versi, {"nama": "Dibatalkan"})
        assert shared_view(renja).renstra_matrix[row.kode].nama == "Dibatalkan"
        raise RuntimeError("dibatalkan")
    assert all(part.matrix[row.kode].nama != "Dibatalkan" for part in RECENT_RENSTRA.values.values())
    row.refresh_from_db()
    renstra_editing.save_row(row, row.versi, {"nama": "Disimpan"})  # takes the number the rollback gave back
    assert shared_view(renja).renstra_matrix[row.kode].nama == "Disimpan"


def test_forgetting_the_shared_views_forgets_the_renstra_parts():
    renja = load_plan(0, subs=3)
    view = shared_view(renja)
    forget_shared_views()
    assert shared_view(renja).renstra_matrix is not view.renstra_matrix
