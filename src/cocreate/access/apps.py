from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "cocreate.access"
    label = "access"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.access import emergency_panels  # noqa: F401 - the banner, the client's notice, the links
