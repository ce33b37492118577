"""One Korean vocabulary: the package's catalogues, its overrides of Wagtail's strings and the
glossary (docs/concepts/glossary-ko.md) agree, and the overrides still match Wagtail."""

import re
from pathlib import Path

import django_tables2
import pytest
import wagtail
from django.conf import settings
from django.core import checks
from django.test import override_settings
from django.utils import translation

import egov_plugin

from .po import read_po

PACKAGE = Path(egov_plugin.__file__).parent
OVERRIDES = Path(egov_plugin.WAGTAIL_LOCALE_DIR) / "ko" / "LC_MESSAGES"
GLOSSARY = PACKAGE.parent / "docs" / "concepts" / "glossary-ko.md"
# The order in which Django merges the app catalogues: the first app in INSTALLED_APPS wins.
APPS = [a.split(".")[-1] for a in settings.INSTALLED_APPS if a.startswith("egov_plugin.")]


def _catalogue(app):
    return PACKAGE / app / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def _wagtail_msgids(domain):
    """(msgctxt, msgid, msgid_plural) of every string in the source catalogues of Wagtail and
    django-tables2 (the two admin libraries whose strings the overrides replace)."""
    found = set()
    for package in (wagtail, django_tables2):
        root = Path(package.__file__).parent
        for po in root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
            found |= {(e.msgctxt, e.msgid, e.msgid_plural) for e in read_po(po)}
    return found


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_override_is_still_a_wagtail_string(domain):
    wagtail_strings = _wagtail_msgids(domain)
    overrides = read_po(OVERRIDES / f"{domain}.po")
    assert overrides
    missing = [
        e.msgid for e in overrides if (e.msgctxt, e.msgid, e.msgid_plural) not in wagtail_strings
    ]
    # A Wagtail upgrade renamed or dropped these: find the new msgid and update the override.
    assert missing == []
    assert [e.msgid for e in overrides if not all(e.msgstr)] == []


@pytest.mark.parametrize(
    ("msgid", "korean"),
    [
        ("Sign in to Wagtail", "관리자 로그인"),
        ("Remember me", "로그인 상태 유지"),
        ("Inspect", "자세히 보기"),
        ("More actions", "작업 더 보기"),
        ("Filter by", "조건으로 좁히기"),
    ],
)
def test_the_admin_reads_the_overrides(msgid, korean):
    with translation.override("ko"):
        assert translation.gettext(msgid) == korean


def test_counts_of_matches_read_naturally():
    with translation.override("ko"):
        text = translation.ngettext(
            "There is %(counter)s match", "There are %(counter)s matches", 12
        ) % {"counter": 12}
    assert text == "검색 결과 12건"


def test_a_site_without_the_overrides_is_warned():
    with override_settings(LOCALE_PATHS=[]):
        ids = [m.id for m in checks.run_checks()]
    assert "egov_core.W020" in ids
    assert "egov_core.W020" not in [m.id for m in checks.run_checks()]


def _glossary():
    """(word, [refused synonyms]) of each row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("Concept", "---") or set(cells[0]) == {"-"}:
            continue
        word, refused = cells[1], cells[2]
        rows.append((word, [w.strip() for w in refused.split(",") if w.strip()]))
    return rows


def test_the_glossary_has_its_words():
    words = dict(_glossary())
    for word in ("인명부", "위원", "단체 회원", "의견", "발송", "내려받기", "올리기"):
        assert word in words


def _translations():
    for app in APPS:
        for entry in read_po(_catalogue(app)):
            yield app, entry
    for domain in ("django", "djangojs"):
        for entry in read_po(OVERRIDES / f"{domain}.po"):
            yield "wagtail_locale", entry


def test_no_catalogue_uses_a_refused_synonym():
    refused = []
    for word, synonyms in _glossary():
        for synonym in synonyms:
            # "명부" is refused but "인명부" is the word: take the glossary's words out first.
            words = sorted((w for w, _ in _glossary() if synonym in w), key=len, reverse=True)
            for app, entry in _translations():
                for text in entry.msgstr:
                    for allowed in words:
                        text = text.replace(allowed, "")
                    if re.search(re.escape(synonym), text):
                        refused.append(f"{app}: {entry.msgid!r} → {synonym} (use {word})")
    assert refused == []


def test_no_two_catalogues_translate_the_same_string_differently():
    # All apps share the "django" domain: the first app in INSTALLED_APPS wins, so a second,
    # different translation is never shown where its own app meant it (a finished import read
    # "일괄 등록" from the people app instead of its own "등록 완료"). Use a msgctxt to differ.
    seen, disagreements = {}, []
    for app in APPS:
        for entry in read_po(_catalogue(app)):
            if not entry.msgstr or not entry.msgstr[0]:
                continue
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            if key in seen and seen[key][1] != entry.msgstr:
                disagreements.append(f"{entry.msgid!r}: {seen[key][0]} vs {app}")
            seen.setdefault(key, (app, entry.msgstr))
    assert disagreements == []


@pytest.mark.django_db
def test_a_finished_import_reads_done():
    from egov_plugin.imports.models import ImportJob
    from egov_plugin.people.models import Person

    with translation.override("ko"):
        assert ImportJob.Status.DONE.label == "등록 완료"
        assert Person.Source.IMPORT.label == "일괄 등록"


def test_the_actions_template_differs_from_wagtails_only_in_its_label():
    # Wagtail 8 writes aria-label="Actions" untranslated in this template; egov_plugin.core
    # (before wagtail.admin in INSTALLED_APPS) ships the same template with the label translated.
    # When Wagtail changes or fixes the template, this fails: update or delete the copy.
    name = "wagtailadmin/shared/headers/_actions.html"
    wagtails = (Path(wagtail.__file__).parent / "admin" / "templates" / name).read_text("utf-8")
    ours = (PACKAGE / "core" / "templates" / name).read_text("utf-8")
    assert 'aria-label="Actions"' in wagtails
    expected = "{% load i18n %}" + wagtails.replace(
        'aria-label="Actions"', 'aria-label="{% translate "Actions" %}"'
    )
    assert ours == expected
