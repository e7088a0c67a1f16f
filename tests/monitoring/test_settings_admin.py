"""A Pemda's monitoring settings (planned progress per quarter, tolerance) and category scale are set by its
Admin Pemda in the admin; a band that cannot be read is refused, not left out; the settings drive the early
warning and the categories."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from renja.demo.setup import create_demo_users, load_demo_data
from renja.monitoring import measures
from renja.monitoring.models import PengaturanMonitoring, SkalaPemda
from renja.monitoring.progress import scale_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    return renja


def client_of(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_admin_pemda_sets_the_planned_progress_and_tolerance(demo):
    pemda = demo.perangkat_daerah.pemda
    response = client_of("admin").post("/admin/monitoring/pengaturanmonitoring/add/", {
        "pemda": pemda.pk, "rencana_tw1": "20", "rencana_tw2": "45", "rencana_tw3": "70", "rencana_tw4": "100",
        "toleransi": "5", "toleransi_renstra": "15"})
    assert response.status_code == 302, response.content.decode()[:2000]
    settings = PengaturanMonitoring.objects.get(pemda=pemda)
    assert (settings.rencana(2), settings.toleransi) == (Decimal(45), Decimal(5))
    assert settings.toleransi_renstra == Decimal(15)  # the Renstra rules' tolerance (RENSTRA-PAGU/TARGET/PERIODE)


def test_the_renstra_tolerance_is_shown_with_its_default_and_cannot_be_negative(demo):
    admin = client_of("admin")
    page = admin.get("/admin/monitoring/pengaturanmonitoring/add/").content.decode()
    assert 'name="toleransi_renstra"' in page and 'value="20"' in page
    refused = admin.post("/admin/monitoring/pengaturanmonitoring/add/", {
        "pemda": demo.perangkat_daerah.pemda.pk, "rencana_tw1": "25", "rencana_tw2": "50", "rencana_tw3": "75",
        "rencana_tw4": "100", "toleransi": "10", "toleransi_renstra": "-5"})
    assert refused.status_code == 200 and not PengaturanMonitoring.objects.exists()


def test_an_operator_may_not_change_the_settings(demo):
    response = client_of("operator").get("/admin/monitoring/pengaturanmonitoring/add/")
    assert response.status_code == 403


def test_a_band_that_cannot_be_read_is_refused_and_a_readable_scale_is_used(demo):
    pemda = demo.perangkat_daerah.pemda
    admin = client_of("admin")
    refused = admin.post("/admin/monitoring/skalapemda/add/", {
        "pemda": pemda.pk, "urutan": "1", "skala": "sangat bagus sekali", "kategori": "Sangat Berhasil"})
    assert refused.status_code == 200 and "tidak terbaca" in refused.content.decode()
    assert not SkalaPemda.objects.exists()
    for order, (band, label) in enumerate([("> 85", "Sangat Berhasil"), ("70 - < 85", "Berhasil"),
                                           ("55 - < 70", "Cukup Berhasil"), ("< 55", "Kurang Berhasil")], 1):
        response = admin.post("/admin/monitoring/skalapemda/add/", {
            "pemda": pemda.pk, "urutan": str(order), "skala": band, "kategori": label})
        assert response.status_code == 302
    scale = scale_for(pemda)
    assert [label for _, label in scale] == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Kurang Berhasil"]
    assert measures.category(Decimal("84.9"), scale) == "Berhasil"
    assert measures.category(Decimal("54.99"), scale) == "Kurang Berhasil"
