from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cocreate.measures"

    def ready(self) -> None:
        from cocreate.measures import panels, registry, subscribers  # noqa: F401 - registers the definition
        # files' system check, the panels and waiting items, and the event subscribers
