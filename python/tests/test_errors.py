"""Bad input is a LoadError / EvalError (both ValueErrors) naming the path of the bad value,
never a panic, a crash or a silent answer."""

from __future__ import annotations

import copy
import json
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import longarm
from conftest import ROOT

MOTOR_BOM = json.loads((ROOT / "examples/motor.bom.json").read_text())
SCENARIO = {"item": "MOTOR-200", "from": "VN", "to": "DE", "date": "2026-12-01"}


def paths(e: longarm.LongarmError):
    return [p["path"] for p in e.problems]


def test_every_problem_of_a_bad_bom_file_with_its_path_and_line():
    with pytest.raises(longarm.LoadError) as info:
        longarm.Engine().prepare("tests/bad/many-problems.bom.json")
    e = info.value
    assert isinstance(e, ValueError)
    assert e.file == "tests/bad/many-problems.bom.json"
    assert paths(e) == [
        "items[0].origin",
        "items[0].value",
        "items[0].components[0].quantity",
        "items[0].components[1].item",
        "items[1].id",
    ]
    assert [p["line"] for p in e.problems] == [6, 7, 9, 10, 13]
    assert all(p["file"] == e.file for p in e.problems)
    assert "did you mean `VN`?" in e.problems[0]["message"]
    assert "did you mean `MAG-DY`?" in e.problems[3]["message"]
    # The message is the command line's.
    assert str(e).startswith("tests/bad/many-problems.bom.json: 5 problems")


def test_a_scenario_naming_a_bad_bom_raises_its_problems():
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(None, dict(SCENARIO, bom="tests/bad/many-problems.bom.json"))
    assert len(info.value.problems) == 5


def test_problems_of_a_dict_have_paths_and_no_lines():
    bom = copy.deepcopy(MOTOR_BOM)
    items = {i["id"]: i for i in bom["items"]}
    items["MAG-DY"]["origin"] = "Japan"
    items["HOUSING"]["value"] = [120]
    items["ROTOR"]["components"][0]["quantity"] = "-1.6"
    items["SHAFT"]["value"] = "1e40"
    items["BEARING"]["value"] = 10**40
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(bom, SCENARIO)
    e = info.value
    assert e.file is None
    # Items named by their ids.
    assert set(paths(e)) == {
        "items[MAG-DY].origin",
        "items[HOUSING].value",
        "items[ROTOR].components[0].quantity",
        "items[SHAFT].value",
        "items[BEARING].value",
    }
    assert all(p["line"] is None for p in e.problems)
    assert any("did you mean `JP`?" in p["message"] for p in e.problems)


@pytest.mark.parametrize(
    "value, path",
    [
        (float("nan"), "items[X].value"),
        (float("inf"), "items[X].value"),
        (Decimal("NaN"), "items[X].value"),
        (Decimal("-Infinity"), "items[X].value"),
        ({1, 2}, "items[X].value"),
        (b"12", "items[X].value"),
        (object(), "items[X].value"),
    ],
)
def test_values_json_cannot_hold_are_load_errors_with_their_path(value, path):
    bom = {"currency": "USD", "items": [{"id": "X", "origin": "VN", "value": value}]}
    with pytest.raises(longarm.LoadError) as info:
        longarm.Engine().prepare(bom)
    assert paths(info.value) == [path]
    assert info.value.problems[0]["line"] is None


def test_huge_tiny_and_negative_decimals_are_errors_not_rounding():
    for value in [Decimal("1E+1000"), Decimal("1E-1000"), Decimal("-1"), Decimal("-0"),
                  "99999999999999999999999999999999", -5, 10**30, 1e300]:
        bom = {"currency": "USD", "items": [{"id": "X", "origin": "VN", "value": value}]}
        with pytest.raises(longarm.LoadError) as info:
            longarm.Engine().prepare(bom)
        assert paths(info.value) == ["items[X].value"], value
    # An id that is not plain is quoted; a duplicate id keeps its index.
    bom = {"currency": "USD", "items": [{"id": "a b", "value": float("nan")},
                                        {"id": "D", "value": "1"}, {"id": "D", "value": {2}}]}
    with pytest.raises(longarm.LoadError) as info:
        longarm.Engine().prepare(bom)
    assert paths(info.value) == ['items["a b"].value']
    bom["items"][0]["value"] = "1"
    with pytest.raises(longarm.LoadError) as info:
        longarm.Engine().prepare(bom)
    assert paths(info.value) == ["items[2].value"]


