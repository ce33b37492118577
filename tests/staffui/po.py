"""A small reader of gettext ``.po`` files (the test environment has no polib)."""

import ast
from dataclasses import dataclass, field


@dataclass
class Entry:
    """One catalogue entry: context, msgid, plural msgid and the translations."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list = field(default_factory=list)
    fuzzy: bool = False


def read_po(path):
    """The entries of a ``.po`` file (the header entry and obsolete ``#~`` ones left out)."""
    entries, entry, key = [], Entry(), None

    def finish():
        nonlocal entry
        if entry.msgid or entry.msgid_plural:
            entries.append(entry)
        entry = Entry()

    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,") and "fuzzy" in line:
            if key == "msgstr":
                finish()
                key = None
            entry.fuzzy = True
            continue
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word in ("msgctxt", "msgid") and key in ("msgstr",):
            finish()
        if word == "msgctxt":
            key, entry.msgctxt = "msgctxt", ast.literal_eval(rest)
        elif word == "msgid":
            key, entry.msgid = "msgid", ast.literal_eval(rest)
        elif word == "msgid_plural":
            key, entry.msgid_plural = "msgid_plural", ast.literal_eval(rest)
        elif word.startswith("msgstr"):
            key = "msgstr"
            entry.msgstr.append(ast.literal_eval(rest))
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgctxt":
                entry.msgctxt += value
            elif key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            elif key == "msgstr":
                entry.msgstr[-1] += value
    if key == "msgstr":
        finish()
    return entries
