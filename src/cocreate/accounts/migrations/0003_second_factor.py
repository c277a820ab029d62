# A practice's requirement of a second factor for its staff, and the record of second-factor changes.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_time_zones'),
    ]

    operations = [
        migrations.AddField(
            model_name='practice',
            name='second_factor_required',
            field=models.BooleanField(default=True, verbose_name='second factor required for staff'),
        ),
        migrations.CreateModel(
            name='SecondFactorEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('app_added', 'Authenticator app set up'), ('passkey_added', 'Passkey added'), ('removed', 'Second factor removed'), ('codes_made', 'New recovery codes made'), ('code_used', 'Recovery code used to sign in'), ('reset', 'Second factor reset by a practice admin'), ('required_on', 'Second factor required for staff'), ('required_off', 'Second factor no longer required for staff')], max_length=20)),
                ('detail', models.CharField(blank=True, max_length=200)),
                ('created', models.DateTimeField(default=django.utils.timezone.now)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('practice', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.practice')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ('-created', '-pk'),
            },
        ),
    ]
