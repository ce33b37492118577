"""Behaviour of the consultation page types, as mixins (the pattern of wagtail.contrib.forms).

``ConsultationMixin`` serves a consultation: its published opinions, the opinion form, the
thank-you page, e-mail confirmation, the expert-review entry link and QR codes for posters.
``ConsultationIndexMixin`` lists consultations. Concrete pages combine them with the fields of
:class:`~egov_plugin.consultations.page_fields.ConsultationFields` and a base page model.
"""

import hashlib

from django.apps import apps
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from egov_plugin.committees.models import CommitteeField
from egov_plugin.core import search
from egov_plugin.core.clientip import client_ip
from egov_plugin.core.models import Department
from egov_plugin.core.personal import mark_personal, personal_page
from egov_plugin.core.public_url import page_url
from egov_plugin.core.text import InvalidValue, normalize_mobile
from egov_plugin.core.verification import VerificationError, check_code, request_code
from egov_plugin.people import linking
from egov_plugin.people.models import Region

from . import review, review_access, sharing, tokens
from .channels import channel_for, clean_tag
from .conf import app_settings
from .forms import OpinionForm
from .page_fields import Status
from .records import ConsultationSettings, Opinion
from .submission import SubmissionRefused, check_rate_limits, link_verified, store_opinion
from .visibility import visible_to_public

CONFIRM_SALT = "egov.consultations.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def _setting(request):
    return ConsultationSettings.load(request_or_site=request)


