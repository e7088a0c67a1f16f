from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "renja.audit"
    label = "audit"
    verbose_name = "Log aktivitas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (connects the recorders)
