from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cocreate.inbox"

    def ready(self) -> None:
        from cocreate.inbox import subscribers  # noqa: F401 - tells people about their sessions
