"""Checking once, not per page: findings are stored with the data version they were computed from, any change
a rule can see stales them, the writer computes them again after its commit, and the pages only read them."""

import pytest
from django.test import Client
from django.urls import reverse

from renja.monitoring.models import Evaluasi
from renja.organizations.models import PaguPlafon, Profil
from renja.plans import versions
from renja.plans.models import DataVersion, Indikator, Renstra, SubKegiatan, TargetKinerja
from renja.plans.view import build_view
from renja.reference.models import SumberDana
from renja.rules import engine, stored
from renja.rules.models import StoredCheck
from tests.web.people import load_plan, make_user

pytestmark = pytest.mark.django_db


def first_sub(renja):
    return SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").first()


def test_stored_findings_are_exactly_what_the_checker_says(demo_plan):
    # the demo has every kind of finding: amounts, percentages, texts, lists of codes
    assert stored.findings(demo_plan) == engine.run(build_view(demo_plan))
    assert StoredCheck.objects.get(renja=demo_plan).versi_data == versions.checked(demo_plan)
    assert stored.findings(demo_plan) == engine.run(build_view(demo_plan))  # read back from the store


def test_evaluation_findings_are_those_of_the_evaluated_year_alone(demo_plan):
    import dataclasses

    view = build_view(demo_plan)
    rules = [r for r in engine.all_rules() if r.id in stored.EVALUATION_RULES]
    for evaluation in view.evaluations:
        one = dataclasses.replace(view, evaluations=[evaluation])
        expected = [f for f in engine.run(one, rules) if not f.message.startswith("Aturan tidak dapat diterapkan")]
        assert stored.evaluation_findings(demo_plan, evaluation.tahun) == expected
    assert any(stored.evaluation_findings(demo_plan, e.tahun) for e in view.evaluations)
    assert stored.evaluation_findings(demo_plan, 1999) == []


@pytest.fixture
def demo_plan():
    from renja.demo.setup import load_demo_data

    return load_demo_data()[0]


def change_indicator(renja):
    for indikator in Indikator.objects.filter(sub_kegiatan=first_sub(renja)):
        indikator.target_n_teks, indikator.target_n = "", None
        indikator.save()


def test_a_change_stales_the_stored_findings_and_the_next_read_sees_it():
    renja = load_plan(0, subs=5)
    before = stored.findings(renja)
    assert not engine.has_errors(before) and stored.is_fresh(renja)
    change_indicator(renja)
    assert not stored.is_fresh(renja)
    after = stored.findings(renja)
    assert engine.has_errors(after) and stored.is_fresh(renja)
    assert after == engine.run(build_view(renja))


@pytest.mark.parametrize("change", ["row", "delete", "sources", "renstra", "ceiling", "evaluation", "plan"])
def test_every_kind_of_change_a_rule_can_see_raises_the_version(change):
    renja = load_plan(0, subs=5)
    stored.findings(renja)
    before = versions.current(renja)
    sub = first_sub(renja)
    if change == "row":
        sub.lokasi = "Kecamatan Baru"
        sub.save()
    elif change == "delete":
        Indikator.objects.filter(sub_kegiatan=sub).first().delete()
    elif change == "sources":
        sub.sumber_dana.add(SumberDana.objects.create(kode="9.9", nama="Dana Uji"))
    elif change == "renstra":
        renstra = Renstra.objects.get(perangkat_daerah=renja.perangkat_daerah)
        indikator = renstra.indikator.create(jenis="iku", uraian="IKU uji")
        stored.findings(renja)
        before = versions.current(renja)
        TargetKinerja.objects.create(indikator=indikator, tahun=renja.tahun, teks="80 %")
    elif change == "ceiling":
        PaguPlafon.objects.update_or_create(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun,
                                            defaults={"pagu": 1})
    elif change == "evaluation":
        Evaluasi.objects.create(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun - 2, renja=renja)
    elif change == "plan":
        renja.judul = "Judul yang lain"
        renja.save()
    assert versions.current(renja) > before
    assert not stored.is_fresh(renja)


def test_a_change_to_one_stage_stales_the_other_stages_of_the_year_but_not_other_pds():
    rancangan = load_plan(0, subs=5)
    final = load_plan(0, subs=5, tahap="final")
    other_pd = load_plan(1, subs=5)
    for plan in (rancangan, final, other_pd):
        stored.findings(plan)
    change_indicator(rancangan)
    assert not stored.is_fresh(final)  # the cross-stage rules compare its programs with the rancangan's
    assert stored.is_fresh(other_pd)


