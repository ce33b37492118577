"""Korean SMS rules: EUC-KR byte counts, SMS/LMS switch, characters a phone cannot show, footers.

Korean carriers count SMS length in EUC-KR bytes (a Hangul syllable is two bytes): up to 90
bytes go as SMS, up to 2,000 bytes as LMS with a title of up to 40 bytes.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .conf import app_settings

SMS_MAX_BYTES = 90
LMS_MAX_BYTES = 2000
LMS_TITLE_MAX_BYTES = 40
AD_PREFIX = "(광고)"

SMS = "SMS"
LMS = "LMS"


def euckr_len(text):
    """Length of ``text`` in EUC-KR bytes; a character EUC-KR lacks counts as two."""
    return len(text.encode("euc-kr", errors="replace")) + len(unencodable(text))


def unencodable(text):
    """The distinct characters of ``text`` EUC-KR cannot carry (emoji, rare Hanja), in order."""
    seen = []
    for char in text:
        if char not in seen:
            try:
                char.encode("euc-kr")
            except UnicodeEncodeError:
                seen.append(char)
    return seen


def message_type(text):
    """``"SMS"`` up to 90 bytes, otherwise ``"LMS"``."""
    return SMS if euckr_len(text) <= SMS_MAX_BYTES else LMS


def sms_text(body, *, advertising=False):
    """The SMS as sent: the (광고) prefix when advertising, the 080 opt-out footer when set."""
    text = f"{AD_PREFIX} {body}" if advertising else body
    number = app_settings.OUTREACH_OPTOUT_080
    if number:
        text = f"{text}\n" + _("Free opt-out %(number)s") % {"number": number}
    return text


@dataclass
class Check:
    """What is wrong (``errors``: the campaign cannot start) or worth a look (``warnings``)."""

    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def check_sms(text, title=""):
    """Check one rendered SMS (with prefix and footer) against the carriers' rules."""
    result = Check()
    size = euckr_len(text)
    bad = unencodable(text + title)
    if bad:
        result.errors.append(
            _("These characters cannot be sent by SMS: %(chars)s. Remove them or replace them.")
            % {"chars": " ".join(bad)}
        )
    if size > LMS_MAX_BYTES:
        result.errors.append(
            _("The message is %(size)d bytes long; even an LMS carries at most %(max)d bytes.")
            % {"size": size, "max": LMS_MAX_BYTES}
        )
    elif size > SMS_MAX_BYTES:
        result.warnings.append(
            _("The message is %(size)d bytes long (over %(max)d): it will go as an LMS.")
            % {"size": size, "max": SMS_MAX_BYTES}
        )
    if euckr_len(title) > LMS_TITLE_MAX_BYTES:
        result.errors.append(
            _("The SMS title is %(size)d bytes long; at most %(max)d are allowed.")
            % {"size": euckr_len(title), "max": LMS_TITLE_MAX_BYTES}
        )
    return result
