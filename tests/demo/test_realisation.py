"""Synthetic realisation: deterministic, within pagu, physical progress never going back, and a lagging PD
flagged by the early warning."""

from decimal import Decimal

import pytest

from renja.demo.realisation import synthesize_realisation
from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.monitoring.progress import build_progress
from renja.plans.models import Renja, SubKegiatan
from tests.web.people import load_plan

pytestmark = pytest.mark.django_db


def test_realisation_stays_within_pagu_and_fisik_never_goes_back():
    renja = load_plan(0, subs=12)
    rows, values = synthesize_realisation(renja, quarters=4, seed=3)
    assert rows == 4 * SubKegiatan.objects.filter(kegiatan__program__renja=renja).count()
    assert values > 0 and RealisasiIndikator.objects.count() == values
    renja.refresh_from_db()
    assert renja.status == Renja.Status.DITETAPKAN
    for sub in SubKegiatan.objects.filter(kegiatan__program__renja=renja):
        quarters = list(RealisasiSubKegiatan.objects.filter(sub_kegiatan=sub).order_by("triwulan"))
        assert sum(q.keuangan for q in quarters) <= sub.pagu_n
        fisik = [q.fisik for q in quarters]
        assert fisik == sorted(fisik) and fisik[-1] <= 100


def test_same_seed_same_figures_and_replaced_when_run_again():
    renja = load_plan(0, subs=8)
    synthesize_realisation(renja, quarters=2, seed=5)
    first = list(RealisasiSubKegiatan.objects.order_by("sub_kegiatan_id", "triwulan")
                 .values_list("sub_kegiatan_id", "triwulan", "keuangan", "fisik"))
    synthesize_realisation(renja, quarters=2, seed=5)
    again = list(RealisasiSubKegiatan.objects.order_by("sub_kegiatan_id", "triwulan")
                 .values_list("sub_kegiatan_id", "triwulan", "keuangan", "fisik"))
    assert first == again


def test_a_lagging_pd_is_flagged_and_an_ordinary_one_is_not():
    on_time, late = load_plan(0, subs=10), load_plan(1, subs=10)
    synthesize_realisation(on_time, quarters=2, seed=1)
    synthesize_realisation(late, quarters=2, seed=1, lag=Decimal("0.6"))
    assert build_progress(on_time).peringatan.terlambat is False
    warning = build_progress(late).peringatan
    assert warning.terlambat is True and warning.triwulan == 2


@pytest.mark.django_db(transaction=True)  # the workers read what is committed
def test_realisation_by_two_processes_is_the_one_by_one_and_every_fifth_pd_lags():
    from renja.demo.realisation import lag_of, synthesize_realisation_of

    plans = [load_plan(index, subs=6) for index in range(5)]
    seen = []
    synthesize_realisation_of(plans, quarters=2, seed=4, workers=2,
                              progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)

    def written():
        return sorted(RealisasiSubKegiatan.objects.values_list(
            "sub_kegiatan__kegiatan__program__renja_id", "sub_kegiatan__kode", "triwulan", "keuangan", "fisik"))

    parallel = written()
    assert len(parallel) == 2 * SubKegiatan.objects.count()
    assert RealisasiSubKegiatan.history.filter(history_type="+").count() == len(parallel)
    for index, renja in enumerate(plans):  # as one process writes it, the lag of each plan's place included
        synthesize_realisation(Renja.objects.get(pk=renja.pk), quarters=2, seed=4, lag=lag_of(index))
    assert written() == parallel
    assert lag_of(4) > 0 and lag_of(0) == lag_of(3) == 0
