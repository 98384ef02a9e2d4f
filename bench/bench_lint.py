"""Lint cost on a big spec: `archkb lint` on 3,000 components and 3,000 connections vs a bare
C-accelerated YAML load (``yaml.load(text, Loader=yaml.CSafeLoader)``) of the same file.

Prints the median wall time of each and their ratio (target: <= 5x): in process (load the
spec through the spec loader, run every rule, format the findings as text) and, for reference,
the whole command in a new process (Python start-up and the cached KB included).
Run: python bench/bench_lint.py  (BENCH_RUNS, BENCH_COMPONENTS change the size of the run)
"""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
COMPONENTS = int(os.environ.get("BENCH_COMPONENTS", "3000"))


def big_spec(n_components: int, seed: int = 7) -> str:
    """A realistic spec: APIs, functions, queues, topics, buckets, tables, in VPC groups, with
    as many connections as components (API -> function, queue -> function, function -> table
    or queue or topic, topic -> queue, bucket -> function)."""
    rnd = random.Random(seed)
    lines = ["archkb: 1", "name: Benchmark estate", "account: {concurrency_limit: 100000}",
             "groups:"]
    n_vpcs = max(1, n_components // 300)
    for v in range(n_vpcs):
        lines += [f"  vpc-{v}: {{kind: vpc, label: VPC {v}}}",
                  f"  private-{v}: {{kind: subnet, parent: vpc-{v}}}"]
    lines.append("components:")
    kinds = {"fn": [], "queue": [], "topic": [], "bucket": [], "table": [], "api": []}
    mix = ["fn"] * 40 + ["queue"] * 15 + ["topic"] * 10 + ["bucket"] * 10 + ["table"] * 15 + ["api"] * 10
    runtimes = ["python3.12", "python3.13", "nodejs22.x", "java21", "nodejs20.x", "python3.9"]
    for i in range(n_components):
        kind = mix[i % len(mix)]
        cid = f"{kind}-{i}"
        kinds[kind].append(cid)
        if kind == "fn":
            group = f", group: private-{rnd.randrange(n_vpcs)}" if rnd.random() < 0.3 else ""
            extra = ", tracing: active" if rnd.random() < 0.5 else ""
            extra += ", reserved_concurrency: 5" if rnd.random() < 0.1 else ""
            lines.append(f"  {cid}: {{service: lambda, runtime: {rnd.choice(runtimes)}, "
                         f"memory: {rnd.choice([128, 512, 1024, 2048])}, "
                         f"timeout: {rnd.choice([3, 10, 30, 60, 120])}{group}{extra}}}")
        elif kind == "queue":
            lines.append(f"  {cid}: {{service: sqs, visibility_timeout: {rnd.choice([30, 180, 900])}}}")
        elif kind == "topic":
            lines.append(f"  {cid}: {{service: sns}}")
        elif kind == "bucket":
            lines.append(f"  {cid}: {{service: s3}}")
        elif kind == "table":
            lines.append(f"  {cid}: {{service: dynamodb}}")
        else:
            lines.append(f"  {cid}: {{service: api-gateway, type: {rnd.choice(['rest', 'http'])}}}")
    lines.append("connections:")
    fns = kinds["fn"]
    sources = [("api", None), ("queue", None), ("bucket", None), ("topic", "queue")]
    for i in range(n_components):
        r = i % 5
        if r < 4:
            kind, target_kind = sources[r]
            src = rnd.choice(kinds[kind])
            dst = rnd.choice(kinds[target_kind] if target_kind else fns)
        else:
            src = rnd.choice(fns)
            dst = rnd.choice(kinds[rnd.choice(["table", "queue", "topic"])])
        lines.append(f"  - {{from: {src}, to: {dst}}}")
    return "\n".join(lines) + "\n"


def median_time(fn, runs: int = RUNS) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import yaml

    from generator.kb import load_kb
    from generator.lint import lint_spec
    from generator.lint.formatters import format_text
    from generator.spec import load_any

    kb = load_kb()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        text = big_spec(COMPONENTS)
        path.write_text(text, encoding="utf-8")
        n_conn = text.count("  - {from:")

        def bare():
            with open(path, encoding="utf-8") as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)

        findings: list = []

        def load_only():
            load_any(path, kb)

        def lint():
            findings[:] = lint_spec(load_any(path, kb), kb)
            format_text(findings)

        spec = load_any(path, kb)
        base = median_time(bare)
        loading = median_time(load_only)
        rules_only = median_time(lambda: lint_spec(spec, kb))
        total = median_time(lint)
        env = dict(os.environ)
        cmd = [sys.executable, "-m", "generator", "lint", str(path)]
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs = []
        for _ in range(max(3, RUNS // 2)):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(time.perf_counter() - start)
        proc = statistics.median(procs)
    print(f"spec: {COMPONENTS:,} components, {n_conn:,} connections, {len(text) / 1e6:.2f} MB; "
          f"{len(findings):,} findings")
    print(f"bare yaml.load (CSafeLoader):          {base * 1000:8.1f} ms (median of {RUNS})")
    print(f"spec loader alone (load_any):          {loading * 1000:8.1f} ms")
    print(f"rules alone (lint_spec):               {rules_only * 1000:8.1f} ms")
    print(f"lint in process (load + rules + text): {total * 1000:8.1f} ms")
    print(f"ratio:                                 {total / base:8.2f}x (target <= 5x)")
    print(f"archkb lint in a new process:          {proc * 1000:8.1f} ms "
          f"({proc / base:.2f}x, with Python start-up and the cached KB)")


if __name__ == "__main__":
    main()
