"""The resident's voting steps, served by the vote page's routes (see ``BudgetVoteMixin``).

project list → mobile number → SMS code → ballot → receipt; and the public results. Each
refusal is a page that says why, answered with a 4xx status; nothing is stored by a refusal.
From the number on, every step is the voter's own page: never cached (``personal_page``).
"""

import datetime

from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.core.clientip import client_ip
from egov_plugin.core.personal import personal_page
from egov_plugin.core.text import mask_phone
from egov_plugin.core.verification import VerificationError, check_code, request_code

from . import voting
from .conf import app_settings
from .forms import BallotForm, CodeForm, PhoneForm
from .records import Ballot, VotingStatus
from .results import compute_results
from .rules import describe, format_won

SMS_TEMPLATE = _("[Seongdong-gu] Your participatory budget vote code is %(code)s.")

# Refusals of a code request that mean "not now" rather than "wrong input".
_RATE_LIMITED = {"cooldown", "phone_limit", "ip_limit"}


def _url(page, request, route=None):
    # A page being previewed before its first save has no URL yet.
    url = page.get_url(request) or "/"
    return url + page.reverse_subpage(route) if route else url


def _render(request, page, template, status=200, **context):
    context.setdefault("steps", _steps(context.get("step")))
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return voting.ensure_device_cookie(request, response)


def _steps(current):
    names = [
        ("verify", _("Verify")),
        ("ballot", _("Vote")),
        ("receipt", _("Receipt")),
    ]
    keys = [key for key, _label in names]
    position = keys.index(current) if current in keys else -1
    # "done": the steps before the current one (the KRDS step indicator marks them).
    return [
        {"key": key, "label": label, "current": i == position, "done": i < position}
        for i, (key, label) in enumerate(names)
    ]


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _not_open(page):
    if page.voting_status() == VotingStatus.UPCOMING:
        message = _("Voting has not opened yet. It opens on %(when)s.")
        return voting.NotOpen(message % {"when": _when(page.opens_at)})
    return voting.NotOpen(_("Voting closed on %(when)s.") % {"when": _when(page.closes_at)})


def _refused(request, page, refusal, *, title=None, action=None):
    return _render(
        request,
        page,
        "egov_budgeting/refused.html",
        status=refusal.status,
        refusal=refusal,
        refusal_title=title or _("Your ballot cannot be accepted"),
        action=action,
    )


def project_list(request, page):
    """The vote's introduction and projects, with the way in to vote (or to the results)."""
    return _render(
        request,
        page,
        page.get_template(request),
        projects=page.get_projects(),
        vote_status=VotingStatus(page.voting_status()),
        rule_text=describe(page),
        budget_text=format_won(page.total_budget),
        results_public=page.results_are_public(),
        opens_text=_when(page.opens_at),
        closes_text=_when(page.closes_at),
        verify_url=_url(page, request, "verify_route"),
        results_url=_url(page, request, "results_route"),
        has_receipt=bool(voting.receipt_code(request, page)),
        receipt_url=_url(page, request, "receipt_route"),
    )


@personal_page
def verify_phone(request, page):
    """Step 1: the mobile number; a code is sent to it through the SMS backend."""
    if not page.is_open():
        return _refused(request, page, _not_open(page), title=_("Voting is not open"))
    if voting.verified_phone(request, page):
        return redirect(_url(page, request, "ballot_route"))
    form = PhoneForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            try:
                request_code(
                    phone,
                    page.verification_purpose(),
                    ip=client_ip(request),
                    message_template=SMS_TEMPLATE,
                )
            except VerificationError as exc:
                voting.record_code_request(request, page, phone, outcome=exc.code)
                form.add_error("phone", exc.message)
                status = 429 if exc.code in _RATE_LIMITED else 503
            else:
                voting.record_code_request(request, page, phone)
                voting.set_pending(request, page, phone)
                return redirect(_url(page, request, "code_route"))
    return _render(
        request, page, "egov_budgeting/verify_phone.html", status, form=form, step="verify"
    )


@personal_page
def verify_code(request, page):
    """Step 2: the code from the text message (or a new one, after the cool-down)."""
    if not page.is_open():
        return _refused(request, page, _not_open(page), title=_("Voting is not open"))
    phone = voting.pending_phone(request, page)
    if not phone:
        return redirect(_url(page, request, "verify_route"))
    status, notice, resend_error = 200, "", ""
    if request.method == "POST" and "resend" in request.POST:
        form = CodeForm()
        try:
            request_code(
                phone,
                page.verification_purpose(),
                ip=client_ip(request),
                message_template=SMS_TEMPLATE,
            )
        except VerificationError as exc:
            voting.record_code_request(request, page, phone, outcome=exc.code)
            resend_error = exc.message
            status = 429 if exc.code in _RATE_LIMITED else 503
        else:
            voting.record_code_request(request, page, phone)
            notice = _("A new code was sent. Enter the newest code.")
    elif request.method == "POST":
        form = CodeForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                check_code(phone, page.verification_purpose(), form.cleaned_data["code"])
            except VerificationError as exc:
                form.add_error("code", exc.message)
            else:
                voting.set_verified(request, page, phone)
                return redirect(_url(page, request, "ballot_route"))
    else:
        form = CodeForm()
    return _render(
        request,
        page,
        "egov_budgeting/verify_code.html",
        status,
        form=form,
        notice=notice,
        resend_error=resend_error,
        masked_phone=mask_phone(phone),
        step="verify",
        change_url=_url(page, request, "verify_route"),
    )