def plan_and_the_year_before():
    """A plan of PD 0 and the same PD's plan of the year before (the same Renstra period)."""
    from renja.demo.synth import pd_document
    from renja.exchange.loader import load_document

    renja = load_plan(0, subs=5)
    document = pd_document(0, sub_per_pd=5)
    del document["renstra"]
    document["renja"]["tahun"] = renja.tahun - 1
    return renja, load_document(document).renja


def test_a_change_to_another_year_of_the_pd_stales_the_findings_but_not_the_progress():
    # RENSTRA-PERIODE sums the pagu of the period's other plans: the 2025 plan's pagu is part of 2026's check
    from renja.monitoring import stored as progress

    renja, earlier = plan_and_the_year_before()
    other_pd = load_plan(1, subs=5)
    for plan in (renja, earlier, other_pd):
        stored.findings(plan)
    own_year = versions.current(renja)
    sub = first_sub(earlier)
    sub.pagu_n = sub.pagu_n * 50
    sub.save()
    assert versions.current(renja) == own_year  # its own year's data did not change
    assert not stored.is_fresh(renja) and not stored.is_fresh(earlier)
    assert stored.is_fresh(other_pd)
    assert stored.findings(renja) == engine.run(build_view(renja)) and stored.is_fresh(renja)
    # the progress of a plan reads its own year alone: a change to another year leaves it fresh
    renja.status = renja.Status.DITETAPKAN
    renja.save()
    progress.progress(renja)
    sub.pagu_n += 1
    sub.save()
    assert progress.is_fresh(renja) and not stored.is_fresh(renja)


def test_entering_realisation_stales_the_progress_but_no_findings_of_any_year():
    # No rule reads the quarterly realisation: entering it (the form, the workbook, the demo's bulk rows) leaves
    # the findings of the plan in force and of the PD's next plan fresh, and only its progress is computed again.
    from renja.demo.realisation import synthesize_realisation
    from renja.monitoring import entry
    from renja.monitoring import stored as progress
    from renja.monitoring.models import RealisasiIndikator

    renja, in_force = plan_and_the_year_before()
    in_force.status = in_force.Status.DITETAPKAN
    in_force.save()
    for plan in (renja, in_force):
        stored.findings(plan)
    progress.progress(in_force)
    numbers = (versions.checked(renja), versions.checked(in_force), versions.current(in_force))

    synthesize_realisation(in_force, quarters=2)  # bulk rows
    assert versions.current(in_force) > numbers[2] and not progress.is_fresh(in_force)
    assert (versions.checked(renja), versions.checked(in_force)) == numbers[:2]
    assert stored.is_fresh(renja) and stored.is_fresh(in_force)

    progress.progress(in_force)
    sub = first_sub(in_force)
    entry.save_row_realisation(sub, 3, {"keuangan": "1.000.000", "fisik": "80"}, versi=0)  # the form
    assert not progress.is_fresh(in_force)
    assert progress.progress(in_force).quarter(3).ada_data and progress.is_fresh(in_force)
    indikator = Indikator.objects.filter(sub_kegiatan=sub).first()
    RealisasiIndikator.objects.create(indikator=indikator, triwulan=4, teks="5 Dokumen")
    assert not progress.is_fresh(in_force)
    assert (versions.checked(renja), versions.checked(in_force)) == numbers[:2]
    assert stored.is_fresh(renja) and stored.is_fresh(in_force)
    # a change to the plan in force itself still stales both plans' findings (RENSTRA-PERIODE)
    sub.pagu_n += 1
    sub.save()
    assert not stored.is_fresh(renja) and not stored.is_fresh(in_force)


