"""The benchmarks run end to end on tiny sizes and write well-formed results.

Nothing here looks at how fast anything is (speed is for `make bench`): only that every script
runs, measures something, and that RESULTS.md, results.json and fanout.png come out readable.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import SCRIPTS
from bench.harness import Figure, not_measured, paired, percentile, spread
from bench.report import row

ROOT = Path(__file__).resolve().parents[2]


def test_percentile_and_spread() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0], 50) == 1.5
    assert percentile(list(map(float, range(101))), 99) == 99.0
    assert math.isnan(percentile([], 50))
    s = spread([4.0, 1.0, 2.0])
    assert (s.min, s.median, s.max, s.n) == (1.0, 2.0, 4.0, 3)


def test_paired_ratio_and_targets() -> None:
    slow = paired("k", "slow", "s", [3.0, 4.0], "ref", [1.0, 1.0], target="ratio <= 2", max_ratio=2)
    assert slow.ratios == [3.0, 4.0] and slow.passed is False
    fast = paired("k", "fast", "s", [1.0, 1.5], "ref", [1.0, 1.0], target="ratio <= 2", max_ratio=2)
    assert fast.passed is True
    rate = paired("k", "rate", "msg/s", [96.0], "limit", [100.0], target=">= 0.95", min_ratio=0.95)
    assert rate.passed is True


def test_a_row_says_why_nothing_was_measured() -> None:
    cells = row(not_measured("x", "Fan-out", "the delivery worker is not there yet", "ratio >= 0.95"))
    assert cells[0] == "Fan-out"
    assert cells[1] == "not measured: the delivery worker is not there yet"
    assert cells[-1] == "—"


def test_figures_round_trip_through_json() -> None:
    fig = paired("k", "f", "ms", [2.0, 3.0], "bare", [1.0, 1.0], target="ratio <= 3", max_ratio=3)
    back = Figure.from_json(json.loads(json.dumps(fig.to_json())))
    assert back == fig


@pytest.mark.slow
def test_make_bench_quick_writes_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--outdir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(data["scripts"]) == {name for name, _ in SCRIPTS}
    figures = [Figure.from_json(f) for f in data["figures"]]
    by_script: dict[str, list[Figure]] = {}
    for f in figures:
        by_script.setdefault(f.key.split(".")[0], []).append(f)
    for name, _ in SCRIPTS:
        measured = [f for f in by_script.get(name, []) if f.measured]
        assert measured, f"bench.{name} measured nothing: {[f.note for f in by_script.get(name, [])]}"
    for f in figures:
        if not f.measured:
            continue
        assert all(math.isfinite(v) for v in f.values), f.figure
        if f.references:
            assert len(f.references) == len(f.values) == len(f.ratios), f.figure
    table = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "| figure | value | reference | ratio | target | pass |" in table
    for f in figures:
        assert f"| {f.figure} |" in table.replace("\\|", "|")
    png = (tmp_path / "fanout.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
