"""longarm: does this export need a licence, under which jurisdiction's rule, and why?

Export-control rule packs (China's MOFCOM rare-earth and critical-mineral controls, the US
EAR) evaluated over a bill of materials, in exact decimals. The determinations are the JSON
documents ``longarm check --format json`` prints (``docs/formats.md``), as dicts.

>>> import longarm
>>> d = longarm.check(None, "examples/motor.scenario.json")      # doctest: +SKIP
>>> d["verdict"]                                                 # doctest: +SKIP
'license_required'

BOMs and scenarios are dicts (the structure of the files) or file paths. Evaluation releases
the GIL, so threads evaluate in parallel; ``evaluate_many`` also spreads over the cores.
"""

from __future__ import annotations

import datetime  # noqa: F401 (named by DateLike)
import json
import os
import threading
from collections.abc import Mapping
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _json
from ._errors import EvalError, LoadError, LongarmError
from ._longarm import NativeBom, NativeEngine, NativePrepared, NativeScenario

__all__ = [
    "Engine",
    "EvalError",
    "LoadError",
    "LongarmError",
    "Prepared",
    "check",
]

__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]
#: A BOM or scenario: a dict with the structure of the file, or the file's path.
Input = Union[Mapping, PathLike]
#: An as-of date: ``"YYYY-MM-DD"`` or a ``datetime.date``.
DateLike = Union[str, "datetime.date"]
#: A determination (``longarm check --format json``) as a dict. Decimals are strings.
Determination = Dict[str, Any]

def _is_path(value: Any) -> bool:
    return isinstance(value, (str, os.PathLike))


def _fspath(value: Any, what: str) -> str:
    path = os.fspath(value)
    if not isinstance(path, str):
        raise TypeError(f"{what}: give the path as a str, not {type(path).__name__}")
    if not _is_text(path):
        raise ValueError(f"{what}: the path {path!r} is not UTF-8 text")
    return path


def _load_bom(bom: Any) -> NativeBom:
    if isinstance(bom, NativeBom):
        return bom
    if _is_path(bom):
        return NativeBom.from_path(_fspath(bom, "bom"))
    if isinstance(bom, Mapping):
        return NativeBom.from_dict_json(_json.to_json_text(bom, "bom"))
    raise TypeError(f"bom: expected a dict or a file path, found {type(bom).__name__}")


def _load_scenario(scenario: Any, *, item: Optional[str] = None) -> NativeScenario:
    """A scenario file, or a dict (whose `bom` may be left out when the BOM is given); `item`
    for a dict that names none."""
    if isinstance(scenario, NativeScenario):
        return scenario
    if _is_path(scenario):
        return NativeScenario.from_path(_fspath(scenario, "scenario"))
    if isinstance(scenario, Mapping):
        if item is not None and scenario.get("item") is None:
            scenario = dict(scenario, item=item)
        return NativeScenario.from_dict_json(_json.to_json_text(scenario, "scenario"))
    raise TypeError(
        f"scenario: expected a dict or a file path, found {type(scenario).__name__}"
    )


def _adjust(
    scenario: NativeScenario, date: Any, strict_materials: bool
) -> NativeScenario:
    if date is None and not strict_materials:
        return scenario
    if isinstance(date, str) and not _is_text(date):
        raise ValueError(f"invalid date {date!r}: expected `YYYY-MM-DD`")
    if date is not None and not isinstance(date, str):
        if hasattr(date, "isoformat") and not hasattr(date, "hour"):
            date = date.isoformat()
        else:
            raise TypeError(
                f"date: expected 'YYYY-MM-DD' or a datetime.date, found {type(date).__name__}"
            )
    return scenario.adjusted(date, strict_materials)


