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
