"""BOMs and scenarios built as dicts: the same answers as the files, exact decimals."""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import pickle
from decimal import Decimal

import pytest

import longarm
from conftest import ROOT

MOTOR_BOM = json.loads((ROOT / "examples/motor.bom.json").read_text())
MOTOR_SCENARIO = json.loads((ROOT / "examples/motor.scenario.json").read_text())


def without_inputs(d):
    """A determination without its receipt's inputs (which say where the inputs came from)."""
    d = copy.deepcopy(d)
    d["receipt"].pop("inputs", None)
    return d


def test_a_determination_from_dicts():
    bom = {
        "currency": "USD",
        "fx": {"EUR": "1.08"},
        "items": [
            {
                "id": "MOTOR-200",
                "origin": "VN",
                "value": "1500.00",
                "components": [
                    {"item": "MAG-DY", "quantity": "1.6"},
                    {"item": "HOUSING", "quantity": "1"},
                ],
            },
            {
                "id": "MAG-DY",
                "origin": "JP",
                "value": "60.00",
                "unit": "kg",
                "material": {"form": "magnet", "elements": ["Nd", "Fe", "B", "Dy"]},
                "components": [{"item": "DY-METAL", "quantity": "0.04"}],
            },
            {
                "id": "DY-METAL",
                "origin": "CN",
                "value": "350.00",
                "material": {"form": "metal", "elements": ["Dy"]},
            },
            {"id": "HOUSING", "origin": "VN", "value": {"amount": "120", "currency": "EUR"}},
        ],
    }
    scenario = {"item": "MOTOR-200", "from": "VN", "to": "DE", "date": "2026-12-01"}
    d = longarm.check(bom, scenario)
    assert d["item"] == "MOTOR-200"
    assert d["verdict"] == "license_required"
    cn = next(j for j in d["jurisdictions"] if j["jurisdiction"] == "CN")
    # 1.6 kg x 0.04 kg/kg x 350 USD/kg = 22.40 USD of Chinese-origin Dy, exactly.
    content = [f for f in cn["findings"] if f.get("numerator") == "22.40"]
    assert content, cn
    assert ["MOTOR-200", "MAG-DY", "DY-METAL"] in content[0]["paths"]


def test_dicts_give_the_files_answer():
    from_files = longarm.check(None, "examples/motor.scenario.json")
    scenario = dict(MOTOR_SCENARIO)
    del scenario["bom"]
    from_dicts = longarm.check(MOTOR_BOM, scenario)
    assert without_inputs(from_dicts) == without_inputs(from_files)
    # A scenario dict naming its BOM file (relative to the working directory).
    named = dict(MOTOR_SCENARIO, bom="examples/motor.bom.json")
    assert without_inputs(longarm.check(None, named)) == without_inputs(from_files)
    # A scenario dict with its BOM inline.
    inline = dict(MOTOR_SCENARIO, bom=MOTOR_BOM)
    assert without_inputs(longarm.check(None, inline)) == without_inputs(from_files)


def test_the_receipt_records_files_not_dicts():
    scenario = dict(MOTOR_SCENARIO)
    del scenario["bom"]
    # A dict is no text to hash or replay: the receipt records no input for it.
    assert "inputs" not in longarm.check(MOTOR_BOM, scenario)["receipt"]
    # A BOM file given with a dict scenario: the file and its hash.
    inputs = longarm.check("examples/motor.bom.json", scenario)["receipt"]["inputs"]
    assert inputs["bom"]["source"] == "examples/motor.bom.json"
    text = (ROOT / "examples/motor.bom.json").read_bytes()
    assert inputs["bom"]["sha256"] == hashlib.sha256(text).hexdigest()
    assert "scenario" not in inputs


def test_decimals_and_floats_are_read_exactly():
    """1.6 kg of magnet x 0.04 kg of Dy a kg x 350.00 USD/kg: 22.40 USD, however written."""

    def numerators(magnet_quantity, dy_quantity, dy_value):
        bom = copy.deepcopy(MOTOR_BOM)
        items = {i["id"]: i for i in bom["items"]}
        items["ROTOR"]["components"][0]["quantity"] = magnet_quantity
        items["MAG-DY"]["components"][0]["quantity"] = dy_quantity
        items["DY-METAL"]["value"] = dy_value
        scenario = dict(MOTOR_SCENARIO)
        del scenario["bom"]
        d = longarm.check(bom, scenario)
        cn = next(j for j in d["jurisdictions"] if j["jurisdiction"] == "CN")
        return sorted(f["numerator"] for f in cn["findings"] if f.get("numerator"))

    expected = numerators("1.6", "0.04", "350.00")
    assert "22.40" in expected
    # Floats as Python writes them (1.6 and 0.04 have no exact binary value: read as written),
    # Decimals with their own digits (trailing zeros kept), exponents in fixed notation.
    assert numerators(1.6, 0.04, Decimal("350.00")) == expected
    assert numerators(Decimal("1.6"), Decimal("4E-2"), Decimal("350.00")) == expected
    assert numerators(Decimal("1.6"), "0.04", {"amount": Decimal("350.00"), "currency": "USD"}) == expected


def test_dates_and_paths_as_python_objects():
    scenario = dict(MOTOR_SCENARIO, date=datetime.date(2026, 11, 10), bom=ROOT / "examples/motor.bom.json")
    d = longarm.check(None, scenario)
    assert d["as_of"] == "2026-11-10"
    assert longarm.check(None, "examples/motor.scenario.json", date=datetime.date(2026, 11, 10))[
        "verdict"
    ] == d["verdict"]


def test_prepare_and_evaluate_many_over_destinations():
    engine = longarm.Engine()
    prepared = engine.prepare(MOTOR_BOM, item="MOTOR-200")
    assert prepared.roots() == ["MOTOR-200"]
    scenarios = [
        {"from": "VN", "to": to, "date": date}
        for to in ("DE", "US", "JP", "CN", "RU")
        for date in ("2026-11-10", "2026-12-01")
    ]
    many = prepared.evaluate_many(scenarios)
    one_by_one = [
        longarm.check(MOTOR_BOM, dict(s, item="MOTOR-200"), rules=engine) for s in scenarios
    ]
    assert many == one_by_one
    assert [d["as_of"] for d in many] == [s["date"] for s in scenarios]
    assert prepared.evaluate_many([]) == []


def test_an_engine_pickles_as_how_to_load_it():
    engine = longarm.Engine(["examples/amendments/extend-no70.toml"])
    again = pickle.loads(pickle.dumps(engine))
    assert again.packs == engine.packs
    assert longarm.Engine(bundled=True).packs == longarm.Engine().packs


def test_the_readme_example_runs():
    text = (ROOT / "python/README.md").read_text()
    block = text.split("```python\n", 1)[1].split("```\n", 1)[0]
    namespace: dict = {}
    exec(compile(block, "python/README.md", "exec"), namespace)
    assert namespace["d"]["verdict"] in ("license_required", "no_license_required", "undetermined")
    assert [r["receipt"]["inputs"]["scenario"]["source"] for r in namespace["results"]] == [
        "examples/motor.scenario.json",
        "examples/car-no.scenario.json",
    ]
