"""Benchmark: ``archkb render`` of a 15-component spec to png against the same picture written
by hand with the ``diagrams`` package (whole process, same venv) and against bare ``dot -Tpng``
on the DOT archkb writes, and a 3,000-component spec rendered to dot. Prints the medians of
interleaved runs and both ratios (targets: <= 0.9x the hand-written script, <= 2x bare dot);
asserts nothing.

It also prints the floor under the first ratio: what a Python program that did nothing but
start and make archkb's two Graphviz runs would cost (``python -c pass``, the layout-only run
that fits the canvas, and the png run). Graphviz's png encoding is most of both programs'
time, so that floor is the least any Python command line drawing this picture could reach.

    .venv/bin/python bench/bench_render.py [--runs N]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))
from generator.render.backend import whole_pixel_pad  # noqa: E402
from generator.render.icons import icon_root  # noqa: E402

SPEC_15 = """\
archkb: 1
name: Bench fifteen
direction: LR
groups:
  vpc: {kind: vpc, label: VPC}
  private: {kind: subnet, label: Private subnet, parent: vpc}
components:
  api: {service: api-gateway, label: Orders API}
  orders: {service: lambda, label: orders, group: private, memory: 1024, timeout: 20}
  worker: {service: lambda, label: worker, group: private, timeout: 60}
  audit: {service: lambda, label: audit, group: private}
  table: {service: dynamodb, label: orders table}
  ledger: {service: dynamodb, label: ledger}
  uploads: {service: s3, label: uploads}
  topic: {service: sns, label: order events}
  q1: {service: sqs, label: work queue, visibility_timeout: 360}
  q2: {service: sqs, label: audit queue}
  dlq: {service: sqs, label: dead letters}
  bus: {service: eventbridge, label: event bus}
  reports: {service: s3, label: reports}
  stream: {service: kinesis, label: clickstream}
  nat: {service: nat-gateway, label: NAT gateway, group: vpc}
connections:
  - {from: api, to: orders, label: POST /orders}
  - {from: orders, to: table, kind: writes}
  - {from: orders, to: topic}
  - {from: topic, to: q1}
  - {from: topic, to: q2}
  - {from: q1, to: worker, batch_size: 10}
  - {from: q2, to: audit}
  - {from: worker, to: ledger, kind: writes}
  - {from: uploads, to: worker}
  - {from: worker, to: reports, kind: writes}
  - {from: audit, to: bus}
  - {from: stream, to: audit}
  - {from: q1, to: dlq}
  - {from: worker, to: nat}
"""


def diagrams_script(spec_path: Path, out: Path) -> str:
    """The same picture as ``archkb render`` draws, written with the diagrams package."""
    from generator.kb import load_kb
    from generator.render.model import build
    from generator.render.styles import EDGE_STYLES
    from generator.spec import load_spec

    kb = load_kb()
    model = build(load_spec(spec_path, kb), kb)
    imports, lines = set(), []
    for node in model.nodes:
        module, cls = kb.nodes[node.service]["diagrams"].rsplit(".", 1)
        imports.add(f"from {module} import {cls}")
    children: dict = {}
    for c in model.clusters:
        children.setdefault(c.parent, []).append(c)

    def place(parent, depth):
        pad = "    " * depth
        for node in model.nodes_in(parent):
            cls = kb.nodes[node.service]["diagrams"].rsplit(".", 1)[1]
            lines.append(f"{pad}n[{node.id!r}] = {cls}({node.label!r}, nodeid={node.id!r})")
        for c in children.get(parent, []):
            lines.append(f"{pad}with Cluster({c.label!r}):")
            place(c.id, depth + 1)
            if not model.nodes_in(c.id) and not children.get(c.id):
                lines.append(f"{pad}    pass")

    place(None, 1)
    for e in model.edges:
        style = {k: v for k, v in EDGE_STYLES[e.style]["dot"].items()}
        if e.label:
            style["label"] = e.label
        lines.append(f"    n[{e.source!r}] >> Edge(**{style!r}) >> n[{e.target!r}]")
    return "\n".join(["from diagrams import Diagram, Cluster, Edge", *sorted(imports), "n = {}",
                      f"with Diagram({model.name!r}, show=False, filename={str(out)!r}, "
                      f"outformat='png', direction={model.direction!r}):", *lines]) + "\n"


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Both sides run as a user's shell runs them: with byte-code caches."""


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - start


