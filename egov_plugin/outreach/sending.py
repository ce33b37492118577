"""Starting a campaign and sending its deliveries in batches, each message exactly once.

A batch is claimed (committed: the rows carry the batch key and the claim time), sent with no
transaction open, and recorded. A worker killed before it sent anything leaves a claim that
runs out after ``OUTREACH_CLAIM_SECONDS``; one killed after the provider accepted the batch but
before recording it leaves the same. Either way the next run asks the provider which messages
of that batch it already has (``find_accepted``: NHN Cloud by its sender grouping key, SENS by
its request list) and records those as sent; only the rest are sent again. Rows already
recorded are never claimed again. See ``docs/reference/outreach.md`` for what is left.
"""

import datetime
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from egov_plugin.core import public_url
from egov_plugin.core.conf import egov_settings
from egov_plugin.core.sms import SmsMessage, get_backend
from egov_plugin.people.conf import app_settings as people_settings
from egov_plugin.people.models import Person, Region

from . import approval, audience, messages, quiet, rules, shortlinks
from .conf import app_settings
from .models import Campaign, Channel, Delivery

logger = logging.getLogger(__name__)

SAMPLE_NAME = "남궁민수호"  # a long Korean name, for the length check before sending


@dataclass
class Outcome:
    """What happened to one delivery."""

    ok: bool
    provider_id: str = ""
    error: str = ""
    transient: bool = False
    skipped: bool = False
    # The provider may have accepted it (no answer came back): left held, settled later.
    uncertain: bool = False


def check_campaign(campaign, *, now=None):
    """Everything that stops ``campaign`` from starting (``errors``) or deserves a look."""
    now = now or timezone.now()
    result = rules.Check()
    if not campaign.channels:
        result.errors.append(_("Choose SMS, e-mail or both."))
    if not campaign.message.strip():
        result.errors.append(_("Write the message."))
    if campaign.scheduled_at and campaign.scheduled_at < now:
        result.errors.append(
            _("The scheduled time %(when)s has already passed.")
            % {"when": timezone.localtime(campaign.scheduled_at).strftime("%Y-%m-%d %H:%M")}
        )
    if campaign.kind == Campaign.Kind.CONSENT_RENEWAL:
        if "{link}" not in campaign.message:
            result.errors.append(
                _("A consent renewal message must contain {link}: each person's consent page.")
            )
        if not campaign.consent_wording.strip() or not campaign.consent_version.strip():
            result.errors.append(
                _("Enter the consent wording and its version that people will agree to.")
            )
        if not messages.consent_configured():
            result.errors.append(
                _("Consent renewal needs the consent page: include egov_plugin.outreach.urls.")
            )
    if campaign.send_sms:
        if campaign.advertising and not app_settings.OUTREACH_OPTOUT_080:
            result.errors.append(
                _("Advertising SMS need a free opt-out number: set EGOV_OUTREACH_OPTOUT_080.")
            )
        region = max(Region.objects.values_list("name", flat=True), key=len, default="")
        sample = rules.sms_text(
            messages.fill(
                campaign.message,
                name=SAMPLE_NAME,
                region=region,
                link=messages.sample_link(campaign),
            ),
            advertising=campaign.advertising,
        )
        sms = rules.check_sms(sample, campaign.sms_title)
        result.errors += sms.errors
        result.warnings += sms.warnings
    result.errors += _link_problems(campaign, result)
    if campaign.send_email and not messages.unsubscribe_configured():
        result.errors.append(
            _("E-mail needs the unsubscribe page: include egov_plugin.outreach.urls in the site.")
        )
    if campaign.channels and not any(audience.counts(campaign).values()):
        if campaign.kind == Campaign.Kind.CONSENT_RENEWAL:
            result.errors.append(
                _("Nobody in this audience has consent older than %(years)d years to renew.")
                % {"years": people_settings.CONSENT_RENEWAL_YEARS}
            )
        else:
            result.errors.append(
                _("Nobody in this audience has agreed to receive the chosen channels.")
            )
    return result


