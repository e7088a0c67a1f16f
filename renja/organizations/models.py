"""Who plans: the Pemda, its Perangkat Daerah with their units, and the ceiling Bappeda sets per year."""

from django.db import models
from simple_history.models import HistoricalRecords


class Pemda(models.Model):
    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"

    kode = models.CharField("kode wilayah", max_length=20, unique=True)
    nama = models.TextField()
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    # Open by default: the Renja a Pemda has set (Ditetapkan) are published at /data/ (renja/opendata).
    data_terbuka = models.BooleanField(
        "data terbuka", default=True,
        help_text="Renja yang sudah ditetapkan diterbitkan sebagai data terbuka di /data/ tanpa login.")

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
    """The ceiling (pagu indikatif) Bappeda sets for a PD in the RKPD draft of a year, for one stage of the
    plan (`tahap`, a Renja.Tahap value) or, with `tahap` blank, for the whole year. A plan reads its own
    stage's ceiling first and the year's otherwise (`for_plan`), so rows made before stages existed stay valid."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="pagu_plafon")
    tahun = models.PositiveSmallIntegerField()
    # the values of plans.Renja.Tahap (not imported: plans depends on this app); blank: every stage of the year
    tahap = models.CharField(max_length=16, blank=True, default="",
                             help_text="Tahap Renja (rancangan_awal, rancangan, final, perubahan); kosong: "
                                       "berlaku untuk setiap tahap tahun itu.")
    pagu = models.BigIntegerField("pagu indikatif (Rp)", null=True, blank=True)
    pagu_teks = models.TextField("pagu seperti tertulis", blank=True)
    sumber = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pagu plafon"
        verbose_name_plural = "pagu plafon"
        ordering = ["perangkat_daerah", "tahun", "tahap"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun", "tahap"], name="plafon_satu_per_tahap"),
            models.CheckConstraint(condition=models.Q(pagu__gte=0), name="plafon_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.perangkat_daerah} {self.tahun}" + (f" ({self.tahap})" if self.tahap else "")

    @classmethod
    def for_plan(cls, perangkat_daerah_id, tahun, tahap):
        """The ceiling that applies to a plan: its stage's row, else the year's stage-less row (one query)."""
        rows = {r.tahap: r for r in cls.objects.filter(perangkat_daerah_id=perangkat_daerah_id, tahun=tahun,
                                                        tahap__in=[tahap or "", ""])}
        return rows.get(tahap or "") or rows.get("")


class Profil(models.Model):
    """Who a user is in Renja: a role at a Pemda, and for PD roles the PD. What a user may see follows from
    this alone (see `scoping.py`)."""

    class Peran(models.TextChoices):
        OPERATOR_PD = "operator_pd", "Operator PD"
        PIMPINAN_PD = "pimpinan_pd", "Pimpinan PD"
        VERIFIKATOR_BAPPEDA = "verifikator_bappeda", "Verifikator Bappeda"
        ADMIN_PEMDA = "admin_pemda", "Admin Pemda"
        PEMANTAU_PROVINSI = "pemantau_provinsi", "Pemantau Provinsi"

    PD_ROLES = (Peran.OPERATOR_PD, Peran.PIMPINAN_PD)
    # Roles that read and never write: a Pemantau Provinsi reads the plans of every Pemda of its province
    # (a Pemda of jenis provinsi: itself and each kabupaten/kota whose kode starts with its kode and a dot).
    READ_ONLY_ROLES = (Peran.PEMANTAU_PROVINSI,)

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="profil")
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="profil")
    perangkat_daerah = models.ForeignKey(
        PerangkatDaerah, null=True, blank=True, on_delete=models.PROTECT, related_name="profil",
        help_text="Wajib untuk operator dan pimpinan PD; kosong untuk Bappeda, admin Pemda dan pemantau provinsi.",
    )
    peran = models.CharField(max_length=20, choices=Peran.choices)

    class Meta:
        verbose_name = "profil pengguna"
        verbose_name_plural = "profil pengguna"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(peran__in=["operator_pd", "pimpinan_pd"], perangkat_daerah__isnull=False)
                    | models.Q(peran__in=["verifikator_bappeda", "admin_pemda", "pemantau_provinsi"],
                               perangkat_daerah__isnull=True)
                ),
                name="profil_pd_sesuai_peran",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_peran_display()}"
