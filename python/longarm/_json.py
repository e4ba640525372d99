"""Dicts to the JSON text longarm loads: the one place where Python values become longarm's
input, so that it can switch to another route (a JSON value handed over natively) alone.

Decimals stay exact: a ``decimal.Decimal`` is written as a decimal string with its own digits
(``Decimal("1.50")`` -> ``"1.50"``), a ``float`` as Python prints it (``0.1`` -> ``0.1``,
which longarm reads as exactly one tenth: the number as written, never its binary value), an
``int`` exactly. Paths (``os.PathLike``) become strings and ``datetime.date`` its ISO form.
A value JSON cannot hold (NaN, infinity, a set, bytes, a key that is not a string, nesting
past 200 levels) is a :class:`LoadError` naming its path.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from collections.abc import Mapping
from typing import Any, List

from ._errors import LoadError

# Deeper than any input longarm accepts (its own limit, 64 levels, is reported by the loader
# with its path); this bound only keeps a cyclic or absurd structure from recursing forever.
_MAX_DEPTH = 200
# A Decimal is written in fixed notation when this is enough digits; one further from the
# point (1E+1000) is left in its own notation, which the loader refuses with its path.
_MAX_FIXED_EXPONENT = 64


def to_json_text(value: Mapping, what: str) -> str:
    """The JSON text of ``value`` (a BOM or scenario dict); ``what`` names it in errors."""
    return json.dumps(
        _plain(value, "", 0, what),
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def _fail(what: str, path: str, message: str) -> LoadError:
    where = f"{what}: {path}" if path else what
    return LoadError(
        f"{where}: {message}",
        None,
        [{"file": None, "path": path, "line": None, "message": message}],
    )


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _plain(value: Any, path: str, depth: int, what: str) -> Any:
    if depth > _MAX_DEPTH:
        raise _fail(what, path, f"nested more than {_MAX_DEPTH} levels deep (a cycle?)")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _fail(what, path, f"{value!r} is not a decimal: write the value as a string")
        return value
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise _fail(what, path, f"Decimal({str(value)!r}) is not a decimal longarm reads")
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and abs(exponent) <= _MAX_FIXED_EXPONENT:
            return format(value, "f")
        return str(value)
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _fail(
                    what, path, f"key {key!r} is a {type(key).__name__}: object keys are strings"
                )
            out[key] = _plain(item, _key_path(path, key), depth + 1, what)
        return out
    if isinstance(value, (list, tuple)):
        items: List[Any] = []
        for i, item in enumerate(value):
            items.append(_plain(item, f"{path}[{i}]", depth + 1, what))
        return items
    if isinstance(value, os.PathLike):
        text = os.fspath(value)
        if isinstance(text, bytes):
            raise _fail(what, path, "a bytes path: give the path as a string")
        return text
    if isinstance(value, datetime.datetime):
        return value.isoformat()  # not a date: the loader says so, with the path
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise _fail(what, path, f"a {type(value).__name__} is not a JSON value")
