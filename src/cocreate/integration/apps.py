from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "cocreate.integration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.integration import panels, subscribers  # noqa: F401  (they register themselves)
