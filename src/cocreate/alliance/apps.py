from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "cocreate.alliance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each part registers its panels, waiting items and event handlers itself.
        from cocreate.alliance import endings_panels, feedback_panels, identity_panels, ruptures_panels  # noqa: F401
