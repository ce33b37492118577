"""Meetings of a body (any registered body kind: see :mod:`egov_plugin.people.body_kinds`),
with their minutes and attached documents."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultipleChooserPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.rich_text import get_text_for_indexing

from egov_plugin.people.body_kinds import body_kind_for, get_body_kinds
from egov_plugin.people.models import Person


def registered_body_kinds():
    """``limit_choices_to`` of a meeting's body type: the registered kinds of body."""
    condition = Q(pk__in=[])
    for kind in get_body_kinds():
        app_label, model = kind.model.split(".", 1)
        condition |= Q(app_label=app_label, model=model.lower())
    return condition


def _content_type(model):
    return ContentType.objects.get_for_model(model)


class MeetingQuerySet(models.QuerySet):
    """Meetings looked up by their body, whatever its kind."""

    def for_body(self, body):
        """The meetings of ``body`` (an organization, a committee …)."""
        return self.filter(body_type=_content_type(body), body_id=body.pk)

    def for_bodies(self, bodies):
        """The meetings of the bodies of a queryset (all of one kind)."""
        return self.filter(body_type=_content_type(bodies.model), body_id__in=bodies.values("pk"))

    def of_kind(self, kind):
        """The meetings of every body of ``kind`` (a :class:`BodyKind`)."""
        return self.filter(body_type=_content_type(kind.model_class))

    def visible_to(self, user):
        """The meetings of the kinds of body ``user`` may see (committee staff see committees'
        meetings, organization staff organizations', administrators all)."""
        types = [_content_type(kind.model_class) for kind in get_body_kinds(user)]
        return self.filter(body_type__in=types)


class Meeting(ClusterableModel):
    """A meeting of one body (of any registered kind), with its minutes."""

    body_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of body"),
        on_delete=models.PROTECT,
        limit_choices_to=registered_body_kinds,
        related_name="+",
    )
    body_id = models.PositiveBigIntegerField(_("body that met"))
    body = GenericForeignKey("body_type", "body_id")
    starts_at = models.DateTimeField(_("date and time"), default=timezone.now, db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = ParentalManyToManyField(
        Person, verbose_name=_("attendees"), blank=True, related_name="meetings_attended"
    )
    other_attendees = models.CharField(
        _("other attendees"),
        max_length=500,
        blank=True,
        help_text=_("Guests who are not members, e.g. district office staff."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = RichTextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # The minutes without their HTML, kept in step by save(): searching the rich text itself
    # would match tag names and entities (a search for "strong" or "amp").
    minutes_text = models.TextField(_("minutes (plain text)"), blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = MeetingQuerySet.as_manager()

    # The viewset puts the body's fields (one per kind) first and uses forms.MeetingForm: both
    # follow the body kinds registered when the admin is first used.
    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("place")]),
        FieldPanel("attendees"),
        FieldPanel("other_attendees"),
        FieldPanel("agenda"),
        FieldPanel("minutes"),
        FieldPanel("decisions"),
        MultipleChooserPanel(
            "attachments",
            chooser_field_name="document",
            heading=_("Attachments"),
            label=_("Attachment"),
        ),
    ]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["body_type", "body_id"], name="egov_meeting_body")]

    def __str__(self):
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        return f"{local:%Y-%m-%d %H:%M} {self.body}" if local else str(self.body)

    @property
    def body_kind(self):
        """The :class:`~egov_plugin.people.body_kinds.BodyKind` of the body that met."""
        return body_kind_for(self.body_type.model_class()) if self.body_type_id else None

    def clean(self):
        # Whether a body is chosen at all is the form's to say (on the field the user has);
        # here only that it is of a registered kind.
        if self.body_type_id and self.body_kind is None:
            raise ValidationError(_("A meeting belongs to a body of a registered kind."))

    def save(self, *args, **kwargs):
        self.minutes_text = get_text_for_indexing(self.minutes or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "minutes" in update_fields:
            kwargs["update_fields"] = {*update_fields, "minutes_text"}
        super().save(*args, **kwargs)


class MeetingAttachment(Orderable):
    """A document attached to a meeting (agenda papers, the signed minutes, photos of boards)."""

    meeting = ParentalKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=250, blank=True, help_text=_("Defaults to the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or (self.document.title if self.document_id else "")


def delete_meetings_of(sender, instance, **kwargs):
    """``pre_delete`` of each body kind's model: a body's meetings go with it (the foreign
    keys did this before the generic relation)."""
    Meeting.objects.for_body(instance).delete()
