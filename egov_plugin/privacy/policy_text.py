"""The default text of the 개인정보 처리방침, written from what the site really collects and keeps.

:func:`default_blocks` returns the page body's blocks in the order of the 개인정보보호위원회's
작성지침 (purposes; items and retention together, as the 지침 allows; destruction;
entrustment; rights; safeguards; officer; changes). Every figure comes from the site's
settings — the retention years of opinions and access records, a code's lifetime, the renewal
period of consent, the SMS provider the sending is entrusted to, the privacy officer — so a new
policy page starts out true for this site; editors then adjust the wording, and each published
version is kept.

The text is Korean and not wrapped for translation: it is a legal document under Korean law (like
the default consent wording of ``ConsultationSettings``), which a site in another language writes
for itself.
"""

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from egov_plugin.core.conf import egov_settings
from egov_plugin.people.conf import app_settings as people_settings

from .conf import app_settings

#: Known SMS backends (dotted path prefix) → the company the sending is entrusted to.
SMS_PROVIDERS = {
    "egov_plugin.outreach.backends.nhn.": "엔에이치엔클라우드 주식회사 (NHN Cloud)",
    "egov_plugin.outreach.backends.sens.": "네이버클라우드 주식회사 (NAVER Cloud SENS)",
}


def sms_provider():
    """The company SMS sending is entrusted to, or ``""`` when no outside provider sends it."""
    if app_settings.SMS_PROVIDER_NAME:
        return app_settings.SMS_PROVIDER_NAME
    backend = egov_settings.SMS_BACKEND
    for prefix, name in SMS_PROVIDERS.items():
        if backend.startswith(prefix):
            return name
    return ""


def officer():
    """The privacy officer's contact from ``EGOV_PRIVACY_OFFICER`` (missing keys are empty)."""
    value = app_settings.PRIVACY_OFFICER or {}
    keys = ("name", "position", "department", "phone", "email")
    return {key: str(value.get(key, "") or "") for key in keys}


