"""Write the collected figures as bench/RESULTS.md (a table) and bench/results.json."""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.harness import Figure, spread

__all__ = ["machine", "write_json", "write_markdown"]


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _pass(f: Figure) -> str:
    if not f.measured:
        return "—"
    if f.passed is None:
        return "(info)"
    return "yes" if f.passed else "**no**"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def row(f: Figure) -> list[str]:
    """The table cells of one figure."""
    if not f.measured:
        return [f.figure, f.note or "not measured", "", "", f.target, _pass(f)]
    value = f"{spread(f.values).fmt()} {f.unit}".strip()
    reference = ""
    if f.references:
        reference = f"{spread(f.references).fmt()} {f.unit} ({f.reference_label})"
    elif f.reference_label:
        reference = f.reference_label
    ratio = spread(f.ratios).fmt() if f.ratios else ""
    return [f.figure, value, reference, ratio, f.target, _pass(f)]


def write_markdown(
    path: Path,
    figures: Sequence[Figure],
    *,
    info: dict[str, Any],
    seconds: float,
    scripts: dict[str, float],
) -> None:
    """RESULTS.md: the table, then the notes each figure carries."""
    head = ["figure", "value", "reference", "ratio", "target", "pass"]
    lines = [
        "# newsbot benchmarks",
        "",
        f"Taken {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
        f"{info['platform']}. `make bench` took {seconds:.0f} s; load average at the end "
        f"{info.get('load', '?')} (other work on the machine shows up here).",
        "",
        "Each value is the median of repeated runs with [min–max]; the reference is measured in the "
        "same process and run, interleaved with the measured side, and the ratio is value / reference "
        "per repetition (paired), so machine noise moves both sides together.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for f in figures:
        lines.append("| " + " | ".join(_cell(c) for c in row(f)) + " |")
    notes = [f for f in figures if f.measured and f.note]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- **{f.figure}**: {f.note}" for f in notes]
    before_after = Path(__file__).with_name("before_after.md")
    if before_after.exists():
        lines += ["", "## Before and after", "", before_after.read_text(encoding="utf-8").strip()]
    lines += ["", "How each figure is measured, and what the misses come from: bench/README.md."]
    lines += ["", "## Time per script", ""]
    lines += [f"- `bench.{name}`: {secs:.1f} s" for name, secs in scripts.items()]
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def write_json(
    path: Path, figures: Sequence[Figure], *, info: dict[str, Any], seconds: float, scripts: dict[str, float]
) -> None:
    """results.json: every figure with its raw runs."""
    data = {
        "machine": info,
        "seconds": seconds,
        "scripts": scripts,
        "figures": [f.to_json() for f in figures],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
