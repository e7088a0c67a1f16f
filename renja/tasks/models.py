from django.db import models


class ProducedDocument(models.Model):
    """One download of a plan (a Renja document or its Laporan Evaluasi, in one format) as made, or being
    made, by a background task from one data version (renja/tasks/documents.py)."""

    class Jenis(models.TextChoices):
        RENJA = "renja", "Dokumen Renja"
        EVALUASI = "evaluasi", "Laporan Evaluasi Hasil Renja"

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu"
        BERJALAN = "berjalan", "Sedang disusun"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    renja = models.ForeignKey("plans.Renja", on_delete=models.CASCADE, related_name="dokumen_dihasilkan")
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    format = models.CharField(max_length=5)
    versi_data = models.PositiveBigIntegerField()  # renja.plans.versions.checked when requested
    # Evaluation reports also read realisation (which raises the data version too): its digest ("" for renja).
    versi_realisasi = models.CharField(max_length=64, blank=True, default="")
    berkas = models.CharField(max_length=300, blank=True, default="")  # relative to settings.RENJA_DOCUMENTS
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    kemajuan = models.PositiveSmallIntegerField(default=0)  # 0–100
    langkah = models.CharField(max_length=200, blank=True, default="")
    galat = models.TextField(blank=True, default="")  # why it failed, in Indonesian
    task_id = models.CharField(max_length=64, blank=True, default="")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diperbarui_pada = models.DateTimeField(auto_now=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "dokumen dihasilkan"
        verbose_name_plural = "dokumen dihasilkan"
        constraints = [
            # one row per document and data: a second click while it runs finds the running one
            models.UniqueConstraint(fields=["renja", "jenis", "format", "versi_data", "versi_realisasi"],
                                    name="dokumen_sekali_per_versi"),
        ]

    def __str__(self):
        return f"{self.renja} {self.jenis} {self.format} (versi data {self.versi_data}): {self.status}"


class PlanImport(models.Model):
    """A plan file uploaded in the app (renja/exchange/imports.py): read and previewed by one background task,
    loaded by another once the user confirms. The file is kept under settings.RENJA_IMPORTS."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu"
        BERJALAN = "berjalan", "Sedang dibaca"
        PRATINJAU = "pratinjau", "Siap ditinjau"
        MEMUAT = "memuat", "Sedang dimuat"
        DIMUAT = "dimuat", "Dimuat"
        GAGAL = "gagal", "Gagal"

    perangkat_daerah = models.ForeignKey("organizations.PerangkatDaerah", on_delete=models.CASCADE,
                                         related_name="unggahan_renja")
    tahun = models.PositiveSmallIntegerField()
    tahap = models.CharField(max_length=16)
    pagu_kolom = models.CharField("kolom pagu n", max_length=60, blank=True, default="")
    nama_berkas = models.CharField("nama berkas asli", max_length=255)
    berkas = models.CharField(max_length=300)  # relative to settings.RENJA_IMPORTS
    ukuran = models.PositiveBigIntegerField(default=0)
    diunggah_oleh = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    kemajuan = models.PositiveSmallIntegerField(default=0)  # 0–100
    langkah = models.CharField(max_length=200, blank=True, default="")
    pratinjau = models.JSONField(null=True, blank=True)  # renja.exchange.imports.preview
    galat = models.TextField(blank=True, default="")  # why it failed, one reason per line, in Indonesian
    renja = models.ForeignKey("plans.Renja", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    task_id = models.CharField(max_length=64, blank=True, default="")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "unggahan Renja"
        verbose_name_plural = "unggahan Renja"

    def __str__(self):
        return f"{self.nama_berkas} → {self.perangkat_daerah} {self.tahun} {self.tahap}: {self.status}"

    @property
    def waiting(self):
        return self.status in (self.Status.MENUNGGU, self.Status.BERJALAN, self.Status.MEMUAT)


class ProducedRkpd(models.Model):
    """One download of a Pemda's compiled RKPD for a year (and a stage, or every PD's latest), in one format, as
    made or being made by a background task (renja/tasks/rkpd.py) from the data versions of the Pemda's PDs."""

    Status = ProducedDocument.Status

    pemda = models.ForeignKey("organizations.Pemda", on_delete=models.CASCADE, related_name="rkpd_dihasilkan")
    tahun = models.PositiveSmallIntegerField()
    tahap = models.CharField(max_length=16, blank=True, default="")  # "": each PD's latest stage
    format = models.CharField(max_length=5)
    versi_data = models.CharField(max_length=64)  # a digest of the PDs' data versions of the year when requested
    berkas = models.CharField(max_length=300, blank=True, default="")  # relative to settings.RENJA_DOCUMENTS
    status = models.CharField(max_length=10, choices=ProducedDocument.Status.choices,
                              default=ProducedDocument.Status.MENUNGGU)
    kemajuan = models.PositiveSmallIntegerField(default=0)  # 0–100
    langkah = models.CharField(max_length=200, blank=True, default="")
    galat = models.TextField(blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diperbarui_pada = models.DateTimeField(auto_now=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "RKPD terhimpun dihasilkan"
        verbose_name_plural = "RKPD terhimpun dihasilkan"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "tahap", "format", "versi_data"],
                                    name="rkpd_sekali_per_versi"),
        ]

    def __str__(self):
        return f"RKPD {self.pemda} {self.tahun} {self.tahap or 'terakhir'} {self.format}: {self.status}"
