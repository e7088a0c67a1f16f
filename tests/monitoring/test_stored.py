"""Monitoring computed once per change: a plan's progress is stored with its data version, realisation and the
Pemda's settings stale it, the writer computes it again after its commit, and the ranking reads the stored
summaries. What is read back is exactly what `progress` computes."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.monitoring import entry, progress, stored
from renja.monitoring.models import (
    BelanjaSubKegiatan,
    PengaturanMonitoring,
    RealisasiIndikator,
    RealisasiSubKegiatan,
    SkalaPemda,
    StoredProgress,
)
from renja.monitoring.spreadsheet import load_workbook, write_template
from renja.organizations.models import Pemda
from renja.plans import versions
from renja.plans.models import DataVersion
from tests.monitoring.test_spreadsheet import fill, ids, make_plan, save, workbook

pytestmark = pytest.mark.django_db

D = Decimal
M = 1_000_000


@pytest.fixture
def plan():
    return monitored_plan()


def monitored_plan():
    """make_plan's plan in force (Sub A 100 M, Sub B 300 M; indicators on the program and both subs) with two
    quarters of realisation, its Pemda's own settings (TW I 30 %, tolerance 5) and a scale of its own."""
    p = make_plan()
    pemda = p["renja"].perangkat_daerah.pemda
    PengaturanMonitoring.objects.create(pemda=pemda, rencana_tw1=30, rencana_tw2=55, rencana_tw3=80, toleransi=5)
    for urutan, (skala, kategori) in enumerate([("> 80", "Baik"), ("50 - 80", "Cukup"), ("< 50", "Kurang")]):
        SkalaPemda.objects.create(pemda=pemda, urutan=urutan, skala=skala, kategori=kategori)
    for sub, q, keuangan, fisik in ((p["a"], 1, 10, 20), (p["b"], 1, 60, "15.5"), (p["a"], 2, 30, 55)):
        RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=q, keuangan=keuangan * M, fisik=D(fisik),
                                            faktor_pendorong="Tim lengkap")
    for indikator, q, nilai in ((p["ia"], 1, "3"), (p["ia"], 2, "4"), (p["ip"], 1, "45.5")):
        RealisasiIndikator.objects.create(indikator=indikator, triwulan=q, teks=nilai, nilai=D(nilai))
    return p


def no_computing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("kemajuan dihitung ulang padahal hasil tersimpan masih berlaku")

    monkeypatch.setattr(progress, "read_progress", refuse)


def test_the_stored_progress_is_exactly_what_progress_computes(plan):
    renja = plan["renja"]
    computed = progress.build_progress(renja)
    assert computed.pengaturan.toleransi == D(5) and computed.skala[0][1] == "Baik"  # the Pemda's own
    assert stored.decode(stored.encode(computed)) == computed
    assert stored.progress(renja) == computed  # computed and stored
    assert StoredProgress.objects.get(renja=renja).versi_data == versions.current(renja)
    again = stored.progress(renja)  # read back
    assert again == computed
    assert isinstance(again.triwulan[0].fisik, Decimal) and again.programs[0].children[0].children[0].nama == "Sub A"
    assert again.peringatan == computed.peringatan and again.peringatan is not None


def test_a_fresh_result_is_read_without_computing(plan, monkeypatch):
    renja = plan["renja"]
    first = stored.progress(renja)
    no_computing(monkeypatch)
    assert stored.progress(renja) == first
    assert stored.summaries([renja])[0] == stored._summary(first)


