"""Reference data: nomenclature versions (urusan → sub kegiatan), funding sources, accounts, units."""

from django.db import models


class NomenklaturVersi(models.Model):
    """A version of the Permendagri 90/2019 nomenclature (it is updated by Kepmendagri most years)."""

    nama = models.TextField(unique=True)
    keterangan = models.TextField(blank=True)
    berkas = models.TextField("berkas sumber", blank=True)
    resmi = models.BooleanField(
        "dimuat dari berkas resmi", default=False,
        help_text="Tidak dicentang: entri dibuat dari rencana yang dimuat, bukan dari berkas resmi.",
    )
    dimuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "versi nomenklatur"
        verbose_name_plural = "versi nomenklatur"
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class Nomenklatur(models.Model):
    class Tingkat(models.TextChoices):
        URUSAN = "urusan", "Urusan"
        BIDANG_URUSAN = "bidang_urusan", "Bidang Urusan"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUB_KEGIATAN = "sub_kegiatan", "Sub Kegiatan"

    class JenisPemda(models.TextChoices):
        PROVINSI = "prov", "Provinsi"
        KABKOT = "kabkot", "Kabupaten/Kota"

    versi = models.ForeignKey(NomenklaturVersi, on_delete=models.CASCADE, related_name="entri")
    jenis_pemda = models.CharField(max_length=6, choices=JenisPemda.choices)
    tingkat = models.CharField(max_length=13, choices=Tingkat.choices)
    kode = models.CharField(max_length=30)
    nama = models.TextField()
    induk = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="anak")
    kinerja = models.TextField(blank=True)
    indikator = models.TextField(blank=True)
    satuan = models.TextField(blank=True)
    spm = models.BooleanField("SPM", null=True, blank=True)
    kode_sebelumnya = models.CharField(max_length=30, blank=True)
    nama_sebelumnya = models.TextField(blank=True)
    dari_rencana = models.BooleanField(
        default=False, help_text="Dibuat dari rencana yang dimuat, karena nomenklatur resmi belum dimuat.",
    )

    class Meta:
        verbose_name = "nomenklatur"
        verbose_name_plural = "nomenklatur"
        ordering = ["versi", "jenis_pemda", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["versi", "jenis_pemda", "kode"], name="nomenklatur_kode_unik"),
        ]
        indexes = [models.Index(fields=["kode"])]

    def __str__(self):
        return f"{self.kode} {self.nama}"


class SumberDana(models.Model):
    kode = models.CharField(max_length=30, blank=True)
    nama = models.TextField()  # not unique: the official list repeats names under two codes
    keterangan = models.TextField(blank=True)
    dari_rencana = models.BooleanField(default=False)

    class Meta:
        verbose_name = "sumber dana"
        verbose_name_plural = "sumber dana"
        ordering = ["kode", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["kode"], condition=~models.Q(kode=""), name="sumber_dana_kode_unik"),
        ]

    def __str__(self):
        return self.nama


class AkunBelanja(models.Model):
    """An account of the chart of spending accounts (kode rekening belanja, e.g. 5.1.02)."""

    kode = models.CharField(max_length=30, unique=True)
    nama = models.TextField()
    keterangan = models.TextField(blank=True)
    dari_rencana = models.BooleanField(default=False)

    class Meta:
        verbose_name = "akun belanja"
        verbose_name_plural = "akun belanja"
        ordering = ["kode"]

    def __str__(self):
        return f"{self.kode} {self.nama}"


class Satuan(models.Model):
    nama = models.TextField(unique=True)

    class Meta:
        verbose_name = "satuan"
        verbose_name_plural = "satuan"
        ordering = ["nama"]

    def __str__(self):
        return self.nama