def test_integers_beyond_64_bits_are_exact_decimals_not_floats():
    bom = {"currency": "USD", "items": [
        {"id": "P", "origin": "VN", "value": 12345678901234567890123456,
         "components": [{"item": "C", "quantity": 1}]},
        {"id": "C", "origin": "CN", "value": 12345678901234567890123456,
         "material": {"form": "metal", "elements": ["Dy"]}}]}
    d = longarm.check(bom, {"item": "P", "from": "VN", "to": "DE", "date": "2026-12-01"},
                      explain=True)
    assert "12345678901234567890123456" in json.dumps(d)


def test_keys_that_are_not_strings_and_cycles_are_named():
    with pytest.raises(longarm.LoadError) as info:
        longarm.check({"currency": "USD", "fx": {1: "2"}, "items": []}, SCENARIO)
    assert paths(info.value) == ["fx"]
    cyclic = {"currency": "USD", "items": []}
    cyclic["items"].append(cyclic)
    with pytest.raises(longarm.LoadError):
        longarm.check(cyclic, SCENARIO)
    deep = {"currency": "USD", "items": []}
    node = deep
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(longarm.LoadError):
        longarm.check(deep, SCENARIO)


def test_scenario_problems_name_their_paths():
    scenario = dict(SCENARIO, to="Germany", date="2026-13-01", end_uses=[5],
                    parties=[{"id": "p", "owners": [{"party": "q", "share": "55%"}]}])
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(MOTOR_BOM, scenario)
    got = paths(info.value)
    for path in ["to", "date", "end_uses[0]", "parties[p].owners[0].party"]:
        assert path in got, got
    assert any("`DE`" in p["message"] for p in info.value.problems)


def test_a_misspelt_vocabulary_value_is_an_eval_error_with_its_path():
    with pytest.raises(longarm.EvalError) as info:
        longarm.check(MOTOR_BOM, dict(SCENARIO, end_uses=["Civil"]))
    e = info.value
    assert isinstance(e, ValueError)
    assert paths(e) == ["end_uses[0]"]
    assert "`civil`" in e.problems[0]["message"]
    bom = copy.deepcopy(MOTOR_BOM)
    next(i for i in bom["items"] if i["id"] == "MAG-DY")["material"]["form"] = "Magnet"
    with pytest.raises(longarm.EvalError) as info:
        longarm.check(bom, SCENARIO)
    assert paths(info.value) == ["items[MAG-DY].material.form"]
    assert info.value.problems[0]["line"] is None
    # From a file: the file, its line and the index path.
    with pytest.raises(longarm.EvalError) as info:
        longarm.check("examples/motor.bom.json", dict(SCENARIO, end_uses=["Civil"]))
    assert paths(info.value) == ["end_uses[0]"]


def test_a_dict_scenario_without_a_bom_needs_one_given():
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(None, SCENARIO)
    assert paths(info.value) == ["bom"]
    out = longarm.Engine().evaluate_many([SCENARIO], errors="return")
    assert isinstance(out[0], longarm.LoadError) and paths(out[0]) == ["bom"]


def test_an_unknown_item_is_an_eval_error_naming_the_item():
    with pytest.raises(longarm.EvalError) as info:
        longarm.check(MOTOR_BOM, dict(SCENARIO, item="MOTOR-20"))
    assert paths(info.value) == ["item"]
    assert "did you mean `MOTOR-200`?" in str(info.value)


