"""Anonymizing opinions and removing people when the law says their data must go.

What an anonymized opinion keeps and loses
    It loses the name, mobile number, e-mail address, the link to the person, the IP address
    and the duplicate-detection key (all of which identify someone). It keeps its text, stance,
    channel, status, answer and dates, and the snapshot of gender, age band and neighbourhood:
    these are what the consultation's analysis and its published record are made of, and none
    identifies a person on its own.

Who is removed by the retention run
    A person whose newest consent to the collection of personal data (``personal_data``) was
    withdrawn, or who left the e-communication subscription, and who is in no registered group
    (not a current subscriber, committee member or organization member). Their row goes with
    what hangs on it (consent history, the left subscription, message deliveries, expert
    invitations). Their opinions stay, each with the personal data given with it, until the
    opinion's own retention ends (``EGOV_OPINION_RETENTION_YEARS`` after the consultation
    closed): they were given under that consultation's consent and are part of its record.
    What stays about them is the audit log (the person's number, masked summaries), which
    the law requires to be kept, and the count in the run's audit event.
"""

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from egov_plugin.consultations.lookups import consultation_page_models
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.models import retention_cutoff
from egov_plugin.people.groups import get_groups
from egov_plugin.people.models import ConsentRecord, Person

#: Fields of an opinion that identify its author, and what they become.
ANONYMIZED = {
    "name": "",
    "mobile": "",
    "email": "",
    "person": None,
    "ip_address": None,
    "contact_key": "",
}


def identifiable(opinions):
    """The opinions that still carry any personal data."""
    return opinions.filter(
        ~Q(name="") | ~Q(mobile="") | ~Q(email="") | Q(person__isnull=False)
        | Q(ip_address__isnull=False)
    )  # fmt: skip


def anonymize(opinions):
    """Clear the personal data of ``opinions`` (a queryset); returns how many changed.

    One UPDATE (``Opinion.save()`` would rebuild ``contact_key`` from the cleared contacts
    anyway); the consultation's counts and breakdowns do not change.
    """
    return identifiable(opinions).update(**ANONYMIZED)


def expired_opinions(now=None, years=None):
    """Opinions on consultations closed more than ``years`` (default
    ``EGOV_OPINION_RETENTION_YEARS``) ago that still carry personal data."""
    from egov_plugin.core.conf import egov_settings

    years = egov_settings.OPINION_RETENTION_YEARS if years is None else years
    cutoff = retention_cutoff(years, now)
    closed_pages = Q()
    for model in consultation_page_models():
        closed_pages |= Q(page__in=model.objects.filter(closes_at__lt=cutoff).values("pk"))
    if not closed_pages:
        return Opinion.objects.none()
    return identifiable(Opinion.objects.filter(closed_pages))


def withdrawn_people():
    """People who withdrew consent (see the module docstring) and are in no group."""
    newest_personal_data = ConsentRecord.objects.filter(
        person=OuterRef("pk"), channel=ConsentRecord.Channel.PERSONAL_DATA
    ).order_by("-recorded_at", "-pk")
    people = Person.objects.annotate(
        personal_data_consent=Subquery(newest_personal_data.values("granted")[:1])
    ).filter(Q(personal_data_consent=False) | Q(subscriber__withdrawn_at__isnull=False))
    for group in get_groups():
        people = people.exclude(group.exists())
    return people


@transaction.atomic
def remove_people(people):
    """Delete ``people`` (a queryset) and what hangs on them; returns the removed numbers."""
    pks = list(people.values_list("pk", flat=True))
    Person.objects.filter(pk__in=pks).delete()
    return pks


def run(*, dry_run=False, now=None):
    """One retention run; returns ``{"opinions": n, "people": n, "removed_people": [ids]}``."""
    now = now or timezone.now()
    opinions = expired_opinions(now)
    people = withdrawn_people()
    if dry_run:
        return {"opinions": opinions.count(), "people": people.count(), "removed_people": []}
    with transaction.atomic():
        anonymized = anonymize(opinions)
        removed = remove_people(people)
    return {"opinions": anonymized, "people": len(removed), "removed_people": removed}
