from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "renja.rules"
    verbose_name = "Pemeriksaan"
