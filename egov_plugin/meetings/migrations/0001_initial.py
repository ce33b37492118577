import django.db.models.deletion
import django.utils.timezone
import egov_plugin.meetings.models
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('egov_people', '0003_search_indexes'),
        ('wagtaildocs', '0014_alter_document_file_size'),
    ]

    operations = [
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body_id', models.PositiveBigIntegerField(verbose_name='body that met')),
                ('starts_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='date and time')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('other_attendees', models.CharField(blank=True, help_text='Guests who are not members, e.g. district office staff.', max_length=500, verbose_name='other attendees')),
                ('agenda', models.TextField(blank=True, verbose_name='agenda')),
                ('minutes', wagtail.fields.RichTextField(blank=True, verbose_name='minutes')),
                ('decisions', models.TextField(blank=True, verbose_name='decisions')),
                ('minutes_text', models.TextField(blank=True, editable=False, verbose_name='minutes (plain text)')),
                ('is_demo', models.BooleanField(default=False, editable=False, verbose_name='demo data')),
                ('attendees', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='meetings_attended', to='egov_people.person', verbose_name='attendees')),
                ('body_type', models.ForeignKey(limit_choices_to=egov_plugin.meetings.models.registered_body_kinds, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='kind of body')),
            ],
            options={
                'verbose_name': 'meeting',
                'verbose_name_plural': 'meetings',
                'ordering': ['-starts_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='MeetingAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('title', models.CharField(blank=True, help_text="Defaults to the document's title.", max_length=250, verbose_name='title')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtaildocs.document', verbose_name='document')),
                ('meeting', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='egov_meetings.meeting', verbose_name='meeting')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['body_type', 'body_id'], name='egov_meeting_body'),
        ),
    ]
