"""The cleaned rows of a preview, kept compactly so that the commit does not read the file again.

Reading and cleaning an 80,000-row workbook costs about as much as writing its people, and the
preview has already done it. :func:`encode` turns the cleaned rows into compressed JSON (never
pickle: the bytes are read back by the commit task), :func:`decode` gives them back, and
:func:`rows_key` says which file reading they belong to: a new column mapping means new rows.
"""

import datetime
import hashlib
import json
import zlib

from .rows import Row

#: Changes whenever the stored layout or the meaning of cleaned values changes, so rows stored
#: by an older version are cleaned again instead of being misread.
VERSION = 2


def rows_key(kind_key, header_index, mapping):
    """The identity of one way of reading a job's file: kind, header row and column mapping."""
    text = json.dumps(
        [VERSION, kind_key, header_index, sorted((int(k), v) for k, v in mapping.items())]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _default(value):
    # Dates are the only cleaned values JSON lacks; tagged objects come back through the
    # object hook, which JSON calls for objects only (rows themselves are lists).
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot store a {type(value).__name__}")


def _hook(obj):
    if len(obj) == 1:
        if "$datetime" in obj:
            return datetime.datetime.fromisoformat(obj["$datetime"])
        if "$date" in obj:
            return datetime.date.fromisoformat(obj["$date"])
    return obj


def encode(rows):
    """Compressed JSON of cleaned rows (before the plan: outcomes are decided at commit)."""
    # Rows of one kind clean into the same keys; the union guards against one that does not.
    keys = list(dict.fromkeys(key for row in rows for key in row.values))
    records = [
        [
            row.number,
            row.previous_number,
            [row.values.get(key) for key in keys],
            row.errors,
            row.warnings,
            row.raw if row.errors else None,
        ]
        for row in rows
    ]
    payload = json.dumps(
        {"version": VERSION, "keys": keys, "rows": records},
        default=_default,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return zlib.compress(payload.encode(), 1)


def decode(data):
    """The rows :func:`encode` stored, as :class:`~egov_plugin.imports.rows.Row` objects."""
    payload = json.loads(zlib.decompress(bytes(data)), object_hook=_hook)
    keys = payload["keys"]
    rows = []
    for number, previous, values, errors, warnings, raw in payload["rows"]:
        rows.append(
            Row(
                number=number,
                cells=None,
                raw=raw,
                values=dict(zip(keys, values, strict=True)),
                errors=[tuple(e) for e in errors],
                warnings=[tuple(w) for w in warnings],
                previous_number=previous,
            )
        )
    return rows
