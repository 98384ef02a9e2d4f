"""``archkb triggers|targets|path|explain|query``: questions to the knowledge graph."""
from __future__ import annotations

import click

from ..numbers import format_number
from .common import SourceNotes, emit_json, get_kb, json_option, kb_option, table, wrap

MODE_CHOICE = click.Choice(["sync", "async", "poll"])


def _print_edges(answer: dict, title: str, verbose: bool = False) -> None:
    notes = SourceNotes()
    rows = [[r["mode"] or "-", r["via"] or r["relation"], f"{r['name']} ({r['id']})",
             notes.ref(r["sources"]) + (f" {r['note']}" if verbose and r.get("note") else "")]
            for r in answer["results"]]
    node = answer["node"]
    modes = f" ({', '.join(answer['modes'])})" if answer.get("modes") else ""
    if not rows:
        click.echo(f"Nothing in the KB {title} {node['name']}{modes}.")
        return
    click.echo(f"{len(rows)} {title} {node['name']}{modes}:\n")
    click.echo(table(rows, ["MODE", "VIA", "SERVICE", "SOURCE / NOTE" if verbose else "SOURCE"],
                     caps=[5, 21, 38, 0]))
    click.echo("\n" + notes.render())


def _edges_command(name: str, doc: str, title: str):
    """``archkb triggers`` and ``archkb targets``: the same command over in- or out-edges."""

    @click.command(name, help=doc)
    @click.argument("name")
    @click.option("--mode", "modes", multiple=True, type=MODE_CHOICE,
                  help="Only these invocation modes (repeatable).")
    @click.option("-n", "--notes", is_flag=True, help="Show each relation's note.")
    @json_option
    @kb_option
    def command(name, modes, notes, as_json, kb_dirs):
        from ..graph import queries

        answer = getattr(queries, command.name)(get_kb(kb_dirs), name, modes)
        emit_json(answer) if as_json else _print_edges(answer, title, notes)

    return command


_NAME_HELP = ('\n\nNAME is a KB id, name, alias or CloudFormation type ("lambda", "API Gateway", '
              '"AWS::SQS::Queue").')
triggers_cmd = _edges_command("triggers", "What can trigger NAME, and how (sync, async, poll)."
                              + _NAME_HELP, "can trigger")
targets_cmd = _edges_command("targets", "What NAME can trigger or deliver to." + _NAME_HELP,
                             "targets of")


@click.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(min=1),
              help="How many paths at most.")
@json_option
@kb_option
def path_cmd(source, target, limit, as_json, kb_dirs):
    """How SOURCE can reach TARGET through the graph, shortest first."""
    from ..graph.queries import path

    answer = path(get_kb(kb_dirs), source, target, limit=limit)
    if as_json:
        emit_json(answer)
        return
    _print_paths(answer)


def _print_paths(answer: dict) -> None:
    if not answer["results"]:
        click.echo(f"No path from {answer['from']['name']} to {answer['to']['name']} in the KB.")
        return
    notes = SourceNotes()
    for i, result in enumerate(answer["results"], 1):
        click.echo(f"{i}. {result['name']}")
        for step in result["steps"]:
            how = " ".join(x for x in (step["relation"], step["mode"], step["via"] and
                                       f"via {step['via']}") if x)
            click.echo(f"     {step['from']} -> {step['to']}: {how} {notes.ref(step['sources'])}")
    click.echo("\n" + notes.render())


@click.command("explain")
@click.argument("name")
@json_option
@kb_option
def explain_cmd(name, as_json, kb_dirs):
    """One node: description, limits, relations, trade-offs, sources."""
    from ..graph.queries import explain

    answer = explain(get_kb(kb_dirs), name)
    emit_json(answer) if as_json else _print_explain(answer["results"][0])


def _print_explain(r: dict) -> None:
    notes = SourceNotes()
    by_id = {s["id"]: s for s in r["sources"]}

    def cite(source_id):
        return notes.ref([by_id[source_id]]) if source_id in by_id else ""

    click.echo(f"{r['name']} ({r['id']}, {r['kind']}{', ' + r['category'] if r['category'] else ''})")
    click.echo(wrap(r["summary"]))
    if r["description"]:
        click.echo("\n" + wrap(r["description"]))
    if r.get("status") and r["status"] != "current":
        click.echo(f"\nStatus: {r['status']}")
    if r["facts"]:
        click.echo("\nFacts:")
        for f in r["facts"]:
            flag = " (unofficial)" if f.get("unofficial") else ""
            click.echo(wrap(f"{f['text']}{flag} {cite(f['source'])}", "    ", "  - "))
    if r["limits"]:
        click.echo("\nLimits:")
        rows = [[l["name"], f"{format_number(l['value'])}{' ' + l['unit'] if l.get('unit') else ''}",
                 ("adjustable " if l.get("adjustable") else "") + cite(l["source"])
                 + (f" {l['note']}" if l.get("note") else "")] for l in r["limits"]]
        click.echo(table(rows, ["LIMIT", "VALUE", "SOURCE / NOTE"], caps=[36, 16, 0]))
    if r["settings"]:
        click.echo("\nSettings (spec keys):")
        rows = []
        for key, s in r["settings"].items():
            rng = ""
            if "min" in s or "max" in s:
                rng = f"{s.get('min', '')}..{s.get('max', '')}"
            rows.append([key, s["type"] + (f" ({s['unit']})" if s.get("unit") else ""), rng,
                         f"{s['description']} {cite(s['source'])}"])
        click.echo(table(rows, ["KEY", "TYPE", "RANGE", "DESCRIPTION"]))
    if r["relations"]:
        click.echo("\nRelations:")
        rows = []
        for rel in r["relations"]:
            arrow = f"-> {rel['id']}" if rel["direction"] == "out" else f"<- {rel['id']}"
            how = " ".join(x for x in (rel["mode"], rel["via"] and f"via {rel['via']}") if x)
            rows.append([rel["relation"], arrow, how, cite_list(notes, rel["sources"])])
        click.echo(table(rows, ["RELATION", "NODE", "HOW", "SOURCE"]))
    if r["tradeoffs"]:
        click.echo("\nTrade-offs:")
        for t in r["tradeoffs"]:
            mit = ", ".join(m["name"] for m in t["mitigated_by"])
            click.echo(wrap(f"[{t['polarity']}] {t['name']}: {t['summary']}"
                            + (f" Mitigated by: {mit}." if mit else "")
                            + f" {notes.ref(t['sources'])}", "    ", "  - "))
    if r["corrections"]:
        click.echo("\nWhere the article is out of date:")
        for c in r["corrections"]:
            click.echo(wrap(f"{c['topic']}: the article said \"{c['article_said']}\" "
                            f"{cite(c['article_source'])}; now: {c['now']} {cite(c['source'])}",
                            "    ", "  - "))
    click.echo("\n" + notes.render())


