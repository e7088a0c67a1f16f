"""Isolation, proven by walking every URL of the app as every role against every plan.

A plan a user may not see does not exist for them: every page, form, download and action on it answers
404, for GET and POST alike, and changes nothing. A page a user may see never shows the name of a PD they
may not see. New URLs are walked automatically; a URL with a parameter this test does not know fails it.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan
from renja.organizations.models import PaguPlafon
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.renstra.models import BarisRenstra, PaguRenstra
from renja.tasks.models import PlanImport
from renja.web import urls as web_urls
from renja.web.views import data_export
from renja.web.views import renstra as renstra_views
from renja.workflow.models import CatatanJadwal, JadwalTahap, Transisi, TransisiRenstra

from .people import make_world

pytestmark = pytest.mark.django_db

PLAN_KWARGS = {"renja_id", "pd_id", "level", "row_id", "fmt", "action", "other_id", "triwulan", "tahun",
               "import_id", "pemda_id", "tahap", "baris_id"}
# URLs whose GET answer is not a page about one plan
NOT_ABOUT_A_PLAN = {"home", "login", "logout", "peringkat", "token_api", "ringkasan"}


@pytest.fixture
def world():
    world = make_world()
    for plan in world.plans.values():
        upload_of(plan)  # made before any snapshot: the walk finds them
    return world


def upload_of(plan):
    """An upload for the plan's PD, waiting for its preview."""
    upload, _ = PlanImport.objects.get_or_create(
        perangkat_daerah=plan.perangkat_daerah, tahun=plan.tahun, tahap=plan.tahap,
        defaults={"nama_berkas": "renja.xlsx", "berkas": f"uji-{plan.pk}.xlsx"})
    return upload


# The formats a download route offers, where they are not a document's (xlsx, docx, pdf): another is a 404.
FORMATS = {"renstra_unduh": renstra_views.DOWNLOADS, "unduh_data": data_export.CONTENT_TYPES}


def urls_of_plan(world, plan_name):
    """Every URL of the app that names a plan or its PD, filled in with that plan's ids."""
    plan = world.plans[plan_name]
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    program = plan.program.first()
    kegiatan = program.kegiatan.first()
    other = world.plans["a1_final"] if plan_name == "a1" else world.plans["a1"] if plan_name == "a1_final" else plan
    urls = []
    for pattern in web_urls.urlpatterns:
        names = set(pattern.pattern.converters)
        assert names <= PLAN_KWARGS, f"{pattern.name}: parameter baru {names - PLAN_KWARGS} belum diuji"
        if pattern.name in NOT_ABOUT_A_PLAN or "pemda_id" in names:
            continue  # a Pemda's pages (Bappeda's side of the cycle) are walked by test_pemda_pages_…
        fills = [{}]
        if "level" in names:
            fills = [{"level": "program", "row_id": program.id}, {"level": "kegiatan", "row_id": kegiatan.id},
                     {"level": "sub-kegiatan", "row_id": sub.id}]
        if "fmt" in names:  # the formats the route offers (a Renstra: data and its table, no PDF)
            formats = sorted(FORMATS.get(pattern.name, ("xlsx", "docx", "pdf")))
            fills = [{**f, "fmt": fmt} for f in fills for fmt in formats]
        if "action" in names:  # a Renstra has no Perubahan in its workflow
            actions = ("ajukan", "kembalikan", "verifikasi", "tetapkan")
            actions += () if pattern.name == "renstra_alur" else ("perubahan",)
            fills = [{**f, "action": a} for f in fills for a in actions]
        if "triwulan" in names:
            fills = [{**f, "triwulan": q} for f in fills for q in (1, 4)]
        if "import_id" in names:
            fills = [{**f, "import_id": upload_of(plan).pk} for f in fills]
        if "baris_id" in names:  # a row of the plan's PD's Renstra matrix
            baris = BarisRenstra.objects.filter(renstra__perangkat_daerah=plan.perangkat_daerah).order_by("id").first()
            assert baris is not None, "the synthetic plans carry a Renstra matrix"
            fills = [{**f, "baris_id": baris.pk} for f in fills]
        for fill in fills:
            kwargs = {"renja_id": plan.id, "pd_id": plan.perangkat_daerah_id, "other_id": other.id,
                      "tahun": plan.tahun - 1, **fill}
            urls.append((pattern.name, reverse(f"web:{pattern.name}", kwargs={k: kwargs[k] for k in names})))
    return urls


