"""The roll-ups the database computes (renja/plans/rollups_sql.py) give the numbers of the Python roll-ups
(`rkpd.compile_rkpd`, `monitoring.progress.read_progress`) on generated plans, perturbed where the rules
branch: several sumber dana or none, a name repeated under two codes, program codes unreadable, priorities
linked or not, realisation on some plans, two stages of one PD."""

from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from renja.demo.realisation import synthesize_realisation
from renja.demo.synth import pd_document, province_pemdas
from renja.exchange.loader import load_document
from renja.monitoring.progress import read_progress
from renja.organizations.models import Pemda
from renja.plans import rollups_sql
from renja.plans.models import PrioritasDaerah, Program, Renja, SubKegiatan
from renja.plans.rkpd import NO_CODE, compile_rkpd
from renja.reference.models import SumberDana


def _perturb(draw, plans):
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja__in=plans).order_by("id"))
    extra = [SumberDana.objects.create(nama="DAU"), SumberDana.objects.create(nama=" DAK  ", kode="9.9"),
             SumberDana.objects.create(nama="Dana  Desa")]
    for sub in draw(st.lists(st.sampled_from(subs), max_size=8, unique_by=lambda s: s.pk)):
        choice = draw(st.sampled_from(["none", "add", "replace"]))
        if choice == "none":
            sub.sumber_dana.clear()
            SubKegiatan.objects.filter(pk=sub.pk).update(
                sumber_dana_teks=draw(st.sampled_from(["", "APBD  Prov", "Hibah"])))
        elif choice == "add":
            sub.sumber_dana.add(*draw(st.lists(st.sampled_from(extra), min_size=1, max_size=3)))
        else:
            sub.sumber_dana.set(draw(st.lists(st.sampled_from(extra), min_size=1, max_size=2)))
    programs = list(Program.objects.filter(renja__in=plans).order_by("id"))
    for program in draw(st.lists(st.sampled_from(programs), max_size=3, unique_by=lambda p: p.pk)):
        Program.objects.filter(pk=program.pk).update(kode=draw(st.sampled_from(["", "7", ".1.2", "2.08", "X.XX.01"])))
    for plan in plans:
        if draw(st.booleans()):
            PrioritasDaerah.objects.create(renja=plan, prioritas=draw(st.sampled_from(["Infrastruktur", "SDM"])),
                                           sasaran_pd=draw(st.sampled_from(["tak terhubung", plan.renstra_sasaran])))
        if draw(st.booleans()):
            synthesize_realisation(plan, quarters=draw(st.integers(1, 4)), seed=3)


def _lines(lines):
    return {line.kode: (line.pagu_n, line.pagu_n1) for line in lines}


def _rows(result):
    return {row.kode: (row.pagu_n, row.pagu_n1) for row in result.rows}


