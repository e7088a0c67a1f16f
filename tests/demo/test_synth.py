"""The synthetic city: clean plans, loaded through the exchange loader, the same for the same seed."""

from decimal import Decimal

import pytest

from renja.core.codes import parse_kode
from renja.demo.synth import PEMDA, next_year_pagu, pd_document, synthesize_city
from renja.exchange.loader import load_document, validate
from renja.organizations.models import PaguPlafon
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from renja.plans.rollup import renja_totals, statements
from renja.plans.view import build_view
from renja.rules.engine import run

pytestmark = pytest.mark.django_db
PD, SUB = 2, 30


@pytest.fixture
def city():
    calls = []
    plans = synthesize_city(pd_count=PD, sub_per_pd=SUB, seed=1, year=2026,
                            progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, PD), (2, PD)]
    return plans


def totals(plans):
    return [(r.perangkat_daerah.kode, renja_totals(r)[3].pagu_n, renja_totals(r)[3].pagu_n1) for r in plans]


def test_a_small_city_loads_with_the_counts_asked_for(city):
    assert len(city) == PD and Renja.objects.count() == PD
    assert {(r.perangkat_daerah.pemda.kode, r.tahun, r.tahap) for r in city} == {(PEMDA["kode"], 2026, "rancangan")}
    assert len({r.perangkat_daerah.kode for r in city}) == PD
    for renja in city:
        subs = SubKegiatan.objects.filter(kegiatan__program__renja=renja)
        assert subs.count() == SUB
        assert not subs.filter(indikator__isnull=True).exists()  # every sub kegiatan has an indicator
        assert not subs.exclude(sumber_dana__nama__in=["APBD", "DAK"]).exists()
        programs = Program.objects.filter(renja=renja)
        assert programs.order_by("urutan").first().is_penunjang  # the Program Penunjang comes first
        assert programs.filter(kode__endswith=".01").count() == 1
        assert Indikator.objects.filter(program__renja=renja).count() >= programs.count()
        assert renja.perangkat_daerah.renstra.exists()


def test_every_document_is_valid_and_reads_without_a_problem():
    for index in (0, 7, 39):
        document = pd_document(index, sub_per_pd=SUB)
        assert validate(document) == []
        report = load_document(document, replace=True)
        assert report.problems == [], [str(p) for p in report.problems]
        assert report.counts["sub_kegiatan"] == SUB


def test_codes_are_valid_nested_and_unique(city):
    for renja in city:
        bidang = renja.perangkat_daerah.kode[:4]
        seen = set()
        for level, model, parent_field, path in (
            ("program", Program, None, "renja"),
            ("kegiatan", Kegiatan, "program", "program__renja"),
            ("sub_kegiatan", SubKegiatan, "kegiatan", "kegiatan__program__renja"),
        ):
            for row in model.objects.filter(**{path: renja}):
                kode = parse_kode(row.kode_asli)
                assert (str(kode), kode.level, kode.notes, kode.assumptions) == (row.kode, level, (), ())
                assert row.kode.startswith(bidang + ".")
                if level != "program":
                    assert kode.tingkat_kewenangan == "2"  # kabupaten/kota
                    assert str(kode.parent) == getattr(row, parent_field).kode
                assert row.kode not in seen
                seen.add(row.kode)
                assert row.nama and row.lokasi


def test_the_sums_hold_and_the_ceiling_is_not_exceeded(city):
    for renja in city:
        programs, urusan, non_urusan, total = renja_totals(renja)
        for program in programs:
            stated = {s.kunci: s.nilai for s in program.stated}
            assert stated == {"pagu_n": Decimal(program.pagu_n), "pagu_n1": Decimal(program.pagu_n1)}
        for sub in SubKegiatan.objects.filter(kegiatan__program__renja=renja):
            assert sub.pagu_n1 == next_year_pagu(sub.pagu_n) and sub.pagu_n > 0
        stated = {(s.tabel, s.kunci): s.nilai for s in statements(renja, ["total_pagu_n", "jumlah_program"])}
        assert stated[("BAB IV", "total_pagu_n")] == stated[("Tabel 4.1", "total_pagu_n")] == total.pagu_n
        assert stated[("Tabel 4.1", "jumlah_program")] == total.jumlah_program
        assert (non_urusan.jumlah_program, urusan.jumlah_sub_kegiatan + non_urusan.jumlah_sub_kegiatan) == (1, SUB)
        ceiling = PaguPlafon.objects.get(perangkat_daerah=renja.perangkat_daerah, tahun=renja.tahun)
        assert ceiling.pagu >= total.pagu_n


