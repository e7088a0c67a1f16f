"""The audit log: logins, failed logins, downloads, workflow steps and account changes are recorded with the
Pemda they belong to, and an Admin Pemda reads their own Pemda's events only, in a fixed number of queries."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renja.audit.models import Peristiwa
from renja.organizations.models import Profil
from renja.workflow import transitions

from ..web.people import OTHER_PEMDA, PASSWORD, load_plan, make_user

pytestmark = pytest.mark.django_db

Jenis = Peristiwa.Jenis


@pytest.fixture
def pemdas():
    plan_a = load_plan(0, subs=5)
    plan_b = load_plan(1, subs=5, pemda=OTHER_PEMDA)
    pd_a, pd_b = plan_a.perangkat_daerah, plan_b.perangkat_daerah
    role = Profil.Peran
    users = {
        "operator_a": make_user("operator_a", role.OPERATOR_PD, pd_a.pemda, pd_a),
        "admin_a": make_user("admin_a", role.ADMIN_PEMDA, pd_a.pemda),
        "verifikator_a": make_user("verifikator_a", role.VERIFIKATOR_BAPPEDA, pd_a.pemda),
        "operator_b": make_user("operator_b", role.OPERATOR_PD, pd_b.pemda, pd_b),
        "admin_b": make_user("admin_b", role.ADMIN_PEMDA, pd_b.pemda),
    }
    return {"plan_a": plan_a, "plan_b": plan_b, "users": users}


def login(username, password=PASSWORD):
    client = Client()
    client.post(reverse("web:login"), {"username": username, "password": password})
    return client


def test_a_login_and_a_failed_login_are_recorded_with_the_accounts_pemda(pemdas):
    login("operator_a")
    login("operator_b", "salah-sekali")
    login("tidak_ada", "apa-saja")
    events = list(Peristiwa.objects.order_by("id").values_list("jenis", "nama_pengguna", "pemda_id",
                                                                "perangkat_daerah_id"))
    pd_a, pd_b = pemdas["plan_a"].perangkat_daerah, pemdas["plan_b"].perangkat_daerah
    assert events == [(Jenis.MASUK, "operator_a", pd_a.pemda_id, pd_a.id),
                      (Jenis.MASUK_GAGAL, "operator_b", pd_b.pemda_id, None),
                      (Jenis.MASUK_GAGAL, "tidak_ada", None, None)]
    assert Peristiwa.objects.filter(jenis=Jenis.MASUK).get().alamat_ip == "127.0.0.1"


def test_a_download_is_recorded_with_the_plan_of_its_url(pemdas):
    plan = pemdas["plan_a"]
    client = login("operator_a")
    response = client.get(reverse("web:unduh_data", args=[plan.id, "yaml"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    event = Peristiwa.objects.get(jenis=Jenis.UNDUH)
    assert event.perangkat_daerah == plan.perangkat_daerah and event.pengguna.username == "operator_a"
    assert ".yaml" in event.uraian
    client.get(reverse("web:renja", args=[plan.id]))  # a page is not a download
    assert Peristiwa.objects.filter(jenis=Jenis.UNDUH).count() == 1


def test_a_workflow_step_and_an_account_change_are_recorded(pemdas):
    plan, users = pemdas["plan_a"], pemdas["users"]
    transitions.perform(plan, users["operator_a"], "ajukan")
    step = Peristiwa.objects.get(jenis=Jenis.ALUR)
    assert step.perangkat_daerah == plan.perangkat_daerah and "Diajukan" in step.uraian
    LogEntry.objects.create(user=users["admin_a"], content_type=ContentType.objects.get_for_model(User),
                            object_id=str(users["operator_a"].pk), object_repr="operator_a", action_flag=CHANGE,
                            change_message='[{"changed": {"fields": ["Active"]}}]')
    account = Peristiwa.objects.get(jenis=Jenis.AKUN)
    assert account.pemda == plan.perangkat_daerah.pemda and "operator_a" in account.uraian
    assert account.nama_pengguna == "admin_a"


def test_the_admin_pemda_reads_their_own_pemdas_log_only(pemdas):
    login("operator_a")
    login("operator_b")
    login("operator_b", "salah")
    pemda_a = pemdas["plan_a"].perangkat_daerah.pemda
    pemda_b = pemdas["plan_b"].perangkat_daerah.pemda
    admin = login("admin_a")
    page = admin.get(reverse("web:log_aktivitas", args=[pemda_a.id]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "operator_a" in body and "operator_b" not in body and "admin_a" in body
    failed_only = admin.get(reverse("web:log_aktivitas", args=[pemda_a.id]) + "?jenis=masuk_gagal").content.decode()
    assert "operator_a" not in failed_only.split('id="log"')[1]
    assert admin.get(reverse("web:log_aktivitas", args=[pemda_b.id])).status_code == 404
    assert login("verifikator_a").get(reverse("web:log_aktivitas", args=[pemda_a.id])).status_code == 403
    assert login("operator_a").get(reverse("web:log_aktivitas", args=[pemda_a.id])).status_code == 403
    other = login("admin_b").get(reverse("web:log_aktivitas", args=[pemda_b.id])).content.decode()
    assert "operator_b" in other and "operator_a" not in other


def test_the_log_page_costs_the_same_queries_however_many_events(pemdas):
    pemda = pemdas["plan_a"].perangkat_daerah.pemda
    admin = login("admin_a")
    url = reverse("web:log_aktivitas", args=[pemda.id])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(url).status_code == 200
        return len(captured)

    few = queries()
    Peristiwa.objects.bulk_create([Peristiwa(jenis=Jenis.UNDUH, nama_pengguna=f"u{i}", pemda=pemda,
                                             perangkat_daerah=pemdas["plan_a"].perangkat_daerah)
                                   for i in range(300)])
    assert queries() == few


def test_nobody_changes_or_deletes_the_log_in_the_admin(pemdas):
    login("operator_a")
    event = Peristiwa.objects.get()
    admin = login("admin_a")
    User.objects.filter(username="admin_a").update(is_staff=True)
    change = reverse("admin:audit_peristiwa_change", args=[event.pk])
    delete = reverse("admin:audit_peristiwa_delete", args=[event.pk])
    assert admin.post(delete, {"post": "yes"}).status_code in (302, 403)
    assert Peristiwa.objects.filter(pk=event.pk).exists()
    admin.post(change, {"uraian": "diubah"})
    event.refresh_from_db()
    assert event.uraian == ""
