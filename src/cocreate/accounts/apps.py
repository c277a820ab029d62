from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cocreate.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.accounts import backends  # noqa: F401 - a saved person leaves the cache (its receivers)