def _link_problems(campaign, result):
    """Errors (and, added to ``result``, warnings) about the links the campaign would send.

    A loopback public address (``localhost``) stops the start: every resident would get a dead
    link. A private one only warns, as does a site that does not route short links.
    """
    sends_link = "{link}" in campaign.message or campaign.send_email  # e-mail: unsubscribe link
    if not campaign.channels or not sends_link:
        return []
    errors = []
    found = public_url.problem()
    if found is not None:
        level, text = found
        (errors if level == public_url.LOOPBACK else result.warnings).append(text)
    if (
        campaign.send_sms
        and "{link}" in campaign.message
        and campaign.kind != Campaign.Kind.CONSENT_RENEWAL
        and not shortlinks.configured()
    ):
        result.warnings.append(
            _(
                "SMS links are not shortened (the site does not include "
                "egov_plugin.outreach.short_urls at /s/), so the message may go as an LMS."
            )
        )
    return errors


def sample_sms(campaign, *, region=""):
    """The SMS as the longest-named recipient would get it, with the real ``{link}``."""
    return rules.sms_text(
        messages.fill(
            campaign.message, name=SAMPLE_NAME, region=region, link=messages.sample_link(campaign)
        ),
        advertising=campaign.advertising,
    )


def sms_rate(text):
    """``(type, won)`` of one SMS with ``text``: SMS up to 90 bytes, else LMS (an estimate from
    ``EGOV_OUTREACH_COST_SMS`` / ``_LMS``)."""
    kind = rules.message_type(text)
    return kind, (
        app_settings.OUTREACH_COST_SMS if kind == rules.SMS else app_settings.OUTREACH_COST_LMS
    )


def estimated_cost(campaign):
    """``(count per channel, won)``: SMS or LMS by the message's length, e-mail at its rate."""
    counts = audience.counts(campaign)
    won = 0
    if Channel.SMS in counts:
        won += counts[Channel.SMS] * sms_rate(sample_sms(campaign))[1]
    won += counts.get(Channel.EMAIL, 0) * app_settings.OUTREACH_COST_EMAIL
    return counts, won


def send_starts(campaign, *, now=None):
    """``(when, held)``: when the first message would go out if the campaign started at ``now``,
    and whether the quiet period is what holds it (``held``)."""
    now = now or timezone.now()
    when = max(now, campaign.scheduled_at) if campaign.scheduled_at else now
    ends = quiet.quiet_ends(when)
    return ends, ends != when


def can_start(campaign):
    """Whether the campaign's status lets it start (approval is checked by ``start_campaign``)."""
    return campaign.status in (Campaign.Status.DRAFT, Campaign.Status.APPROVED)


def freeze(campaign):
    """Create the campaign's deliveries (at most one per person and channel); returns how many.

    One ``INSERT … SELECT`` per channel: the audience never travels through Python, which is
    what lets 78,785 recipients freeze in a few seconds. ``ON CONFLICT DO NOTHING`` (SQLite and
    PostgreSQL) leaves rows that already exist alone, so freezing again adds no one twice.
    """
    table = connection.ops.quote_name(Delivery._meta.db_table)
    before = Delivery.objects.filter(campaign=campaign).count()
    for channel in campaign.channels:
        field = "mobile" if channel == Channel.SMS else "email"
        people = (
            audience.recipients(campaign, channel)
            .order_by()
            .annotate(chosen_id=F("pk"), chosen_address=F(field))
            .values_list("chosen_id", "chosen_address")
        )
        sql, params = people.query.sql_with_params()
        with connection.cursor() as cursor:
            # Only our table's name and Django's compiled, parametrised query are interpolated.
            cursor.execute(
                f"INSERT INTO {table} (campaign_id, person_id, channel, address, status, reason,"  # noqa: S608
                " attempts, provider_id, claim)"
                " SELECT %s, chosen.chosen_id, %s, chosen.chosen_address, %s, '', 0, '', ''"
                f" FROM ({sql}) chosen WHERE true ON CONFLICT DO NOTHING",
                [campaign.pk, channel, Delivery.Status.QUEUED, *params],
            )
    return Delivery.objects.filter(campaign=campaign).count() - before


def start_campaign(campaign, *, user=None, now=None):
    """Check, freeze the recipients and enqueue the batch tasks; returns the delivery count.

    Raises ``ValidationError`` with every problem found; nothing is stored then.
    """
    if not can_start(campaign):
        raise ValidationError(
            _("A campaign that is %(status)s cannot start.")
            % {"status": campaign.get_status_display()}
        )
    approval.check_start(campaign, user=user)  # four-eyes: a rule of the site, see approval.py
    result = check_campaign(campaign, now=now)
    if result.errors:
        raise ValidationError(result.errors)
    with transaction.atomic():
        claimed = Campaign.objects.filter(pk=campaign.pk, status=campaign.status).update(
            status=Campaign.Status.SENDING, started_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("This campaign has already been started."))
        campaign.refresh_from_db()
        total = freeze(campaign)
    enqueue_batches(campaign)
    return total