def test_targets_grow_for_higher_is_better_indicators(city):
    indicators = Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja__in=city) | \
        Indikator.objects.filter(program__renja__in=city) | Indikator.objects.filter(kegiatan__program__renja__in=city)
    assert indicators.count() > 2 * PD * SUB // 2
    for indicator in indicators:
        assert indicator.target_n is not None and indicator.target_n1 is not None
        assert indicator.target_n_satuan == indicator.target_n1_satuan
        assert indicator.target_n_satuan in {"Dokumen", "Orang", "Kali", "%", "Paket", "Laporan", "Unit"}
        if indicator.polaritas == "positif":
            assert indicator.target_n1 >= indicator.target_n
        else:
            assert indicator.target_n1 <= indicator.target_n


def test_the_same_seed_gives_the_same_city_and_reloading_replaces_it(city):
    first = totals(city)
    assert pd_document(1, sub_per_pd=SUB, seed=1) == pd_document(1, sub_per_pd=SUB, seed=1)
    again = synthesize_city(pd_count=PD, sub_per_pd=SUB, seed=1)
    assert totals(again) == first
    assert Renja.objects.count() == PD and SubKegiatan.objects.count() == PD * SUB  # replaced, not added
    other = synthesize_city(pd_count=PD, sub_per_pd=SUB, seed=2)
    assert totals(other) != first and Renja.objects.count() == PD


def test_the_checker_finds_no_error_in_the_synthetic_plans(city):
    for renja in city:
        errors = [f for f in run(build_view(renja)) if f.severity == "error"]
        assert errors == [], "\n".join(f"{f.rule} {f.code} {f.row}: {f.message}" for f in errors)


RENSTRA_RULES = ("RENSTRA-BARIS", "RENSTRA-PAGU", "RENSTRA-TARGET", "RENSTRA-PERIODE", "RENSTRA-IKU", "RENSTRA-ARAH")


def test_each_pd_has_a_renstra_matrix_that_mirrors_its_plan_and_the_renstra_rules_find_nothing(city):
    from renja.renstra.models import BarisRenstra, PaguRenstra

    for renja in city:
        renstra = renja.perangkat_daerah.renstra.get()
        assert (renstra.periode_mulai, renstra.periode_selesai) == (2025, 2029)
        rows = BarisRenstra.objects.filter(renstra=renstra)
        plan_codes = set(Program.objects.filter(renja=renja).values_list("kode", flat=True)) | set(
            Kegiatan.objects.filter(program__renja=renja).values_list("kode", flat=True)) | set(
            SubKegiatan.objects.filter(kegiatan__program__renja=renja).values_list("kode", flat=True))
        assert set(rows.values_list("kode", flat=True)) == plan_codes
        assert not rows.filter(tingkat="program", sasaran__isnull=True).exists()  # every program serves a sasaran
        for sub in SubKegiatan.objects.filter(kegiatan__program__renja=renja):
            pagu = dict(PaguRenstra.objects.filter(baris__renstra=renstra, baris__kode=sub.kode)
                        .values_list("tahun", "pagu"))
            assert sorted(pagu) == [2025, 2026, 2027, 2028, 2029]
            assert (pagu[2026], pagu[2027]) == (sub.pagu_n, sub.pagu_n1) and pagu[2025] < pagu[2026] < pagu[2028]
        view = build_view(renja)
        assert len(view.renstra_matrix) == len(plan_codes)
        found = [f for f in run(view) if f.rule in RENSTRA_RULES]
        assert found == [], "\n".join(f"{f.rule} {f.code}: {f.message}" for f in found)


