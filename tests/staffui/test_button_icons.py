"""Admin buttons that carry an icon use Wagtail's icon-button classes.

Wagtail 8 sizes an icon inside a button only under ``.button--icon``; without it the ``<svg>``
falls back to the browser's default 300×150 and covers the button's label (issue 16, item 3).
"""

import re
from pathlib import Path

import egov_plugin

TEMPLATES = sorted(Path(egov_plugin.__file__).parent.glob("*/templates/**/*.html"))
# An opening <button> or <a class="button ..."> whose content starts with an {% icon %} tag.
ICON_BUTTON = re.compile(
    r'<(?:button|a)\b[^>]*\bclass="(?P<classes>button\b[^"]*)"[^>]*>\s*\{% icon\b[^%]*%\}'
)


def _icon_buttons():
    for path in TEMPLATES:
        for match in ICON_BUTTON.finditer(path.read_text("utf-8")):
            yield path, match


def test_the_package_has_icon_buttons_to_check():
    assert len(list(_icon_buttons())) >= 10


def test_every_icon_button_is_sized_as_one():
    unsized = [
        f"{path.relative_to(Path(egov_plugin.__file__).parent)}: {match.group(0)[:80]}"
        for path, match in _icon_buttons()
        if "button--icon" not in match.group("classes").split()
    ]
    assert unsized == []
