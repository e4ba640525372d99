"""Dicts to the JSON text longarm loads: the one place where Python values become longarm's
input. The native side reads the text as a JSON value (``serde_json``) and loads it with
``Bom::from_json_value`` / ``Scenario::from_json_value``: problems name items and parties by
id (``items[MAG-DY].origin``, ``parties[buyer].country``) and carry no line.

Decimals stay exact: a ``decimal.Decimal`` is written as a decimal string with its own digits
(``Decimal("1.50")`` -> ``"1.50"``), a ``float`` as Python prints it (``0.1`` -> ``0.1``,
which longarm reads as exactly one tenth: the number as written, never its binary value), an
``int`` exactly (one beyond 64 bits as a decimal string, so that it is never read as a float).
Paths (``os.PathLike``) become strings and ``datetime.date`` its ISO form. A value JSON cannot
hold (NaN, infinity, a set, bytes, a key that is not a string, a string with a lone
surrogate, nesting past 100 levels, more than 10,000,000 values in all — a dict whose parts
are shared is counted as written out) is a :class:`LoadError` naming its path, named the same
way. An id of digits alone is quoted in paths (``items["1"]``), as it would read as a position.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
from collections.abc import Mapping
from typing import Any, List

from ._errors import LoadError

# Deeper than any input longarm accepts (its own limit, 64 levels, is reported by the loader);
# this bound only keeps a cyclic or absurd structure from recursing forever, and stays within
# what the JSON reader on the native side nests (128).
_MAX_DEPTH = 100
# Integers JSON readers hold exactly (64 bits); others are written as decimal strings.
_INT_RANGE = (-(2**63), 2**64 - 1)
# The lists whose entries longarm names by id, for each kind of input.
_NAMED = {"bom": ("items",), "scenario": ("parties", "bom.items")}
_PLAIN_ID = set("-_:/+#")
# A Decimal is written in fixed notation when this is enough digits; one further from the
# point (1E+1000) is left in its own notation, which the loader refuses with its path.
_MAX_FIXED_EXPONENT = 64


# Values a dict may hold in all, counted as written out (a structure that shares its parts
# would otherwise be visited once per path: exponentially often). A larger BOM goes by file.
_MAX_VALUES = 10_000_000


class _Budget:
    """Values left to visit."""

    def __init__(self) -> None:
        self.left = _MAX_VALUES


def to_json_text(value: Mapping, what: str) -> str:
    """The JSON text of ``value``; ``what`` is ``"bom"`` or ``"scenario"``."""
    return json.dumps(
        _plain(value, "", 0, what, _Budget()),
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def _fail(what: str, path: str, message: str) -> LoadError:
    label = f"<{what} dict>"
    where = f"{label}: {path}" if path else label
    return LoadError(
        f"{label}: 1 problem\n{where}: {message}",
        None,
        [{"file": None, "path": path, "line": None, "message": message}],
    )


def _ids(entries: Any) -> List[Any]:
    """Each entry's id where it names it alone (as longarm names entries: else its index)."""
    ids = [e.get("id") if isinstance(e, Mapping) and isinstance(e.get("id"), str) else None
           for e in entries]
    seen: dict = {}
    for i in ids:
        if i is not None:
            seen[i] = seen.get(i, 0) + 1
    return [i if i is not None and seen[i] == 1 else None for i in ids]


def _entry(path: str, index: int, id: Any) -> str:
    if id is None:
        return f"{path}[{index}]"
    # Digits alone would read as a position: quoted, as longarm quotes them.
    if id and not id.isdigit() and all(c.isalnum() or c in _PLAIN_ID for c in id):
        return f"{path}[{id}]"
    return f"{path}[{json.dumps(id, ensure_ascii=False)}]"


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(value: str, path: str, what: str) -> str:
    """``value``, if it is text UTF-8 can hold (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise _fail(
            what, path, f"a lone surrogate {value[e.start]!r} at character {e.start}: not text"
        ) from None
    return value


def _plain(value: Any, path: str, depth: int, what: str, budget: _Budget) -> Any:
    if depth > _MAX_DEPTH:
        raise _fail(what, path, f"nested more than {_MAX_DEPTH} levels deep (a cycle?)")
    budget.left -= 1
    if budget.left < 0:
        raise _fail(
            what,
            path,
            f"more than {_MAX_VALUES:,} values (shared parts counted each time they appear):"
            " give a BOM this large as a file",
        )
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(value, path, what)
    if isinstance(value, int):
        value = int(value)
        return value if _INT_RANGE[0] <= value <= _INT_RANGE[1] else str(value)
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
            key = _text(key, path, what)
            out[key] = _plain(item, _key_path(path, key), depth + 1, what, budget)
        return out
    if isinstance(value, (list, tuple)):
        ids = _ids(value) if path in _NAMED.get(what, ()) else [None] * len(value)
        return [
            _plain(item, _entry(path, i, ids[i]), depth + 1, what, budget)
            for i, item in enumerate(value)
        ]
    if isinstance(value, os.PathLike):
        text = os.fspath(value)
        if isinstance(text, bytes):
            raise _fail(what, path, "a bytes path: give the path as a string")
        return _text(text, path, what)
    if isinstance(value, datetime.datetime):
        return value.isoformat()  # not a date: the loader says so, with the path
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise _fail(what, path, f"a {type(value).__name__} is not a JSON value")
