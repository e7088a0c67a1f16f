"""The audit log: who logged in (or failed to), downloaded what, moved which plan through the workflow and
changed which account, and when. Rows are only ever added; an Admin Pemda reads those of their own Pemda."""

from django.conf import settings
from django.db import models


class Peristiwa(models.Model):
    class Jenis(models.TextChoices):
        MASUK = "masuk", "Masuk"
        MASUK_GAGAL = "masuk_gagal", "Gagal masuk"
        KELUAR = "keluar", "Keluar"
        UNDUH = "unduh", "Unduhan"
        ALUR = "alur", "Alur kerja"
        AKUN = "akun", "Pengelolaan akun"

    waktu = models.DateTimeField(auto_now_add=True, db_index=True)
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    # The user, and their name as it was: kept when the account is deleted, and for a failed login the name
    # that was typed (which may belong to no account).
    pengguna = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    nama_pengguna = models.CharField(max_length=150, blank=True)
    pemda = models.ForeignKey("organizations.Pemda", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    perangkat_daerah = models.ForeignKey("organizations.PerangkatDaerah", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    uraian = models.TextField(blank=True)
    alamat_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "peristiwa"
        verbose_name_plural = "log aktivitas"
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["pemda", "-waktu"])]

    def __str__(self):
        return f"{self.waktu:%d-%m-%Y %H:%M} {self.get_jenis_display()} {self.nama_pengguna}"
