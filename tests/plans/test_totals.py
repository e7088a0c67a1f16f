"""The home page's pagu n per plan, kept per data version (plans/totals.py), is the plain sum of its sub kegiatan,
after every kind of change."""

import pytest
from django.db.models import Sum

from renja.plans.models import SubKegiatan
from renja.plans.totals import RECENT_TOTALS, pagu_n_totals
from tests.web.people import load_plan

pytestmark = pytest.mark.django_db(transaction=True)  # kept in the process only once committed


def plain(plans):
    return {p.id: SubKegiatan.objects.filter(kegiatan__program__renja=p).aggregate(t=Sum("pagu_n"))["t"] or 0
            for p in plans}


def test_the_kept_totals_are_the_plain_sums_after_each_change(django_assert_num_queries):
    plans = [load_plan(0, subs=6), load_plan(1, subs=4)]
    assert pagu_n_totals(plans) == plain(plans) and all(plain(plans).values())
    with django_assert_num_queries(1):  # the data versions only: both sums kept
        kept = pagu_n_totals(plans)
    assert kept == plain(plans)
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plans[0]).order_by("id").first()
    sub.pagu_n += 1_000
    sub.save()
    with django_assert_num_queries(2):  # the changed plan summed again, the other kept
        kept = pagu_n_totals(plans)
    assert kept == plain(plans)
    SubKegiatan.objects.filter(kegiatan__program__renja=plans[1]).order_by("id").last().delete()
    assert pagu_n_totals(plans) == plain(plans)
    RECENT_TOTALS.clear()
    assert pagu_n_totals(plans) == plain(plans) and pagu_n_totals([]) == {}
