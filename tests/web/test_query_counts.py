"""Each page's database queries stay bounded as the plan grows: over a 400-row plan a page issues no more
queries than over a 10-row plan, within a small constant (tiny differences come from, e.g., a sumber dana
list that grows with the plan)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renja.plans.models import SubKegiatan
from renja.web import urls as web_urls

from .people import load_plan, make_user

pytestmark = pytest.mark.django_db

SLACK = 5
# documents are generated files, measured in bench/document_bench.py (their status URLs are pages, counted), and
# so is the data of a plan (bench/exchange_bench.py)
# the upload pages show one upload's stored preview (tests/web/test_plan_import.py), not a plan's rows; susun_renja is
# a POST (tests/renstra/test_start.py)
SKIP = {"login", "logout", "unduh", "unduh_evaluasi", "unggahan", "unggahan_status", "susun_renja", "unduh_data",
        "renstra", "renstra_baris", "renstra_alur", "renstra_unduh"}  # the Renstra's: tests/web/test_renstra_pages.py
# a Pemda's pages (Bappeda's side of the cycle) are measured against the number of PDs, below
PEMDA_PAGES = {"siklus", "papan", "jadwal", "plafon", "plafon_unggah", "rkpd", "unduh_rkpd", "rkpd_status"}
SKIP |= PEMDA_PAGES
SKIP |= {"token_api"}  # the user's own API tokens: a handful of rows, not the plan's (tests/api)
SKIP |= {"log_aktivitas"}  # one page of the audit log: tests/audit/test_audit.py counts its queries
# the province / Pemda dashboard: measured against the Pemdas, PDs and rows, below
SKIP |= {"ringkasan"}


def page_urls(plan, other, query="Penyediaan"):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    kwargs = {"renja_id": plan.id, "pd_id": plan.perangkat_daerah_id, "other_id": other.id,
              "level": "sub-kegiatan", "row_id": sub.id, "action": "kembalikan", "triwulan": 2, "fmt": "xlsx",
              "tahun": plan.tahun - 1}
    urls = {}
    for pattern in web_urls.urlpatterns:
        if pattern.name in SKIP:
            continue
        names = set(pattern.pattern.converters)
        url = reverse(f"web:{pattern.name}", kwargs={k: kwargs[k] for k in names})
        urls[pattern.name] = url + (f"?q={query}" if pattern.name == "tambah_sub" else "")
    return urls


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("role", ["operator_pd", "verifikator_bappeda"])
def test_no_page_grows_its_queries_with_the_plan(role):
    small = load_plan(0, subs=10)
    small_other = load_plan(0, subs=10, tahap="final")
    large = load_plan(1, subs=400)
    large_other = load_plan(1, subs=400, tahap="final")
    assert SubKegiatan.objects.filter(kegiatan__program__renja=large).count() >= 400
    counts = {}
    for name, (plan, other) in {"small": (small, small_other), "large": (large, large_other)}.items():
        pd = plan.perangkat_daerah
        user = make_user(f"{role}_{name}", role, pd.pemda, pd if role == "operator_pd" else None)
        client = Client()
        client.force_login(user)
        # edit one row first, so that history pages have something to show
        sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
        sub.lokasi = "Kecamatan Uji"
        sub.save()
        counts[name] = {page: count_queries(client, url) for page, url in page_urls(plan, other).items()}
    for page, small_count in counts["small"].items():
        assert counts["large"][page] <= small_count + SLACK, (page, small_count, counts["large"][page])
    assert "renja" in counts["small"] and "temuan" in counts["small"]


@pytest.mark.django_db(transaction=True)  # a page is kept once its transaction commits
def test_the_tree_issues_as_many_queries_for_400_rows_as_for_10_whether_made_or_kept():
    """The tree's rows are made on the first view of a data version and kept for the next (web/kept.py): both
    cost a number of queries that does not depend on the plan's size, and the kept one fewer."""
    counts = {}
    for name, subs in (("small", 10), ("large", 400)):
        plan = load_plan(len(counts), subs=subs)
        pd = plan.perangkat_daerah
        client = Client()
        client.force_login(make_user(f"operator_{name}", "operator_pd", pd.pemda, pd))
        url = reverse("web:renja", args=[plan.id])
        counts[name] = (count_queries(client, url), count_queries(client, url))  # made, then kept
    assert counts["large"] == counts["small"], counts
    made, kept = counts["small"]
    assert kept < made, counts


# --- monitoring: plans in force with realisation, a city of more PDs and a larger plan ----------------------


def _in_force_with_realisation(renja):
    from decimal import Decimal

    from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
    from renja.plans.models import Indikator, Renja

    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja))
    RealisasiSubKegiatan.objects.bulk_create([
        RealisasiSubKegiatan(sub_kegiatan=s, triwulan=q, keuangan=(s.pagu_n or 0) // 10, fisik=Decimal(20 * q))
        for s in subs for q in (1, 2)])
    RealisasiIndikator.objects.bulk_create([
        RealisasiIndikator(indikator=i, triwulan=q, teks="5", nilai=Decimal(5))
        for i in Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja) for q in (1, 2)])
    return renja