def enqueue_batches(campaign, *, run_after=None):
    """One task per channel and range of ``OUTREACH_TASK_SIZE`` queued deliveries."""
    from .tasks import send_batch

    run_after = run_after or campaign.scheduled_at
    task = send_batch
    if run_after and run_after > timezone.now() and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    step = app_settings.OUTREACH_TASK_SIZE
    count = 0
    for channel in campaign.channels:
        bounds = Delivery.objects.filter(
            campaign=campaign, channel=channel, status=Delivery.Status.QUEUED
        ).aggregate(lo=Min("pk"), hi=Max("pk"))
        if bounds["lo"] is None:
            continue
        for lo in range(bounds["lo"], bounds["hi"] + 1, step):
            task.enqueue(campaign.pk, channel, lo, lo + step - 1)
            count += 1
    if count == 0:
        finish_if_done(campaign.pk)
    return count


def pause(campaign):
    """Stop a sending campaign after the batch in progress; ``resume`` continues it."""
    return bool(
        Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.PAUSED
        )
    )


def cancel(campaign):
    """Cancel a campaign that is not done; its queued deliveries are skipped."""
    active = [s for s in Campaign.Status.values if s not in ("done", "cancelled")]
    with transaction.atomic():
        if not Campaign.objects.filter(pk=campaign.pk, status__in=active).update(
            status=Campaign.Status.CANCELLED, finished_at=timezone.now()
        ):
            return False
        Delivery.objects.filter(campaign=campaign, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SKIPPED, reason=_("The campaign was cancelled.")
        )
    return True


def resume(campaign):
    """Enqueue the campaign's queued deliveries again (after a pause, a dead worker, a night)."""
    Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.PAUSED).update(
        status=Campaign.Status.SENDING
    )
    campaign.refresh_from_db()
    if campaign.status != Campaign.Status.SENDING:
        return 0
    return enqueue_batches(campaign, run_after=quiet.quiet_ends(timezone.now()))


def finish_if_done(campaign_id):
    """Mark a sending campaign done once none of its deliveries is queued."""
    if Delivery.objects.filter(campaign_id=campaign_id, status=Delivery.Status.QUEUED).exists():
        return False
    return bool(
        Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.DONE, finished_at=timezone.now()
        )
    )


def _claim_token(now):
    """A new batch key: random, ending in the claim time (hex seconds), 32 characters."""
    return uuid.uuid4().hex[:24] + f"{int(now.timestamp()):08x}"


def claimed_since(token):
    """When the batch ``token`` was first claimed (the time it carries)."""
    return datetime.datetime.fromtimestamp(int(token[-8:], 16), tz=datetime.UTC)


def _range(campaign_id, channel, lo, hi):
    return Delivery.objects.filter(
        campaign_id=campaign_id,
        channel=channel,
        pk__gte=lo,
        pk__lte=hi,
        status=Delivery.Status.QUEUED,
    )


def _lease_cutoff(now):
    return now - datetime.timedelta(seconds=app_settings.OUTREACH_CLAIM_SECONDS)


def claim(campaign_id, channel, lo, hi, now, size):
    """Claim up to ``size`` due queued rows for a new batch; returns ``(token, rows)``.

    The claim is committed before anything is sent: from then on the rows carry the batch key
    ``token`` (which the provider keeps where it can) and the claim time, and no other worker
    takes them until the claim runs out. PostgreSQL skips rows another worker is claiming.
    SQLite has no row locks: the claim is one UPDATE, which takes the database's write lock
    first, so a second worker waits and then finds the rows no longer free.
    """
    free = (
        _range(campaign_id, channel, lo, hi)
        .filter(claim="")
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )
    token = _claim_token(now)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(
                free.order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:size]
            )
            target = Delivery.objects.filter(pk__in=ids, claim="")
        else:
            target = Delivery.objects.filter(pk__in=free.order_by("pk").values("pk")[:size])
        target.update(claim=token, claimed_at=now, attempts=F("attempts") + 1)
    # The id range keeps this read on the primary key (``claim`` has no index of its own).
    rows = list(
        Delivery.objects.filter(pk__gte=lo, pk__lte=hi, claim=token, status=Delivery.Status.QUEUED)
        .select_related("person", "person__region")
        .order_by("pk")
    )
    return token, rows