def test_a_change_other_years_do_not_read_leaves_their_findings_fresh():
    # The other years' checks read a year's plans and their pagu n (RENSTRA-PERIODE), nothing else of it
    from renja.plans.models import Kegiatan, Program, SubKegiatan
    from renja.workflow.board import status_board

    renja, earlier = plan_and_the_year_before()
    for plan in (renja, earlier):
        stored.findings(plan)
    sub = SubKegiatan.objects.get(pk=first_sub(earlier).pk)
    sub.lokasi, sub.nama = "Kecamatan Lain", sub.nama + " (diubah)"
    sub.save()
    kegiatan = Kegiatan.objects.get(pk=sub.kegiatan_id)
    kegiatan.lokasi = "Kota"
    kegiatan.save()
    Indikator.objects.filter(sub_kegiatan=sub).first().save()
    assert stored.is_fresh(renja) and not stored.is_fresh(earlier)
    stored.findings(earlier)

    def on_the_board():
        return next(line for line in status_board(renja.perangkat_daerah.pemda, renja.tahun).lines
                    if line.renja and line.renja.pk == renja.pk)

    assert on_the_board().stale is False  # the board reads the same numbers
    assert checked_numbers(renja, earlier) == (versions.checked(renja), versions.checked(earlier))

    for change in (lambda: setattr(sub, "pagu_n", sub.pagu_n + 1),  # what RENSTRA-PERIODE sums
                   lambda: setattr(sub, "kegiatan_id", Kegiatan.objects.exclude(pk=sub.kegiatan_id).filter(
                       program__renja=earlier).first().pk)):
        change()
        sub.save()
        assert not stored.is_fresh(renja)
        assert on_the_board().stale is True
        stored.findings(renja)
    fresh = SubKegiatan(kegiatan=kegiatan, kode="", nama="Baru", pagu_n=0)  # made, not loaded: counted
    fresh.save()
    assert not stored.is_fresh(renja)
    stored.findings(renja)
    fresh.delete()
    assert not stored.is_fresh(renja)
    stored.findings(renja)
    Program.objects.filter(renja=earlier).first().kegiatan.first().delete()  # its sub kegiatan with it
    assert not stored.is_fresh(renja)
    stored.findings(renja)
    only = SubKegiatan.objects.only("id", "lokasi").get(pk=sub.pk)  # pagu n deferred: not known unchanged
    only.lokasi = "Lagi"
    only.save()
    assert not stored.is_fresh(renja)
    stored.findings(renja)
    earlier.judul = "Renja Perubahan"  # the plan itself: its stage and status are read
    earlier.save()
    assert not stored.is_fresh(renja)


def checked_numbers(*plans):
    numbers = versions.checked_of(plans)
    return tuple(numbers[p.pk] for p in plans)


def test_the_writer_computes_the_findings_again_after_its_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        renja = load_plan(0, subs=5)
        change_indicator(renja)
        change_indicator(renja)
    # one refresh per PD and year (and one for the PD's Renstra), however many rows the transaction changed
    pd = renja.perangkat_daerah_id
    keys = [c.key for c in callbacks if isinstance(c, versions._Refresh)]  # (the others keep the view built)
    assert keys == [(pd, renja.tahun), (pd, None)] or keys == [(pd, None), (pd, renja.tahun)]
    assert stored.is_fresh(renja) and engine.has_errors(stored.findings(renja))


def test_an_older_result_never_overwrites_a_newer_one():
    renja = load_plan(0, subs=5)
    stored.refresh(renja)
    DataVersion.objects.filter(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun).update(nomor=1)
    stored.refresh(renja)  # computed from "older" data: it must not replace the stored result
    assert StoredCheck.objects.get(renja=renja).versi_data > 1


def test_a_new_version_of_the_checker_stales_every_result(monkeypatch):
    renja = load_plan(0, subs=5)
    stored.findings(renja)
    monkeypatch.setattr(stored, "rules_version", lambda: "kode-pemeriksa-baru")
    assert not stored.is_fresh(renja)


def test_pages_read_the_stored_findings_and_run_no_rule(monkeypatch):
    renja = load_plan(0, subs=5)
    change_indicator(renja)
    stored.findings(renja)
    pd = renja.perangkat_daerah
    user = make_user("operator_uji", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    client = Client()
    client.force_login(user)

    def no_checking(*args, **kwargs):
        raise AssertionError("pemeriksa berjalan pada GET")

    monkeypatch.setattr(engine, "run", no_checking)
    monkeypatch.setattr(engine, "run_rule", no_checking)
    for url in (reverse("web:renja", args=[renja.id]), reverse("web:temuan", args=[renja.id]),
                reverse("web:dashboard", args=[pd.id]),
                reverse("web:baris", args=[renja.id, "sub-kegiatan", first_sub(renja).id])):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "kesalahan" in client.get(reverse("web:temuan", args=[renja.id])).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_findings_kept_by_the_process_are_those_stored_and_follow_a_change():
    """The revived findings this process keeps per data version are the stored ones revived again, and a
    change (a new version) is read from the store, not from what was kept."""
    renja = load_plan(0, subs=5)
    view = build_view(renja)
    assert stored.findings(renja) == engine.run(view)
    key = (renja.pk, versions.checked(renja), stored.rules_version())
    assert stored.RECENT_CHECKS.get(key) is not None  # kept: the read committed
    row = StoredCheck.objects.get(renja=renja)
    assert stored.findings(renja) == [stored._finding(f) for f in row.temuan] == engine.run(view)
    for tahun, found in row.temuan_evaluasi.items():
        assert stored.evaluation_findings(renja, int(tahun)) == [stored._finding(f) for f in found]
    stored.findings(renja).clear()  # each caller gets its own list
    assert stored.findings(renja) == engine.run(view)
    change_indicator(renja)
    assert stored.findings(renja) == engine.run(build_view(renja)) != engine.run(view)