@pytest.mark.django_db
# no shrinking: each example loads plans, a failing one is reported as drawn
@settings(max_examples=3, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=st.data())
def test_sql_rollups_agree_with_the_python_ones(data):
    with transaction.atomic():
        pemdas = province_pemdas(data.draw(st.integers(1, 2), label="pemda"), provinsi="15")
        plans = []
        for pemda in pemdas:
            for index in range(data.draw(st.integers(1, 3), label="pd")):
                sub = data.draw(st.integers(4, 20), label="sub")
                plans.append(load_document(pd_document(index, sub_per_pd=sub, pemda=pemda)).renja)
        # another stage of the first PD: the latest one (rancangan) is read, not this one
        early = pd_document(0, sub_per_pd=6, pemda=pemdas[0])
        early["renja"]["tahap"] = "rancangan_awal"
        load_document(early)
        for plan in plans:
            plan.renstra_sasaran = plan.perangkat_daerah.renstra.get().sasaran.get().uraian
        _perturb(data.draw, plans)

        for pemda in Pemda.objects.filter(kode__in=[p["kode"] for p in pemdas]):
            rkpd = compile_rkpd(pemda, 2026)
            urusan = rollups_sql.rollup("urusan", pemda=pemda.kode)
            assert _rows(urusan) == _lines(rkpd.urusan)
            assert (urusan.total.pagu_n, urusan.total.pagu_n1) == (rkpd.total_n, rkpd.total_n1)
            bidang = _rows(rollups_sql.rollup("bidang", pemda=pemda.kode))
            assert {k: v for k, v in bidang.items() if k != NO_CODE} == _lines(
                [b for u in rkpd.urusan for b in u.children])
            by_source = rollups_sql.rollup("sumber_dana", pemda=pemda.kode)
            assert _rows(by_source) == _lines([type(s)(s.nama, "", s.pagu_n, s.pagu_n1) for s in rkpd.sumber_dana])
            programs = defaultdict(lambda: [0, 0])
            for pd in rkpd.pds:
                for line in pd.programs:
                    programs[line.code or NO_CODE][0] += line.pagu_n
                    programs[line.code or NO_CODE][1] += line.pagu_n1
            assert _rows(rollups_sql.rollup("program", pemda=pemda.kode)) == {k: tuple(v) for k, v in programs.items()}
            prioritas = rollups_sql.rollup("prioritas", pemda=pemda.kode)
            assert {row.nama: (row.pagu_n, row.pagu_n1) for row in prioritas.rows} == {
                line.nama: (line.pagu_n, line.pagu_n1) for line in rkpd.prioritas}
            by_pd = rollups_sql.rollup("pd", pemda=pemda.kode)
            assert {row.nama: (row.pagu_n, row.pagu_n1) for row in by_pd.rows} == {
                p.pd.nama: (p.pagu_n, p.pagu_n1) for p in rkpd.pds if p.renja is not None}
            # realised: what monitoring reads for the same plans
            chosen = [p.renja.pk for p in rkpd.pds if p.renja is not None]
            names = {p.renja.pk: p.pd.nama for p in rkpd.pds if p.renja is not None}
            spent = {names[p.renja_id]: next((q.realisasi for q in reversed(p.triwulan) if q.ada_data), 0)
                     for p in read_progress(chosen, with_indicators=False)}
            assert {row.nama: row.realisasi for row in by_pd.rows} == spent
            assert by_pd.total.realisasi == sum(spent.values()) == sum(r.realisasi for r in by_source.rows)
            assert by_source.total.realisasi == by_pd.total.realisasi

        province = rollups_sql.rollup("pemda", pemda="15")
        expected = {p.kode: (compile_rkpd(p, 2026).total_n, compile_rkpd(p, 2026).total_n1)
                    for p in Pemda.objects.filter(kode__startswith="15.")}
        assert _rows(province) == expected
        whole = rollups_sql.rollup("provinsi")
        assert _rows(whole) == {"15": tuple(map(sum, zip(*expected.values())))}
        assert whole.rows[0].realisasi == province.total.realisasi
        assert Renja.objects.filter(tahap="rancangan_awal").exists()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_unknown_scope_and_grouping_are_refused_in_indonesian():
    with pytest.raises(ValueError, match="tidak ada di basis data"):
        rollups_sql.rollup("urusan", pemda="77")
    with pytest.raises(ValueError, match="tidak dikenal"):
        rollups_sql.rollup("kecamatan")


@pytest.mark.django_db
def test_sumber_dana_combinations_of_every_size_are_summed_as_the_python_rollup_sums_them():
    """The SQL names a combination of at most two sumber dana by its smallest and largest id and lists the ids
    of larger ones: none, one, two, three and four sources (a name repeated under two codes), and realisation
    under each, come out as compile_rkpd and monitoring say."""
    pemda = province_pemdas(1, provinsi="15")[0]
    plan = load_document(pd_document(0, sub_per_pd=12, pemda=pemda)).renja
    dau, dak, desa, dak2 = (SumberDana.objects.create(nama="DAU"), SumberDana.objects.create(nama="DAK", kode="9.9"),
                            SumberDana.objects.create(nama="Dana Desa"), SumberDana.objects.create(nama="DAK", kode="9.8"))
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id"))
    subs[0].sumber_dana.clear()
    SubKegiatan.objects.filter(pk=subs[0].pk).update(sumber_dana_teks="Hibah  Prov")
    subs[1].sumber_dana.set([dau])
    subs[2].sumber_dana.set([dau, dak])
    subs[3].sumber_dana.set([dak, desa, dau])
    subs[4].sumber_dana.set([dau, dak, desa, dak2])  # reads "DAK + DAU + Dana Desa", as three of them
    subs[5].sumber_dana.set([desa, dak2, dau])  # the same label as subs[3], under other ids
    synthesize_realisation(plan, quarters=2, seed=7)

    rkpd = compile_rkpd(Pemda.objects.get(kode=pemda["kode"]), 2026)
    result = rollups_sql.rollup("sumber_dana", pemda=pemda["kode"])
    assert _rows(result) == _lines([type(s)(s.nama, "", s.pagu_n, s.pagu_n1) for s in rkpd.sumber_dana])
    assert {"Hibah Prov", "DAU", "DAK + DAU", "DAK + DAU + Dana Desa"} <= {row.nama for row in result.rows}
    spent = defaultdict(int)
    counts = defaultdict(int)
    for sub in SubKegiatan.objects.filter(kegiatan__program__renja=plan).prefetch_related("sumber_dana", "realisasi"):
        names = sorted({" ".join(s.nama.split()) for s in sub.sumber_dana.all()})
        label = " + ".join(names) or " ".join(sub.sumber_dana_teks.split())
        spent[label] += sum(r.keuangan or 0 for r in sub.realisasi.all())
        counts[label] += 1
    assert {row.nama: row.realisasi for row in result.rows} == dict(spent)
    assert {row.nama: row.jumlah_sub_kegiatan for row in result.rows} == dict(counts)
    assert result.total.realisasi == sum(spent.values()) > 0
