"""Opinions collected elsewhere (homepage or mobile-web downloads) into a chosen consultation.

Each opinion records the channel "import" and the job. An opinion already on the page (the
same contact and text, or for opinions without a contact the same name, text and date) is
reported unchanged, so uploading a file again creates nothing.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov_plugin.consultations.channels import Channel
from egov_plugin.consultations.models import Opinion
from egov_plugin.people import linking

from ..mapping import AGE_BAND, EMAIL, GENDER, MOBILE, NAME, NUMBER, REGION, Field
from ..rows import cell_date, cell_text
from .base import Kind

TEXT = Field(
    "text",
    "의견",
    ("의견내용", "내용", "제안내용", "제안", "opinion", "text", "comment", "본문"),
    required=True,
    label=gettext_lazy("Opinion"),
)
CREATED = Field(
    "created_at",
    "작성일",
    ("등록일", "작성일시", "등록일시", "작성일자", "등록일자", "날짜", "date", "submitted"),
    label=gettext_lazy("Submitted"),
)
STANCE = Field("stance", "찬반", ("입장", "찬반여부", "stance"), label=gettext_lazy("Stance"))

STANCES = {
    "찬성": Opinion.Stance.AGREE,
    "반대": Opinion.Stance.DISAGREE,
    "중립": Opinion.Stance.NEUTRAL,
    "agree": Opinion.Stance.AGREE,
    "disagree": Opinion.Stance.DISAGREE,
    "neutral": Opinion.Stance.NEUTRAL,
}


class OpinionsKind(Kind):
    """Opinions into one consultation page."""

    key = "opinions"
    label = gettext_lazy("Opinions")
    target = "consultation"
    fields = (NUMBER, NAME, MOBILE, EMAIL, REGION, AGE_BAND, GENDER, TEXT, CREATED, STANCE)

    def clean(self, row):
        self.clean_person(row, contact_required=False)
        text = cell_text(row.cells.get("text"))
        if not text:
            row.error("text", _("The opinion is empty."))
        row.values["text"] = text
        try:
            created = cell_date(row.cells.get("created_at"))
        except ValueError:
            created = None
            row.warn("created_at", _("Not a date; the upload time was used."))
        if created is not None and not isinstance(created, datetime.datetime):
            created = datetime.datetime.combine(created, datetime.time())
        if created is not None and timezone.is_naive(created):
            created = timezone.make_aware(created)
        row.values["created_at"] = created
        stance_text = cell_text(row.cells.get("stance")).casefold()
        row.values["stance"] = STANCES.get(stance_text, "")
        if stance_text and not row.values["stance"]:
            row.warn("stance", _("Not 찬성/반대/중립; the stance was left blank."))

    @staticmethod
    def duplicate_key(values):
        contact = values.get("mobile") or (values.get("email") or "").lower()
        digest = Opinion.hash_text(values["text"])
        if contact:
            return ("contact", contact, digest)
        created = values.get("created_at")
        return ("anonymous", values.get("name", ""), digest, created.date() if created else None)

    def plan(self, rows):
        page = self.target_object
        if page is None:
            raise ValueError("a consultation is needed")
        existing = set()
        for opinion in Opinion.objects.filter(page=page).only(
            "mobile", "email", "name", "text_hash", "created_at"
        ):
            if opinion.contact_key:
                existing.add(("contact", opinion.contact_key, opinion.text_hash))
            else:
                day = timezone.localtime(opinion.created_at).date()
                existing.add(("anonymous", opinion.name, opinion.text_hash, day))
                existing.add(("anonymous", opinion.name, opinion.text_hash, None))
        seen = {}
        self.new_rows = []
        for row in rows:
            key = self.duplicate_key(row.values)
            if key in seen:
                row.outcome = "merged"
                row.message = _("The same opinion as row %(row)d.") % {"row": seen[key]}
            elif key in existing:
                row.outcome = "unchanged"
                row.message = _("Already on the consultation.")
            else:
                row.outcome = "created"
                self.new_rows.append(row)
            seen.setdefault(key, row.number)

    def apply(self, rows, job):
        page = self.target_object
        now = timezone.now()
        status = (
            Opinion.Status.PENDING
            if getattr(page, "moderation", "") == "review"
            else Opinion.Status.PUBLISHED
        )
        opinions = []
        for row in self.new_rows:
            values = row.values
            opinion = Opinion(
                page=page,
                # The file's contacts were never verified by the resident: the opinion keeps
                # them and its snapshot, and links to nobody (egov_plugin.people.linking).
                person=linking.link(verified=None),
                name=values["name"],
                gender=values["gender"],
                age_band=values["age_band"],
                region_id=values["region_id"],
                mobile=values["mobile"] or "",
                email=values["email"],
                text=values["text"],
                stance=values["stance"],
                channel=Channel.IMPORT,
                status=status,
                created_at=values["created_at"] or now,
                import_job_id=job.pk if job else None,
            )
            # bulk_create does not call save(), which fills these two.
            opinion.contact_key = opinion.mobile or opinion.email.lower()
            opinion.text_hash = Opinion.hash_text(opinion.text)
            row.target = opinion
            opinions.append(opinion)
        Opinion.objects.bulk_create(opinions, batch_size=1000)

    def object_id(self, row):
        return row.target.pk if isinstance(row.target, Opinion) else None
