"""Synthetic meetings with minutes for the demo bodies of every registered kind.

At scale 1.0: 200 meetings of the demo organizations and 40 of the committees that have
members (other kinds: 20); other scales multiply them, never fewer than 15, 5 and 5. A kind's
meetings are replaced only when their number is not the target (a second run at the same
scale changes nothing); meetings entered by staff (not demo data) are never touched.

Attachments come from a small pool of five plain-text papers kept in the organizations'
photos-and-attachments collection and reused by every run.
"""

import datetime
import io

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.rich_text import get_text_for_indexing
from wagtail.utils.file import hash_filelike

from egov_plugin.people.body_kinds import get_body_kinds

from .models import Meeting, MeetingAttachment

#: Meetings per kind at scale 1.0 and the least at any scale.
TARGETS = {
    "egov_organizations.organization": (200, 15),
    "egov_committees.committee": (40, 5),
}
OTHER_KINDS = (20, 5)
DOCUMENT_POOL = 5
DOCUMENT_TITLE = "회의 자료 (데모) {}"
FIRST_DAY, LAST_DAY = datetime.date(2013, 1, 1), datetime.date(2014, 9, 30)

MEETING_TOPICS = [
    (
        "주민참여예산 사업 제안",
        "주민참여예산으로 제안할 사업을 논의하였습니다. 놀이터 보수와 CCTV 설치가 나왔습니다.",
        "주민참여예산 제안 사업으로 놀이터 보수를 우선 제출한다.",
    ),
    (
        "연말 이웃돕기",
        "연말 이웃돕기 성금 모금 방법과 전달 대상을 논의하였습니다.",
        "성금은 12월 셋째 주까지 모아 주민센터에 기탁한다.",
    ),
    (
        "마을 축제 준비",
        "마을 축제의 일정, 예산과 역할 분담을 논의하였습니다.",
        "축제 예산은 회비와 후원금으로 충당하고 총무가 집행을 관리한다.",
    ),
    (
        "하천변 정비 활동 계획",
        "하천변 청소 활동의 일정과 참여 인원을 정하였습니다.",
        "매월 둘째 토요일 오전에 하천변 청소를 한다.",
    ),
    (
        "회칙 개정",
        "임원 임기와 회비에 관한 회칙 개정안을 검토하였습니다.",
        "임원 임기를 2년으로 하는 개정안을 다음 총회에 상정한다.",
    ),
    (
        "상반기 활동 평가",
        "상반기 활동 실적과 예산 집행 결과를 보고받고 평가하였습니다.",
        "하반기에는 어르신 돌봄 활동을 늘린다.",
    ),
]
PLACES = ["주민센터 회의실", "주민센터 2층 소회의실", "경로당", "구청 회의실"]


