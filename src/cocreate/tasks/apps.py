from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cocreate.tasks"
    label = "cocreate_tasks"  # "tasks" alone is too likely a name for another app's label
