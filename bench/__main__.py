"""`python -m bench` (`make bench`): run every benchmark script, then write RESULTS.md and results.json.

Each script runs in its own child process with a time limit, so one that hangs or crashes
becomes a "not measured" row instead of stopping the run, and no script's memory or threads
disturb the next. The whole run stays under `--budget` seconds (default 570: `make bench`
must finish in 10 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, not_measured
from bench.report import machine, write_json, write_markdown

# (script, seconds it may take at full size). Order matters: cheap and independent ones first,
# so a late component costs only its own rows.
SCRIPTS: tuple[tuple[str, float], ...] = (
    ("ingest", 90),
    ("store", 130),
    ("reader", 120),
    ("polling", 90),
    ("fanout", 170),
    ("memory", 90),
)
HERE = Path(__file__).resolve().parent


def run_script(
    name: str, timeout: float, *, quick: bool, cache: Path, work: Path
) -> tuple[list[Figure], float]:
    """Run `python -m bench.<name>` and read its figures; failures become "not measured" rows."""
    out, log = work / f"{name}.json", work / f"{name}.log"
    cmd = [sys.executable, "-m", f"bench.{name}", "--out", str(out), "--cache", str(cache)]
    if quick:
        cmd.append("--quick")
    started = time.perf_counter()
    print(f"== bench.{name} (limit {timeout:.0f} s)", file=sys.stderr, flush=True)
    with log.open("w") as err:
        # its own session, so a timeout also ends the servers and bots the script started
        proc = subprocess.Popen(
            cmd, cwd=HERE.parent, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
    elapsed = time.perf_counter() - started
    text = log.read_text(errors="replace")
    sys.stderr.write(text[-3000:])
    if code is None:
        why = f"bench.{name} did not finish within its {timeout:.0f} s share of the 10-minute budget"
        return [not_measured(name, name, why)], elapsed
    if out.exists():
        try:
            data = json.loads(out.read_text(encoding="utf-8"))
            return [Figure.from_json(f) for f in data["figures"]], elapsed
        except (ValueError, KeyError, TypeError) as exc:
            return [not_measured(name, name, f"bench.{name} wrote unreadable results ({exc})")], elapsed
    last = (text.strip().splitlines() or ["no output"])[-1][:200]
    return [not_measured(name, name, f"bench.{name} exited {code}: {last}")], elapsed


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the scripts, not speed")
    parser.add_argument("--only", nargs="*", help="run only these scripts")
    parser.add_argument("--outdir", type=Path, default=HERE, help="where RESULTS.md etc. go")
    parser.add_argument("--budget", type=float, default=570.0, help="seconds for the whole run")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    figures: list[Figure] = []
    seconds: dict[str, float] = {}
    cache = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    env_cache = os.environ.get("BENCH_CACHE")
    if env_cache:  # reuse generated databases between runs while working on the benchmarks
        shutil.rmtree(cache)
        cache = Path(env_cache)
        cache.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_OUTDIR"] = str(args.outdir)
    try:
        with tempfile.TemporaryDirectory(prefix="newsbot-bench-out-") as work:
            for name, limit in SCRIPTS:
                if args.only and name not in args.only:
                    continue
                left = args.budget - (time.perf_counter() - started)
                if left < 10:
                    figures.append(not_measured(name, name, "no time left in the 10-minute budget"))
                    continue
                got, secs = run_script(name, min(limit, left), quick=args.quick, cache=cache, work=Path(work))
                figures += got
                seconds[name] = secs
    finally:
        if not env_cache:
            shutil.rmtree(cache, ignore_errors=True)
    total = time.perf_counter() - started
    info = machine()
    write_markdown(args.outdir / "RESULTS.md", figures, info=info, seconds=total, scripts=seconds)
    write_json(args.outdir / "results.json", figures, info=info, seconds=total, scripts=seconds)
    print(f"wrote {args.outdir / 'RESULTS.md'} in {total:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