def document_pool(collection):
    """The demo attachments (plain-text meeting papers, created once, then reused)."""
    Document = get_document_model()
    titles = [DOCUMENT_TITLE.format(n) for n in range(1, DOCUMENT_POOL + 1)]
    existing = {d.title: d for d in Document.objects.filter(title__in=titles)}
    for number, title in enumerate(titles, start=1):
        if title in existing:
            continue
        topic, discussion, decision = MEETING_TOPICS[number % len(MEETING_TOPICS)]
        data = f"{title}\n\n안건: {topic}\n\n{discussion}\n\n결정: {decision}\n".encode()
        document = Document(
            title=title,
            collection=collection,
            file=ContentFile(data, name=f"egov-demo-meeting-paper-{number}.txt"),
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        document.save()
        existing[title] = document
    return [existing[t] for t in titles]


def _minutes(rng, body_name, members):
    topics = rng.sample(MEETING_TOPICS, 2)
    agenda = "\n".join(f"{n}. {topic}" for n, (topic, _, _) in enumerate(topics, start=1))
    paragraphs = [f"{body_name} 정기회의를 개회하고 지난 회의록을 승인하였습니다."]
    paragraphs += [f"<b>{topic}</b>: {discussion}" for topic, discussion, _ in topics]
    paragraphs.append(f"참석 회원 {members}명 전원의 동의로 안건을 의결하고 폐회하였습니다.")
    minutes = "".join(f"<p>{p}</p>" for p in paragraphs)
    decisions = "\n".join(f"- {decision}" for _, _, decision in topics)
    return agenda, minutes, decisions


def _random_date(rng, first=FIRST_DAY, last=LAST_DAY):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _collection():
    from django.apps import apps
    from wagtail.models import Collection

    if apps.is_installed("egov_plugin.organizations"):
        from egov_plugin.organizations.media_permissions import media_collection

        return media_collection()
    return Collection.get_first_root_node()


def target_for(kind, scale):
    at_full_scale, least = TARGETS.get(kind.model.lower(), OTHER_KINDS)
    return max(least, round(at_full_scale * scale))


def demo_bodies(kind):
    """``[(body, member person ids)]`` of the bodies the demo meetings are spread over.

    The kind's bodies with members; a model that marks its demo rows (``is_demo``) limits them
    to those, and while none has members, all its demo bodies meet.
    """
    model = kind.model_class
    bodies = model._default_manager.order_by("pk")
    marks_demo = any(f.name == "is_demo" for f in model._meta.get_fields())
    if marks_demo:
        bodies = bodies.filter(is_demo=True)
    bodies = list(bodies)
    members = {}
    membership = kind.membership_model
    if membership is not None:
        body_id = f"{membership.body_field}_id"
        rows = membership.objects.filter(**{f"{body_id}__in": [b.pk for b in bodies]})
        for pk, person_id in rows.values_list(body_id, "person_id"):
            members.setdefault(pk, []).append(person_id)
    with_members = [(b, members[b.pk]) for b in bodies if members.get(b.pk)]
    return with_members or ([(b, []) for b in bodies] if marks_demo else [])


def _meetings(rng, kind, bodies, count, documents):
    """``count`` meetings spread over ``bodies`` (``(body, member ids)`` pairs)."""
    body_type = ContentType.objects.get_for_model(kind.model_class)
    planned = []
    for _ in range(count):
        body, pool = rng.choice(bodies)
        attendees = rng.sample(pool, min(len(pool), rng.randint(5, 20)))
        agenda, minutes, decisions = _minutes(rng, str(body), len(attendees))
        day = _random_date(rng)
        hour = rng.choice([10, 14, 19])
        meeting = Meeting(
            body_type=body_type,
            body_id=body.pk,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))),
            place=rng.choice(PLACES),
            agenda=agenda,
            minutes=minutes,
            # bulk_create skips save(), which keeps this copy in step.
            minutes_text=get_text_for_indexing(minutes),
            decisions=decisions,
            is_demo=True,
        )
        planned.append((meeting, attendees))
    meetings = Meeting.objects.bulk_create([m for m, _ in planned], batch_size=1000)
    through = Meeting.attendees.through
    through.objects.bulk_create(
        [
            through(meeting_id=meeting.pk, person_id=person_id)
            for meeting, (_, attendees) in zip(meetings, planned, strict=True)
            for person_id in attendees
        ],
        batch_size=2000,
    )
    MeetingAttachment.objects.bulk_create(
        [
            MeetingAttachment(meeting=meeting, document=rng.choice(documents), sort_order=0)
            for meeting in meetings
            if rng.random() < 0.3
        ]
    )
    return len(meetings)


@transaction.atomic
def create_meetings(*, scale, rng, stdout):
    """Create the demo meetings of each kind of body; a second run changes nothing."""
    documents = None
    created = []
    for kind in get_body_kinds():
        bodies = demo_bodies(kind)
        target = target_for(kind, scale) if bodies else 0
        existing = Meeting.objects.of_kind(kind).filter(is_demo=True)
        if existing.count() == target:
            continue
        existing.delete()
        if not target:
            continue
        if documents is None:
            documents = document_pool(_collection())
        count = _meetings(rng, kind, bodies, target, documents)
        created.append(f"{count} of {kind.model_class._meta.verbose_name_plural}")
    stdout.write(
        "Meetings: " + (", ".join(created) + " created." if created else "already present.")
    )