def _is_text(value: str) -> bool:
    """Whether UTF-8 holds ``value`` (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _result(text: str, as_text: bool) -> Union[Dict[str, Any], str]:
    return text if as_text else json.loads(text)


def _collect(
    outcomes: Sequence[Any], as_text: bool, errors: str
) -> List[Any]:
    out: List[Any] = []
    for i, outcome in enumerate(outcomes):
        if isinstance(outcome, str):
            out.append(_result(outcome, as_text))
            continue
        if isinstance(outcome, LongarmError):
            outcome.index = i
        if errors == "raise":
            raise outcome
        out.append(outcome)
    return out


def _check_errors(errors: str) -> None:
    if errors not in ("raise", "return"):
        raise ValueError(f"errors: expected 'raise' or 'return', found {errors!r}")


class Engine:
    """A rule set ready to evaluate many exports.

    ``rules``: ``None`` for the bundled packs (CN and US), or pack files / folders of packs
    (a path or a list of them) loaded after the bundled ones, as ``longarm check --rules``;
    ``bundled=False`` loads only those (``--no-bundled``). Problems of a pack raise
    :class:`LoadError`. An engine is immutable and may be shared by threads.
    """

    __slots__ = ("_native", "_paths", "_bundled")

    def __init__(
        self,
        rules: Union[None, PathLike, Sequence[PathLike]] = None,
        *,
        bundled: bool = True,
    ) -> None:
        if rules is None:
            paths: List[str] = []
        elif _is_path(rules):
            paths = [_fspath(rules, "rules")]
        elif isinstance(rules, (list, tuple)):
            paths = [_fspath(p, f"rules[{i}]") for i, p in enumerate(rules)]
        else:
            raise TypeError(
                f"rules: expected None, a path or a list of paths, found {type(rules).__name__}"
            )
        self._paths = paths
        self._bundled = bool(bundled)
        self._native = NativeEngine(paths, self._bundled)

    def __reduce__(self):  # pickled as how to load it again (Spark, multiprocessing)
        return (_engine, (self._paths, self._bundled))

    def __repr__(self) -> str:
        packs = ", ".join(p["id"] for p in self.packs)
        return f"longarm.Engine(packs=[{packs}])"

    @property
    def packs(self) -> List[Dict[str, str]]:
        """The packs loaded, in order: ``id``, ``source`` (``bundled:NAME`` or the file) and
        ``sha256``, as a determination's receipt records them."""
        return [
            {"id": i, "source": s, "sha256": h} for (i, s, h) in self._native.packs()
        ]

    def prepare(self, bom: Union[Mapping, PathLike], item: Optional[str] = None) -> "Prepared":
        """``bom`` (a dict or a file) loaded and prepared for many scenarios: each distinct
        item, destination and date is rolled up once. ``item`` is the exported item of the
        dict scenarios that name none."""
        return Prepared(self, _load_bom(bom), item)

    def check(
        self,
        bom: Union[None, Mapping, PathLike],
        scenario: Union[Mapping, PathLike],
        date: Any = None,
        *,
        explain: bool = False,
        strict_materials: bool = False,
        text: bool = False,
    ) -> Any:
        """The determination of one export. See :func:`check`."""
        s = _load_scenario(scenario)
        b = _load_bom(bom) if bom is not None else s.load_bom()
        s = _adjust(s, date, strict_materials)
        return _result(self._native.evaluate(b, s, bool(explain)), text)

    def evaluate_many(
        self,
        scenarios: Iterable[Union[Mapping, PathLike]],
        bom: Union[None, Mapping, PathLike] = None,
        *,
        date: Any = None,
        explain: bool = False,
        strict_materials: bool = False,
        text: bool = False,
        errors: str = "raise",
    ) -> List[Any]:
        """The determinations of many exports, in order, evaluated over the cores.

        With ``bom``, every scenario is an export of an item of it (as
        ``engine.prepare(bom).evaluate_many(scenarios)``); without, each scenario's own BOM
        (its ``bom`` file, each distinct file loaded and prepared once, or its inline BOM).
        ``errors="raise"`` raises the first failure (its ``index`` set); ``"return"`` puts
        the exception in its place in the list instead.
        """
        if bom is not None:
            return self.prepare(bom).evaluate_many(
                scenarios,
                date=date,
                explain=explain,
                strict_materials=strict_materials,
                text=text,
                errors=errors,
            )
        _check_errors(errors)
        loaded, failed = _load_all(scenarios, None, date, strict_materials)
        outcomes = self._native.evaluate_own([s for s in loaded if s is not None], bool(explain))
        return _collect(_merge(loaded, failed, outcomes), text, errors)


def _engine(paths: List[str], bundled: bool) -> Engine:
    return Engine(paths, bundled=bundled)


def _load_all(
    scenarios: Iterable[Any],
    item: Optional[str],
    date: Any,
    strict_materials: bool,
):
    """Each scenario loaded; a failure kept in its place, so that the first failure in the
    order given is the one raised (``errors="raise"``), whether it failed to load or to
    evaluate. A ``TypeError`` (an argument of the wrong kind) is raised at once."""
    loaded: List[Optional[NativeScenario]] = []
    failed: Dict[int, Exception] = {}
    for i, scenario in enumerate(scenarios):
        try:
            s = _load_scenario(scenario, item=item)
            loaded.append(_adjust(s, date, strict_materials))
        except LongarmError as e:
            loaded.append(None)
            failed[i] = e
    return loaded, failed