def test_missing_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(None, tmp_path / "nowhere.scenario.json")
    assert info.value.file == str(tmp_path / "nowhere.scenario.json")
    broken = tmp_path / "broken.bom.json"
    broken.write_text('{\n  "currency": "USD",\n  "items": [\n')
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(broken, SCENARIO)
    assert info.value.problems[0]["line"] is not None
    other = tmp_path / "bom.yaml"
    other.write_text("currency: USD\n")
    with pytest.raises(longarm.LoadError):
        longarm.check(other, SCENARIO)
    with pytest.raises(longarm.LoadError):
        longarm.check(tmp_path, SCENARIO)  # a folder


def test_a_bad_pack_is_a_load_error_naming_the_pack(tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text('[pack]\nid = "x"\njurisdiction = "CN"\n\n[[rules]]\nid = "r"\n')
    with pytest.raises(longarm.LoadError) as info:
        longarm.Engine([pack])
    assert info.value.file == str(pack)
    assert info.value.problems
    with pytest.raises(longarm.LoadError):
        longarm.Engine([tmp_path / "missing.toml"])
    with pytest.raises(ValueError, match="no rules loaded"):
        longarm.Engine(bundled=False)


def test_wrong_argument_kinds_are_type_errors():
    for bad in [42, b"examples/motor.bom.json", ["x"], None]:
        with pytest.raises(TypeError):
            longarm.check(MOTOR_BOM, bad)
    with pytest.raises(TypeError):
        longarm.check(42, SCENARIO)
    with pytest.raises(TypeError):
        longarm.Engine(42)
    with pytest.raises(TypeError):
        longarm.check(MOTOR_BOM, SCENARIO, date=20261201)


def test_a_bad_date_override_is_a_value_error():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        longarm.check(MOTOR_BOM, SCENARIO, date="1 Dec 2026")


def test_evaluate_many_raises_the_first_failure_or_returns_each():
    prepared = longarm.Engine().prepare(MOTOR_BOM)
    scenarios = [SCENARIO, dict(SCENARIO, item="NOPE"), dict(SCENARIO, to="XX"), SCENARIO]
    with pytest.raises(longarm.EvalError) as info:
        prepared.evaluate_many(scenarios)
    # The first failure in the order given, whether it failed to load or to evaluate.
    assert info.value.index == 1
    out = prepared.evaluate_many(scenarios, errors="return")
    assert isinstance(out[0], dict) and isinstance(out[3], dict)
    assert isinstance(out[1], longarm.EvalError) and out[1].index == 1
    assert isinstance(out[2], longarm.LoadError) and out[2].index == 2
    assert paths(out[2]) == ["to"]
    assert str(out[2]) == (
        "scenarios[2]: <scenario dict>: 1 problem\n<scenario dict>: to: invalid country code"
        " `XX`: expected an ISO 3166-1 alpha-2 code"
    )
    assert str(out[1]).startswith("scenarios[1]: ")
    with pytest.raises(ValueError):
        prepared.evaluate_many(scenarios, errors="ignore")


def test_errors_pickle_with_their_problems():
    with pytest.raises(longarm.LoadError) as info:
        longarm.Engine().prepare("tests/bad/many-problems.bom.json")
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is longarm.LoadError
    assert again.problems == info.value.problems and again.file == info.value.file
    assert str(again) == str(info.value)


def every_fixture():
    out = []
    for p in sorted((ROOT / "tests").rglob("*")):
        if p.is_file() and p.suffix in (".json", ".toml") and "target" not in p.parts:
            out.append(str(p.relative_to(ROOT)))
    return out


def test_every_fixture_of_tests_as_a_bom_and_as_a_scenario_loads_or_says_why():
    """The repository's test inputs, good and bad, through every entry point: each loads and
    evaluates, or raises a LoadError / EvalError with its problems; nothing else escapes."""
    files = every_fixture()
    assert "tests/bad/many-problems.bom.json" in files and len(files) > 20
    engine = longarm.Engine()
    outcomes = {}
    for f in files:
        for role in ("bom", "scenario", "pack"):
            try:
                if role == "bom":
                    engine.prepare(f)
                elif role == "scenario":
                    engine.check(None, f)
                elif f.endswith(".toml"):
                    longarm.Engine([f], bundled=False)
                outcomes[(f, role)] = "ok"
            except longarm.LongarmError as e:
                assert e.problems, (f, role, e)
                outcomes[(f, role)] = type(e).__name__
            except ValueError as e:  # a pack with no rules
                assert "no rules loaded" in str(e), (f, role, e)
    assert outcomes[("tests/bad/many-problems.bom.json", "bom")] == "LoadError"
    assert outcomes[("tests/scenarios/motor.scenario.json", "scenario")] == "ok"
    assert outcomes[("tests/packs/test-cn.toml", "pack")] == "ok"


def test_every_fixture_as_a_dict_loads_or_says_why():
    """The JSON fixtures read into dicts (numbers as Decimals) and given as BOM and scenario."""
    engine = longarm.Engine()
    seen = 0
    for f in every_fixture():
        if not f.endswith(".json"):
            continue
        try:
            value = json.loads((ROOT / f).read_text(), parse_float=Decimal)
        except ValueError:
            continue
        if not isinstance(value, dict):
            with pytest.raises(TypeError):
                engine.prepare(value)
            continue
        seen += 1
        for call in (lambda: engine.prepare(value),
                     lambda: engine.check(MOTOR_BOM, value),
                     lambda: engine.check(value, SCENARIO)):
            try:
                call()
            except longarm.LongarmError as e:
                assert e.problems, (f, e)
    assert seen > 10


def test_an_inline_bom_of_a_dict_scenario_names_its_items_by_id():
    bom = {"currency": "USD", "items": [{"id": "X", "origin": "China", "value": "1"},
                                        {"id": "Y", "value": float("nan")}]}
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(None, dict(SCENARIO, item="X", bom=bom))
    assert paths(info.value) == ["bom.items[Y].value"]  # found before loading, by the package
    bom["items"][1]["value"] = "2"
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(None, dict(SCENARIO, item="X", bom=bom))
    assert paths(info.value) == ["bom.items[X].origin"]
    assert info.value.problems[0]["line"] is None


def test_numeral_ids_are_quoted_not_read_as_positions():
    bom = {"currency": "USD", "items": [
        {"id": "1", "origin": "China"}, {"id": "0", "origin": "CN"}]}
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(bom, SCENARIO)
    assert paths(info.value) == ['items["1"].origin']
    scenario = dict(SCENARIO, parties=[
        {"id": "buyer"}, {"id": "0", "country": "Germany"}])
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(MOTOR_BOM, scenario)
    assert paths(info.value) == ['parties["0"].country']


def test_lone_surrogates_are_load_errors_with_their_path():
    bom = copy.deepcopy(MOTOR_BOM)
    bom["items"][0]["name"] = "x\ud800"
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(bom, SCENARIO)
    assert paths(info.value) == ["items[MOTOR-200].name"]
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(MOTOR_BOM, dict(SCENARIO, item="MOTOR-200\udcff"))
    assert paths(info.value) == ["item"]
    with pytest.raises(ValueError):
        longarm.check(MOTOR_BOM, SCENARIO, date="2026-12-0\ud800")
    with pytest.raises(ValueError):
        longarm.check("examples/motor\udcff.bom.json", SCENARIO)


def test_shared_parts_count_as_written_out(monkeypatch):
    from longarm import _json

    monkeypatch.setattr(_json, "_MAX_VALUES", 10_000)
    shared = "x"
    for _ in range(40):  # 2**40 values written out: refused after the budget, not hung
        shared = [shared, shared]
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(dict(MOTOR_BOM, extra=shared), SCENARIO)
    assert "more than 10,000 values" in info.value.problems[0]["message"]


def test_a_dict_scenario_without_a_bom_is_the_dicts_problem():
    with pytest.raises(longarm.LoadError) as info:
        longarm.check(None, SCENARIO)
    assert str(info.value).startswith("<scenario dict>"), str(info.value)
