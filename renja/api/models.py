"""Personal API tokens: a user's key for scripts and other systems. Only a digest is stored; the token itself
is shown once, when it is made (renja/api/tokens.py)."""

from django.conf import settings
from django.db import models


class TokenApi(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="token_api")
    nama = models.CharField("nama / keperluan", max_length=100, blank=True)
    awalan = models.CharField("awalan", max_length=12, help_text="Awal token, untuk mengenalinya.")
    sidik = models.CharField("sidik SHA-256", max_length=64, unique=True, editable=False)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    terakhir_dipakai = models.DateTimeField(null=True, blank=True)
    dicabut_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-dibuat_pada", "-id"]

    def __str__(self):
        return f"{self.awalan}… ({self.user})"

    @property
    def aktif(self):
        return self.dicabut_pada is None
