"""Shared fixtures: the repository root (tests run there, so receipts name the same relative
paths as the command line run there) and the `longarm` binary to compare with."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _binary() -> Path:
    given = os.environ.get("LONGARM_BIN")
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("debug", "release"):
        path = target / profile / "longarm"
        if path.exists():
            return path
    subprocess.run(["cargo", "build", "--quiet", "--bin", "longarm"], cwd=ROOT, check=True)
    return target / "debug" / "longarm"


@pytest.fixture(scope="session")
def cli():
    """Runs `longarm ARGS...` at the repository root: (exit code, stdout, stderr)."""
    binary = _binary()

    def run(*args: str):
        out = subprocess.run(
            [str(binary), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        return out.returncode, out.stdout, out.stderr

    return run


def sample_scenarios():
    """Every sample scenario file, relative to the root, sorted."""
    files = []
    for folder in ("examples", "examples/erp", "examples/plm", "tests/scenarios"):
        files += sorted(
            str(p.relative_to(ROOT))
            for p in (ROOT / folder).iterdir()
            if p.name.endswith((".scenario.json", ".scenario.toml"))
        )
    return files
