"""Exports of the people and opinion listings' current selection (.xlsx and .csv).

(Committee and organization members export from their own look-ups.) The listings show
these exports as header buttons carrying their current query string.

Each view takes the listing's query string (search ``q`` and its filters), asks for a reason
(:class:`~egov_plugin.core.exports.AuditedExportView` records it in the audit log) and streams
the rows through :mod:`egov_plugin.core.spreadsheets`, which writes formula-like cells as text.
The row builders are plain functions so that the benchmark measures exactly what staff get.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov_plugin.consultations.filters import opinion_queryset
from egov_plugin.consultations.models import Opinion
from egov_plugin.core.exports import UPLOAD_LANGUAGE, AuditedExportView
from egov_plugin.core.text import AGE_BAND_KOREAN, mask_email, mask_name, mask_phone
from egov_plugin.people.filters import PersonFilterSet
from egov_plugin.people.models import Person
from egov_plugin.people.permissions import can_view_personal_data

_GENDER = {"M": "남", "F": "여", "": ""}
#: Rows fetched per database round trip while streaming.
CHUNK = 2000

PERSON_HEADERS = [
    "성명",
    "휴대폰",
    "이메일",
    "주소(동)",
    "연령대",
    "성별",
    "출처",
    "등록일시",
    "전자소통",
    "가입일",
    "문자수신동의",
    "메일수신동의",
]
_PERSON_COLUMNS = (
    "name",
    "mobile",
    "email",
    "region__name",
    "age_band",
    "gender",
    "source",
    "created_at",
)
# Read only for people themselves: whether (and since when) they subscribe, and to what.
_SUBSCRIBER_COLUMNS = (
    "subscriber__pk",
    "subscriber__withdrawn_at",
    "subscriber__joined_at",
    "subscriber__sms_consent",
    "subscriber__email_consent",
)
_YES_NO = {True: "Y", False: "N", None: ""}


def person_rows(queryset, prefix="", subscription=False):
    """Rows for people (or memberships with ``prefix="person__"``), in the Korean spelling
    that the import reads back, so an export can be corrected and uploaded again.

    With ``subscription``, four columns more say whether each person subscribes to the
    e-communication (가입, 미가입 or 탈퇴), since when, and to which channels: the people import
    reads them back, so that uploading the export again makes no one a subscriber.
    """
    columns = [prefix + c for c in _PERSON_COLUMNS]
    if subscription:
        columns += [prefix + c for c in _SUBSCRIBER_COLUMNS]
    # Spreadsheets have no time zones: the local wall-clock time, converted here once per row
    # with the zone looked up once (the writers would otherwise look it up for every cell).
    zone = timezone.get_current_timezone()
    for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
        name, mobile, email, region, age, gender, source, created = values[:8]
        row = [
            name,
            mobile or "",
            email,
            region or "",
            AGE_BAND_KOREAN.get(age, ""),
            _GENDER.get(gender, ""),
            source,
            created.astimezone(zone).replace(tzinfo=None) if created else None,
        ]
        if subscription:
            profile, withdrawn, joined, sms, mail = values[8:]
            if profile is None:
                row += ["미가입", None, "", ""]
            else:
                row += [
                    "탈퇴" if withdrawn else "가입",
                    joined.astimezone(zone).replace(tzinfo=None) if joined else None,
                    _YES_NO[sms],
                    _YES_NO[mail],
                ]
        yield row


def people_export(queryset):
    """``(headers, rows)`` for a selection of people."""
    return PERSON_HEADERS, person_rows(queryset.order_by("name", "pk"), subscription=True)


class _ListingExportView(AuditedExportView):
    permission_policy = None
    #: Permission needed to export (the export shows personal data unmasked).
    permission_required = "egov_people.view_personal_data"
    # Korean whatever the admin language: the file is uploaded again (members, people, opinions).
    file_language = UPLOAD_LANGUAGE

    def user_has_permission(self, permission):
        return self.request.user.has_perm(self.permission_required)

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PeopleExportView(_ListingExportView):
    """The people listing's selection (search and filters) to .xlsx or .csv."""

    filename = "people"
    index_url_name = "egov_people:index"
    page_title = _("Export people")

    def get_export_data(self):
        # The listing's own search and filters, so that the export is what staff saw.
        queryset = Person.objects.search(self.request.GET.get("q", ""))
        filterset = PersonFilterSet(self.request.GET, queryset=queryset)
        queryset = filterset.qs if filterset.is_valid() else queryset
        headers, rows = people_export(queryset)
        return headers, rows, queryset.count(), _("People")


OPINION_HEADERS = [
    "번호",
    "성명",
    "휴대폰",
    "이메일",
    "주소(동)",
    "연령대",
    "성별",
    "의견",
    "찬반",
    "경로",
    "상태",
    "작성일",
]


def opinion_rows(queryset):
    """Rows for opinions (the text as given: formula-like text is neutralized by the writer)."""
    channels = dict(Opinion.Channel.choices)
    statuses = dict(Opinion.Status.choices)
    stances = {"agree": "찬성", "disagree": "반대", "neutral": "중립"}
    columns = (
        "pk",
        "name",
        "mobile",
        "email",
        "region__name",
        "age_band",
        "gender",
        "text",
        "stance",
        "channel",
        "status",
        "created_at",
    )
    for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
        pk, name, mobile, email, region, age, gender, text, stance, channel, status, at = values
        yield [
            pk,
            name,
            mobile,
            email,
            region or "",
            AGE_BAND_KOREAN.get(age, ""),
            _GENDER.get(gender, ""),
            text,
            stances.get(stance, ""),
            str(channels.get(channel, channel)),
            str(statuses.get(status, status)),
            at,
        ]


class OpinionsExportView(_ListingExportView):
    """The opinion listing's selection (its filters and search) to .xlsx or .csv.

    Staff who moderate opinions may export them; names and contacts are masked, as in the
    listing, unless they may see personal data.
    """

    filename = "opinions"
    permission_required = "egov_consultations.change_opinion"
    index_url_name = "wagtailsnippets_egov_consultations_opinion:list"
    page_title = _("Export opinions")

    def get_export_data(self):
        queryset = opinion_queryset(self.request).order_by("-created_at", "-pk")
        rows = opinion_rows(queryset)
        if not can_view_personal_data(self.request.user):
            rows = _masked_opinions(rows)
        return OPINION_HEADERS, rows, queryset.count(), _("Opinions")


def _masked_opinions(rows):
    for row in rows:
        row[1], row[2], row[3] = mask_name(row[1]), mask_phone(row[2]), mask_email(row[3])
        yield row
