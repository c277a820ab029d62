from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "cocreate.reminders"
    label = "reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.reminders import panels  # noqa: F401 - the practice home's link to its reminder times
