"""The most private text (and files) encrypted at rest: the field types, then what was stored plain."""

import cocreate.encryption.fields
from cocreate.encryption.rotation import migration as encrypt_stored
import cocreate.integration.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('encryption', '0001_initial'),
        ('integration', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='attachment',
            name='key_id',
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=cocreate.encryption.fields.EncryptedFileField(max_length=200, upload_to=cocreate.integration.models._file_path),
        ),
        migrations.AlterField(
            model_name='journalentry',
            name='text',
            field=cocreate.encryption.fields.EncryptedTextField(blank=True, max_length=20000),
        ),
        migrations.AlterField(
            model_name='shiftentry',
            name='text',
            field=cocreate.encryption.fields.EncryptedTextField(blank=True, max_length=4000),
        ),
        # What was stored plain is encrypted now (and stored plain again if this is undone).
        encrypt_stored('integration.ShiftEntry.text', 'integration.JournalEntry.text', 'integration.Attachment.file'),
    ]
