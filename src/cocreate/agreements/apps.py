from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cocreate.agreements"

    def ready(self) -> None:
        from cocreate.agreements import panels, subscribers  # noqa: F401 - registers panels, waiting items, events