def _list(items):
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def _processing():
    """``[(purpose, items, retention)]`` for each processing the package does."""
    s = egov_settings
    opinion_years = app_settings.OPINION_RETENTION_YEARS
    renewal_years = people_settings.CONSENT_RENEWAL_YEARS
    code_minutes = max(1, s.VERIFICATION_CODE_TTL // 60)
    return [
        (
            "정책 의견 수렴과 처리 결과 안내",
            "성명, 성별, 연령대, 거주 행정동, 휴대전화번호 또는 이메일, 의견 내용",
            f"해당 정책 의견 수렴 종료 후 {opinion_years}년 (이후 성명·연락처를 "
            "지우고 통계용 항목만 남김)",
        ),
        (
            "주민참여예산 투표의 본인 확인과 중복 투표 방지",
            "휴대전화번호(되돌릴 수 없는 값으로만 저장), 거주 행정동, 연령대, 성별(선택)",
            "투표 결과 확정 후 결과 검증을 위해 보관 (번호 원문은 저장하지 않음)",
        ),
        (
            "휴대전화 본인 확인 (인증번호)",
            "휴대전화번호, 인증번호(암호화하여 저장), 접속 IP 주소",
            f"인증번호는 발송 후 {code_minutes}분 동안만 유효",
        ),
        (
            "전자소통 가입자에게 정책 소식 안내 (문자·이메일)",
            "성명, 휴대전화번호, 이메일, 거주 행정동, 연령대, 성별, 수신 동의 내역",
            f"동의를 철회하거나 탈퇴할 때까지 (동의는 {renewal_years}년마다 다시 확인)",
        ),
        (
            "위원회·주민단체 구성원 관리",
            "성명, 연락처, 소속, 직위, 활동 내역",
            "구성원 자격이 끝난 뒤 삭제 요구 또는 보유기간 경과 시까지",
        ),
        (
            "개인정보 접속기록 보관 (개인정보의 안전성 확보조치 기준 제8조)",
            "처리자 계정, 접속 일시, 접속 IP 주소, 처리한 정보주체 번호와 수행 업무",
            f"최소 {s.AUDIT_RETENTION_YEARS}년",
        ),
    ]


def default_blocks(*, my_url=""):
    """The default body: ``[(block_type, value)]`` for the page's StreamField.

    Headings are ``"heading"`` blocks, prose ``"text"`` (rich text), each kind of processing a
    ``"processing"`` block (purpose, items, retention) and the SMS provider an ``"entrustment"``
    block. ``my_url`` is the address of 내 참여, where residents see their data and ask for its
    deletion.
    """
    processing = _processing()
    provider = sms_provider()
    my_link = format_html('<a href="{}">내 참여</a>', my_url) if my_url else escape("내 참여")
    blocks = [
        ("heading", "1. 개인정보의 처리 목적"),
        (
            "text",
            format_html(
                "<p>구청은 다음 목적을 위해서만 개인정보를 처리하며, 목적이 바뀌면 "
                "「개인정보 보호법」 제18조에 따라 별도의 동의를 받습니다.</p>{}",
                _list(p[0] for p in processing),
            ),
        ),
        ("heading", "2. 처리하는 개인정보의 항목과 보유 기간"),
        (
            "text",
            mark_safe(
                "<p>누리집에서 주민이 직접 입력하거나, 담당 부서가 받은 서면·전자우편 의견을 "
                "등록하여 수집합니다.</p>"
            ),
        ),
        *(
            ("processing", {"purpose": purpose, "items": items, "retention": retention})
            for purpose, items, retention in processing
        ),
        ("heading", "3. 개인정보의 파기 절차 및 방법"),
        (
            "text",
            format_html(
                "<p>보유 기간이 지나거나 처리 목적이 달성된 개인정보는 지체 없이 파기합니다. "
                "의견은 정책 의견 수렴 종료 후 {}년이 지나면 성명·연락처·IP 주소를 지우고, "
                "성별·연령대·행정동 등 통계에 필요한 항목만 남깁니다. 전자적 파일은 복구할 수 "
                "없는 방법으로 삭제합니다.</p>",
                app_settings.OPINION_RETENTION_YEARS,
            ),
        ),
        ("heading", "4. 개인정보 처리업무의 위탁"),
    ]
    if provider:
        blocks += [
            (
                "entrustment",
                {"trustee": provider, "work": "인증번호와 정책 안내 문자(SMS·LMS) 발송"},
            ),
            (
                "text",
                mark_safe(
                    "<p>위탁계약 시 「개인정보 보호법」 제26조에 따라 위탁업무 외 처리 금지, "
                    "안전성 확보조치, 재위탁 제한 등을 문서로 정하고 관리·감독합니다.</p>"
                ),
            ),
        ]
    else:
        blocks.append(
            ("text", mark_safe("<p>현재 개인정보 처리업무를 외부에 위탁하지 않습니다.</p>"))
        )
    blocks += [
        ("heading", "5. 정보주체의 권리·의무 및 행사 방법"),
        (
            "text",
            format_html(
                "<p>주민은 언제든지 자신의 개인정보 열람, 정정, 삭제, 처리정지를 요구하고 "
                "동의를 철회할 수 있습니다(「개인정보 보호법」 제35조~제37조).</p>"
                "<ul><li>{}에서 휴대전화 인증 후 내가 남긴 의견, 투표 접수증, 동의 내역을 "
                "보고, 수신 동의를 철회하거나 개인정보 삭제를 요청할 수 있습니다.</li>"
                "<li>아래 개인정보 보호책임자에게 서면, 전화, 전자우편으로도 요구할 수 있으며, "
                "구청은 10일 이내에 조치하고 결과를 알려 드립니다.</li>"
                "<li>법정대리인이나 위임을 받은 사람을 통해서도 권리를 행사할 수 있습니다.</li>"
                "</ul>",
                my_link,
            ),
        ),
        ("heading", "6. 개인정보의 안전성 확보조치"),
        (
            "text",
            format_html(
                "<ul><li>개인정보 취급자 최소화와 역할별 접근 권한 관리</li>"
                "<li>접속기록 {}년 이상 보관과 월 1회 이상 점검, 위·변조 방지</li>"
                "<li>관리자 화면 접속 제한, 로그인 실패 시 잠금, 장시간 미사용 시 자동 "
                "로그아웃</li>"
                "<li>인증번호·투표자 번호의 암호화 저장, 개인정보가 담긴 파일의 암호화</li></ul>",
                egov_settings.AUDIT_RETENTION_YEARS,
            ),
        ),
        ("heading", "7. 개인정보 보호책임자"),
        ("text", _officer_html(officer())),
        ("heading", "8. 개인정보 처리방침의 변경"),
        (
            "text",
            mark_safe(
                "<p>이 처리방침은 시행일부터 적용되며, 내용이 바뀌면 시행 7일 전부터 "
                "누리집에 알립니다. 이전 처리방침은 이 쪽 아래에서 볼 수 있습니다.</p>"
            ),
        ),
    ]
    return [(kind, str(value) if isinstance(value, str) else value) for kind, value in blocks]


def _officer_html(person):
    rows = [
        ("성명", person["name"]),
        ("직위", person["position"]),
        ("부서", person["department"]),
        ("전화", person["phone"]),
        ("전자우편", person["email"]),
    ]
    rows = [(label, value) for label, value in rows if value]
    if not rows:
        return mark_safe("<p>개인정보 보호책임자의 연락처를 적어 주세요.</p>")
    return format_html(
        "<p>개인정보 처리에 관한 문의, 불만, 피해 구제는 아래로 연락해 주세요.</p><ul>{}</ul>"
        "<p>개인정보 침해에 대한 신고나 상담은 개인정보침해신고센터(국번 없이 118), "
        "개인정보분쟁조정위원회(1833-6972)에도 할 수 있습니다.</p>",
        format_html_join("", "<li>{}: {}</li>", rows),
    )
