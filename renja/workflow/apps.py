from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "renja.workflow"
    verbose_name = "Alur kerja"
