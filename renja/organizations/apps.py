from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "renja.organizations"
    verbose_name = "Pemerintah Daerah dan Perangkat Daerah"
