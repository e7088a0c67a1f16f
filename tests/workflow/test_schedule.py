"""Bappeda's schedule of the stages: a closed stage refuses the PD's edits and submission with the reason, until
Bappeda reopens it; who, when and why are kept; realisation is not affected."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renja.plans.models import Renja, SubKegiatan
from renja.web import access
from renja.workflow import schedule
from renja.workflow.models import CatatanJadwal, JadwalTahap
from renja.workflow.transitions import WorkflowRefused, allowed_actions, perform
from tests.workflow.people_and_plans import load_clean, people_for, set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return load_clean()  # Kota Contoh, 2025, tahap rancangan, Draf, no checker errors


@pytest.fixture
def people(plan):
    return people_for(plan)


def fresh(plan):
    return Renja.objects.select_related("perangkat_daerah__pemda").get(pk=plan.pk)


def close_yesterday(plan, people):
    yesterday = timezone.localdate() - timedelta(days=1)
    return schedule.set_dates(plan.perangkat_daerah.pemda, plan.tahun, plan.tahap,
                              schedule.start_of(yesterday - timedelta(days=30)), schedule.end_of(yesterday),
                              people["verifikator"])


def test_without_a_schedule_a_stage_is_open(plan, people):
    assert schedule.closure(fresh(plan)) is None
    access.require_edit(people["operator"], fresh(plan))  # does not raise
    assert "ajukan" in [a.name for a in allowed_actions(fresh(plan), people["operator"])]


def test_a_closed_stage_refuses_edits_and_submission_with_the_reason(plan, people):
    close_yesterday(plan, people)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(PermissionDenied) as refused:
        access.require_edit(people["operator"], fresh(plan))
    message = str(refused.value)
    assert "Jadwal tahap Rancangan Renja tahun 2025 ditutup pada" in message
    assert f"{yesterday.day} " in message and "23.59" in message and "oleh Bappeda Kota Contoh" in message
    assert not access.can_edit(people["operator"], fresh(plan))
    assert "ajukan" not in [a.name for a in allowed_actions(fresh(plan), people["operator"])]
    with pytest.raises(WorkflowRefused) as step:
        perform(fresh(plan), people["operator"], "ajukan")
    assert step.value.errors == [message]
    assert fresh(plan).status == Renja.Status.DRAFT
    # the verifier's reason is still their role, not the schedule
    assert "Hanya operator" in access.refusal(access.require_edit, people["verifikator"], fresh(plan))


def test_the_close_date_counts_until_the_end_of_that_day(plan, people):
    today = timezone.localdate()
    schedule.set_dates(plan.perangkat_daerah.pemda, plan.tahun, plan.tahap, None, schedule.end_of(today),
                       people["admin"])
    assert schedule.closure(fresh(plan)) is None
    later = schedule.end_of(today) + timedelta(seconds=1)
    assert "ditutup pada" in schedule.closure(fresh(plan), now=later)


def test_before_the_open_date_the_stage_is_not_yet_open(plan, people):
    tomorrow = timezone.localdate() + timedelta(days=1)
    schedule.set_dates(plan.perangkat_daerah.pemda, plan.tahun, plan.tahap, schedule.start_of(tomorrow), None,
                       people["verifikator"])
    assert "baru dibuka pada" in access.refusal(access.require_edit, people["operator"], fresh(plan))


def test_reopening_needs_a_reason_allows_edits_and_keeps_who_when_why(plan, people):
    pemda = plan.perangkat_daerah.pemda
    close_yesterday(plan, people)
    with pytest.raises(schedule.ScheduleRefused) as refused:
        schedule.reopen(pemda, plan.tahun, plan.tahap, people["verifikator"], "  ")
    assert "Alasan membuka kembali wajib diisi" in refused.value.errors[0]
    assert not JadwalTahap.objects.get().dibuka_kembali

    schedule.reopen(pemda, plan.tahun, plan.tahap, people["verifikator"], "Perbaikan sesuai hasil Musrenbang")
    access.require_edit(people["operator"], fresh(plan))  # allowed again
    result = perform(fresh(plan), people["operator"], "ajukan")
    assert result.status == Renja.Status.DIAJUKAN
    notes = list(CatatanJadwal.objects.order_by("id"))
    assert [n.aksi for n in notes] == ["atur", "buka_kembali"]
    assert notes[1].oleh == people["verifikator"] and notes[1].alasan == "Perbaikan sesuai hasil Musrenbang"
    assert notes[1].peran == "verifikator_bappeda" and notes[1].pada is not None


def test_a_reopening_until_a_date_ends_then(plan, people):
    pemda = plan.perangkat_daerah.pemda
    close_yesterday(plan, people)
    until = schedule.end_of(timezone.localdate() + timedelta(days=2))
    schedule.reopen(pemda, plan.tahun, plan.tahap, people["admin"], "Tambahan waktu dua hari", sampai=until)
    assert schedule.closure(fresh(plan)) is None
    after = until + timedelta(minutes=1)
    assert "dibuka kembali oleh Bappeda Kota Contoh sampai" in schedule.closure(fresh(plan), now=after)


def test_closing_now_and_a_reopened_stage_closed_again(plan, people):
    pemda = plan.perangkat_daerah.pemda
    schedule.close(pemda, plan.tahun, plan.tahap, people["verifikator"], "Batas waktu Bappeda")
    assert "ditutup pada" in schedule.closure(fresh(plan))
    with pytest.raises(schedule.ScheduleRefused, match="sudah ditutup"):
        schedule.close(pemda, plan.tahun, plan.tahap, people["verifikator"])
    schedule.reopen(pemda, plan.tahun, plan.tahap, people["verifikator"], "Salah tutup")
    assert schedule.closure(fresh(plan)) is None
    schedule.close(pemda, plan.tahun, plan.tahap, people["verifikator"])
    assert schedule.closure(fresh(plan)) is not None
    assert [n.aksi for n in CatatanJadwal.objects.order_by("id")] == ["tutup", "buka_kembali", "tutup"]


def test_only_bappeda_of_the_pemda_manages_the_schedule(plan, people):
    pemda = plan.perangkat_daerah.pemda
    for role in ("operator", "pimpinan", "verifikator_lain", "tanpa_peran"):
        with pytest.raises(schedule.ScheduleRefused, match="hanya dapat diatur oleh Verifikator Bappeda"):
            schedule.close(pemda, plan.tahun, plan.tahap, people[role])
    with pytest.raises(schedule.ScheduleRefused, match="Tahap «akhir» tidak dikenal"):
        schedule.close(pemda, plan.tahun, "akhir", people["verifikator"])
    with pytest.raises(schedule.ScheduleRefused, match="sebelum tanggal buka"):
        schedule.set_dates(pemda, plan.tahun, plan.tahap, schedule.start_of(date(2025, 3, 2)),
                           schedule.end_of(date(2025, 3, 1)), people["verifikator"])
    assert not JadwalTahap.objects.exists() and not CatatanJadwal.objects.exists()


def test_another_stage_or_year_is_not_affected(plan, people):
    pemda = plan.perangkat_daerah.pemda
    schedule.close(pemda, plan.tahun, Renja.Tahap.FINAL, people["verifikator"])
    schedule.close(pemda, plan.tahun + 1, plan.tahap, people["verifikator"])
    assert schedule.closure(fresh(plan)) is None


def test_realisation_is_not_affected_but_a_closed_perubahan_stage_refuses_the_revision(plan, people):
    pemda = plan.perangkat_daerah.pemda
    set_status(plan, Renja.Status.DITETAPKAN)
    schedule.close(pemda, plan.tahun, plan.tahap, people["verifikator"])
    access.require_realisation_edit(people["operator"], fresh(plan))  # realisation goes on
    schedule.close(pemda, plan.tahun, Renja.Tahap.PERUBAHAN, people["verifikator"])
    with pytest.raises(WorkflowRefused, match="Jadwal tahap Renja Perubahan tahun 2025 ditutup"):
        perform(fresh(plan), people["operator"], "perubahan")
    assert not Renja.objects.filter(tahap=Renja.Tahap.PERUBAHAN).exists()


def test_the_app_shows_the_reason_and_refuses_the_post(plan, people):
    close_yesterday(plan, people)
    client = Client()
    client.force_login(people["operator"])
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    page = client.get(reverse("web:renja", args=[plan.pk])).content.decode()
    assert "Jadwal tahap Rancangan Renja tahun 2025 ditutup pada" in page
    url = reverse("web:baris", args=[plan.pk, "sub-kegiatan", sub.pk])
    response = client.post(url, {"pagu_n": "1", "versi": sub.versi})
    assert response.status_code == 403
    assert SubKegiatan.objects.get(pk=sub.pk).pagu_n == sub.pagu_n


def test_bappeda_sets_closes_and_reopens_on_its_page(plan, people):
    pemda = plan.perangkat_daerah.pemda
    client = Client()
    client.force_login(people["verifikator"])
    url = reverse("web:jadwal", args=[pemda.pk, 2025])
    assert client.get(url).status_code == 200
    response = client.post(url, {"tahap": "rancangan", "aksi": "atur", "dibuka": "2025-01-02",
                                 "ditutup": "2025-01-01"})
    assert response.status_code == 400 and "sebelum tanggal buka" in response.content.decode()
    assert client.post(url, {"tahap": "rancangan", "aksi": "tutup"}).status_code == 302
    assert schedule.closure(fresh(plan)) is not None
    response = client.post(url, {"tahap": "rancangan", "aksi": "buka_kembali", "alasan": ""})
    assert response.status_code == 400 and "wajib diisi" in response.content.decode()
    client.post(url, {"tahap": "rancangan", "aksi": "buka_kembali", "alasan": "Revisi pagu"})
    assert schedule.closure(fresh(plan)) is None
    page = client.get(url).content.decode()
    assert "Revisi pagu" in page and "Dibuka kembali" in page
    operator = Client()
    operator.force_login(people["operator"])
    assert operator.get(url).status_code == 403
    assert operator.post(url, {"tahap": "rancangan", "aksi": "tutup"}).status_code == 403
    stranger = Client()
    stranger.force_login(people["verifikator_lain"])
    assert stranger.get(url).status_code == 404
