from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "renja.opendata"
    verbose_name = "Data terbuka"