def snapshot():
    return (list(Renja.objects.order_by("id").values_list("id", "status", "versi")),
            list(SubKegiatan.objects.order_by("id").values_list("id", "pagu_n", "versi")),
            Indikator.objects.count(), Transisi.objects.count(),
            list(RealisasiSubKegiatan.objects.order_by("id").values_list("id", "keuangan", "fisik", "versi")),
            list(RealisasiIndikator.objects.order_by("id").values_list("id", "nilai", "versi")),
            list(BelanjaSubKegiatan.objects.order_by("id").values_list("id", "realisasi_tw1", "versi")),
            list(PlanImport.objects.order_by("id").values_list("id", "status")),
            list(PaguPlafon.objects.order_by("id").values_list("id", "tahap", "pagu")),
            list(JadwalTahap.objects.order_by("id").values_list("id", "ditutup", "dibuka_kembali")),
            CatatanJadwal.objects.count(),
            list(BarisRenstra.objects.order_by("id").values_list("id", "nama", "versi")),
            list(PaguRenstra.objects.order_by("id").values_list("id", "pagu")), TransisiRenstra.objects.count())


def test_every_url_of_an_invisible_plan_is_404_for_get_and_post(world):
    before = snapshot()
    walked = 0
    for user_name, user in world.users.items():
        client = Client()
        client.force_login(user)
        for plan_name in world.plans:
            if world.visible(user_name, plan_name):
                continue
            for name, url in urls_of_plan(world, plan_name):
                for method in (client.get, client.post):
                    response = method(url, {"alasan": "uji", "pagu_n": "1", "nomenklatur_id": "1"})
                    assert response.status_code == 404, (user_name, plan_name, method.__name__, url,
                                                         response.status_code)
                    walked += 1
    assert snapshot() == before  # nothing changed by any of those requests
    assert walked > 200


def test_every_page_of_a_visible_plan_opens_and_names_no_invisible_pd(world):
    post_forms = 0
    pd_names = {name: plan.perangkat_daerah.nama for name, plan in world.plans.items()}
    for user_name, user in world.users.items():
        client = Client()
        client.force_login(user)
        hidden = {pd_names[p] for p in world.plans if not world.visible(user_name, p)}
        hidden -= {pd_names[p] for p in world.plans if world.visible(user_name, p)}
        pages = [("home", reverse("web:home"))]
        for plan_name in world.plans:
            if world.visible(user_name, plan_name):
                pages += [(n, u) for n, u in urls_of_plan(world, plan_name) if not u.endswith(("/docx/", "/pdf/"))]
        for name, url in pages:
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 405, 409), (user_name, url, response.status_code)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                body = response.content.decode()
                for pd_name in hidden:
                    assert pd_name not in body, (user_name, url, pd_name)
                for form in re.findall(r"<form\b[^>]*>.*?</form>", body, re.S | re.I):
                    if re.search(r'method="post"', form, re.I):
                        assert "csrfmiddlewaretoken" in form, (user_name, url, form[:200])
                        post_forms += 1
    assert post_forms > 20  # the forms were found (workflow buttons, edit forms, sign-out)


def test_a_user_without_a_role_sees_no_plan(world):
    client = Client()
    client.force_login(world.users["tanpa_peran"])
    body = client.get(reverse("web:home")).content.decode()
    for plan in world.plans.values():
        assert plan.perangkat_daerah.nama not in body


def test_signed_out_visitors_are_sent_to_the_login_page(world):
    client = Client()
    for name, url in urls_of_plan(world, "a1") + [("home", reverse("web:home"))]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("web:login") in response["Location"], (url, response.status_code)


def test_no_post_is_taken_without_the_csrf_token(world):
    """Every state-changing URL refuses a POST without Django's CSRF token, even from a signed-in user
    allowed to make it, and changes nothing."""
    before = snapshot()
    for user_name in ("operator_a1", "verifikator_a", "pimpinan_a1"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[user_name])
        for name, url in urls_of_plan(world, "a1"):
            response = client.post(url, {"alasan": "uji", "pagu_n": "1", "nomenklatur_id": "1"})
            assert response.status_code == 403, (user_name, url, response.status_code)
    assert snapshot() == before


