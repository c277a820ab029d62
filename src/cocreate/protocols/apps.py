from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "cocreate.protocols"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.protocols import panels, registry, subscribers  # noqa: F401  (they register themselves)
