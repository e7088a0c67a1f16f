from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "renja.monitoring"
    verbose_name = "Evaluasi dan Realisasi"
