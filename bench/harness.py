"""What every benchmark shares: timing, statistics, and the Figure each one reports.

A figure is measured against a reference in the same process and the same run, interleaved
(reference, measured, reference, measured ...), so a noisy machine moves both sides together.
The ratio is computed per repetition (paired) and reported as min / median / max.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import math
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ChildServer",
    "Figure",
    "Sizes",
    "Spread",
    "Timer",
    "cpu_seconds",
    "main_for",
    "not_measured",
    "percentile",
    "profile_shares",
    "spread",
]


def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far, every thread included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Timer:
    """Wall and CPU seconds of a `with` block."""

    wall: float = 0.0
    cpu: float = 0.0

    @contextmanager
    def measure(self) -> Iterator[Timer]:
        wall0, cpu0 = time.perf_counter(), cpu_seconds()
        try:
            yield self
        finally:
            self.wall = time.perf_counter() - wall0
            self.cpu = cpu_seconds() - cpu0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


_OURS = ("/bot/", "/content/", "/handlers/", "/sandbox/")


def _where(func: tuple[str, int, str]) -> str:
    filename, _line, name = func
    for pkg in _OURS:
        if pkg in filename:
            return f"{filename[filename.rfind(pkg) + 1 :]}:{name}"
    if filename == "~":
        return name.strip("<>")
    return f"{Path(filename).stem}.{name}"


def _package(func: tuple[str, int, str]) -> str:
    filename, _line, name = func
    for pkg in _OURS:
        if pkg in filename:
            return pkg.strip("/")
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if filename == "~":
        if "epoll" in name or "select" in name:
            return "(waiting for I/O)"
        return "(builtins)"
    if "frozen importlib" in filename:
        return "importlib"
    path = Path(filename)
    if "/lib/python" in filename:  # the standard library: its package (asyncio) or module (selectors)
        return "stdlib:" + (path.stem if path.parent.name.startswith("python") else path.parent.name)
    return path.stem


def profile_shares(profile: cProfile.Profile, top: int = 6) -> str:
    """What a cProfile run shows, in one line: the biggest self-time entries (any code), then the
    biggest cumulative entries of newsbot's own packages, each as a share of the total."""
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1.0
    by_self = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    ours = [kv for kv in raw.items() if any(p in kv[0][0] for p in _OURS)]
    by_cum = sorted(ours, key=lambda kv: kv[1][3], reverse=True)[:top]
    self_part = ", ".join(f"{_where(f)} {v[2] / total:.0%}" for f, v in by_self)
    # httpcore imports sniffio on every request; when it is not installed each failed import
    # searches sys.path again, which shows up as a surprising share of an HTTP-heavy profile
    sniff = sum(v[3] for f, v in raw.items() if f[2] == "current_async_library")
    if importlib.util.find_spec("sniffio") is None and sniff / total >= 0.01:
        self_part += (
            f"; httpcore current_async_library (a failed `import sniffio` per request) {sniff / total:.0%}"
        )
    cum_part = ", ".join(f"{_where(f)} {v[3] / total:.0%}" for f, v in by_cum)
    packages: dict[str, float] = {}
    for f, v in raw.items():
        packages[_package(f)] = packages.get(_package(f), 0.0) + v[2]
    biggest = sorted(packages.items(), key=lambda kv: kv[1], reverse=True)[:top]
    pkg_part = ", ".join(f"{name} {t / total:.0%}" for name, t in biggest)
    return (
        f"cProfile self time: {self_part}; self time by package: {pkg_part}; "
        f"cumulative, our code: {cum_part}"
    )


@dataclass(frozen=True)
class Spread:
    """min / median / max of repeated runs."""

    min: float
    median: float
    max: float
    n: int

    def fmt(self, digits: int = 3) -> str:
        if self.n <= 1 or self.min == self.max:
            return _num(self.median, digits)
        return f"{_num(self.median, digits)} [{_num(self.min, digits)}–{_num(self.max, digits)}]"


def spread(values: Sequence[float]) -> Spread:
    """min / median / max of `values` (at least one)."""
    vals = [float(v) for v in values]
    return Spread(min(vals), statistics.median(vals), max(vals), len(vals))


