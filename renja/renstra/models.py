"""The Renstra's five-year matrix: programs → kegiatan → sub kegiatan, each with indicators and, per year of
the period, a target per indicator and a pagu indikatif per row. Tujuan, sasaran and IKU stay in plans
(plans.Renstra and its IndikatorKinerja); a program names the sasaran it serves.

As in a Renja, values keep their text as written beside the value read; the indicative funding of a program
or kegiatan is the sum of its sub kegiatan, computed, unless the Renstra states its own (kept as stated)."""

from django.db import models
from simple_history.models import HistoricalRecords

from renja.plans.models import Polaritas, Renstra, Sasaran, Tingkat


class BarisRenstra(models.Model):
    """A program, kegiatan or sub kegiatan of the Renstra's matrix."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="baris")
    induk = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="anak")
    tingkat = models.CharField(max_length=12, choices=Tingkat.choices)
    urutan = models.PositiveIntegerField(default=0)
    kode = models.CharField(max_length=40, blank=True)  # normalised; empty when unreadable
    kode_asli = models.TextField("kode seperti tertulis", blank=True)
    nama = models.TextField(blank=True)
    unit_penanggung_jawab = models.TextField("unit penanggung jawab", blank=True)
    lokasi = models.TextField(blank=True)
    sasaran = models.ManyToManyField(Sasaran, blank=True, related_name="program_renstra",
                                     help_text="Sasaran Renstra yang dilayani program ini.")
    versi = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking, as a Renja's rows
    history = HistoricalRecords()

    class Meta:
        verbose_name = "baris matriks Renstra"
        verbose_name_plural = "baris matriks Renstra"
        ordering = ["renstra", "urutan"]
        indexes = [models.Index(fields=["renstra", "kode"])]

    def __str__(self):
        return f"{self.kode or self.kode_asli} {self.nama[:70]}".strip()


class PaguRenstra(models.Model):
    """The indicative funding of a matrix row for one year of the period, as written and as read."""

    baris = models.ForeignKey(BarisRenstra, on_delete=models.CASCADE, related_name="pagu")
    tahun = models.PositiveSmallIntegerField()
    pagu = models.BigIntegerField("pagu indikatif (Rp)", null=True, blank=True)
    pagu_teks = models.TextField("pagu seperti tertulis", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pagu indikatif Renstra"
        verbose_name_plural = "pagu indikatif Renstra"
        ordering = ["baris", "tahun"]
        constraints = [models.UniqueConstraint(fields=["baris", "tahun"], name="pagu_renstra_satu_per_tahun")]

    def __str__(self):
        return f"{self.tahun}: {self.pagu_teks}"


class IndikatorRenstra(models.Model):
    """An indicator of a matrix row: outcome for a program, output below; kondisi awal and akhir as stated."""

    baris = models.ForeignKey(BarisRenstra, on_delete=models.CASCADE, related_name="indikator")
    urutan = models.PositiveIntegerField(default=0)
    uraian = models.TextField(blank=True)
    satuan = models.TextField(blank=True)
    polaritas = models.CharField(max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF)
    kondisi_awal_teks = models.TextField("kondisi awal seperti tertulis", blank=True)
    kondisi_awal = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    kondisi_akhir_teks = models.TextField("target kondisi akhir seperti tertulis", blank=True)
    kondisi_akhir = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indikator matriks Renstra"
        verbose_name_plural = "indikator matriks Renstra"
        ordering = ["baris", "urutan"]

    def __str__(self):
        return self.uraian[:80]


class TargetRenstra(models.Model):
    indikator = models.ForeignKey(IndikatorRenstra, on_delete=models.CASCADE, related_name="target")
    tahun = models.PositiveSmallIntegerField()
    teks = models.TextField("target seperti tertulis", blank=True)
    nilai = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    satuan = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target indikator Renstra"
        verbose_name_plural = "target indikator Renstra"
        ordering = ["indikator", "tahun"]
        constraints = [models.UniqueConstraint(fields=["indikator", "tahun"], name="target_renstra_satu_per_tahun")]

    def __str__(self):
        return f"{self.tahun}: {self.teks}"