def take_over_in_doubt(campaign_id, channel, lo, hi, now):
    """Rows of one batch whose claim ran out (its worker died): ``(token, rows)`` or ``None``.

    The batch keeps its key (the provider knows the messages by it); taking it over only
    renews the claim time, in one conditional UPDATE, so one worker at a time checks it.
    """
    cutoff = _lease_cutoff(now)
    stale = _range(campaign_id, channel, lo, hi).exclude(claim="").filter(claimed_at__lt=cutoff)
    token = stale.order_by("pk").values_list("claim", flat=True).first()
    if token is None:
        return None
    with transaction.atomic():
        taken = (
            Delivery.objects.filter(pk__gte=lo, pk__lte=hi, claim=token, claimed_at__lt=cutoff)
            .filter(status=Delivery.Status.QUEUED)
            .update(claimed_at=now)
        )
    if not taken:
        return None
    rows = list(
        Delivery.objects.filter(pk__gte=lo, pk__lte=hi, claim=token, claimed_at=now)
        .filter(status=Delivery.Status.QUEUED)
        .select_related("person", "person__region")
        .order_by("pk")
    )
    return token, rows


def settle_in_doubt(campaign, channel, token, rows, backend, now):
    """Record what the provider already accepted of an in-doubt batch; free the rest.

    Returns ``(accepted, resent)``: how many the provider had (now ``sent``) and how many it
    could not vouch for (queued again, to be sent once more).
    """
    accepted = None
    if channel == Channel.SMS and backend is not None:
        messages_ = [message for _row, message in sms_messages(campaign, rows, token)[1]]
        try:
            accepted = backend.find_accepted(token, messages_, claimed_since(token))
        except Exception:  # noqa: BLE001 - the provider could not be asked: try again later
            logger.warning("Could not check batch %s with the SMS provider", token)
            return 0, 0
    accepted = accepted or {}
    sent = [row for row in rows if str(row.pk) in accepted]
    if sent:
        record(
            sent, {row.pk: Outcome(ok=True, provider_id=accepted[str(row.pk)]) for row in sent},
            now, token,
        )  # fmt: skip
    rest = [row.pk for row in rows if str(row.pk) not in accepted]
    # Freed for the next claim, which counts another attempt (a provider that never answers
    # runs out of attempts like one that errs).
    Delivery.objects.filter(pk__in=rest, claim=token).update(claim="", claimed_at=None)
    return len(sent), len(rest)


def sms_messages(campaign, rows, token):
    """``(skipped, [(row, SmsMessage)])``: rows whose text breaks the rules are skipped."""
    link = messages.campaign_link(campaign, Channel.SMS)
    base = public_url.base_url()
    # The same text with ##field## placeholders, for providers that fill them in per recipient.
    template, used = messages.sms_template(campaign)
    skipped = {}
    outgoing = []
    for row in rows:
        personal = messages.link_for(campaign, row, link, base=base)
        text, title = messages.render_sms(campaign, row.person, personal)
        problems = rules.check_sms(text, title).errors
        if problems:
            skipped[row.pk] = Outcome(ok=False, error=problems[0], skipped=True)
            continue
        fields = messages.template_fields(used, row.person, personal)
        if not template or messages.fill_template(template, fields) != text:
            fields = {}  # a value that looks like a placeholder: send the text as it is
        outgoing.append(
            (
                row,
                SmsMessage(
                    to=row.address,
                    text=text,
                    sender=egov_settings.SMS_SENDER,
                    title=title,
                    reference=str(row.pk),
                    advertising=campaign.advertising,
                    batch=token,
                    template=template if fields else "",
                    fields=fields,
                ),
            )
        )
    return skipped, outgoing


