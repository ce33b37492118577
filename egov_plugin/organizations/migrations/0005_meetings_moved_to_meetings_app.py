"""The meetings live in egov_plugin.meetings now: its 0002 has copied them, so the old tables
go."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('egov_organizations', '0004_private_media'),
        ('egov_meetings', '0002_copy_from_organizations'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='meetingattachment',
            name='meeting',
        ),
        migrations.RemoveField(
            model_name='meetingattachment',
            name='document',
        ),
        migrations.DeleteModel(
            name='Meeting',
        ),
        migrations.DeleteModel(
            name='MeetingAttachment',
        ),
    ]
