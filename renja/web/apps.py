from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "renja.web"
    verbose_name = "Aplikasi web"