def deliver_sms(campaign, rows, backend, token=""):
    outcomes, outgoing = sms_messages(campaign, rows, token)
    if outgoing:
        sent = [message for _row, message in outgoing]
        try:
            results = backend.send_messages(sent)
        except Exception as exc:  # noqa: BLE001 - any failure of the provider call is transient
            error = _("The provider could not be reached (%(error)s).") % {
                "error": type(exc).__name__
            }
            results = None
        for index, (row, _message) in enumerate(outgoing):
            if results is None:
                # The backend broke off somewhere: part of the batch may have gone out.
                outcomes[row.pk] = Outcome(ok=False, error=error, transient=True, uncertain=True)
                continue
            result = results[index]
            outcomes[row.pk] = Outcome(
                ok=result.ok,
                provider_id=result.provider_id,
                error=result.error,
                transient=bool(result.extra.get("transient")),
                uncertain=bool(result.extra.get("uncertain")),
            )
    return outcomes


def deliver_email(campaign, rows, token=""):
    """Send each e-mail and record it at once: a worker dying mid-batch resends at most one.

    SMTP has no way to ask the server what it accepted, so the window is kept to one message.
    """
    link = messages.campaign_link(campaign, Channel.EMAIL)
    base = public_url.base_url()
    outcomes = {}
    try:
        mail = get_connection()
        mail.open()
    except (OSError, smtplib.SMTPException) as exc:
        outcomes = {
            row.pk: Outcome(ok=False, error=type(exc).__name__, transient=True) for row in rows
        }
        if token:
            record(rows, outcomes, timezone.now(), token)
        return outcomes
    try:
        for row in rows:
            email = messages.render_email(
                campaign,
                row.person,
                messages.link_for(campaign, row, link, base=base),
                connection=mail,
                base=base,
            )
            email.to = [row.address]
            try:
                email.send()
                outcome = Outcome(ok=True)
            except smtplib.SMTPRecipientsRefused:
                outcome = Outcome(ok=False, error=_("The mail server refused the address."))
            except (TimeoutError, OSError, smtplib.SMTPException) as exc:
                outcome = Outcome(ok=False, error=type(exc).__name__, transient=True)
            outcomes[row.pk] = outcome
            if token:
                record([row], {row.pk: outcome}, timezone.now(), token)
    finally:
        try:
            mail.close()
        except (OSError, smtplib.SMTPException):
            pass
    return outcomes


def record(rows, outcomes, now, token=None):
    """Store each row's outcome and free its claim; rows with the same outcome share an UPDATE.

    With ``token``, only rows still held by that batch are written: a batch whose claim ran
    out and was taken over by another worker is that worker's to record.
    """
    groups = {}
    max_attempts = app_settings.OUTREACH_MAX_ATTEMPTS
    for row in rows:
        outcome = outcomes[row.pk]
        if outcome.uncertain and not outcome.ok:
            # Keep the claim: when it runs out the batch is settled with the provider
            # (find_accepted) like one whose worker died, instead of being sent blindly again.
            Delivery.objects.filter(pk=row.pk, claim=token or row.claim).update(
                reason=outcome.error[:300]
            )
            continue
        if outcome.ok:
            values = {
                "status": Delivery.Status.SENT,
                "sent_at": now,
                "reason": "",
                "provider_id": outcome.provider_id[:100],
            }
        elif outcome.skipped:
            values = {"status": Delivery.Status.SKIPPED, "reason": outcome.error[:300]}
        elif outcome.transient and row.attempts < max_attempts:
            delay = app_settings.OUTREACH_RETRY_SECONDS * 2 ** (row.attempts - 1)
            values = {
                "reason": outcome.error[:300],
                "next_attempt_at": now + datetime.timedelta(seconds=delay),
            }
        else:
            values = {"status": Delivery.Status.FAILED, "reason": outcome.error[:300]}
        values["claim"] = ""
        values["claimed_at"] = None
        key = tuple(sorted(values.items()))
        groups.setdefault(key, []).append(row.pk)
    with transaction.atomic():
        for key, ids in groups.items():
            target = Delivery.objects.filter(pk__in=ids)
            if token is not None:
                target = target.filter(claim=token)
            target.update(**dict(key))


def _count(totals, rows, outcomes):
    for row in rows:
        outcome = outcomes[row.pk]
        if outcome.uncertain and not outcome.ok:
            totals["uncertain"] = totals.get("uncertain", 0) + 1
        elif outcome.ok:
            totals["sent"] += 1
        elif outcome.skipped:
            totals["skipped"] += 1
        elif outcome.transient and row.attempts < app_settings.OUTREACH_MAX_ATTEMPTS:
            totals["retry"] += 1
        else:
            totals["failed"] += 1


