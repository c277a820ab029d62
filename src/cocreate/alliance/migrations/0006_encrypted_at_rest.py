"""The most private text (and files) encrypted at rest: the field types, then what was stored plain."""

import cocreate.encryption.fields
from cocreate.encryption.rotation import migration as encrypt_stored
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('encryption', '0001_initial'),
        ('alliance', '0005_feedback_cadence'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reflectionentry',
            name='text',
            field=cocreate.encryption.fields.EncryptedTextField(max_length=12000),
        ),
        # What was stored plain is encrypted now (and stored plain again if this is undone).
        encrypt_stored('alliance.ReflectionEntry.text'),
    ]
