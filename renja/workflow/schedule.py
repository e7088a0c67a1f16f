"""Bappeda's schedule (jadwal) of the planning cycle: per Pemda, year and stage, an open and a close moment.

Outside its window a stage's plans are read-only for the PDs: the operator can neither edit nor submit them
(`closure`, consulted by `renja/web/access.require_edit` and by `transitions.refusals`), with the reason said.
Realisation is not affected. Bappeda reopens a closed stage with a reason (`reopen`), for as long as it wants
or until a given moment; closing it again (`close`) or setting new dates (`set_dates`) ends the reopening.
A stage without a schedule is open: a Pemda that keeps no schedule works as before.

Plain functions over model instances and a user, never a request; refusals raise `ScheduleRefused` with the
reasons in Bahasa Indonesia, and nothing changes. Every change is kept as a `CatatanJadwal`.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from renja.core.errors import InputRefused
from renja.organizations.models import Profil
from renja.organizations.scoping import profil_of
from renja.plans.models import Renja

from .models import CatatanJadwal, JadwalTahap

Tahap = Renja.Tahap
BAPPEDA_ROLES = (Profil.Peran.VERIFIKATOR_BAPPEDA, Profil.Peran.ADMIN_PEMDA)


class ScheduleRefused(InputRefused):
    """A schedule change that was not made; nothing changed."""


def when(moment):
    """`15 Maret 2023 pukul 23.59` in the Pemda's time zone."""
    return date_format(timezone.localtime(moment), "j F Y \\p\\u\\k\\u\\l H.i")


def start_of(day):
    """The first moment of a calendar day (a stage opens in the morning of its open date)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day):
    """The last minute of a calendar day: a stage closes at the end of its close date ("after the close date")."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def stage_label(tahap, tahun):
    return f"{Tahap(tahap).label} tahun {tahun}"


def closure_of(jadwal, pemda_name, now=None):
    """Why the schedule `jadwal` (or None: no schedule) keeps its stage's plans read-only for PDs at `now`;
    None while the stage is open."""
    if jadwal is None:
        return None
    now = now or timezone.now()
    stage = stage_label(jadwal.tahap, jadwal.tahun)
    if jadwal.dibuka_kembali:
        if jadwal.dibuka_sampai is None or now <= jadwal.dibuka_sampai:
            return None
        return (f"Jadwal tahap {stage} dibuka kembali oleh Bappeda {pemda_name} sampai {when(jadwal.dibuka_sampai)} "
                "dan kini telah ditutup: Renja tahap ini hanya dapat dibaca oleh Perangkat Daerah sampai Bappeda "
                "membukanya kembali.")
    if jadwal.ditutup is not None and now >= jadwal.ditutup:
        return (f"Jadwal tahap {stage} ditutup pada {when(jadwal.ditutup)} oleh Bappeda {pemda_name}: Renja tahap "
                "ini hanya dapat dibaca oleh Perangkat Daerah sampai Bappeda membukanya kembali.")
    if jadwal.dibuka is not None and now < jadwal.dibuka:
        return (f"Jadwal tahap {stage} baru dibuka pada {when(jadwal.dibuka)} oleh Bappeda {pemda_name}: sebelum "
                "itu Renja tahap ini belum dapat diubah atau diajukan oleh Perangkat Daerah.")
    return None


def schedule_of(pemda_id, tahun, tahap):
    return JadwalTahap.objects.filter(pemda_id=pemda_id, tahun=tahun, tahap=tahap).first()


def closure(renja, now=None):
    """Why Bappeda's schedule keeps `renja` read-only for its PD now, or None. The schedule is read once per
    plan instance (a page asks several times)."""
    if "_jadwal" not in renja.__dict__:
        renja._jadwal = schedule_of(renja.perangkat_daerah.pemda_id, renja.tahun, renja.tahap)
    return closure_of(renja._jadwal, renja.perangkat_daerah.pemda.nama, now)


def stage_closure(pemda, tahun, tahap, now=None):
    """Why a stage of the year is closed for the PDs of `pemda` (e.g. before a Renja Perubahan is started)."""
    return closure_of(schedule_of(pemda.pk, tahun, tahap), pemda.nama, now)


# --- Bappeda's changes -----------------------------------------------------------------------------------------


def manager_refusal(user, pemda):
    """Why `user` may not manage the cycle (schedule, ceilings) of `pemda`; None when they may."""
    profil = profil_of(user)
    if profil is None or profil.pemda_id != pemda.pk or profil.peran not in BAPPEDA_ROLES:
        return (f"Jadwal dan pagu indikatif {pemda} hanya dapat diatur oleh Verifikator Bappeda atau Admin Pemda "
                f"{pemda}.")
    return None


def _check(user, pemda, tahun, tahap):
    problems = []
    refusal = manager_refusal(user, pemda)
    if refusal:
        problems.append(refusal)
    if tahap not in Tahap.values:
        problems.append(f"Tahap «{tahap}» tidak dikenal; pilih salah satu dari: "
                        + ", ".join(t.label for t in Tahap) + ".")
    if not (2000 <= int(tahun) <= 2100):
        problems.append(f"Tahun {tahun} di luar rentang 2000–2100.")
    if problems:
        raise ScheduleRefused(problems)