def test_the_status_board_and_the_compiled_rkpd_have_every_pd_within_its_ceiling(city):
    from renja.organizations.models import Pemda
    from renja.plans.rkpd import compile_rkpd
    from renja.workflow.board import status_board

    pemda = Pemda.objects.get(kode=PEMDA["kode"])
    board = status_board(pemda, 2026)
    assert [line.renja for line in board.lines] == sorted(city, key=lambda r: r.perangkat_daerah.kode)
    for line in board.lines:
        assert line.plafon is not None and line.pagu_n == renja_totals(line.renja)[3].pagu_n <= line.plafon
    assert board.over == 0 and board.total_pagu == sum(t[1] for t in totals(city))
    compiled = compile_rkpd(pemda, 2026)
    assert len(compiled.pds) == PD and compiled.without_plan == []
    assert compiled.total_n == board.total_pagu and compiled.total_plafon == board.total_plafon


def test_next_year_s_renja_starts_from_the_synthetic_renstra(city):
    from renja.renstra.start import start_from_renstra

    renja = city[0]
    report = start_from_renstra(renja.perangkat_daerah, 2027)
    subs = dict(SubKegiatan.objects.filter(kegiatan__program__renja=renja).values_list("kode", "pagu_n1"))
    started = dict(SubKegiatan.objects.filter(kegiatan__program__renja=report.renja).values_list("kode", "pagu_n"))
    assert report.counts["sub_kegiatan"] == SUB and started == subs  # 2027 as the 2026 plan's forecast


def _province_rows():
    """What a synthetic province's load wrote, independent of the order it was written in."""
    plans = sorted((r.perangkat_daerah.pemda.kode, r.perangkat_daerah.kode, r.tahun)
                   for r in Renja.objects.select_related("perangkat_daerah__pemda"))
    subs = sorted(SubKegiatan.objects.values_list("kegiatan__program__renja__perangkat_daerah__pemda__kode",
                                                  "kode", "nama", "pagu_n", "pagu_n1"))
    return plans, subs, Indikator.objects.count()


@pytest.mark.django_db(transaction=True)  # the workers read and write what is committed
def test_a_province_loaded_by_two_processes_is_the_one_loaded_by_one(monkeypatch, tmp_path):
    import os

    from renja.core.processes import in_one_process_only, writers_at_once
    from renja.demo import synth

    load_pemda = synth._load_pemda

    def noting_the_process(pemda, *args, **kwargs):  # forked workers inherit it
        (tmp_path / f"{pemda['kode']}.pid").write_text(str(os.getpid()))
        return load_pemda(pemda, *args, **kwargs)

    monkeypatch.setattr(synth, "_load_pemda", noting_the_process)
    seen = []
    plans = synth.synthesize_province(pemda_count=3, pd_count=2, sub_per_pd=8, workers=2,
                                      progress=lambda done, total: seen.append((done, total)))
    assert [(r.perangkat_daerah.pemda.kode, r.perangkat_daerah.kode) for r in plans] == [
        (r.perangkat_daerah.pemda.kode, r.perangkat_daerah.kode)
        for r in Renja.objects.select_related("perangkat_daerah__pemda").order_by(
            "perangkat_daerah__pemda__kode", "perangkat_daerah__kode")]  # Pemda by Pemda, PD by PD
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    pids = {p.read_text() for p in tmp_path.glob("*.pid")}
    if writers_at_once() and not in_one_process_only():  # PostgreSQL: two processes, not this one
        assert len(pids) == 2 and str(os.getpid()) not in pids
    else:  # SQLite takes one writer at a time: loaded here
        assert pids == {str(os.getpid())}
    parallel = _province_rows()
    assert len(parallel[0]) == 6 and len({kode for kode, _, _ in parallel[0]}) == 3

    Renja.objects.all().delete()
    synth.synthesize_province(pemda_count=3, pd_count=2, sub_per_pd=8, workers=1)
    assert _province_rows() == parallel