def big_spec(n: int) -> str:
    services = ["lambda", "sqs", "dynamodb", "sns", "s3"]
    lines = ["archkb: 1", f"name: Big {n}", "groups:"]
    groups = max(1, n // 100)
    lines += [f"  g{i}: {{kind: generic, label: Group {i}}}" for i in range(groups)]
    lines.append("components:")
    lines += [f"  c{i}: {{service: {services[i % 5]}, group: g{i % groups}}}" for i in range(n)]
    lines.append("connections:")
    lines += [f"  - {{from: c{i}, to: c{i + 1}}}" for i in range(n - 1)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", type=int, default=3000)
    args = parser.parse_args()
    archkb = [PYTHON, "-m", "generator"]
    with tempfile.TemporaryDirectory(prefix="archkb-bench-") as tmp:
        tmp = Path(tmp)
        spec = tmp / "bench15.yaml"
        spec.write_text(SPEC_15, encoding="utf-8")
        script = tmp / "hand.py"
        script.write_text(diagrams_script(spec, tmp / "hand"), encoding="utf-8")
        render = archkb + ["render", str(spec), "-f", "png", "-o", str(tmp / "out")]
        bare = render + ["--no-lint"]
        hand = [PYTHON, str(script)]
        subprocess.run(archkb + ["render", str(spec), "-f", "dot", "-o", str(tmp / "dot"),
                                 "--no-lint"], cwd=ROOT, check=True, capture_output=True)
        dot = [shutil.which("dot") or "dot", f"-Gimagepath={icon_root()}", "-Tpng",
               str(tmp / "dot" / "bench15.dot"), "-o", str(tmp / "bare.png")]
        layout = dot[:2] + ["-Tplain", str(tmp / "dot" / "bench15.dot")]
        pad = whole_pixel_pad(subprocess.run(layout, check=True, capture_output=True).stdout)
        layout += ["-o", os.devnull]
        fitted = dot[:2] + [f"-Gpad={pad}"] + dot[2:]
        runs = {"render": render, "bare": bare, "hand": hand, "dot": dot,
                "python": [PYTHON, "-c", "pass"], "layout": layout, "fitted": fitted}
        for cmd in runs.values():
            timed(cmd, tmp)  # warm the KB caches, byte-code caches and the OS file cache
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):  # interleaved, so load changes hit all alike
            for name, cmd in runs.items():
                times[name].append(timed(cmd, tmp))
        med = {name: statistics.median(x) for name, x in times.items()}
        print(f"15 components to png, median of {args.runs} interleaved runs (whole process):")
        print(f"  archkb render:             {med['render']:.3f} s")
        print(f"  archkb render --no-lint:   {med['bare']:.3f} s")
        print(f"  diagrams, hand-written:    {med['hand']:.3f} s")
        print(f"  dot -Tpng on archkb's DOT: {med['dot']:.3f} s")
        print(f"  archkb / hand-written: {med['render'] / med['hand']:.2f}x (target <= 0.9x; "
              f"without lint {med['bare'] / med['hand']:.2f}x)")
        print(f"  archkb / bare dot:     {med['render'] / med['dot']:.2f}x (target <= 2x; "
              f"without lint {med['bare'] / med['dot']:.2f}x)")
        floor = med["python"] + med["layout"] + med["fitted"]
        print(f"  floor: python -c pass ({med['python']:.3f} s) + the two dot runs archkb "
              f"makes ({med['layout']:.3f} + {med['fitted']:.3f} s) = "
              f"{floor / med['hand']:.2f}x the hand-written script")
        big = tmp / "big.yaml"
        big.write_text(big_spec(args.big), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(archkb + ["render", str(big), "-f", "dot", "--no-lint", "-o",
                                 str(tmp / "out")], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        size = (tmp / "out" / "big.dot").stat().st_size
        print(f"{args.big} components to dot: {time.perf_counter() - start:.2f} s "
              f"({size / 1024:.0f} KiB of DOT)")


if __name__ == "__main__":
    main()
