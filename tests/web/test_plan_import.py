"""Unggah Renja: upload → preview (nothing kept) → confirm → a draft; a second confirmation to replace a draft;
refused files and refused users change nothing. The tasks run at once (the test settings' immediate backend)."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renja.plans.models import Renja, SubKegiatan
from renja.tasks.models import PlanImport
from tests.conftest import CLEAN_PLAN

from .people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(subs=4)


def client_of(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def plan_file(name="renja.yaml", change=None):
    """The clean fixture as an upload; it names another Pemda and PD, which an upload never creates."""
    document = yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8"))
    if change:
        change(document)
    return SimpleUploadedFile(name, yaml.safe_dump(document, allow_unicode=True).encode(), "application/yaml")


def upload(client, pd, tahun=2031, tahap="rancangan_awal", file=None):
    return client.post(reverse("web:unggah_renja", args=[pd.pk]),
                       {"tahun": tahun, "tahap": tahap, "pagu": "", "berkas": file or plan_file()})


def test_the_operator_previews_then_loads_a_draft_into_their_own_pd(world):
    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    plans_before, pds_before = Renja.objects.count(), pd.pemda.perangkat_daerah.count()

    response = upload(client, pd)
    job = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:unggahan", args=[job.pk])
    assert job.status == PlanImport.Status.PRATINJAU and job.diunggah_oleh == world.users["operator_a1"]
    assert Renja.objects.count() == plans_before  # the preview kept nothing

    page = client.get(response["Location"]).content.decode()
    assert "berkas pertukaran Renja" in page and "Muat sebagai draf" in page
    assert job.pratinjau["counts"]["sub_kegiatan"] > 0 and job.pratinjau["existing"] is None
    assert job.pratinjau["total_n"] == sum(p["pagu_n"] for p in job.pratinjau["programs"]) > 0

    response = client.post(reverse("web:unggahan", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == PlanImport.Status.DIMUAT and job.renja is not None
    landed = client.get(reverse("web:unggahan", args=[job.pk]))
    assert landed.status_code == 302 and landed["Location"] == reverse("web:renja", args=[job.renja_id])
    plan = job.renja
    assert (plan.perangkat_daerah, plan.tahun, plan.tahap, plan.status) == (pd, 2031, "rancangan_awal", "draft")
    assert SubKegiatan.objects.filter(kegiatan__program__renja=plan).count() == job.pratinjau["counts"]["sub_kegiatan"]
    assert pd.pemda.perangkat_daerah.count() == pds_before  # the file's own PD and Pemda were not created
    assert not Renja.objects.filter(perangkat_daerah__nama__contains="Kota Contoh").exists()


def test_the_preview_names_problems_and_findings(world):
    def break_an_amount(document):
        document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]["pagu_n"] = "12.3x4"

    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd, file=plan_file(change=break_an_amount))
    job = PlanImport.objects.get()
    assert any("12.3x4" in problem for problem in job.pratinjau["problems"])
    page = client.get(reverse("web:unggahan", args=[job.pk])).content.decode()
    assert "12.3x4" in page and "Masalah pembacaan (" in page


def test_replacing_a_draft_needs_a_second_confirmation(world):
    plan = world.plans["a1"]
    client = client_of(world, "operator_a1")
    upload(client, plan.perangkat_daerah, tahun=plan.tahun, tahap=plan.tahap)
    job = PlanImport.objects.get()
    assert job.pratinjau["existing"]["id"] == plan.pk and job.pratinjau["existing"]["refused"] is None
    assert "menggantinya seluruhnya" in client.get(reverse("web:unggahan", args=[job.pk])).content.decode()

    client.post(reverse("web:unggahan", args=[job.pk]))  # without the box ticked: nothing happens
    job.refresh_from_db()
    assert job.status == PlanImport.Status.PRATINJAU and Renja.objects.filter(pk=plan.pk).exists()

    client.post(reverse("web:unggahan", args=[job.pk]), {"ganti": "1"})
    job.refresh_from_db()
    assert job.status == PlanImport.Status.DIMUAT
    assert not Renja.objects.filter(pk=plan.pk).exists()
    assert job.renja.perangkat_daerah == plan.perangkat_daerah and job.renja.tahun == plan.tahun


def test_a_plan_no_longer_a_draft_is_not_replaced(world):
    plan = world.plans["a1"]
    Renja.objects.filter(pk=plan.pk).update(status=Renja.Status.DIAJUKAN)
    client = client_of(world, "operator_a1")
    upload(client, plan.perangkat_daerah, tahun=plan.tahun, tahap=plan.tahap)
    job = PlanImport.objects.get()
    assert "tidak dapat diganti" in job.pratinjau["existing"]["refused"]
    assert 'id="konfirmasi"' not in client.get(reverse("web:unggahan", args=[job.pk])).content.decode()
    client.post(reverse("web:unggahan", args=[job.pk]), {"ganti": "1"})
    job.refresh_from_db()
    assert job.status == PlanImport.Status.GAGAL and "tidak dapat diganti" in job.galat
    assert Renja.objects.get(pk=plan.pk).status == Renja.Status.DIAJUKAN


def test_an_unreadable_file_is_refused_with_its_reason_and_changes_nothing(world):
    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    before = Renja.objects.count()
    broken = SimpleUploadedFile("renja.yaml", b"renja: [tidak: lengkap", "application/yaml")
    upload(client, pd, file=broken)
    job = PlanImport.objects.get()
    assert job.status == PlanImport.Status.GAGAL and "tidak dapat dibaca" in job.galat
    page = client.get(reverse("web:unggahan", args=[job.pk]))
    assert page.status_code == 400 and "Tidak ada yang diubah" in page.content.decode()
    assert Renja.objects.count() == before


def test_files_of_another_kind_or_too_big_are_refused_at_the_form(world, settings):
    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    response = upload(client, pd, file=SimpleUploadedFile("renja.docx", b"PK..", "application/octet-stream"))
    assert response.status_code == 400 and "bukan jenis yang diterima" in response.content.decode()
    settings.RENJA_IMPORT_MAX_BYTES = 100
    response = upload(client, pd, file=plan_file())
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_who_may_upload_for_which_pd(world):
    a1, a2 = world.plans["a1"].perangkat_daerah, world.plans["a2"].perangkat_daerah
    b = world.plans["b"].perangkat_daerah
    expected = {  # written out by hand: the operator for their PD, Bappeda and the admin for their Pemda
        ("operator_a1", a1): 200, ("operator_a1", a2): 404, ("pimpinan_a1", a1): 403,
        ("verifikator_a", a1): 200, ("verifikator_a", a2): 200, ("admin_a", a2): 200,
        ("verifikator_a", b): 404, ("operator_b", a1): 404, ("tanpa_peran", a1): 404,
    }
    for (user, pd), status in expected.items():
        response = client_of(world, user).get(reverse("web:unggah_renja", args=[pd.pk]))
        assert response.status_code == status, (user, pd, response.status_code)
    upload(client_of(world, "verifikator_a"), a2)
    job = PlanImport.objects.get()
    assert job.status == PlanImport.Status.PRATINJAU
    for user, status in (("operator_a1", 404), ("operator_a2", 200), ("pimpinan_a1", 404), ("admin_a", 200)):
        response = client_of(world, user).get(reverse("web:unggahan", args=[job.pk]))
        assert response.status_code == status, (user, response.status_code)
    assert client_of(world, "operator_a1").post(reverse("web:unggahan", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == PlanImport.Status.PRATINJAU


def test_the_dashboard_offers_the_upload_to_who_may_use_it(world):
    pd = world.plans["a1"].perangkat_daerah
    offered = reverse("web:unggah_renja", args=[pd.pk])
    assert offered in client_of(world, "operator_a1").get(reverse("web:dashboard", args=[pd.pk])).content.decode()
    assert offered not in client_of(world, "pimpinan_a1").get(reverse("web:dashboard", args=[pd.pk])).content.decode()


def test_the_status_url_follows_the_task(world):
    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd)
    job = PlanImport.objects.get()
    data = client.get(reverse("web:unggahan_status", args=[job.pk])).json()
    assert data == {"status": "pratinjau", "kemajuan": 100, "langkah": "Siap ditinjau", "selesai": True}
    PlanImport.objects.filter(pk=job.pk).update(status=PlanImport.Status.MEMUAT, kemajuan=40, langkah="Memuat")
    assert client.get(reverse("web:unggahan_status", args=[job.pk])).json()["selesai"] is False
    assert "Renja sedang dimuat" in client.get(reverse("web:unggahan", args=[job.pk])).content.decode()




def tc33_workbook(tmp_path, broken_amount="75O.000.000"):
    """A T-C.33 print layout as planners' systems export it (tests/exchange/test_workbook_support.py), one
    sub kegiatan's pagu written with a letter O for a zero."""
    from tests.exchange.test_workbook_support import build, sample_rows

    rows = sample_rows()
    rows[4]["pagu_n"] = broken_amount
    path = build(tmp_path / "renja-tc33.xlsx", rows)
    return SimpleUploadedFile(path.name, path.read_bytes(),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_a_tc33_workbook_is_previewed_with_its_problem_named_by_cell_then_loaded(world, tmp_path):
    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd, tahun=2031, file=tc33_workbook(tmp_path))
    job = PlanImport.objects.get()
    assert job.status == PlanImport.Status.PRATINJAU, job.galat
    preview = job.pratinjau
    assert preview["layout"].startswith("tabel T-C.33") and preview["counts"]["sub_kegiatan"] == 2
    # named once, by the reader with its cell (the pagu n column); the loader's line for the same value is left out
    assert [p for p in preview["problems"] if "75O.000.000" in p] == ["sheet 'T-C.33', sel L12 '75O.000.000': bukan angka"]
    assert not [p for p in preview["problems"] if "kolom kedua" in p]  # n+1 read as n+1 though loaded as 2031
    assert any('"Indikator' in c and "→" in c for c in preview["columns"])
    page = client.get(reverse("web:unggahan", args=[job.pk])).content.decode()
    assert "75O.000.000" in page and "Kolom yang dikenali" in page
    client.post(reverse("web:unggahan", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == PlanImport.Status.DIMUAT
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=job.renja).order_by("urutan")
    assert [(s.pagu_n, s.pagu_n_teks) for s in subs] == [(None, "75O.000.000"), (500_000_000, "500000000")]
    assert job.renja.perangkat_daerah == pd


def test_a_closed_stage_refuses_a_pd_users_upload_but_not_bappedas(world):
    from renja.workflow import schedule

    pd = world.plans["a1"].perangkat_daerah
    schedule.close(pd.pemda, 2031, "rancangan_awal", world.users["verifikator_a"], "Batas waktu Bappeda")
    response = upload(client_of(world, "operator_a1"), pd)
    assert response.status_code == 400 and "ditutup" in response.content.decode()
    assert not PlanImport.objects.exists()
    upload(client_of(world, "verifikator_a"), pd)
    assert PlanImport.objects.get().status == PlanImport.Status.PRATINJAU


def test_the_previews_findings_put_errors_first_and_the_infos_apart(world, tmp_path):
    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd, tahun=2031, file=tc33_workbook(tmp_path))
    severities = [f["severity"] for f in PlanImport.objects.get().pratinjau["findings"]]
    assert "error" in severities and severities == sorted(severities, key=["error", "warning", "info"].index)
    page = client.get(reverse("web:unggahan", args=[PlanImport.objects.get().pk])).content.decode()
    assert page.index("kesalahan</span>") < page.index("<details><summary class=\"small\">Info")


