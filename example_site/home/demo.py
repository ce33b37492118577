"""The demo's home page: the participation portal's blocks, and a 개인정보 처리방침 page.

Runs last among the ``egov_demo_data`` steps (the consultations and votes exist by then). The
home page's body is written only while it is empty, so an editor's changes survive a new run;
the policy page is created once.
"""

from wagtail.models import Site

from egov_plugin.consultations.models import ConsultationIndexPage
from egov_plugin.participation.blocks import DEFAULT_STEPS
from egov_plugin.privacy.policy import PrivacyPolicyPage

INTRO = (
    "<p>성동구의 정책과 사업에 주민 여러분의 목소리를 더해 주세요. 의견을 남기면 담당 부서가 "
    "답하고, 무엇이 바뀌었는지 알려 드립니다.</p>"
)
CONTACT = {
    "heading": "문의",
    "department": "성동구청 기획예산과 주민참여팀",
    "phone": "02-2286-5114",
    "email": "",
    "hours": "평일 오전 9시 ~ 오후 6시",
}


def home_body(index):
    """The demo home page's blocks, linking to the consultation index ``index``."""
    return [
        ("open_consultations", {"heading": "지금 의견을 듣고 있어요", "limit": 4, "index": index}),
        ("budget_votes", {"heading": "주민참여예산 투표", "limit": 3}),
        ("outcomes", {"heading": "의견이 이렇게 반영되었어요", "limit": 3}),
        ("how_to", {"heading": "이렇게 참여해요", "steps": DEFAULT_STEPS}),
        ("figures", {"heading": "숫자로 보는 주민 참여"}),
        ("contact", CONTACT),
    ]


def create_home(*, scale, rng, stdout):
    """Fill the demo home page and add the privacy policy page (idempotent)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        stdout.write("Home page: no site yet, skipped.")
        return
    home = site.root_page.specific
    done = []
    if hasattr(home, "body") and not home.body:
        index = ConsultationIndexPage.objects.child_of(home).live().first()
        home.title = "성동구 주민참여 누리집"
        home.intro = INTRO
        home.body = home_body(index)
        home.save_revision().publish()
        done.append("home page filled")
    if not PrivacyPolicyPage.objects.descendant_of(home).exists():
        policy = PrivacyPolicyPage(title="개인정보 처리방침", slug="privacy")
        home.add_child(instance=policy)
        policy.save_revision().publish()
        done.append("privacy policy page created")
    stdout.write(f"Home page: {', '.join(done) if done else 'already in place'}.")
