"""A Renja Perubahan is a copy of the Ditetapkan plan: every row, figure, indicator and table around the tree,
but not the old document's statements nor the monitoring; the source is left as it was."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renja.monitoring.models import Evaluasi
from renja.plans import sources
from renja.plans.models import (
    Indikator,
    IndikatorPelayanan,
    Kegiatan,
    Narasi,
    Pernyataan,
    PrioritasDaerah,
    Program,
    Renja,
    ReviuRKPD,
    SasaranProgram,
    SubKegiatan,
    UsulanPemangku,
)
from renja.workflow.models import Transisi
from renja.workflow.revision import other_stages, start_revision
from renja.workflow.transitions import WorkflowRefused, allowed_actions, perform
from tests.workflow.people_and_plans import load_clean, people_for, set_status

AROUND = (Narasi, ReviuRKPD, UsulanPemangku, PrioritasDaerah, SasaranProgram, IndikatorPelayanan)


def tree_of(renja):
    """Everything the copy must carry, per sub kegiatan, in plan order, without ids."""
    subs = (SubKegiatan.objects.filter(kegiatan__program__renja=renja)
            .select_related("kegiatan__program").prefetch_related("sumber_dana", "indikator")
            .order_by("kegiatan__program__urutan", "kegiatan__urutan", "urutan", "id"))
    return [(s.kegiatan.program.kode, s.kegiatan.program.nama, s.kegiatan.kode, s.kode, s.kode_asli, s.nama,
             s.nomenklatur_id, s.lokasi, s.sumber_dana_teks, s.raw, s.pagu_n, s.pagu_n_teks, s.pagu_n1,
             s.pagu_n1_teks, sorted(d.nama for d in s.sumber_dana.all()),
             [(i.uraian, i.polaritas, i.target_n_teks, i.target_n, i.target_n_satuan, i.target_n1_teks,
               i.target_n1, i.target_n1_satuan) for i in s.indikator.all()])
            for s in subs]


def indicators_of(renja):
    return sorted(
        (i.uraian, i.target_n_teks, i.target_n1_teks, i.program is not None, i.kegiatan is not None)
        for i in Indikator.objects.filter(program__renja=renja) | Indikator.objects.filter(
            kegiatan__program__renja=renja) | Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja))


def counts(renja):
    return {
        "program": Program.objects.filter(renja=renja).count(),
        "kegiatan": Kegiatan.objects.filter(program__renja=renja).count(),
        "sub": SubKegiatan.objects.filter(kegiatan__program__renja=renja).count(),
        **{model.__name__: model.objects.filter(renja=renja).count() for model in AROUND},
    }


@pytest.fixture
def demo():
    """The demo plan, Ditetapkan (its errors do not matter here: it was set as the document was)."""
    from renja.demo.setup import load_demo_data

    renja, _ = load_demo_data()
    return set_status(renja, "ditetapkan")


def test_perubahan_copies_the_whole_plan(demo):
    operator = people_for(demo)["operator"]
    source_before = (tree_of(demo), indicators_of(demo), counts(demo), Renja.objects.get(pk=demo.pk).versi)
    new = perform(demo, operator, "perubahan")

    assert (new.tahap, new.status, new.asal_id, new.versi) == ("perubahan", "draft", demo.pk, 1)
    copied = SubKegiatan.objects.filter(kegiatan__program__renja=new)
    assert copied.exclude(sumber_dana_ids="").exists() and sources.out_of_step(copied) == []
    assert (new.perangkat_daerah_id, new.tahun, new.nomenklatur_id) == (demo.perangkat_daerah_id, demo.tahun,
                                                                         demo.nomenklatur_id)
    assert (new.judul, new.penandatangan_nama, new.penandatangan_nip, new.tempat_tanggal) == (
        demo.judul, demo.penandatangan_nama, demo.penandatangan_nip, demo.tempat_tanggal)
    assert counts(new) == counts(demo)
    assert counts(new)["sub"] == 37 and counts(new)["program"] == 8
    assert all(counts(new)[m.__name__] > 0 for m in AROUND), counts(new)
    assert tree_of(new) == tree_of(demo)
    assert indicators_of(new) == indicators_of(demo)
    assert sum(s.pagu_n or 0 for s in SubKegiatan.objects.filter(kegiatan__program__renja=new)) == sum(
        s.pagu_n or 0 for s in SubKegiatan.objects.filter(kegiatan__program__renja=demo))
    assert list(Narasi.objects.filter(renja=new).values_list("bab", "judul", "teks")) == list(
        Narasi.objects.filter(renja=demo).values_list("bab", "judul", "teks"))
    # new rows, not the old ones moved
    assert not set(Program.objects.filter(renja=new).values_list("id", flat=True)) & set(
        Program.objects.filter(renja=demo).values_list("id", flat=True))

    # what the old document stated and the evaluation of earlier years stay with the old plan
    assert Pernyataan.objects.filter(renja=demo).count() > 0
    assert Pernyataan.objects.filter(renja=new).count() == 0
    assert Evaluasi.objects.filter(renja=demo).count() > 0 and Evaluasi.objects.filter(renja=new).count() == 0

    # the source is untouched
    assert (tree_of(demo), indicators_of(demo), counts(demo), Renja.objects.get(pk=demo.pk).versi) == source_before
    assert Renja.objects.get(pk=demo.pk).status == "ditetapkan"

    step = Transisi.objects.get(renja=new)
    assert (step.dari, step.ke, step.oleh, step.peran, step.alasan) == (
        "", "draft", operator, "operator_pd", f"Disalin dari {demo}")
    assert not Transisi.objects.filter(renja=demo).exists()
    # the copied rows' history says who made them
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=new).first()
    assert sub.history.get().history_user == operator


def test_a_second_perubahan_is_refused(demo):
    people = people_for(demo)
    new = perform(demo, people["operator"], "perubahan")
    assert "perubahan" not in [a.name for a in allowed_actions(demo, people["operator"])]
    plans_before = Renja.objects.count()
    with pytest.raises(WorkflowRefused) as refused:
        perform(demo, people["operator"], "perubahan")
    assert "sudah ada" in refused.value.errors[0]
    # nor from the Renja Perubahan itself once it is Ditetapkan
    set_status(new, "ditetapkan")
    with pytest.raises(WorkflowRefused):
        perform(new, people["operator"], "perubahan")
    assert Renja.objects.count() == plans_before


def test_the_copy_takes_a_fixed_number_of_queries():
    """One read and one insert (and its history) per table, however many rows: 37 sub kegiatan and their
    indicators would otherwise show as dozens of statements on the same table."""
    from renja.demo.setup import load_demo_data

    large, _ = load_demo_data()
    user = people_for(large)["operator"]
    assert counts(large)["sub"] == 37
    with CaptureQueriesContext(connection) as queries:
        start_revision(large, user)
    statements = Counter(" ".join(q["sql"].split()[:3]) for q in queries)
    # SQLite splits an insert past its parameter limit in two: allow one more per table, no more
    assert max(statements.values()) <= 2, statements
    assert len(queries) <= 40, len(queries)


def test_other_stages_are_the_same_pd_and_year_and_the_source():
    rancangan = load_clean()
    final = load_clean(tahap="final")
    people = people_for(rancangan)
    set_status(final, "ditetapkan")
    perubahan = perform(final, people["operator"], "perubahan")
    Renja.objects.filter(pk=perubahan.pk).update(tahun=2026)  # even when the years differ, its source counts
    perubahan.refresh_from_db()
    assert other_stages(final, people["operator"]) == [rancangan]
    assert other_stages(perubahan, people["operator"]) == [final]
    assert other_stages(rancangan, people["verifikator"]) == [final]
    assert other_stages(rancangan, people["operator_lain"]) == []  # scoped to what the user may see
