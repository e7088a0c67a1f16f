"""Evaluation of earlier years: allocation and realisation (fisik %, keuangan Rp/%), spending per
account, the Renstra attainment rows of T-C.29 and the performance scale a PD uses.

Totals that a document writes under a table are statements (`plans.Pernyataan` with `evaluasi` set).
"""

import json

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

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


# --- realisation of the plan's own year, entered per quarter (triwulan) ---------------------------------------


class Triwulan(models.IntegerChoices):
    I = 1, "Triwulan I"
    II = 2, "Triwulan II"
    III = 3, "Triwulan III"
    IV = 4, "Triwulan IV"


class RealisasiSubKegiatan(models.Model):
    """What one sub kegiatan realised in one quarter: spending in that quarter (Rp, not cumulative) and the
    physical progress reached at the quarter's end (%, cumulative, as field reports state it). The planned
    spending of the quarter (anggaran kas) is optional; without it the Pemda's default profile applies."""

    sub_kegiatan = models.ForeignKey("plans.SubKegiatan", on_delete=models.CASCADE, related_name="realisasi")
    triwulan = models.PositiveSmallIntegerField(choices=Triwulan.choices)
    rencana_keuangan = models.BigIntegerField("rencana penyerapan triwulan ini (Rp)", null=True, blank=True)
    keuangan = models.BigIntegerField("realisasi keuangan triwulan ini (Rp)", null=True, blank=True)
    keuangan_teks = models.TextField("realisasi keuangan seperti tertulis", blank=True)
    fisik = models.DecimalField("realisasi fisik kumulatif (%)", max_digits=7, decimal_places=2, null=True,
                                blank=True)
    fisik_teks = models.TextField("realisasi fisik seperti tertulis", blank=True)
    faktor_pendorong = models.TextField(blank=True)
    faktor_penghambat = models.TextField(blank=True)
    tindak_lanjut = models.TextField("tindak lanjut", blank=True)
    versi = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi sub kegiatan per triwulan"
        verbose_name_plural = "realisasi sub kegiatan per triwulan"
        ordering = ["sub_kegiatan", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["sub_kegiatan", "triwulan"], name="realisasi_satu_per_triwulan"),
            models.CheckConstraint(condition=models.Q(triwulan__gte=1, triwulan__lte=4),
                                   name="realisasi_triwulan_1_sampai_4"),
            models.CheckConstraint(condition=models.Q(keuangan__gte=0), name="realisasi_keuangan_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(rencana_keuangan__gte=0),
                                   name="rencana_keuangan_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(fisik__gte=0, fisik__lte=100), name="fisik_0_sampai_100"),
        ]

    def __str__(self):
        return f"{self.sub_kegiatan} · TW {self.triwulan}"


class RealisasiIndikator(models.Model):
    """The realisation of one indicator in one quarter: for a count (Jumlah …) what was achieved in that
    quarter; for a level or rate (Persentase, Indeks, Rasio) the value at the quarter's end."""

    indikator = models.ForeignKey("plans.Indikator", on_delete=models.CASCADE, related_name="realisasi")
    triwulan = models.PositiveSmallIntegerField(choices=Triwulan.choices)
    teks = models.TextField("realisasi seperti tertulis", blank=True)
    nilai = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    versi = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi indikator per triwulan"
        verbose_name_plural = "realisasi indikator per triwulan"
        ordering = ["indikator", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "triwulan"], name="realisasi_indikator_per_triwulan"),
            models.CheckConstraint(condition=models.Q(triwulan__gte=1, triwulan__lte=4),
                                   name="realisasi_indikator_triwulan_1_sampai_4"),
        ]

    def __str__(self):
        return f"{self.indikator} · TW {self.triwulan}: {self.teks}"