@pytest.mark.parametrize("change", ["entry", "indicator", "spending", "delete", "upload", "settings", "scale"])
def test_realisation_and_settings_raise_the_version_and_the_next_read_computes_the_new_figures(plan, change):
    renja = plan["renja"]
    before = stored.progress(renja)
    number = versions.current(renja)
    user = User.objects.create_user("operator_uji")
    if change == "entry":
        entry.save_realisation(plan["b"], 2, {"keuangan": "90.000.000", "fisik": "40"}, versi=0, user=user)
    elif change == "indicator":
        entry.save_indicator_realisation(plan["ib"], 1, "2 Dokumen", versi=0, user=user)
    elif change == "spending":
        BelanjaSubKegiatan.objects.create(sub_kegiatan=plan["a"], kode_rekening="5.1.02", anggaran=10 * M)
    elif change == "delete":
        RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["a"], triwulan=2).delete()
    elif change == "upload":
        wb = workbook(write_template(renja))
        fill(wb["TW II"], ids(plan)["b"], keuangan="90.000.000", fisik=40)
        load_workbook(renja, save(wb), user=user)
    elif change == "settings":
        setting = PengaturanMonitoring.objects.get(pemda=renja.perangkat_daerah.pemda)
        setting.rencana_tw2, setting.toleransi = D(30), D(10)
        setting.save()
    elif change == "scale":
        SkalaPemda.objects.filter(pemda=renja.perangkat_daerah.pemda, kategori="Cukup").get().delete()
    assert versions.current(renja) > number
    after = stored.progress(renja)
    assert after == progress.build_progress(renja)
    if change in ("entry", "upload"):
        # TW II cumulative: A 10 + 30, B 60 + 90 = 190 M of 400 M = 47,50 %
        assert (before.triwulan[1].realisasi, after.triwulan[1].realisasi) == (100 * M, 190 * M)
        assert after.triwulan[1].persen_keuangan == D("47.5")
    elif change == "settings":
        # TW II keuangan 100 M of 400 M = 25 %: below 55 − 5 before, above 30 − 10 after
        assert before.peringatan.terlambat and before.peringatan.rencana == D(55)
        assert not after.peringatan.terlambat and after.peringatan.rencana == D(30)
    elif change == "scale":
        assert [label for _, label in after.skala] == ["Baik", "Kurang"]


def test_settings_of_a_pemda_stale_every_pd_of_it_and_no_other(plan):
    renja = plan["renja"]
    pemda = renja.perangkat_daerah.pemda
    neighbour = make_plan(pd_kode="1.02", nama="Dinas Tetangga", singkatan="DT", pemda=pemda)["renja"]
    elsewhere = make_plan(pemda=Pemda.objects.create(kode="99.02", nama="Kota Lain", jenis="kota"))["renja"]
    numbers = {p.id: versions.current(p) for p in (renja, neighbour, elsewhere)}
    SkalaPemda.objects.create(pemda=pemda, urutan=9, skala="= 0", kategori="Nol")
    assert versions.current(renja) > numbers[renja.id]
    assert versions.current(neighbour) > numbers[neighbour.id]
    assert versions.current(elsewhere) == numbers[elsewhere.id]


@pytest.mark.parametrize("level", ["ip", "ia"])
def test_an_indicator_realisation_finds_its_plan_in_one_lookup(plan, level, django_assert_max_num_queries):
    from renja.plans import signals

    realisation = RealisasiIndikator.objects.filter(indikator=plan[level]).first()
    with django_assert_max_num_queries(1):
        found = signals.WHERE[RealisasiIndikator](realisation)
    assert found == (plan["renja"].perangkat_daerah_id, plan["renja"].tahun)


