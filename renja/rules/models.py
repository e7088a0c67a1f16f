from django.db import models


class StoredCheck(models.Model):
    """The findings of one plan as the checker gave them for one data version (renja/rules/stored.py)."""

    renja = models.OneToOneField("plans.Renja", on_delete=models.CASCADE, related_name="pemeriksaan")
    versi_data = models.PositiveBigIntegerField()
    versi_aturan = models.CharField("versi aturan", max_length=40)  # a digest of the checker's own code
    temuan = models.JSONField(default=list)
    temuan_evaluasi = models.JSONField(default=dict)  # {tahun: findings of the evaluation rules on that year}
    dihitung_pada = models.DateTimeField(auto_now=True)
    lama_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "hasil pemeriksaan"
        verbose_name_plural = "hasil pemeriksaan"

    def __str__(self):
        return f"{self.renja}: {len(self.temuan)} temuan (versi data {self.versi_data})"
