"""The monitoring pages read stored progress: a second GET computes nothing, shows what a fresh computation
shows, and costs the same few queries however large the plan or the city; a realisation saved shows at once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from renja.core.numbers import format_rupiah
from renja.monitoring import entry, progress
from renja.monitoring.models import StoredProgress
from renja.plans.models import SubKegiatan

from .people import OTHER_PEMDA, load_plan, make_user
from .test_query_counts import _in_force_with_realisation

pytestmark = pytest.mark.django_db


def pages(plan):
    return {"pemantauan": reverse("web:pemantauan", args=[plan.id]),
            "pemantauan TW I": reverse("web:pemantauan", args=[plan.id]) + "?triwulan=1&sumbu=persen",
            "peringkat": reverse("web:peringkat"), "home": reverse("web:home"),
            "dashboard": reverse("web:dashboard", args=[plan.perangkat_daerah_id])}


def client_of(plan, role, name):
    pd = plan.perangkat_daerah
    client = Client()
    client.force_login(make_user(name, role, pd.pemda, pd if role == "operator_pd" else None))
    return client


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def refuse_computing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("kemajuan dihitung pada GET padahal hasil tersimpan masih berlaku")

    monkeypatch.setattr(progress, "read_progress", refuse)


@pytest.fixture
def city():
    return [_in_force_with_realisation(load_plan(i, subs=10)) for i in (0, 1)]


@pytest.mark.parametrize("role", ["operator_pd", "verifikator_bappeda"])
def test_a_second_get_computes_nothing_and_shows_what_a_fresh_computation_shows(city, role, monkeypatch):
    client = client_of(city[0], role, "pengguna_uji")
    first = {name: html(client, url) for name, url in pages(city[0]).items()}
    assert StoredProgress.objects.count() == 2
    with monkeypatch.context() as patched:
        refuse_computing(patched)
        assert {name: html(client, url) for name, url in pages(city[0]).items()} == first
    StoredProgress.objects.all().delete()  # computed afresh: the same page
    assert {name: html(client, url) for name, url in pages(city[0]).items()} == first
    shown = progress.build_progress(city[0]).triwulan[1].realisasi  # TW II, cumulative
    assert f"Rp {format_rupiah(shown)}" in first["pemantauan"] and format_rupiah(shown) in first["peringkat"]


def test_a_saved_realisation_shows_at_once_with_the_figures_computed_afresh(city):
    plan = city[0]
    client = client_of(plan, "operator_pd", "operator_uji")
    before = html(client, pages(plan)["pemantauan"])
    ranking_before = html(client, pages(plan)["peringkat"] + "?triwulan=3")
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    entry.save_realisation(sub, 3, {"keuangan": "1.234.567", "fisik": "70"}, versi=0)
    after = html(client, pages(plan)["pemantauan"])  # the latest quarter is now TW III
    ranking = html(client, pages(plan)["peringkat"] + "?triwulan=3")
    total = format_rupiah(progress.build_progress(plan).triwulan[2].realisasi)
    assert total not in before and f"Rp {total}" in after
    assert total not in ranking_before and total in ranking
    StoredProgress.objects.all().delete()
    assert html(client, pages(plan)["pemantauan"] + "?triwulan=3") == after
    assert html(client, pages(plan)["peringkat"] + "?triwulan=3") == ranking


def test_stored_reads_cost_the_same_few_queries_however_large_the_plan_or_the_city():
    small = [_in_force_with_realisation(load_plan(i, subs=10)) for i in (0, 1)]
    large = [_in_force_with_realisation(load_plan(2, subs=400, pemda=OTHER_PEMDA))]
    large += [_in_force_with_realisation(load_plan(i, subs=10, pemda=OTHER_PEMDA)) for i in (3, 4, 5, 6)]
    counts = {}
    for name, plans in {"small": small, "large": large}.items():
        for role in ("operator_pd", "verifikator_bappeda"):
            client = client_of(plans[0], role, f"{role}_{name}")
            for page, url in pages(plans[0]).items():
                client.get(url)  # computes and stores
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                counts[(name, role, page)] = len(queries)
    for (name, role, page), count in counts.items():
        if name == "small":
            assert counts[("large", role, page)] == count, (role, page, count, counts[("large", role, page)])


@given(st.integers(min_value=-10**15, max_value=10**15), st.integers(min_value=0, max_value=6))
def test_whole_indicator_values_read_as_babel_writes_them(number, places):
    from decimal import Decimal

    from renja.core.numbers import format_decimal
    from renja.web.views.monitoring import value_text

    value = Decimal(number).quantize(Decimal(1).scaleb(-places))  # whole, written with or without places: 12.000
    assert value_text(value) == format_decimal(value, 0)
    assert value_text(Decimal("-0")) == format_decimal(Decimal("-0"), 0)
