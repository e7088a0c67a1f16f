from django.apps import AppConfig


class RenstraConfig(AppConfig):
    name = "renja.renstra"
    verbose_name = "Matriks Renstra"
