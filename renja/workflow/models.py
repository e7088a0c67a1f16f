"""The workflow's record: every change of a plan's status, who made it, when and why, and the verifier's
comments on rows when a plan is returned. The plan's current status lives on `Renja.status`."""

from django.conf import settings
from django.db import models

from renja.plans.models import Kegiatan, Program, Renja, SubKegiatan


class Transisi(models.Model):
    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="transisi")
    dari = models.CharField(max_length=12, choices=Renja.Status.choices, blank=True)
    ke = models.CharField(max_length=12, choices=Renja.Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    peran = models.CharField(max_length=20, blank=True)  # the role the user acted in, kept as it was then
    pada = models.DateTimeField(auto_now_add=True)
    alasan = models.TextField(blank=True)

    class Meta:
        verbose_name = "riwayat alur kerja"
        verbose_name_plural = "riwayat alur kerja"
        ordering = ["renja", "pada", "id"]

    def __str__(self):
        return f"{self.renja}: {self.get_dari_display() or '—'} → {self.get_ke_display()}"


class KomentarBaris(models.Model):
    """A verifier's comment on one row of a returned plan. The row's code and name are kept as text, so
    the comment still reads right after the row is changed or removed."""

    transisi = models.ForeignKey(Transisi, on_delete=models.CASCADE, related_name="komentar")
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kegiatan = models.ForeignKey(Kegiatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sub_kegiatan = models.ForeignKey(
        SubKegiatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kode = models.TextField(blank=True)
    nama = models.TextField(blank=True)
    teks = models.TextField()

    class Meta:
        verbose_name = "komentar baris"
        verbose_name_plural = "komentar baris"
        ordering = ["transisi", "id"]

    def __str__(self):
        return f"{self.kode} {self.nama}: {self.teks[:60]}"


class JadwalTahap(models.Model):
    """Bappeda's schedule of one stage of a year for the whole Pemda: the stage opens at `dibuka` and closes at
    `ditutup`. Outside that window the plans of that year and stage are read-only for the PDs (see
    `schedule.py`), until Bappeda reopens the stage (`dibuka_kembali`, optionally until `dibuka_sampai`).
    Every change is kept as a `CatatanJadwal` (who, when, why)."""

    pemda = models.ForeignKey("organizations.Pemda", on_delete=models.CASCADE, related_name="jadwal_tahap")
    tahun = models.PositiveSmallIntegerField()
    tahap = models.CharField(max_length=16, choices=Renja.Tahap.choices)
    dibuka = models.DateTimeField("dibuka pada", null=True, blank=True)
    ditutup = models.DateTimeField("ditutup pada", null=True, blank=True)
    dibuka_kembali = models.BooleanField("dibuka kembali", default=False)
    dibuka_sampai = models.DateTimeField("dibuka kembali sampai", null=True, blank=True)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "jadwal tahap"
        verbose_name_plural = "jadwal tahap"
        ordering = ["pemda", "-tahun", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "tahap"], name="jadwal_satu_per_tahap"),
            models.CheckConstraint(
                condition=models.Q(dibuka__isnull=True) | models.Q(ditutup__isnull=True)
                | models.Q(ditutup__gte=models.F("dibuka")), name="jadwal_tutup_setelah_buka"),
        ]

    def __str__(self):
        return f"Jadwal {self.get_tahap_display()} {self.tahun} · {self.pemda}"


class CatatanJadwal(models.Model):
    """One change of a stage's schedule: what Bappeda did, the dates it left, who, when and why."""

    class Aksi(models.TextChoices):
        ATUR = "atur", "Jadwal diatur"
        TUTUP = "tutup", "Ditutup"
        BUKA_KEMBALI = "buka_kembali", "Dibuka kembali"

    jadwal = models.ForeignKey(JadwalTahap, on_delete=models.CASCADE, related_name="catatan")
    aksi = models.CharField(max_length=12, choices=Aksi.choices)
    dibuka = models.DateTimeField(null=True, blank=True)
    ditutup = models.DateTimeField(null=True, blank=True)
    dibuka_sampai = models.DateTimeField(null=True, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    peran = models.CharField(max_length=20, blank=True)
    pada = models.DateTimeField(auto_now_add=True)
    alasan = models.TextField(blank=True)

    class Meta:
        verbose_name = "catatan jadwal"
        verbose_name_plural = "catatan jadwal"
        ordering = ["jadwal", "pada", "id"]

    def __str__(self):
        return f"{self.jadwal}: {self.get_aksi_display()}"


class TransisiRenstra(models.Model):
    """One step of a Renstra's workflow (renja/workflow/renstra.py), as a `Transisi` is for a Renja: who, in which
    role, when, why. A Renstra's status is the `ke` of its latest step (Draf without one), so the record and the
    status cannot disagree."""

    renstra = models.ForeignKey("plans.Renstra", on_delete=models.CASCADE, related_name="transisi")
    dari = models.CharField(max_length=12, choices=Renja.Status.choices, blank=True)
    ke = models.CharField(max_length=12, choices=Renja.Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    peran = models.CharField(max_length=20, blank=True)
    pada = models.DateTimeField(auto_now_add=True)
    alasan = models.TextField(blank=True)

    class Meta:
        verbose_name = "riwayat alur kerja Renstra"
        verbose_name_plural = "riwayat alur kerja Renstra"
        ordering = ["renstra", "pada", "id"]

    def __str__(self):
        return f"{self.renstra}: {self.get_dari_display() or '—'} → {self.get_ke_display()}"

    @property
    def peran_label(self):
        from renja.organizations.models import Profil

        return Profil.Peran(self.peran).label if self.peran in Profil.Peran.values else self.peran