def send_batch(campaign_id, channel, lo, hi):
    """Send the queued deliveries of one range; returns ``{"sent": n, "failed": n, ...}``.

    Each round claims a batch (committed), sends it without holding a transaction, and records
    the provider's answers. A batch left behind by a dead worker is first checked with the
    provider (``find_accepted``), so what it had accepted is recorded, not sent again.
    """
    campaign = Campaign.objects.select_related("page").get(pk=campaign_id)
    totals = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    backend = get_backend() if channel == Channel.SMS else None
    size = app_settings.OUTREACH_BATCH_SIZE
    lease = app_settings.OUTREACH_CLAIM_SECONDS
    while True:
        now = timezone.now()
        status = Campaign.objects.filter(pk=campaign_id).values_list("status", flat=True).first()
        if status != Campaign.Status.SENDING:
            totals["stopped"] = status
            return totals
        if campaign.scheduled_at and campaign.scheduled_at > now:
            totals["waiting_until"] = campaign.scheduled_at.isoformat()
            return _later(campaign, channel, lo, hi, campaign.scheduled_at, totals)
        if quiet.is_quiet(now):
            return _later(campaign, channel, lo, hi, quiet.quiet_ends(now), totals)
        doubt = take_over_in_doubt(campaign_id, channel, lo, hi, now)
        if doubt is not None:
            accepted, resent = settle_in_doubt(campaign, channel, *doubt, backend, now)
            totals["reconciled"] = totals.get("reconciled", 0) + accepted
            totals["resent_in_doubt"] = totals.get("resent_in_doubt", 0) + resent
            continue
        token, rows = claim(campaign_id, channel, lo, hi, now, size)
        if not rows:
            break
        rows = _drop_unreachable(rows, channel, token, totals)
        if not rows:
            continue
        started = time.monotonic()
        if channel == Channel.SMS:
            # Stop starting provider calls well before the claim runs out and another worker
            # may take the batch over.
            backend.deadline = started + lease * 0.8
            outcomes = deliver_sms(campaign, rows, backend, token)
            record(rows, outcomes, timezone.now(), token)
        else:
            outcomes = deliver_email(campaign, rows, token)
        _count(totals, rows, outcomes)
    remaining = _range(campaign_id, channel, lo, hi)
    waiting = remaining.filter(claim="").aggregate(first=Min("next_attempt_at")).get("first")
    held = remaining.exclude(claim="").aggregate(first=Min("claimed_at")).get("first")
    if held is not None:
        # Another worker holds rows of this range, or held them and died: look again once
        # its claim runs out.
        held += datetime.timedelta(seconds=lease)
        waiting = min(waiting, held) if waiting else held
    if waiting is not None:
        return _later(campaign, channel, lo, hi, waiting, totals)
    finish_if_done(campaign_id)
    return totals


def _drop_unreachable(rows, channel, token, totals):
    """Skip the rows of people who can no longer be reached on ``channel``; return the rest.

    Recipients were frozen when the campaign started; someone who unsubscribed, called the 080
    number or withdrew consent since then — subscriber or member alike — is not sent the
    message. One query per batch, by the rule the audience was chosen with.
    """
    ids = [row.person_id for row in rows]
    still = set(
        audience.reachable(Person.objects.filter(pk__in=ids), channel).values_list("pk", flat=True)
    )
    gone = [row for row in rows if row.person_id not in still]
    if not gone:
        return rows
    outcomes = {
        row.pk: Outcome(
            ok=False,
            skipped=True,
            error=_("Consent was withdrawn or the person opted out after the campaign started."),
        )
        for row in gone
    }
    record(gone, outcomes, timezone.now(), token)
    _count(totals, gone, outcomes)
    return [row for row in rows if row.person_id in still]


def _later(campaign, channel, lo, hi, when, totals):
    """Run this range again at ``when`` if the task backend can wait; otherwise leave it queued.

    Without a deferring backend (the immediate one of tests), ``resume`` or the next run of
    ``egov_outreach_resume`` picks the rows up.
    """
    from .tasks import send_batch as task

    totals["deferred_until"] = when.isoformat()
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(campaign.pk, channel, lo, hi)
    return totals


def progress(campaign):
    """``{status: count}`` of the campaign's deliveries, every status present."""
    from django.db.models import Count

    counts = dict.fromkeys(Delivery.Status.values, 0)
    for row in (
        Delivery.objects.filter(campaign=campaign)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    ):
        counts[row["status"]] = row["n"]
    return counts