@personal_page
def ballot(request, page):
    """Step 3: the ballot. The number comes from the session, never from the form."""
    if not page.is_open():
        return _refused(request, page, _not_open(page), title=_("Voting is not open"))
    phone = voting.verified_phone(request, page)
    if not phone:
        return _refused(
            request,
            page,
            voting.NotVerified(),
            action={"url": _url(page, request, "verify_route"), "label": _("Verify my number")},
        )
    if voting.has_voted(page, phone):
        return _refused(request, page, voting.AlreadyVoted(), title=_("You have already voted"))
    extended = None
    if request.method == "POST" and request.POST.get("action") == EXTEND:
        # More time, not a ballot: the choices made so far come back as they were, unchecked.
        extended = voting.extend_verified(request, page)
        form = BallotForm(initial=_choices_so_far(request.POST), page=page)
    else:
        form = BallotForm(request.POST or None, page=page)
    status = 200
    if request.method == "POST" and extended is None:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                cast = voting.cast_ballot(
                    page,
                    phone=phone,
                    region=data["region"],
                    age_band=data["age_band"],
                    gender=data["gender"],
                    projects=data["projects"],
                    ip=client_ip(request),
                    device=voting.device_id(request),
                )
            except voting.AlreadyVoted as exc:
                return _refused(request, page, exc, title=_("You have already voted"))
            except voting.NotOpen:
                return _refused(request, page, _not_open(page), title=_("Voting is not open"))
            voting.finish(request, page, cast)
            return redirect(_url(page, request, "receipt_route"))
    return _render(
        request,
        page,
        "egov_budgeting/ballot.html",
        status,
        form=form,
        step="ballot",
        rule_text=describe(page),
        budget_text=format_won(page.total_budget),
        project_options=_project_options(form, page),
        extended=extended,
        **_time_limit(request, page),
    )


#: The ballot form's ``action`` that asks for more time instead of casting the ballot.
EXTEND = "extend"


def _choices_so_far(data):
    return {
        "region": data.get("region"),
        "age_band": data.get("age_band"),
        "age_confirmed": bool(data.get("age_confirmed")),
        "gender": data.get("gender"),
        "projects": data.getlist("projects"),
    }


def _time_limit(request, page):
    """The ballot's time limit as the page states it (KWCAG 2.2.1 응답시간 조절)."""
    seconds = voting.time_left(request, page)
    return {
        "seconds_left": seconds,
        "deadline": timezone.now() + datetime.timedelta(seconds=seconds),
        "limit_minutes": app_settings.BUDGET_VERIFIED_SECONDS // 60,
        "extensions_left": voting.extensions_left(request, page),
        "extend_action": EXTEND,
    }


def _project_options(form, page):
    selected = {str(value) for value in (form["projects"].value() or [])}
    return [(project, str(project.pk) in selected) for project in page.get_projects()]


@personal_page
def receipt(request, page):
    """Step 4: the receipt of the ballot cast in this session."""
    code = voting.receipt_code(request, page)
    cast = (
        Ballot.objects.filter(page_id=page.pk, receipt_code=code)
        .select_related("region")
        .prefetch_related("choices__project")
        .first()
        if code
        else None
    )
    if cast is None:
        return redirect(_url(page, request))
    projects = [choice.project for choice in cast.choices.all()]
    return _render(
        request,
        page,
        "egov_budgeting/receipt.html",
        ballot=cast,
        receipt=voting.format_receipt(cast.receipt_code),
        cast_text=_when(cast.cast_at),
        chosen=projects,
        total_text=format_won(sum(p.cost for p in projects)),
        step="receipt",
        results_public=page.results_are_public(),
        results_url=_url(page, request, "results_route"),
        closes_text=_when(page.closes_at),
    )


def public_results(request, page):
    """The results, once the vote has closed (or while open, if the page allows it)."""
    if not page.results_are_public():
        refusal = voting.ResultsHidden(
            _(
                "Results are not published while the vote is open, so that running results "
                "cannot steer the vote. They will be published here after %(when)s."
            )
            % {"when": _when(page.closes_at)}
        )
        return _refused(request, page, refusal, title=_("Results are not published yet"))
    return _render(
        request,
        page,
        "egov_budgeting/results.html",
        results=compute_results(page),
        final=page.voting_status() == VotingStatus.CLOSED,
        closes_text=_when(page.closes_at),
    )
