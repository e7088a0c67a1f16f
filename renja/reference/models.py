"""Reference data: nomenclature versions (urusan → sub kegiatan), funding sources, accounts, units.

Each row belongs to the nation (`pemda` empty: loaded from official sources, changed only by a system
administrator) or to one Pemda (its own additions, and what Renja learnt from the plans it loaded): a Pemda sees
the nation's rows and its own, never another Pemda's (`visible_to`)."""

from django.db import models
from django.db.models import F, Q

NATIONAL = Q(pemda__isnull=True)
NATION_FIRST = F("pemda").asc(nulls_first=True)  # where a name is both the nation's and a Pemda's: the nation's


def visible_to(queryset, pemda):
    """The rows of a reference model that `pemda` sees: the nation's and its own (`pemda` None: the nation's)."""
    return queryset.filter(NATIONAL | Q(pemda=pemda)) if pemda is not None else queryset.filter(NATIONAL)


def _owner():
    return models.ForeignKey(
        "organizations.Pemda", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name="milik Pemda", help_text="Kosong: data nasional (resmi), diubah hanya oleh administrator sistem.")


def _unique_per_owner(fields, name, condition=None):
    """Unique among the nation's rows, and among each Pemda's own (two Pemdas may each add the same name)."""
    extra = condition if condition is not None else Q()
    return [models.UniqueConstraint(fields=fields, condition=NATIONAL & extra, name=f"{name}_nasional"),
            models.UniqueConstraint(fields=[*fields, "pemda"], condition=Q(pemda__isnull=False) & extra,
                                    name=f"{name}_pemda")]


class NomenklaturVersi(models.Model):
    """A version of the Permendagri 90/2019 nomenclature (it is updated by Kepmendagri most years)."""

    nama = models.TextField()
    keterangan = models.TextField(blank=True)
    berkas = models.TextField("berkas sumber", blank=True)
    resmi = models.BooleanField(
        "dimuat dari berkas resmi", default=False,
        help_text="Tidak dicentang: entri dibuat dari rencana yang dimuat, bukan dari berkas resmi.",
    )
    dimuat_pada = models.DateTimeField(auto_now_add=True)
    pemda = _owner()

    class Meta:
        verbose_name = "versi nomenklatur"
        verbose_name_plural = "versi nomenklatur"
        ordering = ["nama"]
        constraints = _unique_per_owner(["nama"], "nomenklatur_versi_nama")

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
    pemda = _owner()

    class Meta:
        verbose_name = "sumber dana"
        verbose_name_plural = "sumber dana"
        ordering = ["kode", "nama"]
        constraints = _unique_per_owner(["kode"], "sumber_dana_kode", condition=~Q(kode=""))

    def __str__(self):
        return self.nama


class AkunBelanja(models.Model):
    """An account of the chart of spending accounts (kode rekening belanja, e.g. 5.1.02)."""

    kode = models.CharField(max_length=30)
    nama = models.TextField()
    keterangan = models.TextField(blank=True)
    dari_rencana = models.BooleanField(default=False)
    pemda = _owner()

    class Meta:
        verbose_name = "akun belanja"
        verbose_name_plural = "akun belanja"
        ordering = ["kode"]
        constraints = _unique_per_owner(["kode"], "akun_belanja_kode")

    def __str__(self):
        return f"{self.kode} {self.nama}"

    @classmethod
    def by_code(cls, codes, pemda):
        """{kode: account} of `codes` as `pemda` sees them; where the nation and the Pemda both have a code, the
        nation's."""
        found = {}
        for account in visible_to(cls.objects.filter(kode__in=set(codes)), pemda).order_by(NATION_FIRST, "pk"):
            found.setdefault(account.kode, account)
        return found


class Satuan(models.Model):
    nama = models.TextField()
    pemda = _owner()

    class Meta:
        verbose_name = "satuan"
        verbose_name_plural = "satuan"
        ordering = ["nama"]
        constraints = _unique_per_owner(["nama"], "satuan_nama")

    def __str__(self):
        return self.nama
