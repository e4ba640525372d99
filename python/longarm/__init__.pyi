"""Type stubs of the `longarm` package (the determinations are the JSON documents of
`docs/formats.md`, as dicts)."""

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Dict, List, Literal, Optional, Union, overload

from ._errors import EvalError as EvalError
from ._errors import LoadError as LoadError
from ._errors import LongarmError as LongarmError

from ._longarm import NativeBom

__version__: str
__all__ = ["Engine", "EvalError", "LoadError", "LongarmError", "Prepared", "check"]

PathLike = Union[str, os.PathLike[str]]
#: A BOM or scenario: a dict with the structure of the file, or the file's path.
Input = Union[Mapping[str, Any], PathLike]
#: An as-of date: ``"YYYY-MM-DD"`` or a ``datetime.date``.
DateLike = Union[str, datetime.date]
#: A determination (``longarm check --format json``) as a dict: ``item``, ``as_of``,
#: ``verdict`` (``no_license_required`` | ``license_required`` | ``undetermined``),
#: ``jurisdictions``, ``warnings``, ``receipt``. Decimals are strings.
Determination = Dict[str, Any]


class Engine:
    """A rule set ready to evaluate many exports (bundled packs, plus pack paths)."""

    def __init__(
        self,
        rules: Union[None, PathLike, Sequence[PathLike]] = None,
        *,
        bundled: bool = True,
    ) -> None: ...
    @property
    def packs(self) -> List[Dict[str, str]]: ...
    def prepare(self, bom: Input, item: Optional[str] = None) -> Prepared: ...
    @overload
    def check(
        self,
        bom: Optional[Input],
        scenario: Input,
        date: Optional[DateLike] = None,
        *,
        explain: bool = False,
        strict_materials: bool = False,
        text: Literal[False] = False,
    ) -> Determination: ...
    @overload
    def check(
        self,
        bom: Optional[Input],
        scenario: Input,
        date: Optional[DateLike] = None,
        *,
        explain: bool = False,
        strict_materials: bool = False,
        text: Literal[True],
    ) -> str: ...
    def evaluate_many(
        self,
        scenarios: Iterable[Input],
        bom: Optional[Input] = None,
        *,
        date: Optional[DateLike] = None,
        explain: bool = False,
        strict_materials: bool = False,
        text: bool = False,
        errors: Literal["raise", "return"] = "raise",
    ) -> List[Any]:
        """Determinations (dicts, or JSON text with ``text=True``) in order; with
        ``errors="return"``, a ``LoadError`` / ``EvalError`` in the place of each failure."""

class Prepared:
    """A BOM prepared with an engine: scenarios of its items share roll-ups."""

    def __init__(self, engine: Engine, bom: NativeBom, item: Optional[str]) -> None: ...
    @property
    def engine(self) -> Engine: ...
    def roots(self) -> List[str]: ...
    @overload
    def evaluate(
        self,
        scenario: Input,
        date: Optional[DateLike] = None,
        *,
        explain: bool = False,
        strict_materials: bool = False,
        text: Literal[False] = False,
    ) -> Determination: ...
    @overload
    def evaluate(
        self,
        scenario: Input,
        date: Optional[DateLike] = None,
        *,
        explain: bool = False,
        strict_materials: bool = False,
        text: Literal[True],
    ) -> str: ...
    def evaluate_many(
        self,
        scenarios: Iterable[Input],
        *,
        date: Optional[DateLike] = None,
        explain: bool = False,
        strict_materials: bool = False,
        text: bool = False,
        errors: Literal["raise", "return"] = "raise",
    ) -> List[Any]: ...

@overload
def check(
    bom: Optional[Input],
    scenario: Input,
    rules: Union[None, Engine, PathLike, Sequence[PathLike]] = None,
    date: Optional[DateLike] = None,
    *,
    explain: bool = False,
    strict_materials: bool = False,
    bundled: bool = True,
    text: Literal[False] = False,
) -> Determination:
    """Does this export need a licence? Raises LoadError / EvalError (ValueErrors, with
    their problems: file, path, line, message) and TypeError for a wrong kind of argument."""

@overload
def check(
    bom: Optional[Input],
    scenario: Input,
    rules: Union[None, Engine, PathLike, Sequence[PathLike]] = None,
    date: Optional[DateLike] = None,
    *,
    explain: bool = False,
    strict_materials: bool = False,
    bundled: bool = True,
    text: Literal[True],
) -> str: ...
