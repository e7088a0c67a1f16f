from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "renja.reference"
    verbose_name = "Data Referensi"
