"""The CloudFormation/SAM importer on the shared corpus of real templates.

Imports every template of ``../shared/corpus/serverless-patterns`` (beside the project) and
prints: how many imported and which failed (with file:line), the recall of components and
connections against the reference extraction (normalized as
:mod:`bench.corpus_recall` explains), and the time to import the whole corpus. Templates
with duplicate keys are imported as ``archkb import --allow-duplicate-keys`` does (the last
value wins, as in CloudFormation); without the flag they are rejected, and the bench says how
many.

The same for the Terraform patterns (``serverless-patterns-terraform/``, reference
``serverless-patterns-terraform-edges.jsonl``; normalized as :mod:`bench.terraform_recall`
explains): recall, crashes, time per root module, and the ratio of the import time to a bare
python-hcl2 parse (``hcl2.loads``) of the same files.

Run: python bench/bench_import.py [--misses] [CORPUS_DIR]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def main(argv: list[str]) -> int:
    from bench.corpus_recall import measure
    from generator.kb import load_kb

    show_misses = "--misses" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    templates = corpus / "serverless-patterns"
    reference = corpus / "serverless-patterns-edges.jsonl"
    if not templates.is_dir() or not reference.is_file():
        print(f"bench_import: skipped, corpus not found at {corpus} (expected "
              "serverless-patterns/ and serverless-patterns-edges.jsonl)")
        return 0
    kb = load_kb()
    start = time.perf_counter()
    m = measure(templates, reference, kb, allow_duplicate_keys=True)
    wall = time.perf_counter() - start
    print(f"corpus:                {templates}")
    print(f"templates:             {m.templates} ({m.imported} imported, {len(m.failed)} "
          f"failed with exit 2)")
    for failure in m.failed:
        print(f"  failed: {failure}")
    duplicates = m.duplicate_key_templates
    print(f"warnings:              {m.warnings} (duplicate keys, OpenAPI files not in the "
          "corpus, ...)")
    print(f"duplicate keys:        {len(duplicates)} templates, imported keeping the last value "
          "(rejected without --allow-duplicate-keys)")
    for name in duplicates:
        print(f"  duplicate keys: {name}")
    print(f"component recall:      {m.component_recall:6.1%}  "
          f"({m.components_found}/{m.components_expected}; target >= 95%)")
    print(f"connection recall:     {m.connection_recall:6.1%}  "
          f"({m.connections_found}/{m.connections_expected}; target >= 85%)")
    print(f"reference edges:       {m.unresolved_edges} unresolved in the reference, "
          f"{m.dropped_edges} into wiring that is not drawn (roles, log groups)")
    print(f"extra connections:     {m.extra_connections} found that the reference does not "
          "list (environment references, policies, parameters...)")
    print(f"import time:           {m.seconds:.2f} s for {m.templates} templates "
          f"({m.seconds / max(m.templates, 1) * 1000:.1f} ms each; {wall:.2f} s with "
          "reference scoring)")
    if show_misses:
        _misses(m)
    _terraform(corpus, kb, show_misses)
    return 0


def _misses(m) -> None:
    for pr in m.patterns:
        if pr.missed_components or pr.missed_connections:
            print(f"  {pr.pattern}: missed components {pr.missed_components}, "
                  f"connections {[(a, b) for _, a, b in pr.missed_connections]}")


def _terraform(corpus: Path, kb, show_misses: bool) -> None:
    from bench.terraform_recall import measure_tf, parse_seconds

    patterns = corpus / "serverless-patterns-terraform"
    reference = corpus / "serverless-patterns-terraform-edges.jsonl"
    print()
    if not patterns.is_dir() or not reference.is_file():
        print(f"terraform: skipped, not found at {patterns}")
        return
    m, timings = measure_tf(patterns, reference, kb)
    parse, files = parse_seconds(patterns)
    modules = max(timings["modules"], 1)
    print(f"terraform corpus:      {patterns}")
    print(f"root modules:          {m.templates} ({m.imported} imported, {len(m.failed)} "
          f"failed with exit 2, {len(timings['crashes'])} crashed)")
    for failure in m.failed + timings["crashes"]:
        print(f"  failed: {failure}")
    print(f"component recall:      {m.component_recall:6.1%}  "
          f"({m.components_found}/{m.components_expected}; target >= 95%)")
    print(f"connection recall:     {m.connection_recall:6.1%}  "
          f"({m.connections_found}/{m.connections_expected}; target >= 85%)")
    print(f"reference edges:       {m.unresolved_edges} unresolved in the reference (registry "
          f"modules, variables), {m.dropped_edges} into wiring that is not drawn")
    print(f"extra connections:     {m.extra_connections} found that the reference does not "
          "list")
    print(f"warnings:              {m.warnings} (unresolved variables and data sources, "
          "heredoc markers with trailing blanks, ...)")
    print(f"import time:           {m.seconds:.2f} s for {m.templates} root modules "
          f"({m.seconds / modules * 1000:.1f} ms each)")
    print(f"bare python-hcl2 parse: {parse:.2f} s for the {files} .tf files (hcl2.loads); "
          f"import / parse = {m.seconds / parse:.2f} (target <= 2)")
    if show_misses:
        _misses(m)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
