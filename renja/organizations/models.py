"""Who plans: the Pemda, its Perangkat Daerah with their units, and the ceiling Bappeda sets per year."""

from django.db import models


class Pemda(models.Model):
    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"

    kode = models.CharField("kode wilayah", max_length=20, unique=True)
    nama = models.TextField()
    jenis = models.CharField(max_length=10, choices=Jenis.choices)

    class Meta:
        verbose_name = "pemerintah daerah"
        verbose_name_plural = "pemerintah daerah"
        ordering = ["kode"]

    def __str__(self):
        return self.nama

    @property
    def jenis_nomenklatur(self):
        """Which half of the nomenclature applies: provinsi or kabupaten/kota."""
        return "prov" if self.jenis == self.Jenis.PROVINSI else "kabkot"


class PerangkatDaerah(models.Model):
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="perangkat_daerah")
    kode = models.CharField(max_length=40)
    nama = models.TextField()
    singkatan = models.TextField(blank=True)

    class Meta:
        verbose_name = "perangkat daerah"
        verbose_name_plural = "perangkat daerah"
        ordering = ["pemda", "kode"]
        constraints = [models.UniqueConstraint(fields=["pemda", "kode"], name="pd_kode_unik_per_pemda")]

    def __str__(self):
        return self.singkatan or self.nama


class Unit(models.Model):
    """A unit of a PD: sekretariat, bidang, UPTD."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="unit")
    nama = models.TextField()
    singkatan = models.TextField(blank=True)
    urutan = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "unit / bidang"
        verbose_name_plural = "unit / bidang"
        ordering = ["perangkat_daerah", "urutan"]

    def __str__(self):
        return self.nama


class PaguPlafon(models.Model):
    """The ceiling (pagu indikatif) Bappeda sets for a PD in the RKPD draft of a year."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="pagu_plafon")
    tahun = models.PositiveSmallIntegerField()
    pagu = models.BigIntegerField("pagu indikatif (Rp)", null=True, blank=True)
    pagu_teks = models.TextField("pagu seperti tertulis", blank=True)
    sumber = models.TextField(blank=True)

    class Meta:
        verbose_name = "pagu plafon"
        verbose_name_plural = "pagu plafon"
        ordering = ["perangkat_daerah", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="plafon_satu_per_tahun"),
            models.CheckConstraint(condition=models.Q(pagu__gte=0), name="plafon_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.perangkat_daerah} {self.tahun}"
