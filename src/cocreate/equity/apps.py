from django.apps import AppConfig


class EquityConfig(AppConfig):
    name = "cocreate.equity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each part registers its panels, choices and event handlers itself.
        from cocreate.equity import fees_panels, fund_panels, public_panels, subscribers  # noqa: F401
