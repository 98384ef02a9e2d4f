"""Cold-query cost: `archkb triggers lambda --json` in a new process vs `import networkx`.

Prints the median wall time of each over N runs and their ratio (target: <= 1.5), plus the
one-off cost of compiling the KB when its cache is stale. Run: python bench/bench_query.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(cmd: list[str], env: dict) -> float:
    timed(cmd, env)  # warm the OS file cache
    return statistics.median(timed(cmd, env) for _ in range(RUNS))


def main() -> None:
    py = sys.executable
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, ARCHKB_CACHE_DIR=cache)
        query = [py, "-m", "generator", "triggers", "lambda", "--json"]
        compile_time = timed(query, env)  # first run: empty cache, compiles the KB
        base = median([py, "-c", "import networkx"], env)
        cold = median(query, env)
    print(f"import networkx:                 {base * 1000:7.1f} ms (median of {RUNS})")
    print(f"archkb triggers lambda --json:   {cold * 1000:7.1f} ms (median of {RUNS}, cached KB)")
    print(f"ratio:                           {cold / base:7.2f}x (target <= 1.5x)")
    print(f"first run, compiling the KB:     {compile_time * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
