"""Cold-query cost: `archkb query "..." --json` in a new process vs `python -c "import networkx"`.

Each question runs in a fresh interpreter with the KB (and the question indexes derived from it)
already cached, as after the first run on a machine; bytecode is allowed (as in an installed
package). Runs alternate with the baseline, pair by pair, and the ratio printed is the median of
the per-pair ratios (target: <= 1.3x). Also prints `archkb triggers lambda --json` and the
one-off cost of compiling the KB. Run: python bench/bench_query.py  (BENCH_RUNS=N for more runs;
`farm-bench` gives the same figure with CPU accounting).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
TARGET = 1.3
QUESTIONS = ["max lambda timeout", "can sqs trigger step functions", "how do I avoid cold starts",
             "lambda or fargate for a 20 minute job"]


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired(cmd: list[str], base: list[str], env: dict) -> tuple[float, float, float]:
    """(median of cmd, median of base, median of cmd/base per pair), after one warm-up each."""
    timed(cmd, env), timed(base, env)
    a, b = [], []
    for _ in range(RUNS):
        a.append(timed(cmd, env))
        b.append(timed(base, env))
    return statistics.median(a), statistics.median(b), statistics.median(x / y for x, y in zip(a, b))


def main() -> None:
    py = sys.executable
    base = [py, "-c", "import networkx"]
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["ARCHKB_CACHE_DIR"] = cache
        compile_time = timed([py, "-m", "generator", "triggers", "lambda", "--json"], env)
        rows = [("archkb triggers lambda --json", [py, "-m", "generator", "triggers", "lambda", "--json"])]
        rows += [(f'archkb query "{q}" --json', [py, "-m", "generator", "query", q, "--json"])
                 for q in QUESTIONS]
        results = [(label, *paired(cmd, base, env)) for label, cmd in rows]
    width = max(len(label) for label, *_ in results)
    print(f"cold query vs `python -c \"import networkx\"` (median of {RUNS} paired runs, cached KB)")
    for label, cmd_s, base_s, ratio in results:
        flag = "ok" if ratio <= TARGET else "OVER"
        print(f"  {label:<{width}}  {cmd_s * 1000:7.1f} ms vs {base_s * 1000:7.1f} ms  "
              f"ratio {ratio:5.2f}x  ({flag}, target <= {TARGET}x)")
    worst = max(r[-1] for r in results[1:])
    print(f"cold-query ratio (worst question): {worst:.2f}x (target <= {TARGET}x)")
    print(f"first run, compiling the KB: {compile_time * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
