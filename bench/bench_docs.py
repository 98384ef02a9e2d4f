"""Docs build speed: the site of the shared corpus built with 1 and 2 worker processes.

Each timed build starts from an empty render cache (everything is loaded, linted and drawn),
so the ratio is the parallel speed-up; a last build reuses the cache and shows what an
unchanged rebuild costs. Run: python bench/bench_docs.py [CORPUS] [--limit N]
(CORPUS defaults to ../shared/corpus/serverless-patterns beside the repository.)
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(srcs, out: Path, kb, jobs: int, cache: Path):
    from generator.docs.site import build_site

    start = time.perf_counter()
    result = build_site(srcs, out, kb, jobs=jobs, cache_root=cache)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?",
                        default=str(ROOT.parent / "shared" / "corpus" / "serverless-patterns"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N pattern folders")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"corpus not found: {corpus}")
    srcs = [corpus]
    if args.limit:
        srcs = sorted(p for p in corpus.iterdir() if p.is_dir())[: args.limit]

    from generator.kb import load_kb

    kb = load_kb()
    with tempfile.TemporaryDirectory(prefix="archkb-bench-docs-") as tmp:
        tmp = Path(tmp)
        t1, r1 = build(srcs, tmp / "site1", kb, 1, tmp / "cache1")
        t2, r2 = build(srcs, tmp / "site2", kb, 2, tmp / "cache2")
        t3, r3 = build(srcs, tmp / "site2", kb, 2, tmp / "cache2")
        same = all((tmp / "site1" / p).read_bytes() == (tmp / "site2" / p).read_bytes()
                   for p in r1.pages)
    print(f"corpus: {corpus} ({r1.specs} specs and templates, {len(r1.failed)} do not load; "
          f"{len(r1.pages)} pages)")
    print(f"1 worker:                {t1:7.1f} s  ({r1.rendered} rendered)")
    print(f"2 workers:               {t2:7.1f} s  ({r2.rendered} rendered)")
    print(f"speed-up, 2 over 1:      {t1 / t2:7.2f}x")
    print(f"unchanged rebuild (2):   {t3:7.1f} s  ({r3.rendered} rendered, {r3.cached} reused)")
    print(f"identical output for 1 and 2 workers: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
