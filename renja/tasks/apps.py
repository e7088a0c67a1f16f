from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "renja.tasks"
    label = "renja_tasks"  # "tasks" alone is too generic beside django_tasks
    verbose_name = "Tugas latar"