def _num(x: float, digits: int) -> str:
    if math.isnan(x):
        return "nan"
    if x == 0 or abs(x) >= 10 ** digits:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:,.{max(0, digits - len(str(int(abs(x)))))}f}"


@dataclass
class Figure:
    """One row of RESULTS.md: a measured value against its reference, a target, pass or fail.

    `values` and `references` are the per-repetition measurements (same unit), `ratios` the paired
    ratios. `passed` is None where nothing was measured or the row is informative only.
    """

    key: str
    figure: str
    unit: str
    values: list[float] = field(default_factory=list)
    reference_label: str = ""
    references: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    target: str = ""
    passed: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def measured(self) -> bool:
        return bool(self.values)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("values", "references", "ratios"):
            runs = getattr(self, name)
            data[f"{name}_spread"] = asdict(spread(runs)) if runs else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


def not_measured(key: str, figure: str, why: str, target: str = "") -> Figure:
    """A row that says plainly why there is no number."""
    return Figure(key=key, figure=figure, unit="", target=target, note=f"not measured: {why}")


def paired(
    key: str,
    figure: str,
    unit: str,
    values: Sequence[float],
    reference_label: str,
    references: Sequence[float],
    *,
    target: str,
    max_ratio: float | None = None,
    min_ratio: float | None = None,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Figure:
    """A figure whose ratio is value / reference per repetition, passing on the median ratio."""
    ratios = [v / r if r else math.inf for v, r in zip(values, references, strict=True)]
    med = statistics.median(ratios) if ratios else math.nan
    passed: bool | None = None
    if max_ratio is not None:
        passed = med <= max_ratio
    if min_ratio is not None:
        passed = (passed is not False) and med >= min_ratio
    return Figure(
        key=key,
        figure=figure,
        unit=unit,
        values=list(values),
        reference_label=reference_label,
        references=list(references),
        ratios=ratios,
        target=target,
        passed=passed,
        note=note,
        extra=extra or {},
    )


@dataclass(frozen=True)
class Sizes:
    """How big a benchmark runs: `full` for `make bench`, `quick` for the smoke test."""

    quick: bool
    cache: Path  # where a benchmark may keep generated data between scripts of one run

    def pick(self, full: Any, quick: Any) -> Any:
        return quick if self.quick else full


def main_for(name: str, run: Callable[[Sizes], list[Figure]]) -> None:
    """Command-line entry of one benchmark script: `python -m bench.<name> [--quick] [--out F]`.

    Whatever happens, the output file gets well-formed figures: a crash becomes a
    "not measured" row naming the error, so `make bench` always completes.
    """
    parser = argparse.ArgumentParser(prog=f"python -m bench.{name}")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("--cache", type=Path, help="directory for generated data shared by scripts")
    args = parser.parse_args()
    cache = args.cache or Path(os.environ.get("BENCH_CACHE", "") or f"/tmp/newsbot-bench-{os.getpid()}")
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        figures = run(Sizes(quick=args.quick, cache=cache))
    except Exception as exc:
        traceback.print_exc()
        figures = [not_measured(name, name, f"{type(exc).__name__}: {exc}"[:300])]
    elapsed = time.perf_counter() - started
    payload = {"script": name, "seconds": elapsed, "figures": [f.to_json() for f in figures]}
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    for f in figures:
        shown = spread(f.values).fmt() if f.values else "-"
        ratio = spread(f.ratios).fmt() if f.ratios else "-"
        print(f"{f.figure}: {shown} {f.unit}  ratio {ratio}  {f.target}  {f.note}", file=sys.stderr)
    print(f"bench.{name}: {elapsed:.1f} s", file=sys.stderr)


class ChildServer:
    """A bench server (`python -m <module> ARGS`) in a child process that prints `READY <port>`.

    Kept out of the measured process so its CPU and memory do not count; stops on exit.
    """

    module = ""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> int:
        """Start the child and return the port it listens on."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module, *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"{self.module} did not start: {line!r}")
        return int(line.split()[1])

    def stop(self) -> None:
        """Terminate the child (kill it if it does not stop) and close its pipes."""
        if self.proc is not None:
            proc, self.proc = self.proc, None
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()

    def __exit__(self, *exc: object) -> None:
        self.stop()