def cite_list(notes: SourceNotes, sources: list[dict]) -> str:
    return notes.ref(sources)


@click.command("query")
@click.argument("question", nargs=-1, required=True)
@json_option
@kb_option
def query_cmd(question, as_json, kb_dirs):
    """Answer a plain question about the KB.

    \b
    Phrasings:
      what triggers X  [synchronously | asynchronously | by polling]
      what can X trigger / what does X deliver to
      how does A connect to B
      trade-offs of X
      alternatives to X
      X or Y for this job
      what is X
      what is out of date in the article
    """
    from ..graph.nlquery import answer

    from ..errors import InputError
    from ..limits import get

    text = " ".join(question)
    if len(text) > get("max_query"):
        raise InputError(f"the question is {len(text):,} characters long, more than the limit of "
                         f"{get('max_query'):,} (raise it with ARCHKB_MAX_QUERY or --limit "
                         "max_query=N)")
    result = answer(get_kb(kb_dirs), text)
    if as_json:
        emit_json(result)
        return
    intent = result["intent"]
    if intent in ("triggers", "targets"):
        _print_edges(result, "can trigger" if intent == "triggers" else "targets of")
    elif intent == "path":
        _print_paths(result)
    elif intent == "explain":
        _print_explain(result["results"][0])
    elif intent == "tradeoffs":
        _print_tradeoffs(result)
    elif intent == "compare":
        _print_compare(result)
    elif intent == "corrections":
        _print_corrections(result)
    else:
        _print_alternatives(result)


def _print_corrections(result: dict) -> None:
    notes = SourceNotes()
    click.echo(f"{len(result['results'])} places where the article is out of date:")
    for c in result["results"]:
        article, now = c["sources"][0], c["sources"][-1]
        click.echo(f"\n{c['topic']} ({c['id']})")
        click.echo(wrap(f"the article said: {c['article_said']} {notes.ref([article])}", "    ", "  - "))
        click.echo(wrap(f"now (as of {c['as_of']}): {c['now']} {notes.ref([now])}", "    ", "  - "))
    click.echo("\n" + notes.render())


def _print_compare(result: dict) -> None:
    notes = SourceNotes()
    for link in result["relations"]:
        click.echo(f"{link['from']} {link['relation'].replace('_', ' ')} {link['id']}: "
                   f"{link.get('note') or ''} {notes.ref(link['sources'])}".rstrip())
    for r in result["results"]:
        click.echo("\n" + wrap(f"{r['name']} ({r['id']}): {r['summary']} {notes.ref(r['sources'])}"))
        for t in r["tradeoffs"]:
            click.echo(wrap(f"[{t['polarity']}] {t['name']}: {t['summary']} "
                            f"{notes.ref(t['sources'])}", "    ", "  "))
    click.echo(f"\n{result['hint']}\n\n" + notes.render())


def _print_tradeoffs(result: dict) -> None:
    notes = SourceNotes()
    if not result["results"]:
        click.echo(f"No trade-offs recorded for {result['node']['name']}.")
        return
    click.echo(f"Trade-offs of {result['node']['name']}:\n")
    for t in result["results"]:
        click.echo(f"  [{t['polarity']}] {t['name']} {notes.ref(t['sources'])}")
        click.echo(wrap(t["summary"], "      "))
        for m in t["mitigated_by"]:
            click.echo(f"      mitigated by {m['name']} {notes.ref(m['sources'])}")
    click.echo("\n" + notes.render())


def _print_alternatives(result: dict) -> None:
    notes = SourceNotes()
    if not result["results"]:
        click.echo(f"No alternatives recorded for {result['node']['name']}.")
        return
    rows = [[f"{r['name']} ({r['id']})", notes.ref(r["sources"]) + (f" {r['note']}" if r.get("note") else "")]
            for r in result["results"]]
    click.echo(f"Alternatives to {result['node']['name']}:\n")
    click.echo(table(rows, ["OPTION", "SOURCE / NOTE"]))
    click.echo("\n" + notes.render())
