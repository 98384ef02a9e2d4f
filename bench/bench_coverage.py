"""How much of the shared corpus the KB knows: typed coverage of runtime resources.

Imports every template of ``../shared/corpus/serverless-patterns`` (beside the project) and
counts the components the importer draws: a *runtime* resource is one that becomes a component
(functions, queues, tables, APIs, models, databases...); glue that the importer only reads for
wiring and settings (IAM roles and policies, Lambda permissions, API routes, deployments and
stages, rules, subscriptions, log groups...) is left out, as are VPCs and subnets (groups) and nested stacks
(:data:`DEPLOYMENT_UNITS`). A
component is *typed* when a KB service claims its CloudFormation type, *generic* when none does
(drawn as a plain box with no knowledge). Prints the typed share (target >= 98%) and the long
tail of generic types, most frequent first.

The Terraform patterns (``serverless-patterns-terraform``) are counted the same way from their
``resource "TYPE" "NAME"`` blocks against the KB's ``tf_types`` (glue: the types the KB does not
claim whose CloudFormation twin is glue cannot be told apart by name, so this line is a rough
figure, printed for information).

Run: python bench/bench_coverage.py [--all] [CORPUS_DIR]
"""
from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = 0.98
TAIL = 25
DEPLOYMENT_UNITS = frozenset({"AWS::CloudFormation::Stack", "AWS::Serverless::Application"})
"""Nested stacks and SAR applications: the importer draws them as boxes, but they are units of
deployment that contain other resources, not runtime resources; left out like other glue."""
TF_RESOURCE = re.compile(r'^\s*resource\s+"(aws_[a-z0-9_]+)"\s+"', re.MULTILINE)


def cfn_coverage(templates: Path, kb) -> tuple[Counter, Counter, int]:
    """(typed count by type, generic count by type, templates that failed to import)."""
    from generator.errors import InputError
    from generator.importers import import_template, read_template
    from generator.importers.catalog import GENERIC
    from generator.importers.corpus import template_files

    typed, generic, failed = Counter(), Counter(), 0
    for path in template_files(templates):
        try:
            doc = read_template(path, str(path.relative_to(templates)), allow_duplicate_keys=True)
            spec = import_template(doc, kb).spec
        except InputError:
            failed += 1
            continue
        resources = doc.data.get("Resources") if isinstance(doc.data, dict) else None
        resources = resources if isinstance(resources, dict) else {}
        for cid, comp in spec.components.items():
            body = resources.get(cid)
            rtype = body.get("Type") if isinstance(body, dict) else None
            rtype = rtype if isinstance(rtype, str) else f"(implicit {comp.service})"
            if rtype in DEPLOYMENT_UNITS:
                continue
            (generic if comp.service == GENERIC else typed)[rtype] += 1
    return typed, generic, failed


def tf_coverage(folder: Path, kb) -> tuple[Counter, Counter]:
    """(typed, untyped) Terraform resource blocks by type, against the KB's ``tf_types``."""
    index = {t: nid for nid, node in kb.nodes.items() for t in node.get("tf_types") or ()}
    typed, untyped = Counter(), Counter()
    for path in sorted(folder.rglob("*.tf")):
        for rtype in TF_RESOURCE.findall(path.read_text(encoding="utf-8", errors="replace")):
            (typed if rtype in index else untyped)[rtype] += 1
    return typed, untyped


def main(argv: list[str]) -> int:
    from generator.kb import load_kb

    show_all = "--all" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    templates = corpus / "serverless-patterns"
    if not templates.is_dir():
        print(f"bench_coverage: skipped, corpus not found at {templates}")
        return 0
    kb = load_kb()
    start = time.perf_counter()
    typed, generic, failed = cfn_coverage(templates, kb)
    wall = time.perf_counter() - start
    n_typed, n_generic = sum(typed.values()), sum(generic.values())
    total = n_typed + n_generic
    share = n_typed / total if total else 1.0
    print(f"corpus:            {templates} ({failed} templates failed to import)")
    print(f"runtime resources: {total} components ({len(typed) + len(generic)} types)")
    print(f"typed coverage:    {share:6.1%}  ({n_typed}/{total} map to a KB service; "
          f"target >= {TARGET:.0%})")
    print(f"generic:           {n_generic} components of {len(generic)} types")
    tail = generic.most_common(None if show_all else TAIL)
    for rtype, count in tail:
        print(f"  {count:4d}  {rtype}")
    if len(generic) > len(tail):
        print(f"  ... {len(generic) - len(tail)} more types (--all lists them)")
    tf_folder = corpus / "serverless-patterns-terraform"
    if tf_folder.is_dir():
        tf_typed, tf_untyped = tf_coverage(tf_folder, kb)
        n = sum(tf_typed.values()) + sum(tf_untyped.values())
        print(f"terraform blocks:  {sum(tf_typed.values())}/{n} resource blocks of a type in "
              "some KB node's tf_types (glue included, so below the figure above)")
    print(f"time:              {wall:.1f} s to import the corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
