"""The Python package gives the command line's determinations, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import longarm
from conftest import ROOT, sample_scenarios

SAMPLES = sample_scenarios()
VERDICT_CODES = {"no_license_required": 0, "license_required": 2, "undetermined": 3}


@pytest.fixture(scope="module")
def cli_outputs(cli):
    """`longarm check FILE --format json` of every sample: (exit code, stdout)."""
    return {s: cli("check", s, "--format", "json")[:2] for s in SAMPLES}


def test_there_are_samples():
    assert len(SAMPLES) >= 70


@pytest.mark.parametrize("scenario", SAMPLES)
def test_each_sample_gives_the_cli_determination(scenario, cli_outputs):
    code, stdout = cli_outputs[scenario]
    assert code in (0, 2, 3), f"{scenario}: the CLI failed ({code})"
    text = longarm.check(None, scenario, text=True)
    assert text == stdout
    d = longarm.check(None, Path(scenario))
    assert d == json.loads(stdout)
    assert VERDICT_CODES[d["verdict"]] == code


def test_evaluate_many_gives_every_sample_in_order(cli_outputs):
    engine = longarm.Engine()
    texts = engine.evaluate_many(SAMPLES, text=True)
    assert texts == [cli_outputs[s][1] for s in SAMPLES]


def test_the_given_bom_and_the_scenarios_own_give_the_same_bytes():
    scenario = "examples/motor.scenario.json"
    own = longarm.check(None, scenario, text=True)
    given = longarm.check("examples/motor.bom.json", scenario, text=True)
    assert given == own
    prepared = longarm.Engine().prepare("examples/motor.bom.json")
    assert prepared.evaluate(scenario, text=True) == own
    assert prepared.evaluate_many([scenario, scenario], text=True) == [own, own]


@pytest.mark.parametrize(
    "scenario, flags",
    [
        ("examples/motor.scenario.json", ["--date", "2026-11-10"]),
        ("examples/motor.scenario.json", ["--explain"]),
        ("examples/motor.scenario.json", ["--strict-materials"]),
        ("examples/gearmotor-us.scenario.json", ["--explain", "--strict-materials"]),
    ],
)
def test_flags_match_the_cli(cli, scenario, flags):
    if not (ROOT / scenario).exists():
        pytest.skip(f"{scenario} is not a sample")
    code, stdout, stderr = cli("check", scenario, "--format", "json", *flags)
    assert code in (0, 2, 3), stderr
    date = flags[flags.index("--date") + 1] if "--date" in flags else None
    text = longarm.check(
        None,
        scenario,
        date=date,
        explain="--explain" in flags,
        strict_materials="--strict-materials" in flags,
        text=True,
    )
    assert text == stdout


def test_the_case_folders_give_their_expected_determinations():
    """tests/cases: the test pack only (`--no-bundled --rules tests/packs/test-cn.toml`)."""
    dirs = sorted(p for p in (ROOT / "tests/cases").iterdir() if p.is_dir())
    assert len(dirs) >= 8
    for d in dirs:
        pack = d / "pack.toml"
        if not pack.exists():
            pack = ROOT / "tests/packs/test-cn.toml"
        rel = lambda p: str(Path(p).relative_to(ROOT))  # noqa: E731
        text = longarm.check(
            None, rel(d / "scenario.json"), rules=[rel(pack)], bundled=False, text=True
        )
        assert text == (d / "expected.json").read_text(), d.name


def test_rule_packs_given_as_paths_match_the_cli(cli):
    args = ["examples/motor.scenario.json", "--rules", "examples/amendments/extend-no70.toml"]
    code, stdout, stderr = cli("check", *args, "--format", "json")
    assert code in (0, 2, 3), stderr
    engine = longarm.Engine(["examples/amendments/extend-no70.toml"])
    assert engine.packs[-1]["source"] == "examples/amendments/extend-no70.toml"
    assert engine.check(None, "examples/motor.scenario.json", text=True) == stdout
    assert longarm.check(None, args[0], rules=args[2], text=True) == stdout


def test_same_inputs_same_bytes():
    scenario = json.loads((ROOT / "examples/motor.scenario.json").read_text())
    bom = json.loads((ROOT / "examples/motor.bom.json").read_text())
    del scenario["bom"]
    first = longarm.check(bom, scenario, text=True)
    for _ in range(3):
        assert longarm.check(bom, scenario, text=True) == first
