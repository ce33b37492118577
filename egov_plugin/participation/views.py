"""내 참여: a resident proves their number (or address) and sees their own records.

Every response is personal (no-store, no referrer to other sites); nothing shows without a proof
held in the session (:mod:`.proof`); every showing of the records is one audit event of the
person's own access (no staff actor, ``data.own_access``); code requests go through the
verification's limits (a cool-down per number, hourly limits per number and per IP address).
"""

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov_plugin.core import audit
from egov_plugin.core.personal import personal_page
from egov_plugin.core.text import mask_email, mask_phone
from egov_plugin.core.verification import VerificationError, request_code
from egov_plugin.people import consent as consent_records

from . import proof as proofs
from .forms import PURPOSE, CodeForm, PhoneForm
from .records import WITHDRAWABLE, find_person, gather

PENDING_KEY = "egov_my_participation_pending"
#: Refusals of a code request that mean "not now": 429, the others 400.
TOO_MANY = {"cooldown", "phone_limit", "ip_limit"}


def _render(request, template, context, status=200):
    return TemplateResponse(request, f"egov_participation/{template}", context, status=status)


def _masked(proof):
    return mask_phone(proof.value) if proof.kind == proofs.MOBILE else mask_email(proof.value)


def _url(name):
    from django.urls import reverse

    return reverse(f"egov_participation:{name}")


@personal_page
def mine(request):
    """The start page (the number to prove) or, once proved, the resident's own records."""
    proof = proofs.current(request)
    if proof is not None and request.method == "GET":
        return _overview(request, proof)
    if request.method == "POST":
        return _send_code(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return _render(request, "start.html", {"form": PhoneForm()})


def _send_code(request):
    form = PhoneForm(request.POST, ip=audit.client_ip(request))
    if not form.is_valid():
        refusal = form.refusal
        status = 429 if refusal in TOO_MANY else 503 if refusal == "send_failed" else 400
        return _render(request, "start.html", {"form": form}, status=status)
    request.session[PENDING_KEY] = form.cleaned_data["phone"]
    return redirect(_url("code"))


@personal_page
def code(request):
    """The code sent to the number: right, and the records open for a short time."""
    phone = request.session.get(PENDING_KEY)
    if not phone:
        return redirect(_url("mine"))
    context = {"masked_phone": mask_phone(phone), "form": CodeForm(phone=phone)}
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            request_code(phone, PURPOSE, ip=audit.client_ip(request))
            context["notice"] = _("A new code was sent.")
        except VerificationError as exc:
            context["resend_error"] = exc.message
            return _render(request, "code.html", context, status=429)
        return _render(request, "code.html", context)
    if request.method == "POST":
        form = context["form"] = CodeForm(request.POST, phone=phone)
        if form.is_valid():
            request.session.pop(PENDING_KEY, None)
            proofs.remember(request, proofs.MOBILE, phone)
            return redirect(_url("mine"))
        return _render(request, "code.html", context, status=400)
    return _render(request, "code.html", context)


@personal_page
def link(request, token):
    """The signed link of a confirmation mail: it proves the address the mail went to."""
    from egov_plugin.consultations.models import Opinion

    try:
        pk = proofs.read_link_token(token)
    except proofs.BadLink:
        return _render(request, "link_error.html", {}, status=403)
    email = Opinion.objects.filter(pk=pk).values_list("email", flat=True).first()
    if not email:  # the opinion is gone or was anonymized: the link proves nothing any more
        return _render(request, "link_error.html", {}, status=403)
    proofs.remember(request, proofs.EMAIL, email.lower())
    return redirect(_url("mine"))


def _overview(request, proof):
    records = gather(proof)
    audit.record(
        request,
        audit.Action.VIEW,
        obj=records.person,
        summary=_("My participation: the person viewed their own records (proved by %(how)s)")
        % {"how": _("SMS code") if proof.kind == proofs.MOBILE else _("e-mail link")},
        reason=_("Own access (my participation)"),
        data={
            "own_access": True,
            "proved_by": proof.kind,
            "opinions": [o.pk for o in records.opinions],
            "ballots": [b.pk for b in records.ballots],
            "consents": len(records.consents),
        },
    )
    context = {
        "records": records,
        "proof": proof,
        "masked_contact": _masked(proof),
        "minutes_left": max(1, proof.seconds_left // 60),
        "notice": request.session.pop("egov_my_participation_notice", ""),
    }
    return _render(request, "mine.html", context)


def _proved_or_start(request):
    proof = proofs.current(request)
    if proof is None:
        return None, redirect(_url("mine"))
    return proof, None


@personal_page
@require_POST
def withdraw_consent(request):
    """Withdraw one standing consent of the proved person."""
    proof, refusal = _proved_or_start(request)
    if refusal:
        return refusal
    channel = request.POST.get("channel", "")
    person = find_person(proof)
    standing = (
        consent_records.current(person, channel) if person and channel in WITHDRAWABLE else None
    )
    if standing is None or not standing.granted:
        return _render(
            request, "refused.html", {"message": _("There is no such consent to withdraw.")}, 400
        )
    record = consent_records.withdraw(person, channel, source="내 참여")
    audit.record(
        request,
        audit.Action.EDIT,
        obj=person,
        summary=_("My participation: the person withdrew their consent (%(channel)s)")
        % {"channel": record.get_channel_display()},
        reason=_("Own access (my participation)"),
        data={"own_access": True, "consent_withdrawn": channel, "consent_record": record.pk},
    )
    request.session["egov_my_participation_notice"] = _(
        "Your consent was withdrawn: %(channel)s."
    ) % {"channel": record.get_channel_display()}
    return redirect(_url("mine"))


@personal_page
@require_POST
def request_deletion(request):
    """File a deletion request (개인정보의 삭제 요구) for staff to carry out, once."""
    from egov_plugin.privacy.models import DeletionRequest

    proof, refusal = _proved_or_start(request)
    if refusal:
        return refusal
    records = gather(proof)
    if records.person is None and not records.opinions:
        return _render(
            request, "refused.html", {"message": _("We hold no records for this contact.")}, 400
        )
    if not records.open_deletion_request:
        by_sms = proof.kind == proofs.MOBILE
        deletion = DeletionRequest.objects.create(
            requester_name=(records.name or _("(no name)"))[:100],
            requester_contact=proof.value,
            person=records.person,
            verification=(
                DeletionRequest.Verification.SMS_CODE
                if by_sms
                else DeletionRequest.Verification.OTHER
            ),
            verification_note=_("My participation: code sent by SMS")
            if by_sms
            else _("My participation: signed link sent to the e-mail address"),
            received_by_label="내 참여",
        )
        audit.record(
            request,
            audit.Action.CREATE,
            obj=deletion,
            person=records.person,
            summary=_("My participation: the person asked for their personal data to be deleted"),
            reason=_("Own access (my participation)"),
            data={"own_access": True, "deletion_request": deletion.pk},
        )
    request.session["egov_my_participation_notice"] = _(
        "Your deletion request was received. The department will carry it out within 10 days "
        "and tell you."
    )
    return redirect(_url("mine"))


@personal_page
@require_POST
def leave(request):
    """End 내 참여 in this browser now."""
    proofs.forget(request)
    request.session.pop(PENDING_KEY, None)
    return redirect(_url("mine"))