def _merge(
    loaded: List[Optional[NativeScenario]], failed: Dict[int, Exception], outcomes: List[Any]
) -> List[Any]:
    it = iter(outcomes)
    return [failed[i] if s is None else next(it) for i, s in enumerate(loaded)]


class Prepared:
    """A BOM prepared with an engine (``Engine.prepare``): scenarios of its items share
    roll-ups. May be shared by threads."""

    __slots__ = ("_engine", "_bom", "_item", "_native")

    def __init__(self, engine: Engine, bom: NativeBom, item: Optional[str]) -> None:
        self._engine = engine
        self._bom = bom
        self._item = item
        self._native: NativePrepared = engine._native.prepare(bom)

    def __repr__(self) -> str:
        source = self._bom.source or "a dict"
        return f"longarm.Prepared(bom={source!r}, item={self._item!r})"

    @property
    def engine(self) -> Engine:
        return self._engine

    def roots(self) -> List[str]:
        """The BOM's root items (nobody's component), in file order."""
        return self._bom.roots()

    def evaluate(
        self,
        scenario: Union[Mapping, PathLike],
        date: Any = None,
        *,
        explain: bool = False,
        strict_materials: bool = False,
        text: bool = False,
    ) -> Any:
        """The determination of one export of an item of this BOM. The scenario's own
        ``bom``, if it names one, is not read."""
        s = _load_scenario(scenario, item=self._item)
        s = _adjust(s, date, strict_materials)
        return _result(self._native.evaluate(s, bool(explain)), text)

    def evaluate_many(
        self,
        scenarios: Iterable[Union[Mapping, PathLike]],
        *,
        date: Any = None,
        explain: bool = False,
        strict_materials: bool = False,
        text: bool = False,
        errors: str = "raise",
    ) -> List[Any]:
        """The determinations of many exports of items of this BOM, in order, evaluated over
        the cores with the GIL released. ``errors``: as :meth:`Engine.evaluate_many`."""
        _check_errors(errors)
        loaded, failed = _load_all(scenarios, self._item, date, strict_materials)
        outcomes = self._native.evaluate_many([s for s in loaded if s is not None], bool(explain))
        return _collect(_merge(loaded, failed, outcomes), text, errors)


_default: Optional[Engine] = None
_default_lock = threading.Lock()


def _bundled_engine() -> Engine:
    global _default
    with _default_lock:
        if _default is None:
            _default = Engine()
        return _default


def check(
    bom: Union[None, Mapping, PathLike],
    scenario: Union[Mapping, PathLike],
    rules: Union[None, Engine, PathLike, Sequence[PathLike]] = None,
    date: Any = None,
    *,
    explain: bool = False,
    strict_materials: bool = False,
    bundled: bool = True,
    text: bool = False,
) -> Any:
    """Does this export need a licence? The determination, as ``longarm check --format json``
    prints it, as a dict (``text=True``: the JSON text itself, byte for byte the CLI's).

    ``bom``: a dict or a BOM file, or ``None`` for the BOM the scenario names (its file,
    relative to the scenario file, or its inline BOM); a BOM given is the one evaluated,
    whatever the scenario names. ``scenario``: a dict or a scenario file; a dict scenario
    given with a ``bom`` may leave out its own ``bom``. ``rules``:
    ``None`` for the bundled packs, pack paths loaded after them (``bundled=False``: instead),
    or an :class:`Engine`. ``date`` (``"YYYY-MM-DD"`` or a ``datetime.date``) overrides the
    scenario's, as ``--date``; ``explain`` and ``strict_materials`` as ``--explain`` and
    ``--strict-materials``.

    Raises :class:`LoadError` (an input that does not load: every problem, with its path) and
    :class:`EvalError` (an unknown item, a value outside the packs' vocabularies), both
    ``ValueError`` s; ``TypeError`` for an argument of the wrong kind.
    """
    if isinstance(rules, Engine):
        engine = rules
    elif rules is None and bundled:
        engine = _bundled_engine()
    else:
        engine = Engine(rules, bundled=bundled)
    return engine.check(
        bom, scenario, date, explain=explain, strict_materials=strict_materials, text=text
    )
