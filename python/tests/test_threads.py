"""Evaluations run with the GIL released: a thread pool evaluates concurrently and gets the
sequential answers."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import longarm
from conftest import ROOT, sample_scenarios


def test_a_thread_pool_gives_the_sequential_determinations():
    samples = sample_scenarios() * 3
    engine = longarm.Engine()
    sequential = [engine.check(None, s, text=True) for s in samples]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda s: engine.check(None, s, text=True), samples))
    assert parallel == sequential
    # One prepared BOM shared by the threads: one roll-up cache filled concurrently.
    prepared = engine.prepare("examples/motor.bom.json")
    scenarios = [
        {"item": "MOTOR-200", "from": "VN", "to": to, "date": f"2026-{m:02}-01"}
        for to in ("DE", "US", "JP", "CN", "RU", "IR", "KP", "VN")
        for m in range(1, 13)
    ]
    alone = [prepared.evaluate(s, text=True) for s in scenarios]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda s: prepared.evaluate(s, text=True), scenarios))
    assert together == alone
    assert prepared.evaluate_many(scenarios, text=True) == alone


def test_the_gil_is_released_while_evaluating(cli, tmp_path):
    """While one thread evaluates a large BOM, Python code keeps running in another: it is
    never held up for more than a fraction of the evaluation."""
    code, stdout, stderr = cli("synth", "--items", "60000", "--seed", "7")
    assert code == 0, stderr
    path = tmp_path / "synth.bom.json"
    path.write_text(stdout)
    engine = longarm.Engine()
    prepared = engine.prepare(path)
    root = prepared.roots()[0]
    scenarios = [
        {"item": root, "from": "VN", "to": to, "date": "2026-12-01"} for to in ("DE", "US")
    ]
    start = time.perf_counter()
    prepared.evaluate_many(scenarios)
    alone = time.perf_counter() - start

    done = threading.Event()
    worker = threading.Thread(
        target=lambda: (prepared.evaluate_many(
            [dict(s, date="2026-11-30") for s in scenarios]), done.set())
    )
    longest_gap, ticks = 0.0, 0
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest_gap = max(longest_gap, now - last)
        last = now
        ticks += 1
    worker.join()
    assert ticks > 1000
    # Holding the GIL would stop this loop for the whole evaluation (`alone`, over 0.1 s).
    assert alone > 0.1, alone
    assert longest_gap < alone / 2, (longest_gap, alone)
