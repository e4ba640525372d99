"""Screen a catalogue on Spark: every product x destination x date, one longarm engine per
partition, the JSON determinations collected (docs/scale.md).

The catalogue is the sample library: each product (BOM, item, country of export) of the
scenarios in examples/, shipped to each of DESTINATIONS on the first day of each month of
MONTHS. Scenarios are sorted by BOM and cut into partitions; each partition builds one
`longarm.Engine`, prepares each BOM it meets once (its roll-ups shared by every destination
and date of that BOM) and evaluates its scenarios; the driver collects one record per scenario
(the verdict and the determination's JSON text, as `longarm check --format json` prints it).

Run from the repository root, with pyspark and the longarm package in one environment
(Java 17 on the PATH):

    python3 -m venv target/spark-venv
    target/spark-venv/bin/pip install ./python pyspark==4.3.0
    target/spark-venv/bin/python examples/python/screen_catalogue.py --partitions 8 \
        --out target/catalogue.jsonl

`--check` also evaluates the whole catalogue in this process (`Engine.evaluate_many`) and
compares the bytes of every determination.
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import sys
import time

import longarm

DESTINATIONS = [
    "DE", "FR", "IT", "ES", "NL", "PL", "SE", "GB", "NO", "CH",
    "US", "CA", "MX", "BR", "AR", "JP", "KR", "TW", "IN", "VN",
    "TH", "MY", "SG", "ID", "AU", "NZ", "TR", "AE", "SA", "IL",
    "ZA", "EG", "NG", "RU", "BY", "IR", "KP", "CU", "SY", "CN",
]


def months(first: str, count: int):
    year, month = int(first[:4]), int(first[5:7])
    for _ in range(count):
        yield f"{year:04}-{month:02}-01"
        month += 1
        if month > 12:
            year, month = year + 1, 1


def catalogue(root: str):
    """The distinct products of the sample scenarios: (absolute BOM path, item, from)."""
    products = set()
    files = glob.glob(os.path.join(root, "examples", "*.scenario.json"))
    files += glob.glob(os.path.join(root, "examples", "*", "*.scenario.json"))
    for path in files:
        with open(path, encoding="utf-8") as f:
            scenario = json.load(f)
        if isinstance(scenario.get("bom"), str):
            bom = os.path.normpath(os.path.join(os.path.dirname(path), scenario["bom"]))
            products.add((bom, scenario["item"], scenario["from"]))
    return sorted(products)


def scenarios(products, destinations, dates):
    """Every product x destination x date, grouped by BOM (the partitions follow)."""
    return [
        {"bom": bom, "item": item, "from": origin, "to": to, "date": date}
        for (bom, item, origin) in products
        for to in destinations
        for date in dates
    ]


def screen_partition(rows):
    """One partition: one engine, each BOM prepared once, its scenarios evaluated."""
    import longarm  # on the worker

    engine = longarm.Engine()
    by_bom = collections.OrderedDict()
    for row in rows:
        by_bom.setdefault(row["bom"], []).append(row)
    for bom, group in by_bom.items():
        prepared = engine.prepare(bom)
        outcomes = prepared.evaluate_many(group, text=True, errors="return")
        for row, outcome in zip(group, outcomes):
            key = (row["item"], row["from"], row["to"], row["date"])
            if isinstance(outcome, str):
                verdict = json.loads(outcome)["verdict"]
                yield (key, os.path.basename(bom), verdict, outcome)
            else:
                yield (key, os.path.basename(bom), "error", str(outcome))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--months", type=int, default=12, help="dates: first days of months")
    parser.add_argument("--first-month", default="2026-01")
    parser.add_argument("--destinations", type=int, default=len(DESTINATIONS))
    parser.add_argument("--out", help="write the records as JSON Lines here")
    parser.add_argument("--check", action="store_true",
                        help="also evaluate in this process and compare the bytes")
    args = parser.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    products = catalogue(root)
    dates = list(months(args.first_month, args.months))
    work = scenarios(products, DESTINATIONS[: args.destinations], dates)
    print(f"{len(products)} products x {args.destinations} destinations x {len(dates)} dates"
          f" = {len(work)} scenarios, {args.partitions} partitions, local[{args.cores}]")

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Each Spark task is one Python worker evaluating its partition on one core: Spark
    # spreads the partitions over the cores, so the workers' own thread pool (rayon, which
    # the workers inherit this variable for) is kept to one thread. The driver keeps all.
    ours = "RAYON_NUM_THREADS" not in os.environ
    if ours:
        os.environ["RAYON_NUM_THREADS"] = "1"
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("longarm-catalogue")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.driver.maxResultSize", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    if ours:
        del os.environ["RAYON_NUM_THREADS"]
    up = time.perf_counter()
    records = (
        spark.sparkContext.parallelize(work, args.partitions)
        .mapPartitions(screen_partition)
        .collect()
    )
    done = time.perf_counter()
    spark.stop()

    screened = done - up
    verdicts = collections.Counter(r[2] for r in records)
    size = sum(len(r[3]) for r in records)
    print(f"spark session: {up - started:.1f} s; screening: {screened:.1f} s wall,"
          f" {len(records) / screened:.0f} scenarios/s; {size / 1e6:.1f} MB of determinations")
    print("verdicts:", dict(sorted(verdicts.items())))
    assert len(records) == len(work)

    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for key, bom, verdict, text in records:
                item, origin, to, date = key
                f.write(json.dumps({"bom": bom, "item": item, "from": origin, "to": to,
                                    "date": date, "verdict": verdict,
                                    "determination": json.loads(text) if verdict != "error"
                                    else None,
                                    "error": text if verdict == "error" else None},
                                   ensure_ascii=False) + "\n")
        print(f"wrote {args.out}")

    if args.check:
        started = time.perf_counter()
        local = longarm.Engine().evaluate_many(work, text=True, errors="return")
        elapsed = time.perf_counter() - started
        print(f"one process, Engine.evaluate_many: {elapsed:.1f} s,"
              f" {len(work) / elapsed:.0f} scenarios/s")
        same = all(
            (r[3] == out) if isinstance(out, str) else (r[2] == "error")
            for r, out in zip(records, local)
        )
        print("same determinations, byte for byte:", same)
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