def test_an_upload_whose_worker_died_while_loading_is_marked_failed_when_its_page_is_read(world):
    """A worker killed in "Sedang dimuat" never reports again: once its row is older than the limit, the page,
    the status URL and the list say it failed (nothing was saved) instead of waiting forever."""
    from datetime import timedelta

    from django.utils import timezone

    from renja.tasks import imports as background

    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd)
    job = PlanImport.objects.get()
    plans_before = Renja.objects.count()
    # what confirm() leaves when the worker is killed before it loads: "memuat", no task reporting
    PlanImport.objects.filter(pk=job.pk).update(status=PlanImport.Status.MEMUAT)
    status_url = reverse("web:unggahan_status", args=[job.pk])
    assert client.get(status_url).json()["status"] == "memuat"  # a recent one may still be running

    PlanImport.objects.filter(pk=job.pk).update(
        diperbarui_pada=timezone.now() - background.STALLED_AFTER - timedelta(seconds=1))
    answer = client.get(status_url).json()
    assert answer["status"] == "gagal" and answer["selesai"] is True
    job.refresh_from_db()
    assert "Pemuatan terhenti" in job.galat and "unggah ulang" in job.galat.lower()
    page = client.get(reverse("web:unggahan", args=[job.pk]))
    assert page.status_code == 400 and "Pemuatan terhenti" in page.content.decode()
    # a failed upload is not loaded by a late confirmation
    assert background.confirm(job, replace=False) is False
    client.post(reverse("web:unggahan", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == PlanImport.Status.GAGAL and Renja.objects.count() == plans_before


@pytest.mark.parametrize("status", ["menunggu", "berjalan"])
def test_a_stalled_reading_is_marked_failed_in_the_pds_upload_list(world, status):
    from datetime import timedelta

    from django.utils import timezone

    from renja.tasks import imports as background

    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd)
    job = PlanImport.objects.get()
    PlanImport.objects.filter(pk=job.pk).update(status=status, diperbarui_pada=timezone.now() - timedelta(minutes=14))
    client.get(reverse("web:unggah_renja", args=[pd.pk]))
    job.refresh_from_db()
    assert job.status == status  # within the limit: still its task's
    PlanImport.objects.filter(pk=job.pk).update(
        diperbarui_pada=timezone.now() - background.STALLED_AFTER - timedelta(seconds=1))
    page = client.get(reverse("web:unggah_renja", args=[pd.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == PlanImport.Status.GAGAL and "terhenti" in job.galat
    assert "Gagal" in page


def test_only_a_previewed_upload_is_confirmed(world):
    from renja.tasks import imports as background

    pd = world.plans["a1"].perangkat_daerah
    client = client_of(world, "operator_a1")
    upload(client, pd)
    job = PlanImport.objects.get()
    plans_before = Renja.objects.count()
    for status in ("menunggu", "berjalan", "memuat", "dimuat", "gagal"):
        PlanImport.objects.filter(pk=job.pk).update(status=status)
        job.refresh_from_db()
        assert background.confirm(job, replace=False) is False, status
        job.refresh_from_db()
        assert job.status == status
    assert Renja.objects.count() == plans_before
