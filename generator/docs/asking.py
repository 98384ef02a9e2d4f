"""The page on asking questions (docs/asking.md), generated from real answers.

``python -m generator.docs.asking docs/asking.md`` rewrites the file; a test keeps the committed
file equal to :func:`asking_markdown`, so the page changes when the KB or the answers do.

>>> text = asking_markdown()
>>> text.startswith("# Asking archkb") and "900 s" in text
True
"""
from __future__ import annotations

import json
import sys

FAMILIES: list[tuple[str, str, list[str]]] = [
    ("Limits, quotas and defaults",
     "The figure with its unit, whether it can be raised, and its source; related figures follow.",
     ["max lambda timeout", "how big can an async payload be", "api gateway integration timeout"]),
    ("Yes or no about connections",
     "Yes or no first, then how (mode and mechanism), or what works in between when the answer "
     "is no.",
     ["can sqs trigger step functions", "does sns invoke lambda synchronously",
      "can lambda call itself"]),
    ("How-to and mitigation",
     "What the KB records as mitigations of the problem, with their costs, then the most "
     "relevant sourced facts.",
     ["how do I avoid cold starts", "how can a function in a vpc reach the internet"]),
    ("Comparisons in context",
     "Compute options go through `archkb recommend` with the workload the question describes "
     "(a duration, spiky or steady traffic, a VPC, latency); other pairs are compared on the "
     "trade-offs that match the context.",
     ["lambda or fargate for a 20 minute job", "dynamodb or aurora serverless for spiky traffic"]),
    ("Qualifiers",
     "Words that narrow the question keep their weight: the VPC-specific facts first, "
     "the mitigation that fits the runtime first.",
     ["trade-offs of lambda in a vpc", "cold starts for java"]),
    ("Definitions, lists and counts",
     "Definitions from the KB node; lists and counts from the graph.",
     ["what is an event source mapping", "how many services can trigger lambda",
      "which serverless databases scale to zero", "which services can lambda poll"]),
    ("The article",
     "Where the article archkb grew from is out of date: what it said, what holds now, both "
     "sources.",
     ["is the article right about init billing"]),
]
UNANSWERED = "what is the meaning of life"
JSON_EXAMPLE = "default timeout of a lambda function"

HEADER = """# Asking archkb questions

`archkb query "QUESTION"` answers a question in plain words from the knowledge base, offline and
deterministically (no language model). The first line answers: a number, yes or no, a
recommendation or a definition. Supporting points follow, each with numbered sources.

How it works: the question is normalized (case, punctuation, typos fixed against the words the
KB knows), then the pipeline recognises KB names (ids, names, aliases, CloudFormation types),
attribute words (timeout, memory, payload...), bounds (max, min, default), invocation modes and
verbs, durations and workload context, picks the kinds of answer that fit, and answers from the
graph. The words it knows are data: `kb/vocabulary.yaml` (validated by
`kb/schema/vocabulary.schema.json`) and the `terms` of limits and settings in the node files;
an overlay KB (`--kb DIR`) can add its own `vocabulary.yaml`.

When the KB cannot answer, `archkb query` says so, prints commands to try instead, and exits 1;
exit 2 is kept for usage errors.

This page is generated from real answers by `generator.docs.asking`; do not edit it by hand.
Regenerate it with `python -m generator.docs.asking docs/asking.md` (or `make docs`).
"""


def _run(question: str, *extra: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from ..cli import cli

    result = CliRunner().invoke(cli, ["query", question, *extra], env={"COLUMNS": "100"})
    return result.exit_code, result.stdout


def _block(question: str) -> str:
    code, out = _run(question)
    shown = question.replace('"', '\\"')
    status = "" if code == 0 else f"\n(exit {code})"
    return f'```console\n$ archkb query "{shown}"\n{out.rstrip()}{status}\n```\n'


def asking_markdown() -> str:
    """The whole page."""
    parts = [HEADER]
    for title, text, questions in FAMILIES:
        parts.append(f"\n## {title}\n\n{text}\n")
        for q in questions:
            parts.append("\n" + _block(q))
    parts.append("\n## When the KB cannot answer\n\nThe closest things the KB knows, as "
                 "commands to run; exit code 1.\n\n" + _block(UNANSWERED))
    _, out = _run(JSON_EXAMPLE, "--json")
    data = json.loads(out)
    parts.append("\n## JSON\n\n`--json` prints `{\"query\", \"intent\", \"answer\", \"points\", "
                 "\"results\", \"facts\", \"sources\"}`; `facts` carry each figure with its unit, "
                 "whether it is adjustable and its source id.\n\n```console\n"
                 f'$ archkb query "{JSON_EXAMPLE}" --json\n'
                 + json.dumps(data, indent=2, ensure_ascii=False) + "\n```\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write the page to the path given (atomically), or print it."""
    from ..fsutil import write_page

    return write_page(sys.argv[1:] if argv is None else argv, asking_markdown())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