# --- a Pemda's pages: the status board, schedule, ceilings and compiled RKPD (Bappeda's side of the cycle) -----

# who opens the pages of which Pemda, written out by hand: Bappeda and the Admin Pemda of their own Pemda only
PEMDA_PAGES_OF = {"verifikator_a": "a", "admin_a": "a", "verifikator_b": "b"}
PD_USERS = {"operator_a1": "a", "pimpinan_a1": "a", "operator_a2": "a", "operator_b": "b"}


def pemda_urls(pemda_id, tahun, formats=("xlsx", "pdf")):
    urls = []
    for pattern in web_urls.urlpatterns:
        names = set(pattern.pattern.converters)
        if "pemda_id" not in names:
            continue
        fills = [{}]
        if "tahap" in names:
            fills = [{"tahap": t} for t in ("rancangan_awal", "final")]
        if "fmt" in names:
            fills = [{**f, "fmt": fmt} for f in fills for fmt in formats]
        for fill in fills:
            kwargs = {"pemda_id": pemda_id, "tahun": tahun, **fill}
            urls.append((pattern.name, reverse(f"web:{pattern.name}", kwargs={k: kwargs[k] for k in names})))
    return urls


def test_pemda_pages_are_404_for_another_pemda_and_403_for_its_pd_users(world):
    pemdas = {"a": world.plans["a1"].perangkat_daerah.pemda, "b": world.plans["b"].perangkat_daerah.pemda}
    tahun = world.plans["a1"].tahun
    before = snapshot()
    walked = 0
    for user_name, user in world.users.items():
        client = Client()
        client.force_login(user)
        for key, pemda in pemdas.items():
            if PEMDA_PAGES_OF.get(user_name) == key:
                continue
            expected = 403 if PD_USERS.get(user_name) == key else 404
            for name, url in pemda_urls(pemda.pk, tahun):
                for method in (client.get, client.post):
                    response = method(url, {"tahap": "rancangan", "aksi": "tutup", "alasan": "uji",
                                            f"pagu-{world.plans['a1'].perangkat_daerah_id}": "1"})
                    assert response.status_code == expected, (user_name, key, method.__name__, url,
                                                              response.status_code)
                    walked += 1
    assert snapshot() == before
    assert walked > 100


def test_pemda_pages_open_for_bappeda_and_name_no_pd_of_another_pemda(world):
    names_b = {world.plans["b"].perangkat_daerah.nama}
    names_a = {world.plans[p].perangkat_daerah.nama for p in ("a1", "a2")}
    tahun = world.plans["a1"].tahun
    for user_name, key in PEMDA_PAGES_OF.items():
        client = Client()
        client.force_login(world.users[user_name])
        pemda = world.plans["a1" if key == "a" else "b"].perangkat_daerah.pemda
        hidden = names_b if key == "a" else names_a
        for name, url in pemda_urls(pemda.pk, tahun, formats=("xlsx",)):
            response = client.get(url)
            # the audit log is the Admin Pemda's alone; a verifier of the same Pemda is refused it
            expected = {"siklus": 302, "plafon_unggah": 405,
                        "log_aktivitas": 200 if user_name.startswith("admin") else 403}.get(name, 200)
            assert response.status_code == expected, (user_name, url, response.status_code)
            if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
                body = response.content.decode()
                for pd_name in hidden:
                    assert pd_name not in body, (user_name, url, pd_name)
                for form in re.findall(r"<form\b[^>]*>.*?</form>", body, re.S | re.I):
                    if re.search(r'method="post"', form, re.I):
                        assert "csrfmiddlewaretoken" in form, (user_name, url, form[:200])
        board = client.get(reverse("web:papan", args=[pemda.pk, tahun])).content.decode()
        for pd_name in (names_a if key == "a" else names_b):
            assert pd_name in board  # every PD of the Pemda is on its board


def test_pemda_posts_need_the_csrf_token(world):
    before = snapshot()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["verifikator_a"])
    pemda = world.plans["a1"].perangkat_daerah.pemda
    for name, url in pemda_urls(pemda.pk, world.plans["a1"].tahun):
        if name in ("jadwal", "plafon", "plafon_unggah", "unduh_rkpd"):  # unduh_rkpd: "Coba lagi"
            response = client.post(url, {"tahap": "rancangan", "aksi": "tutup"})
            assert response.status_code == 403, (url, response.status_code)
    assert snapshot() == before