def test_monitoring_pages_do_not_grow_their_queries_with_the_plan_or_the_city():
    from .people import OTHER_PEMDA

    small = [_in_force_with_realisation(load_plan(i, subs=10)) for i in (0, 1)]
    large = [_in_force_with_realisation(load_plan(2, subs=400, pemda=OTHER_PEMDA))]
    large += [_in_force_with_realisation(load_plan(i, subs=10, pemda=OTHER_PEMDA)) for i in (3, 4, 5, 6)]
    counts = {}
    for name, plans in {"small": small, "large": large}.items():
        plan = plans[0]
        pd = plan.perangkat_daerah
        pages = {"pemantauan": reverse("web:pemantauan", args=[plan.id]),
                 "pemantauan TW I": reverse("web:pemantauan", args=[plan.id]) + "?triwulan=1&sumbu=persen",
                 "peringkat": reverse("web:peringkat"), "home": reverse("web:home"),
                 "dashboard": reverse("web:dashboard", args=[pd.id])}
        counts[name] = {}
        for role in ("operator_pd", "verifikator_bappeda"):
            client = Client()
            client.force_login(make_user(f"{role}_{name}_m", role, pd.pemda, pd if role == "operator_pd" else None))
            for page, url in pages.items():
                counts[name][(role, page)] = count_queries(client, url)
    for key, small_count in counts["small"].items():
        assert counts["large"][key] <= small_count + SLACK, (key, small_count, counts["large"][key])


# --- Bappeda's pages: constant in the number of PDs and of rows ---------------------------------------------


def test_bappeda_pages_do_not_grow_their_queries_with_the_pds():
    from renja.workflow import schedule

    first = load_plan(0, subs=10)
    pemda, tahun = first.perangkat_daerah.pemda, first.tahun
    user = make_user("verifikator_kota", "verifikator_bappeda", pemda)
    client = Client()
    client.force_login(user)
    schedule.close(pemda, tahun, "rancangan", user, "uji")  # the schedule page shows its record
    pages = {"papan": reverse("web:papan", args=[pemda.pk, tahun]),
             "papan tahap": reverse("web:papan", args=[pemda.pk, tahun]) + "?tahap=rancangan",
             "jadwal": reverse("web:jadwal", args=[pemda.pk, tahun]),
             "plafon": reverse("web:plafon", args=[pemda.pk, tahun, "rancangan"]),
             "rkpd": reverse("web:rkpd", args=[pemda.pk, tahun]),
             # the RKPD file's status (its key reads every PD's data version: one query whatever their number)
             "rkpd_status": reverse("web:rkpd_status", args=[pemda.pk, tahun, "xlsx"])}
    small = {page: count_queries(client, url) for page, url in pages.items()}
    for index in range(1, 7):
        load_plan(index, subs=40)
    large = {page: count_queries(client, url) for page, url in pages.items()}
    assert large == small, (small, large)


# --- open data (/data/): every URL, anonymous, constant in the plan's rows and the Pemda's PDs ----------------


def test_open_data_does_not_grow_its_queries_with_the_plan_or_the_pds():
    from renja.opendata import export
    from renja.opendata import urls as data_urls

    from .people import OTHER_PEMDA

    small = [_in_force_with_realisation(load_plan(i, subs=10)) for i in (0, 1)]
    large = [_in_force_with_realisation(load_plan(2, subs=400, pemda=OTHER_PEMDA))]
    large += [_in_force_with_realisation(load_plan(i, subs=10, pemda=OTHER_PEMDA)) for i in (3, 4, 5, 6)]
    counts = {}
    for name, plans in {"small": small, "large": large}.items():
        plan = plans[0]
        values = {"renja_id": plan.id, "pemda_id": plan.perangkat_daerah.pemda_id, "tahun": plan.tahun}
        counts[name] = {}
        for pattern in data_urls.urlpatterns:
            names = set(pattern.pattern.converters)
            for tabel in (export.TABLES if "tabel" in names else [None]):
                kwargs = {**{k: values[k] for k in names - {"tabel"}}, **({"tabel": tabel} if tabel else {})}
                url = reverse(f"data:{pattern.name}", kwargs=kwargs)
                counts[name][(pattern.name, tabel)] = count_queries(Client(), url)
    assert len(counts["small"]) == 1 + 2 * (len(export.TABLES) + 3)
    assert counts["large"] == counts["small"], counts


# --- the province / Pemda dashboard (web:ringkasan) --------------------------------------------------------


def _dashboard_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:ringkasan"), params)
    assert response.status_code == 200
    return len(queries)


def test_the_province_dashboard_issues_as_many_queries_for_a_larger_province():
    """A Pemantau Provinsi's dashboard, per Pemda and per PD of one Pemda, with each breakdown: the same number of
    queries for 2 kabupaten/kota × 1 PD × 8 sub kegiatan as for 5 × 3 PD × 30 with realisation."""
    from renja.demo.realisation import synthesize_realisation
    from renja.demo.synth import synthesize_province
    from renja.organizations.models import Pemda

    synthesize_province(pemda_count=2, pd_count=1, sub_per_pd=8, provinsi="17", year=2027)
    client = Client()
    client.force_login(make_user("pemantau_17", "pemantau_provinsi", Pemda.objects.get(kode="17")))
    pages = [{}, {"per": "sumber_dana"}, {"per": "bidang"}, {"pemda": "17.01"},
             {"pemda": "17.01", "per": "sumber_dana"}]
    small = [_dashboard_queries(client, p) for p in pages]
    plans = synthesize_province(pemda_count=5, pd_count=3, sub_per_pd=30, provinsi="17", year=2027)
    assert Pemda.objects.filter(kode__startswith="17.").count() == 5
    for plan in plans[:4]:
        synthesize_realisation(plan, quarters=2)
    large = [_dashboard_queries(client, p) for p in pages]
    assert large == small, (small, large)
