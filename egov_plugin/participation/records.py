"""What 내 참여 shows: the records of the proved contact, and nothing of anyone else.

Which opinions are "mine" (decision 55 in docs/concepts/decisions.md)
    The opinions **linked to the person** whose number (or address) was proved, and the opinions
    **given with that very number or address**, whether or not the sender proved it then. The
    second kind is shown to the holder of the contact but is *not linked* to their registry
    record: :mod:`egov_plugin.people.linking` keeps its rule (only a contact proved at the time
    links). The holder of a number is the one person who can prove it now, and the deletion
    request already treats such opinions as theirs (``privacy.deletion``), so they must be able
    to see what they would ask to delete. Opinions whose personal data was anonymized carry no
    contact and no person any more: they are nobody's.

Budget-vote receipts need a proved mobile number: a ballot keeps only the keyed hash of the
number, which is compared, never reversed. Consents are those of the linked person.

:func:`gather` makes a fixed number of queries, whatever the number of opinions or ballots.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

from egov_plugin.consultations.lookups import consultation_page_models
from egov_plugin.consultations.models import Opinion
from egov_plugin.people.models import ConsentRecord, Person

from .proof import EMAIL, MOBILE


@dataclass
class MyRecords:
    """Everything 내 참여 shows for one proof."""

    person: Person | None
    opinions: list = field(default_factory=list)
    ballots: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    #: ``{channel: newest ConsentRecord}`` for the channels whose consent stands (withdrawable).
    standing: dict = field(default_factory=dict)
    open_deletion_request: bool = False

    @property
    def name(self):
        """The name to address the resident by (the registry's, else the newest opinion's)."""
        if self.person is not None and self.person.name:
            return self.person.name
        return next((o.name for o in self.opinions if o.name), "")


def find_person(proof):
    """The registry person of the proved contact (the linking rule's look-up), or ``None``."""
    if proof.kind == MOBILE:
        return Person.objects.filter(mobile=proof.value).first()
    if proof.kind == EMAIL:
        return Person.objects.find_match(email=proof.value)
    return None


def opinions_q(proof, person):
    """The ``Q`` of the proved contact's opinions (see the module's rule)."""
    condition = Q(mobile=proof.value) if proof.kind == MOBILE else Q(email__iexact=proof.value)
    if person is not None:
        condition |= Q(person=person)
    return condition


def _opinions(proof, person):
    opinions = list(
        Opinion.objects.filter(opinions_q(proof, person))
        .select_related("region")
        .order_by("-created_at", "-pk")
    )
    # The consultations, one query per consultation page model (usually one): title, address,
    # status and outcome of each, without a query per opinion.
    ids = {o.page_id for o in opinions}
    pages = {}
    for model in consultation_page_models():
        if not ids:
            break
        for page in model.objects.filter(pk__in=ids):
            pages[page.pk] = page
            ids.discard(page.pk)
    for opinion in opinions:
        opinion.consultation = pages.get(opinion.page_id)
    return opinions


def _ballots(proof):
    if proof.kind != MOBILE or not apps.is_installed("egov_plugin.budgeting"):
        return []
    from egov_plugin.budgeting.models import Ballot
    from egov_plugin.budgeting.voting import format_receipt, phone_hash

    ballots = list(
        Ballot.objects.filter(phone_hash=phone_hash(proof.value))
        .select_related("page", "region")
        .prefetch_related("projects")
        .order_by("-cast_at")
    )
    for ballot in ballots:
        ballot.receipt = format_receipt(ballot.receipt_code)
    return ballots


def _open_deletion_request(proof, person):
    if not apps.is_installed("egov_plugin.privacy"):
        return False
    from egov_plugin.privacy.models import DeletionRequest

    condition = Q(requester_contact=proof.value)
    if person is not None:
        condition |= Q(person=person)
    return DeletionRequest.objects.filter(condition, status=DeletionRequest.Status.OPEN).exists()


def gather(proof):
    """The :class:`MyRecords` of ``proof``."""
    person = find_person(proof)
    records = MyRecords(person=person)
    records.opinions = _opinions(proof, person)
    records.ballots = _ballots(proof)
    if person is not None:
        records.consents = list(person.consents.order_by("-recorded_at", "-pk"))
        for consent in records.consents:  # newest first: the first of a channel is its state
            records.standing.setdefault(consent.channel, consent)
        records.standing = {c: r for c, r in records.standing.items() if r.granted}
    records.open_deletion_request = _open_deletion_request(proof, person)
    return records


#: Channels a resident may withdraw here (every channel a consent is recorded for).
WITHDRAWABLE = tuple(ConsentRecord.Channel.values)
