from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "renja.plans"
    verbose_name = "Renstra dan Renja"
