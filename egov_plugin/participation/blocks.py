"""Home-page blocks of the participation portal that belong to no single app: how to take part,
the participation figures, and the responsible department's contact.

The blocks of one app's data live in that app (``consultations.blocks``, ``budgeting.blocks``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .figures import participation_figures

DEFAULT_STEPS = [
    {"title": "읽기", "text": "구에서 준비한 정책과 사업 설명을 읽어 보세요."},
    {"title": "의견 쓰기", "text": "휴대전화나 이메일로 간단히 의견을 남길 수 있어요."},
    {"title": "결과 듣기", "text": "담당 부서의 답변과 반영 결과를 내 참여와 문자로 알려 드려요."},
]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"))
    text = blocks.TextBlock(label=_("Explanation"))


class HowToTakePartBlock(blocks.StructBlock):
    """참여 방법: read → write → hear back, in the editor's words."""

    heading = blocks.CharBlock(label=_("Heading"), default="이렇게 참여해요")
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), default=DEFAULT_STEPS)

    class Meta:
        label = _("How to take part")
        icon = "list-ol"
        template = "egov_participation/blocks/how_to.html"


class ParticipationFiguresBlock(blocks.StructBlock):
    """참여 현황: consultations, opinions, answers, outcomes and ballots so far."""

    heading = blocks.CharBlock(label=_("Heading"), default="숫자로 보는 주민 참여")

    class Meta:
        label = _("Participation figures")
        icon = "table"
        template = "egov_participation/blocks/figures.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["figures"] = participation_figures()
        return context


class ContactBlock(blocks.StructBlock):
    """담당 부서 연락처: who answers residents' questions about the portal."""

    heading = blocks.CharBlock(label=_("Heading"), default="문의")
    department = blocks.CharBlock(label=_("Department"))
    phone = blocks.CharBlock(label=_("Telephone"), required=False)
    email = blocks.EmailBlock(label=_("E-mail address"), required=False)
    hours = blocks.CharBlock(label=_("Hours"), required=False)

    class Meta:
        label = _("Contact")
        icon = "mail"
        template = "egov_participation/blocks/contact.html"