def test_the_writer_computes_the_progress_again_after_its_commit(monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan = monitored_plan()
        renja = plan["renja"]
        stored.progress(renja)
        entry.save_realisation(plan["b"], 2, {"keuangan": "90.000.000", "fisik": "40"}, versi=0)
    assert (renja.perangkat_daerah_id, renja.tahun) in [c.key for c in callbacks if hasattr(c, "key")]
    no_computing(monkeypatch)
    assert stored.progress(renja).triwulan[1].realisasi == 190 * M


def counted_whole_reads(monkeypatch):
    calls = []
    real = progress.read_progress
    monkeypatch.setattr(progress, "read_progress", lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls, real


def exactly_as_read_whole(renja, real):
    assert stored.is_fresh(renja)  # at the data version the transaction made
    whole = stored.encode(real([renja.id])[0])
    assert stored.encode(stored.progress(renja)) == whole  # as this process keeps it
    lines = StoredProgress.objects.get(renja=renja).isi.split("\n")
    assert stored.encode(stored._revived(lines)) == whole  # as another process reads it


@pytest.mark.django_db(transaction=True)  # each save its own transaction, committed: the writer's refresh runs
def test_after_a_realisation_save_the_writer_reads_only_the_rows_it_changed(plan, monkeypatch):
    from renja.plans.models import Kegiatan, Program, SubKegiatan

    renja = plan["renja"]
    second = Program.objects.create(renja=renja, kode="1.01.03", nama="Program Dua", urutan=2)
    kegiatan = Kegiatan.objects.create(program=second, kode="1.01.03.1.01", nama="Kegiatan Dua", urutan=1)
    plan["c"] = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.03.1.01.0001", nama="Sub C", pagu_n=50 * M)
    stored.progress(renja)  # stored at the present version
    whole, real = counted_whole_reads(monkeypatch)
    whole_writes, write = [], stored._lines  # the lines of every program
    monkeypatch.setattr(stored, "_lines", lambda *a: whole_writes.append(a) or write(*a))
    with transaction.atomic():
        entry.save_row_realisation(plan["a"], 3, {"keuangan": "5.000.000", "fisik": "70"}, 0, indicators=[
            {"id": plan["ia"].pk, "teks": "6 Dokumen", "versi": 0}])
        entry.save_indicator_realisation(plan["ip"], 3, "50", 0)  # the program's
    assert whole == []
    exactly_as_read_whole(renja, real)

    with transaction.atomic():  # a raise in a savepoint rolled back is not counted
        entry.save_realisation(plan["b"], 3, {"keuangan": "7.000.000"}, versi=0)
        try:
            with transaction.atomic():
                entry.save_realisation(plan["a"], 4, {"keuangan": "1.000.000"}, versi=0)
                RealisasiIndikator.objects.create(indikator=plan["ib"], triwulan=4, teks="1", nilai=D(1))
                raise RuntimeError
        except RuntimeError:
            pass
        entry.save_realisation(plan["b"], 4, {"keuangan": "8.000.000"}, versi=0)
    assert whole == []
    exactly_as_read_whole(renja, real)
    entry.save_realisation(plan["c"], 1, {"keuangan": "9.000.000", "fisik": "12,5"}, versi=0)  # the second program
    exactly_as_read_whole(renja, real)
    assert whole == [] and whole_writes == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", ["a plan row changed too", "no progress before it", "bulk realisation"])
def test_the_writer_reads_the_whole_plan_again_unless_only_named_rows_changed(plan, case, monkeypatch):
    from renja.core.recent import Recent

    renja = plan["renja"]
    stored.progress(renja)
    if case == "no progress before it":
        StoredProgress.objects.all().delete()
        monkeypatch.setattr(stored, "RECENT_PROGRESS", Recent(16))
    whole, real = counted_whole_reads(monkeypatch)
    with transaction.atomic():
        entry.save_realisation(plan["b"], 3, {"keuangan": "7.000.000"}, versi=0)
        if case == "a plan row changed too":
            plan["b"].pagu_n += 50 * M
            plan["b"].save()
        if case == "bulk realisation":
            RealisasiSubKegiatan.objects.filter(sub_kegiatan=plan["a"]).update(keuangan=1)
            versions.changed(renja.perangkat_daerah_id, renja.tahun, realisation=True)
    assert whole == [([renja.id],)]
    exactly_as_read_whole(renja, real)


def test_an_older_result_never_overwrites_a_newer_one(plan):
    renja = plan["renja"]
    stored.refresh(renja)
    newest = StoredProgress.objects.get(renja=renja).versi_data
    DataVersion.objects.filter(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun).update(nomor=1)
    stored.refresh(renja)  # computed from "older" data: it must not replace the stored result
    assert StoredProgress.objects.get(renja=renja).versi_data == newest > 1


def test_new_code_stales_every_result(plan, monkeypatch):
    renja = plan["renja"]
    stored.progress(renja)
    monkeypatch.setattr(stored, "code_version", lambda: "kode-baru")
    calls = []
    real = progress.read_progress
    monkeypatch.setattr(progress, "read_progress", lambda *a, **k: calls.append(a) or real(*a, **k))
    stored.progress(renja)
    assert calls


def test_a_renamed_pd_shows_its_new_name_from_a_stored_result(plan):
    renja = plan["renja"]
    stored.progress(renja)
    pd = renja.perangkat_daerah
    pd.nama = "Dinas Baru"
    pd.save()
    renja.refresh_from_db()
    assert stored.progress(renja).pd_nama == "Dinas Baru"
    assert stored.ranking(pd.pemda, renja.tahun)[0].pd_nama == "Dinas Baru"


# --- the city's ranking, read from the stored summaries ---------------------------------------------------------


@pytest.fixture
def city(plan):
    """Three PDs of one Pemda in force: the plan above (TW II 25 %), one ahead, one with no realisation; and a
    rancangan stage of the first PD that is also ditetapkan (the final stage is the plan in force)."""
    from renja.plans.models import Renja

    pemda = plan["renja"].perangkat_daerah.pemda
    ahead = make_plan(pd_kode="1.02", nama="Badan Cepat", singkatan="BC", pemda=pemda)
    RealisasiSubKegiatan.objects.create(sub_kegiatan=ahead["b"], triwulan=2, keuangan=300 * M, fisik=D(80))
    idle = make_plan(pd_kode="1.03", nama="Kantor Diam", singkatan="KD", pemda=pemda)
    early = Renja.objects.create(perangkat_daerah=plan["renja"].perangkat_daerah, tahun=2026,
                                 tahap=Renja.Tahap.RANCANGAN)
    Renja.objects.filter(pk=early.pk).update(status=Renja.Status.DITETAPKAN)
    return pemda, [plan["renja"], ahead["renja"], idle["renja"]]


def shown(ranking):
    return [(p.renja_id, p.pd_nama, p.triwulan, p.peringatan, p.pagu) for p in ranking]


@pytest.mark.parametrize("triwulan", [None, 1, 2, 3])
def test_the_stored_ranking_is_the_computed_one(city, triwulan, monkeypatch):
    pemda, plans = city
    computed = progress.city_ranking(pemda, 2026, triwulan)
    assert [p.renja_id for p in computed][:2] == ([plans[1].id, plans[0].id] if triwulan != 1
                                                  else [plans[0].id, plans[1].id])
    assert shown(stored.ranking(pemda, 2026, triwulan)) == shown(computed)  # computed and stored
    no_computing(monkeypatch)
    assert shown(stored.ranking(pemda, 2026, triwulan)) == shown(computed)  # read back
    assert StoredProgress.objects.count() == 3


def test_a_change_of_one_pd_computes_only_that_pd_again(city, monkeypatch):
    pemda, plans = city
    stored.ranking(pemda, 2026)
    StoredProgress.objects.update(dihitung_pada=timezone.now() - stored.RECENT_ENOUGH * 2)  # stored a while ago
    from renja.plans.models import SubKegiatan

    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plans[2]).order_by("id").first()
    RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=2, keuangan=90 * M, fisik=D(30))
    asked = []
    real = progress.read_progress
    monkeypatch.setattr(progress, "read_progress", lambda ids, **k: asked.append(list(ids)) or real(ids, **k))
    ranking = stored.ranking(pemda, 2026)
    assert asked == [[plans[2].id]]
    assert shown(ranking) == shown(progress.city_ranking(pemda, 2026))


