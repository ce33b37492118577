"""Masking personal data in log records and error reports (KISA 정보 누출).

Admin searches send names and phone numbers in query strings, resident forms post them, and an
exception's message or traceback may quote either. What leaves the process through a log
handler or an error report is masked the way the admin shows it to staff without the right to
see it (:mod:`egov_plugin.core.text.masking`):

- phone numbers (mobile and landline, with or without dashes, ``+82``) lose their last four
  digits: ``010-1234-****``;
- e-mail addresses keep the first character of the local part: ``h***@example.com``;
- the values of query or form parameters that carry a name or contact (:data:`PERSONAL_FIELDS`:
  ``q``, ``name``, ``phone``, ``mobile``, ``email``, ``person``, …) are replaced by ``***``
  wherever such a ``key=value`` pair appears — a request line, a URL in a message, a traceback.
  A name written in free text cannot be recognised, which is why the package logs paths
  without their query strings in the first place (:mod:`egov_plugin.core.jsonlog`).

:class:`PersonalDataFilter` is the ``logging.Filter`` (``EGOV_LOG_MASKING_FILTER``'s default);
:class:`PersonalDataExceptionReporterFilter` and :class:`PersonalDataExceptionReporter` are
Django's ``DEFAULT_EXCEPTION_REPORTER_FILTER`` and ``DEFAULT_EXCEPTION_REPORTER``.
"""

import logging
import re
import traceback
from urllib.parse import unquote_plus

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .text.masking import mask_email, mask_phone

#: Parameter names whose values are a name, a contact or a search for one.
PERSONAL_FIELDS = (
    "q",
    "query",
    "search",
    "name",
    "names",
    "person",
    "phone",
    "mobile",
    "tel",
    "email",
    "e-mail",
    "contact",
    "requester_name",
    "requester_contact",
)

MASK = "***"

_PHONE = re.compile(
    r"(?<![\d\w])"
    r"(?:\+?82[-. ]?|0)"  # +82 or the trunk 0
    r"(?:1[016789]|2|[3-6][1-5]|70|50[2-8])"  # mobile, Seoul, provinces, 070, 050x
    r"[-. )]?\d{3,4}[-. ]?\d{4}"
    r"(?!\d)"
)
_EMAIL = re.compile(r"[\w.!#$%&*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ENCODED_AT = re.compile(r"[\w.+-]+%40[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.IGNORECASE)
_FIELD_NAMES = "|".join(re.escape(name) for name in PERSONAL_FIELDS)
_FIELD = re.compile(
    rf"(?P<key>(?<![\w-])(?:{_FIELD_NAMES}))(?P<sep>=|%3D)(?P<value>[^&;\s\"'<>]*)",
    re.IGNORECASE,
)


def _field(match):
    return f"{match['key']}{match['sep']}{MASK}" if match["value"] else match[0]


def mask_text(text):
    """``text`` with phone numbers, e-mail addresses and personal parameters masked."""
    if not text or not isinstance(text, str):
        return text
    text = _FIELD.sub(_field, text)
    text = _ENCODED_AT.sub(lambda m: mask_email(unquote_plus(m[0])), text)
    text = _EMAIL.sub(lambda m: mask_email(m[0]), text)
    return _PHONE.sub(lambda m: mask_phone(m[0]), text)


def _mask_value(value):
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mask_value(item) for item in value)
    return value


#: Standard ``LogRecord`` attributes left alone (everything else is an "extra").
_RECORD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class PersonalDataFilter(logging.Filter):
    """Masks personal data in every part of a record that a handler writes out.

    The message is formatted with its arguments first and then masked (so ``"%s"`` with a
    phone number is caught); gunicorn's access records keep their dict of atoms, masked
    value by value, because the access formatter reads them. The traceback is formatted
    here and kept masked in ``exc_text``; string extras are masked too. Never drops a record.
    """

    def filter(self, record):
        if isinstance(record.args, dict) and record.name.startswith("gunicorn"):
            record.args = _mask_value(record.args)
        else:
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a broken format string still gets logged
                message = str(record.msg)
            record.msg, record.args = mask_text(message), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
            record.exc_text = mask_text(record.exc_text)
            # Formatters format exc_info again when it is there; exc_text is the masked copy.
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in _RECORD_ATTRS and isinstance(value, str):
                setattr(record, name, mask_text(value))
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's safe filter, also masking personal data in the request and the frames.

    Set ``DEFAULT_EXCEPTION_REPORTER_FILTER`` to this class. POST values of
    :data:`PERSONAL_FIELDS` are replaced entirely, every other string is masked; the request's
    META (its query string, its referrer) and every local variable of the traceback likewise.
    """

    def get_post_parameters(self, request):
        parameters = super().get_post_parameters(request)
        if not parameters:
            return parameters
        parameters = parameters.copy()
        for key in list(parameters):
            if key.lower() in PERSONAL_FIELDS:
                parameters[key] = self.cleansed_substitute
            else:
                parameters.setlist(key, [mask_text(v) for v in parameters.getlist(key)])
        return parameters

    def get_safe_request_meta(self, request):
        return {
            key: _mask_value(value) for key, value in super().get_safe_request_meta(request).items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, mask_text(value) if isinstance(value, str) else mask_text(repr(value)))
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def cleanse_setting(self, key, value):
        return _mask_value(super().cleanse_setting(key, value))


class PersonalDataExceptionReporter(ExceptionReporter):
    """Django's exception reporter with the request's URL, query, cookies, exception text and
    source lines masked.

    Set ``DEFAULT_EXCEPTION_REPORTER`` to this class (with the filter above): Django's reporter
    lists ``request.GET`` and the full URL as they came.
    """

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if "request_GET_items" in data:
            data["request_GET_items"] = [
                (key, MASK if key.lower() in PERSONAL_FIELDS else mask_text(value))
                for key, value in data["request_GET_items"]
            ]
        if data.get("request_COOKIES_items"):
            data["request_COOKIES_items"] = [(k, MASK) for k, _ in data["request_COOKIES_items"]]
        for key in ("request_insecure_uri", "exception_value"):
            if isinstance(data.get(key), str):
                data[key] = mask_text(data[key])
        for frame in data.get("frames", []):
            # Source lines too: a report is no place to learn which number a test or a
            # fixture file held.
            frame["context_line"] = mask_text(frame.get("context_line"))
            for key in ("pre_context", "post_context"):
                frame[key] = [mask_text(line) for line in frame.get(key) or []]
        return data
