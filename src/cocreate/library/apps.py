from django.apps import AppConfig


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cocreate.library"

    def ready(self) -> None:
        from cocreate.library import panels, subscribers  # noqa: F401 - registers panels, waiting items, events
