from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "renja.plans"
    verbose_name = "Renstra dan Renja"

    def ready(self):
        from . import signals, sources

        signals.connect()
        sources.connect()