def _log(jadwal, aksi, user, alasan=""):
    profil = profil_of(user)
    CatatanJadwal.objects.create(jadwal=jadwal, aksi=aksi, dibuka=jadwal.dibuka, ditutup=jadwal.ditutup,
                                 dibuka_sampai=jadwal.dibuka_sampai, oleh=user, alasan=alasan,
                                 peran=profil.peran if profil else "")


def _locked(pemda, tahun, tahap):
    jadwal, _ = JadwalTahap.objects.get_or_create(pemda=pemda, tahun=tahun, tahap=tahap)
    return JadwalTahap.objects.select_for_update().get(pk=jadwal.pk)


def set_dates(pemda, tahun, tahap, dibuka, ditutup, user, alasan=""):
    """Set the open and close moments of a stage (either may be None: no limit on that side). New dates end a
    reopening: they are Bappeda's rule from now on."""
    _check(user, pemda, tahun, tahap)
    if dibuka is not None and ditutup is not None and ditutup < dibuka:
        raise ScheduleRefused(f"Jadwal {stage_label(tahap, tahun)}: tanggal tutup ({when(ditutup)}) sebelum tanggal "
                              f"buka ({when(dibuka)}).")
    with transaction.atomic():
        jadwal = _locked(pemda, tahun, tahap)
        jadwal.dibuka, jadwal.ditutup = dibuka, ditutup
        jadwal.dibuka_kembali, jadwal.dibuka_sampai = False, None
        jadwal.diubah_oleh = user
        jadwal.save()
        _log(jadwal, CatatanJadwal.Aksi.ATUR, user, alasan.strip())
    return jadwal


def close(pemda, tahun, tahap, user, alasan="", now=None):
    """Close a stage now: its plans become read-only for the PDs at once."""
    _check(user, pemda, tahun, tahap)
    now = now or timezone.now()
    with transaction.atomic():
        jadwal = _locked(pemda, tahun, tahap)
        if closure_of(jadwal, pemda.nama, now) and not (jadwal.dibuka and now < jadwal.dibuka):
            raise ScheduleRefused(f"Jadwal tahap {stage_label(tahap, tahun)} sudah ditutup.")
        jadwal.ditutup = now
        if jadwal.dibuka is not None and jadwal.dibuka > now:
            jadwal.dibuka = now
        jadwal.dibuka_kembali, jadwal.dibuka_sampai = False, None
        jadwal.diubah_oleh = user
        jadwal.save()
        _log(jadwal, CatatanJadwal.Aksi.TUTUP, user, alasan.strip())
    return jadwal


def reopen(pemda, tahun, tahap, user, alasan, sampai=None, now=None):
    """Reopen a closed stage, with the reason (required), until `sampai` or until Bappeda closes it again."""
    _check(user, pemda, tahun, tahap)
    now = now or timezone.now()
    alasan = (alasan or "").strip()
    problems = []
    if not alasan:
        problems.append("Alasan membuka kembali wajib diisi: Perangkat Daerah dan pemeriksa membacanya di riwayat "
                        "jadwal.")
    if sampai is not None and sampai <= now:
        problems.append(f"Batas dibuka kembali ({when(sampai)}) sudah lewat; pilih tanggal sesudah hari ini.")
    if problems:
        raise ScheduleRefused(problems)
    with transaction.atomic():
        jadwal = _locked(pemda, tahun, tahap)
        if closure_of(jadwal, pemda.nama, now) is None:
            raise ScheduleRefused(f"Jadwal tahap {stage_label(tahap, tahun)} sedang terbuka; tidak perlu dibuka "
                                  "kembali.")
        jadwal.dibuka_kembali, jadwal.dibuka_sampai = True, sampai
        jadwal.diubah_oleh = user
        jadwal.save()
        _log(jadwal, CatatanJadwal.Aksi.BUKA_KEMBALI, user, alasan)
    return jadwal


# --- the year's schedule, for Bappeda's page -------------------------------------------------------------------


@dataclass
class StageSchedule:
    tahap: str
    label: str
    jadwal: object  # JadwalTahap or None
    closed: str | None  # the reason PDs read, None while open
    catatan: list

    @property
    def state(self):
        if self.jadwal is None:
            return "Belum dijadwalkan (terbuka)"
        if self.closed is None:
            return "Dibuka kembali" if self.jadwal.dibuka_kembali else "Terbuka"
        return "Belum dibuka" if "baru dibuka" in self.closed else "Ditutup"


def year_schedule(pemda, tahun, now=None):
    """Every stage of the year in order, with its schedule, state and changes (two queries)."""
    now = now or timezone.now()
    rows = {j.tahap: j for j in JadwalTahap.objects.filter(pemda=pemda, tahun=tahun)}
    notes = {}
    for note in (CatatanJadwal.objects.filter(jadwal__in=list(rows.values())).select_related("oleh")
                 .order_by("-pada", "-id")):
        notes.setdefault(note.jadwal_id, []).append(note)
    return [StageSchedule(tahap=t.value, label=t.label, jadwal=rows.get(t.value),
                          closed=closure_of(rows.get(t.value), pemda.nama, now),
                          catatan=notes.get(rows[t.value].pk, []) if t.value in rows else [])
            for t in Tahap]
