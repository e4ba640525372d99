"""The exceptions of longarm. Both are ``ValueError`` s: bad input, never a crash."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class LongarmError(ValueError):
    """Base of :class:`LoadError` and :class:`EvalError`.

    ``problems`` lists every problem found, each a dict with ``file`` (``str`` or ``None``),
    ``path`` (the path of the bad value, e.g. ``items[3].components[1].item``; ``""`` for the
    whole input), ``line`` (1-based, or ``None`` where there is no line the caller could use:
    a dict has none) and ``message``. ``index`` is the position of the failing scenario in an
    ``evaluate_many`` call, else ``None``.
    """

    def __init__(
        self,
        message: str,
        file: Optional[str] = None,
        problems: Optional[List[Dict[str, Any]]] = None,
        index: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.problems: List[Dict[str, Any]] = list(problems or [])
        self.index = index

    def __reduce__(self):  # picklable with its problems (multiprocessing, Spark, Ray)
        return (type(self), (self.message, self.file, self.problems, self.index))

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        return f"scenarios[{self.index}]: {self.message}"


class LoadError(LongarmError):
    """A BOM, scenario or rule pack that could not be loaded: every problem in it.

    ``file`` is the file it was read from (``None`` for a dict).
    """


class EvalError(LongarmError):
    """An evaluation that could not run: the scenario's item is not in the BOM, a value
    outside the loaded packs' vocabularies (a misspelt material form, end use, tag or list:
    each problem names its file, path and a suggestion), or a sum beyond the decimal range.
    """
