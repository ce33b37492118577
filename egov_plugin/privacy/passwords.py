"""The password rule for staff accounts (KISA 약한 비밀번호 정책).

:class:`CharacterClassPasswordValidator` is a Django password validator: a password must mix
character classes — upper-case letters, lower-case letters, digits, other characters — and be
the longer the fewer it mixes, after KISA's guidance (주요정보통신기반시설 기술적 취약점 분석·평가
상세가이드, and 개인정보의 안전성 확보조치 기준 해설서): at least ``min_length_three`` characters
(default 9) with three classes or more, at least ``min_length_two`` (default 10) with two; one
class alone is never enough. It also refuses four or more repeats of one character
(``aaaa``) and runs of four consecutive characters (``1234``, ``abcd``, ``dcba``), the first
things a guesser tries.

In ``AUTH_PASSWORD_VALIDATORS``::

    {"NAME": "egov_plugin.privacy.passwords.CharacterClassPasswordValidator",
     "OPTIONS": {"min_length_three": 9, "min_length_two": 10}}

Wagtail's user forms (create, edit, the staff member's own password change) apply every
validator of that list.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RUN = 4


def character_classes(password):
    """How many of the four classes (upper, lower, digit, other) ``password`` uses."""
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def _has_run(password):
    for start in range(len(password) - RUN + 1):
        window = [ord(c) for c in password[start : start + RUN].lower()]
        steps = {b - a for a, b in zip(window, window[1:], strict=False)}
        if steps in ({0}, {1}, {-1}):
            return True
    return False


class CharacterClassPasswordValidator:
    """Mixed character classes, longer when fewer; no repeats or runs of four."""

    def __init__(self, min_length_three=9, min_length_two=10):
        self.min_length_three = min_length_three
        self.min_length_two = min_length_two

    def validate(self, password, user=None):
        classes = character_classes(password)
        length = len(password)
        if (
            classes < 2
            or (classes == 2 and length < self.min_length_two)
            or (length < self.min_length_three)
        ):
            raise ValidationError(self.get_help_text(), code="password_character_classes")
        if _has_run(password):
            raise ValidationError(
                _(
                    "This password contains the same character, or consecutive characters "
                    "such as 1234 or abcd, %(count)d or more times in a row."
                )
                % {"count": RUN},
                code="password_run",
            )

    def get_help_text(self):
        return _(
            "Your password must mix at least two kinds of characters (upper-case letters, "
            "lower-case letters, digits, symbols): at least %(two)d characters with two "
            "kinds, at least %(three)d with three or more."
        ) % {"two": self.min_length_two, "three": self.min_length_three}
