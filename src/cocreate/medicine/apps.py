from django.apps import AppConfig


class MedicineConfig(AppConfig):
    name = "cocreate.medicine"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.medicine import panels  # noqa: F401  (it registers itself)