def counted_reads(monkeypatch):
    """The keyword arguments of every StoredProgress.objects.filter from now on."""
    reads = []
    real = StoredProgress.objects.filter

    def counting(*args, **kwargs):
        reads.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(StoredProgress.objects, "filter", counting)
    return reads


@pytest.mark.django_db(transaction=True)  # kept in the process only once committed
def test_a_process_reads_the_stored_progress_once_per_data_version(monkeypatch):
    renja = monitored_plan()["renja"]
    first = stored.progress(renja)
    reads = counted_reads(monkeypatch)
    assert stored.progress(renja) is first and reads == []  # not read again while the data is unchanged
    sub = RealisasiSubKegiatan.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).first()
    sub.keuangan += 5 * M
    sub.save()
    again = stored.progress(renja)
    assert again is not first and again == progress.build_progress(renja) != first


def test_an_overview_shows_a_summary_stored_moments_ago_while_its_writer_computes_the_new_one(city, monkeypatch):
    # The ranking (and the home pages, the dashboards) show the stored summary of a plan changed since, when
    # it was stored less than RECENT_ENOUGH ago: the writer's refresh after its commit stores the new one.
    pemda, plans = city
    before = shown(stored.ranking(pemda, 2026))
    from django.db.models import F

    from renja.plans.models import SubKegiatan
    from renja.plans.signals import told_by_writer

    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plans[2]).order_by("id").first()
    with told_by_writer():  # the change committed, its writer's refresh not yet run
        RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=2, keuangan=90 * M, fisik=D(30))
    DataVersion.objects.filter(perangkat_daerah=plans[2].perangkat_daerah, tahun=2026).update(
        nomor=F("nomor") + 1, nomor_realisasi=F("nomor_realisasi") + 1)
    assert not stored.is_fresh(plans[2])
    no_computing(monkeypatch)
    assert shown(stored.ranking(pemda, 2026)) == before  # the stored figures, not computed again
    assert shown(stored.ranking(pemda, 2026)) == before  # and not kept under the plan's new version
    monkeypatch.undo()
    with pytest.raises(AssertionError):  # the plan's own page is exact: it computes
        no_computing(monkeypatch)
        stored.progress(plans[2])
    monkeypatch.undo()
    StoredProgress.objects.filter(renja=plans[2]).update(dihitung_pada=timezone.now() - stored.RECENT_ENOUGH * 2)
    assert shown(stored.ranking(pemda, 2026)) == shown(progress.city_ranking(pemda, 2026)) != before