class BelanjaSubKegiatan(models.Model):
    """Spending of one sub kegiatan on one account (kode rekening belanja): budget and the realisation of
    each quarter (Rp, not cumulative)."""

    sub_kegiatan = models.ForeignKey("plans.SubKegiatan", on_delete=models.CASCADE, related_name="belanja")
    kode_rekening = models.CharField(max_length=40)
    akun = models.ForeignKey(AkunBelanja, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uraian = models.TextField(blank=True)
    anggaran = models.BigIntegerField("anggaran (Rp)", default=0)
    realisasi_tw1 = models.BigIntegerField("realisasi TW I (Rp)", default=0)
    realisasi_tw2 = models.BigIntegerField("realisasi TW II (Rp)", default=0)
    realisasi_tw3 = models.BigIntegerField("realisasi TW III (Rp)", default=0)
    realisasi_tw4 = models.BigIntegerField("realisasi TW IV (Rp)", default=0)
    versi = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "belanja sub kegiatan per rekening"
        verbose_name_plural = "belanja sub kegiatan per rekening"
        ordering = ["sub_kegiatan", "kode_rekening"]
        constraints = [
            models.UniqueConstraint(fields=["sub_kegiatan", "kode_rekening"], name="belanja_rekening_unik"),
            models.CheckConstraint(
                condition=models.Q(anggaran__gte=0, realisasi_tw1__gte=0, realisasi_tw2__gte=0,
                                   realisasi_tw3__gte=0, realisasi_tw4__gte=0),
                name="belanja_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.kode_rekening} {self.uraian}".strip()

    @property
    def realisasi(self):
        return self.realisasi_tw1 + self.realisasi_tw2 + self.realisasi_tw3 + self.realisasi_tw4


class PengaturanMonitoring(models.Model):
    """A Pemda's monitoring settings: the planned cumulative progress at the end of each quarter (used when a
    sub kegiatan has no planned spending of its own) and how far below it a PD may lag before it is flagged."""

    pemda = models.OneToOneField("organizations.Pemda", on_delete=models.CASCADE, related_name="pengaturan_monitoring")
    rencana_tw1 = models.DecimalField("rencana kumulatif TW I (%)", max_digits=5, decimal_places=2, default=25)
    rencana_tw2 = models.DecimalField("rencana kumulatif TW II (%)", max_digits=5, decimal_places=2, default=50)
    rencana_tw3 = models.DecimalField("rencana kumulatif TW III (%)", max_digits=5, decimal_places=2, default=75)
    rencana_tw4 = models.DecimalField("rencana kumulatif TW IV (%)", max_digits=5, decimal_places=2, default=100)
    toleransi = models.DecimalField(
        "toleransi keterlambatan (poin %)", max_digits=5, decimal_places=2, default=10,
        help_text="PD yang realisasi kumulatifnya lebih rendah dari rencana dikurangi toleransi ini ditandai.")
    # The checker's default (rules/catalogue/renstra.py TOLERANCE) until the Pemda sets its own.
    toleransi_renstra = models.DecimalField(
        "toleransi selisih dengan Renstra (%)", max_digits=5, decimal_places=2, default=20,
        validators=[MinValueValidator(0)],
        help_text="Pagu dan target Renja yang berselisih lebih dari persentase ini dari Renstra dilaporkan "
                  "pemeriksa (RENSTRA-PAGU, RENSTRA-TARGET, RENSTRA-PERIODE).")

    class Meta:
        verbose_name = "pengaturan monitoring"
        verbose_name_plural = "pengaturan monitoring"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rencana_tw1__lte=models.F("rencana_tw2"), rencana_tw2__lte=models.F("rencana_tw3"),
                                   rencana_tw3__lte=models.F("rencana_tw4"), rencana_tw4__lte=100,
                                   rencana_tw1__gte=0, toleransi__gte=0),
                name="rencana_kumulatif_naik"),
        ]

    def __str__(self):
        return f"Pengaturan monitoring {self.pemda}"

    def rencana(self, triwulan):
        return getattr(self, f"rencana_tw{triwulan}")


class SkalaPemda(models.Model):
    """A band of the performance-category scale a Pemda sets (default: Permendagri 86/2017). Bands are
    written as users write them ("91 ≤ x ≤ 100", "> 85", "55 - 70") and read by monitoring.measures."""

    pemda = models.ForeignKey("organizations.Pemda", on_delete=models.CASCADE, related_name="skala_capaian")
    urutan = models.PositiveIntegerField(default=0)
    skala = models.TextField()
    kategori = models.TextField()

    class Meta:
        verbose_name = "skala kategori capaian Pemda"
        verbose_name_plural = "skala kategori capaian Pemda"
        ordering = ["pemda", "urutan"]

    def __str__(self):
        return f"{self.skala}: {self.kategori}"

    def clean(self):
        # A band that cannot be read would be left out of the scale without a word: refuse it here.
        from django.core.exceptions import ValidationError

        from renja.monitoring.measures import parse_band

        if parse_band(self.skala) is None:
            raise ValidationError({"skala": f"Rentang «{self.skala}» tidak terbaca. Tulis seperti "
                                            "«91 ≤ x ≤ 100», «76 - 90», «> 85» atau «≤ 50»."})


class ProgressDecoder(json.JSONDecoder):
    """Reads a stored result straight back into its dataclasses and Decimals (renja/monitoring/stored.py)."""

    def __init__(self, *args, **kwargs):
        from .stored import revive

        super().__init__(*args, **{**kwargs, "object_hook": revive})


class StoredProgress(models.Model):
    """The progress of one plan in force as monitoring.progress gave it for one data version
    (renja/monitoring/stored.py): the plan's page reads `isi`, the city's ranking and the dashboards `ringkasan`."""

    renja = models.OneToOneField("plans.Renja", on_delete=models.CASCADE, related_name="pemantauan_tersimpan")
    versi_data = models.PositiveBigIntegerField()
    versi_kode = models.CharField("versi kode", max_length=40)  # a digest of the code that computes progress
    # The whole progress as text, a line per program (stored.py `_lines`): a realisation save writes again only the
    # lines of the programs it changed, and PostgreSQL does not parse half a megabyte of JSON at each save.
    isi = models.TextField("kemajuan lengkap", default="", blank=True)
    # isi without the program tree
    ringkasan = models.JSONField("ringkasan tingkat Renja", default=dict, decoder=ProgressDecoder)
    dihitung_pada = models.DateTimeField(auto_now=True)
    lama_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "hasil pemantauan"
        verbose_name_plural = "hasil pemantauan"

    def __str__(self):
        return f"{self.renja}: pemantauan versi data {self.versi_data}"
