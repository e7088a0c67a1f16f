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
    versi_data = models.PositiveBigIntegerField()  # renja.plans.versions.current when requested
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