@pytest.mark.django_db(transaction=True)  # kept in the process only once committed
def test_the_kept_summaries_are_the_stored_ones_read_once_per_data_version(city, monkeypatch):
    pemda, plans = city
    computed = {q: shown(progress.city_ranking(pemda, 2026, q)) for q in (None, 1, 2)}
    assert shown(stored.ranking(pemda, 2026)) == computed[None]  # computed, stored and kept
    reads = counted_reads(monkeypatch)
    for q in (1, 2, None, 1):  # each ranking sets its own quarter's early warnings on its own copies
        assert shown(stored.ranking(pemda, 2026, q)) == computed[q]
    assert reads == []
    from renja.plans.models import SubKegiatan

    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plans[2]).order_by("id").first()
    RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=2, keuangan=90 * M, fisik=D(30))
    assert shown(stored.ranking(pemda, 2026)) == shown(progress.city_ranking(pemda, 2026))
    read = [list(r["renja__in"]) for r in reads if "renja__in" in r]  # (the writer's refresh reads its own)
    assert read == [[plans[2]]]  # only the changed plan read again


# --- one row's realisation read again, not the whole plan ------------------------------------------------------

SUB_EDIT = st.tuples(st.sampled_from("abz"), st.integers(1, 4), st.none() | st.integers(0, 500 * M),
                     st.none() | st.decimals(0, 100, places=2), st.none() | st.integers(0, 100 * M),
                     st.sampled_from(["", "Tim lengkap", "Hujan"]), st.booleans())
INDICATOR_EDIT = st.tuples(st.sampled_from(["ip", "ia", "ib", "ik"]), st.integers(1, 4),
                           st.none() | st.decimals(-5, 200, places=3), st.booleans())


@pytest.fixture
def varied_plan(plan):
    """monitored_plan with a second kegiatan whose one sub kegiatan has no pagu (a plain mean of fisik), with
    an indicator of its own kegiatan."""
    from renja.plans.models import Indikator, Kegiatan, SubKegiatan

    kegiatan = Kegiatan.objects.create(program=plan["program"], kode="1.01.02.1.02", nama="Kegiatan Dua", urutan=2)
    plan["z"] = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.02.0001", nama="Sub Z", pagu_n=0)
    plan["ik"] = Indikator.objects.create(kegiatan=kegiatan, uraian="Persentase kegiatan", target_n_teks="100 %",
                                          target_n=D(100), target_n_satuan="%")
    return plan


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SUB_EDIT, max_size=3), st.lists(INDICATOR_EDIT, max_size=3))
def test_reading_the_changed_rows_again_gives_what_reading_the_whole_plan_gives(varied_plan, subs, indicators):
    renja = varied_plan["renja"]
    computed = progress.read_progress([renja.id])[0]
    revived = stored.decode(stored.encode(computed))  # as a base stored by another process
    before = stored.encode(computed)
    for name, q, keuangan, fisik, rencana, teks, delete in subs:
        sub = varied_plan[name]
        if delete:
            RealisasiSubKegiatan.objects.filter(sub_kegiatan=sub, triwulan=q).delete()
        else:
            RealisasiSubKegiatan.objects.update_or_create(sub_kegiatan=sub, triwulan=q, defaults={
                "keuangan": keuangan, "fisik": fisik, "rencana_keuangan": rencana, "faktor_penghambat": teks})
    for name, q, nilai, delete in indicators:
        if delete:
            RealisasiIndikator.objects.filter(indikator=varied_plan[name], triwulan=q).delete()
        else:
            RealisasiIndikator.objects.update_or_create(indikator=varied_plan[name], triwulan=q, defaults={
                "teks": str(nilai), "nilai": nilai})
    sub_ids = {varied_plan[name].id for name, *_ in subs}
    indikator_ids = {varied_plan[name].id for name, *_ in indicators}
    expected = stored.encode(progress.read_progress([renja.id])[0])
    for base in (computed, revived):
        assert stored.encode(progress.read_again(base, sub_ids, indikator_ids)) == expected
    assert stored.encode(computed) == before  # the base is left as it was: other requests share it
