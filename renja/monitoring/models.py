"""Evaluation of earlier years: allocation and realisation (fisik %, keuangan Rp/%), spending per
account, the Renstra attainment rows of T-C.29 and the performance scale a PD uses.

Totals that a document writes under a table are statements (`plans.Pernyataan` with `evaluasi` set).
"""

from django.db import models

from renja.organizations.models import PerangkatDaerah
from renja.reference.models import AkunBelanja


class Evaluasi(models.Model):
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="evaluasi")
    tahun = models.PositiveSmallIntegerField("tahun yang dievaluasi")
    renja = models.ForeignKey(
        "plans.Renja", null=True, blank=True, on_delete=models.CASCADE, related_name="evaluasi",
        help_text="Dokumen Renja yang memuat evaluasi ini (BAB II).",
    )
    keterangan = models.TextField(blank=True)

    class Meta:
        verbose_name = "evaluasi tahun lalu"
        verbose_name_plural = "evaluasi tahun lalu"
        ordering = ["perangkat_daerah", "-tahun"]
        constraints = [models.UniqueConstraint(fields=["renja", "tahun"], name="evaluasi_satu_per_tahun")]

    def __str__(self):
        return f"Evaluasi {self.perangkat_daerah} {self.tahun}"


class TabelEvaluasi(models.Model):
    """One allocation/realisation table of BAB II (per kegiatan, per program, Tabel 2, 4, 5, 6)."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="tabel")
    urutan = models.PositiveIntegerField(default=0)
    kode = models.CharField("id tabel", max_length=60)
    judul = models.TextField(blank=True)
    program = models.TextField(blank=True)
    kegiatan = models.TextField(blank=True)

    class Meta:
        verbose_name = "tabel evaluasi"
        verbose_name_plural = "tabel evaluasi"
        ordering = ["evaluasi", "urutan"]
        constraints = [models.UniqueConstraint(fields=["evaluasi", "kode"], name="tabel_evaluasi_unik")]

    def __str__(self):
        return self.judul or self.kode


class BarisRealisasi(models.Model):
    tabel = models.ForeignKey(TabelEvaluasi, on_delete=models.CASCADE, related_name="baris")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    uraian = models.TextField(blank=True)
    indikator = models.TextField(blank=True)
    target_teks = models.TextField("target seperti tertulis", blank=True)
    target = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    alokasi = models.BigIntegerField("alokasi (Rp)", null=True, blank=True)
    alokasi_teks = models.TextField("alokasi seperti tertulis", blank=True)
    realisasi = models.BigIntegerField("realisasi keuangan (Rp)", null=True, blank=True)
    realisasi_teks = models.TextField("realisasi seperti tertulis", blank=True)
    fisik = models.DecimalField("realisasi fisik (%)", max_digits=12, decimal_places=4, null=True, blank=True)
    fisik_teks = models.TextField(blank=True)
    keuangan = models.DecimalField("realisasi keuangan (%)", max_digits=12, decimal_places=4, null=True, blank=True)
    keuangan_teks = models.TextField(blank=True)
    persen = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    persen_teks = models.TextField(blank=True)
    triwulan = models.PositiveSmallIntegerField(null=True, blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)

    class Meta:
        verbose_name = "baris realisasi"
        verbose_name_plural = "baris realisasi"
        ordering = ["tabel", "urutan"]
        constraints = [
            models.CheckConstraint(condition=models.Q(alokasi__gte=0), name="alokasi_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(realisasi__gte=0), name="realisasi_tidak_negatif"),
            models.CheckConstraint(
                condition=models.Q(triwulan__isnull=True) | models.Q(triwulan__gte=1, triwulan__lte=4),
                name="triwulan_1_sampai_4",
            ),
        ]

    def __str__(self):
        return self.uraian[:80]


class BelanjaAkun(models.Model):
    """Spending per account code with its realisation (Tabel 1, Tabel 3)."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="belanja")
    tabel = models.TextField()
    urutan = models.PositiveIntegerField(default=0)
    kode_rekening = models.TextField(blank=True)
    akun = models.ForeignKey(AkunBelanja, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uraian = models.TextField(blank=True)
    anggaran = models.BigIntegerField("anggaran (Rp)", null=True, blank=True)
    anggaran_teks = models.TextField(blank=True)
    realisasi = models.BigIntegerField("realisasi (Rp)", null=True, blank=True)
    realisasi_teks = models.TextField(blank=True)
    persen = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    persen_teks = models.TextField(blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)

    class Meta:
        verbose_name = "belanja per akun"
        verbose_name_plural = "belanja per akun"
        ordering = ["evaluasi", "tabel", "urutan"]

    def __str__(self):
        return f"{self.kode_rekening} {self.uraian}".strip()


class BarisTC29(models.Model):
    """A row of T-C.29: program/kegiatan attainment against the Renstra (columns 4–12 as written)."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="tc29")
    urutan = models.PositiveIntegerField(default=0)
    kode_asli = models.TextField("kode seperti tertulis", blank=True)
    kode = models.CharField("kode (dinormalisasi)", max_length=30, blank=True)
    uraian = models.TextField(blank=True)
    indikator = models.TextField(blank=True)
    kolom = models.JSONField("kolom 4–12 seperti tertulis", default=dict, blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)

    class Meta:
        verbose_name = "baris T-C.29"
        verbose_name_plural = "baris T-C.29"
        ordering = ["evaluasi", "urutan"]

    def __str__(self):
        return f"{self.kode_asli} {self.uraian}".strip()[:80]


class SkalaCapaian(models.Model):
    """A band of the performance scale the document uses (e.g. the seed's Tabel 7)."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="skala_capaian")
    urutan = models.PositiveIntegerField(default=0)
    skala = models.TextField()
    kategori = models.TextField()

    class Meta:
        verbose_name = "skala capaian"
        verbose_name_plural = "skala capaian"
        ordering = ["evaluasi", "urutan"]

    def __str__(self):
        return f"{self.skala}: {self.kategori}"
