"""Give every existing practice the shipped library topics it does not have yet (new practices get them on creation)."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    # The texts come from the code, but are written with the historical model: only fields that exist here.
    from cocreate.library.content import SHIPPED

    Practice = apps.get_model("accounts", "Practice")
    Topic = apps.get_model("library", "Topic")
    now = timezone.now()
    for practice in Practice.objects.all():
        existing = set(Topic.objects.filter(practice=practice).values_list("slug", flat=True))
        Topic.objects.bulk_create(
            [Topic(practice=practice, created=now, updated=now, **t.row()) for t in SHIPPED if t.slug not in existing],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("library", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
