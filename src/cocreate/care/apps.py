from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "cocreate.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cocreate.care import panels  # noqa: F401 - registers care's own sections and waiting items
