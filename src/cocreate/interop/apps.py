from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "cocreate.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.interop import panels  # noqa: F401