class ConsultationMixin(RoutablePageMixin):
    """Serves a consultation and takes residents' opinions on it."""

    form_class = None  # defaults to OpinionForm; a site may subclass it
    thanks_template = "egov_consultations/thanks.html"
    closed_template = "egov_consultations/closed.html"
    link_error_template = "egov_consultations/link_error.html"
    review_code_template = "egov_consultations/review_code.html"

    # -- what the page shows ------------------------------------------------------------

    def get_form_class(self):
        return self.form_class or OpinionForm

    def published_opinions(self):
        return (
            Opinion.objects.filter(page_id=self.pk, status=Opinion.Status.PUBLISHED)
            .select_related("region")
            .only(
                "name",
                "region__name",
                "outside_district",
                "created_at",
                "text",
                "stance",
                "answer",
                "answered_at",
                "channel",
            )  # fmt: skip
            .order_by("-created_at", "-pk")
        )

    def _opinions_state(self):
        """Count, sum of ids and last answer time of the published opinions, in one query.

        Asked of a bare queryset: compiling ``published_opinions()`` (its joins and column
        list, which an aggregate does not need) cost several times the query itself."""
        return (
            Opinion.objects.filter(page_id=self.pk, status=Opinion.Status.PUBLISHED)
            .order_by()
            .aggregate(n=Count("id"), ids=Sum("id"), answered=Max("answered_at"))
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        opinions = self.published_opinions()
        paginator = Paginator(opinions, app_settings.OPINIONS_PER_PAGE)
        # One aggregate gives the count and what the rendered list depends on: the list is
        # rendered once per state (egov_opinion_list fragment, 60 s), its 20 rows and their
        # template work skipped on a hit. Any opinion published, hidden, added or answered
        # changes the key; an edit of a published text shows within the 60 s.
        state = self._opinions_state()
        paginator.__dict__["count"] = state["n"]  # the Paginator's cached_property
        context["opinions"] = page_obj = paginator.get_page(request.GET.get("page"))
        parts = [self.pk, page_obj.number, get_language(), *state.values()]
        context["opinions_cache_key"] = hashlib.sha256(repr(parts).encode()).hexdigest()
        context["fragment_cache"] = app_settings.FRAGMENT_CACHE
        # A closed consultation offers nothing to pass on: no share links, QR code or metadata.
        # An invited expert's page is theirs alone: no share buttons or QR code to pass it on.
        invited = review.invitation_in_session(request, self) is not None
        context["shareable"] = self.is_public() and not invited
        # Built when the head is rendered (a cache miss): the page's public URL costs a look-up
        # of the site root paths in the shared cache.
        public_url = SimpleLazyObject(lambda: page_url(self))
        context["public_page_url"] = public_url if context["shareable"] else ""
        context["share_links"] = (
            SimpleLazyObject(lambda: sharing.share_links(self, str(public_url)))
            if context["shareable"]
            else []
        )
        context["kakao"] = (
            SimpleLazyObject(lambda: sharing.kakao_share(self)) if context["shareable"] else None
        )
        context["channel_tag"] = clean_tag(request.GET.get("ch") or request.POST.get("ch"))
        context["consent"] = _setting(request)
        context["accepting"] = self.accepting_opinions()
        context["invitation"] = review.invitation_in_session(request, self)
        # The head holds the share links (not for an invited expert), the Kakao button and the
        # "write an opinion" jump link: its key names each of them.
        context["head_cache_key"] = self._head_cache_key(
            request,
            context["shareable"],
            context["accepting"],
            bool(context["shareable"] and app_settings.KAKAO_JAVASCRIPT_KEY),
        )
        return context

    def _head_cache_key(self, request, *state):
        """What the page's head (title, dates, status, body, outcome, share links, metadata)
        depends on, or ``None`` in a preview (the draft is not what was published)."""
        if getattr(request, "is_preview", False):
            return None
        parts = [
            self.pk,
            self.latest_revision_id,
            self.last_published_at,
            self.url_path,
            self.status,
            self.is_public(),
            get_language(),
            *state,
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def get_sitemap_urls(self, request=None):
        # Wagtail's sitemap lists every live, unrestricted page: a closed one must not be there.
        return super().get_sitemap_urls(request) if self.is_public() else []

    @classmethod
    def get_indexed_objects(cls):
        # Out of the search index, so that no search of the site (Wagtail's or the site's own)
        # can find a closed consultation; signals.py removes one that becomes closed.
        return super().get_indexed_objects().exclude(visibility=cls.Visibility.CLOSED)

    def accepting_opinions(self):
        return self.status == Status.OPEN

    def is_public(self):
        """Whether anyone may see this consultation (it is not closed to invited experts)."""
        return self.visibility != self.Visibility.CLOSED

    def can_see(self, request):
        """Closed consultations are for invited experts (and staff who may edit the page)."""
        if self.is_public():
            return True
        if review.invitation_in_session(request, self) is not None:
            return True
        perms = self.permissions_for_user(request.user)
        return perms.can_edit()

    def _respond(self, request, template, context, status=200):
        return TemplateResponse(request, template, context, status=status)

    # -- routes -------------------------------------------------------------------------

    def _not_found(self, request):
        # To the public a closed consultation does not exist: the same 404 as a wrong address,
        # naming nothing (its title or slug could say what is being discussed).
        return self._respond(request, self.closed_template, {}, status=404)

    @path("")
    def consultation(self, request):
        if not self.can_see(request):
            return self._not_found(request)
        response = self._serve_consultation(request)
        # The KakaoTalk button's SDK is the one outside script a page may load, and only then.
        context = getattr(response, "context_data", None) or {}
        sharing.allow_kakao_sdk(response, context.get("kakao"))
        # A closed consultation is personal to whoever may see it (the invitee's own form);
        # so is every answer to a POST, which shows what the resident typed.
        if not self.is_public() or request.method == "POST":
            mark_personal(response)
        return response

    def _serve_consultation(self, request):
        settings = _setting(request)
        invitation = review.invitation_in_session(request, self)
        form_kwargs = {"max_length": settings.opinion_max_length}
        if invitation is not None:
            # The invitee proved who they are with the link's code; their contact is the
            # invitation's, kept on the server.
            form_kwargs["contact"] = review.contact_for(invitation)
        else:
            form_kwargs["require_code"] = self.identity_check == self.IdentityCheck.SMS
        if request.method != "POST":
            initial = review.initial_for(invitation)
            form_class = self.get_form_class()
            cache_key = None if initial else self._form_cache_key(request, form_class, settings)

            def build_form():
                built = form_class(initial=initial, **form_kwargs)
                review.hide_known_fields(built, invitation)
                return built

            # The empty form is built only when its cached rendering is missing: its fields'
            # deep copy and the regions query are most of the page's own work otherwise.
            form = SimpleLazyObject(build_form)
            return self.render(
                request,
                context_overrides={
                    "form": form,
                    "form_cache_key": cache_key,
                    "page_url": self._own_url(request),
                },
            )
        form = self.get_form_class()(request.POST, **form_kwargs)
        review.hide_known_fields(form, invitation)
        if not self.accepting_opinions():
            return self._reshow(
                request, form, _("This consultation is not taking opinions now."), 403
            )
        if request.POST.get("action") == "send_code":
            return self._send_code(request, form_kwargs)
        if not form.is_valid():
            return self._reshow(request, form, None, 400)
        return self._accept(request, form, settings, invitation)

    def _form_cache_key(self, request, form_class, settings):
        """What the rendered empty form depends on: choices, limits, wording, language, page."""
        parts = [
            self.pk,
            self.latest_revision_id,
            self.identity_check,
            get_language(),
            settings.consent_version,
            settings.consent_text,
            settings.opinion_max_length,
            form_class.__module__,
            form_class.__qualname__,
            # The region choices (what the form's own query reads), one cheap query.
            list(Region.objects.values_list("pk", "name")),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    @staticmethod
    def _own_url(request):
        # Served by the page's own route (""), the request's path is the page's URL: the form
        # posts back to it without looking the site root paths up in the shared cache.
        return request.path

    def _reshow(self, request, form, message, status):
        context = self.get_context(request)
        context.update(form=form, form_message=message, form_message_is_error=status >= 400)
        context["page_url"] = self._own_url(request)
        return self._respond(request, self.get_template(request), context, status=status)

    def _send_code(self, request, form_kwargs):
        # Re-shown unbound, from what was typed: the other fields are not checked until the
        # resident submits the opinion itself.
        form = self.get_form_class()(initial=request.POST.dict(), **form_kwargs)
        if not form.require_code:
            # No code is checked here (or the invitee has proved themselves already): sending
            # one would only let anyone make the district text any number.
            return self._reshow(
                request, form, _("This consultation does not check mobile numbers by SMS."), 400
            )
        try:
            mobile = normalize_mobile(request.POST.get("mobile"))
        except InvalidValue:
            return self._reshow(request, form, _("Enter a valid mobile number first."), 400)
        try:
            request_code(mobile, f"opinion:{self.pk}", ip=client_ip(request))
        except VerificationError as exc:
            return self._reshow(request, form, exc.message, 429)
        return self._reshow(request, form, _("A code was sent to your phone."), 200)

    def _accept(self, request, form, settings, invitation):
        data = {**form.cleaned_data, "region": form.region_obj}
        verified = None  # which contact the sender proved: only that one links to the registry
        if form.require_code:
            try:
                check_code(data["mobile"], f"opinion:{self.pk}", data["code"])
            except VerificationError as exc:
                form.add_error("code", exc.message)
                return self._reshow(request, form, None, 400)
            verified = linking.MOBILE
        if invitation is not None:
            channel, detail = Opinion.Channel.EXPERT_REVIEW, ""
        else:
            channel, detail = channel_for(request, request.POST.get("ch"))
        ip = client_ip(request)
        try:
            check_rate_limits(self, ip=ip, contact=data["mobile"] or data["email"])
            opinion = store_opinion(
                self,
                data,
                channel=channel,
                detail=detail,
                ip=ip,
                consent=(settings.consent_text, settings.consent_version),
                status=Opinion.Status.PENDING if invitation is not None else None,
                verified=verified,
                # The invitee's personal signed link says who they are.
                person=invitation.person if invitation is not None else None,
            )
        except SubmissionRefused as exc:
            return self._reshow(request, form, exc.message, exc.status)
        if invitation is not None:
            review.mark_answered(invitation)
        if opinion.status == Opinion.Status.UNCONFIRMED:
            review.send_confirmation(request, self, opinion, self._confirm_url(request, opinion))
        request.session[f"egov_opinion_{self.pk}"] = opinion.status
        return redirect(self.url + self.reverse_subpage("thanks"))

    def _confirm_url(self, request, opinion):
        token = tokens.make(opinion.pk, salt=CONFIRM_SALT)
        return page_url(self) + self.reverse_subpage("confirm", kwargs={"token": token})

    @path("thanks/", name="thanks")
    @personal_page
    def thanks(self, request):
        status = request.session.get(f"egov_opinion_{self.pk}")
        if status is None:
            return redirect(self.url)
        return self._respond(request, self.thanks_template, {"page": self, "status": status})

    @path("confirm/<str:token>/", name="confirm")
    @personal_page
    def confirm(self, request, token):
        try:
            pk = tokens.read(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        except signing.BadSignature:
            return self._link_error(
                request, _("This confirmation link is not valid or has expired.")
            )
        opinion = Opinion.objects.filter(pk=pk, page_id=self.pk).first()
        if opinion is None:
            raise Http404
        if opinion.status == Opinion.Status.UNCONFIRMED:
            published = self.moderation == self.Moderation.IMMEDIATE
            with transaction.atomic():
                opinion.status = Opinion.Status.PUBLISHED if published else Opinion.Status.PENDING
                opinion.save(update_fields=["status"])
                # The signed link reached the address: now, and only now, it links.
                settings = _setting(request)
                wording = (
                    settings.consent_text
                    if settings.consent_version == opinion.consent_version
                    else ""
                )
                link_verified(opinion, verified=linking.EMAIL, wording=wording)
        request.session[f"egov_opinion_{self.pk}"] = opinion.status
        return redirect(self.url + self.reverse_subpage("thanks"))

    @path("review/<str:token>/", name="review")
    @personal_page
    def review_link(self, request, token):
        """An expert's personal link: a browser not admitted yet proves itself with a code."""
        invitation, problem = review.open_link(token, self)
        if invitation is None:
            return self._link_error(request, problem)
        if review.is_admitted(request, invitation):
            return redirect(self.url)
        context = {
            "page": self,
            "destination": review_access.destination(invitation),
            "by_sms": review_access.uses_sms(invitation),
            "code_sent": False,
        }
        status = 200
        action = request.POST.get("action") if request.method == "POST" else None
        try:
            if action == "send":
                review_access.send_code(request, invitation)
                context["code_sent"] = True
            elif action == "check":
                review_access.check_code(request, invitation, request.POST.get("code"))
                review.admit(request, invitation)
                return redirect(self.url)
        except review_access.Refused as exc:
            context.update(message=exc.message, code_sent=action == "check")
            status = exc.status
        return self._respond(request, self.review_code_template, context, status=status)

    @path("qr/<str:tag>/", name="qr")
    def qr_code(self, request, tag):
        tag = clean_tag(tag)
        if not tag or not self.is_public():
            raise Http404
        png = sharing.qr_png(sharing.tagged_url(self, tag))
        response = HttpResponse(png, content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="qr-{self.slug}-{tag}.png"'
        return response

    def _link_error(self, request, message):
        return self._respond(
            request, self.link_error_template, {"page": self, "message": message}, status=403
        )


class ConsultationIndexMixin:
    """Lists the consultations below this page: open first, filterable and searchable."""

    #: The concrete consultation page model ("app_label.ModelName").
    consultation_model = "egov_consultations.ConsultationPage"
    per_page = 12

    @cached_property
    def consultation_class(self):
        return apps.get_model(self.consultation_model)

    def consultations(self, params):
        """Consultations for the query-string filters ``params``, open ones first."""
        now = timezone.now()
        queryset = visible_to_public(self.consultation_class.objects.child_of(self))
        queryset = queryset.select_related("department").annotate(
            status_rank=Case(
                When(Q(opens_at__lte=now, closes_at__gt=now), then=Value(0)),
                When(opens_at__gt=now, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        if params.get("department"):
            queryset = queryset.filter(department_id=_int(params["department"]))
        if params.get("field"):
            queryset = queryset.filter(policy_fields__id=_int(params["field"]))
        if params.get("region"):
            queryset = queryset.filter(regions__id=_int(params["region"]))
        status = params.get("status")
        if status == "open":
            queryset = queryset.filter(opens_at__lte=now, closes_at__gt=now)
        elif status == "upcoming":
            queryset = queryset.filter(opens_at__gt=now)
        elif status == "closed":
            queryset = queryset.filter(closes_at__lte=now, outcome_published=False)
        elif status == "decided":
            queryset = queryset.filter(outcome_published=True)
        queryset = search.search(queryset, ["title", "summary"], params.get("q"))
        return queryset.distinct().order_by("status_rank", "-closes_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.consultations(request.GET), self.per_page)
        context.update(
            consultations=paginator.get_page(request.GET.get("page")),
            departments=Department.objects.all(),
            policy_fields=CommitteeField.objects.all(),
            regions=Region.objects.all(),
            statuses=Status.choices,
            params=request.GET,
        )
        return context


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # matches nothing: an impossible filter shows "no results", not an error
