"""``archkb triggers|targets|path|explain|query``: questions to the knowledge graph."""
from __future__ import annotations

import sys

import click

from ..numbers import format_number
from .common import (SourceNotes, emit_json, get_kb, get_kb_view, json_option, kb_option, table,
                     wrap)
from .complete import service_names

MODE_CHOICE = click.Choice(["sync", "async", "poll"])


def _print_edges(answer: dict, title: str, verbose: bool = False) -> None:
    notes = SourceNotes()
    rows = [[r["mode"] or "-", r["via"] or r["relation"], f"{r['name']} ({r['id']})"
             + (f" [{r['status'].upper().replace('-', ' ')} {r.get('status_date') or ''}]".replace(" ]", "]")
                if r.get("status") else ""),
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
    if answer.get("ended_hidden"):
        click.echo(f"\n({answer['ended_hidden']} ended integration(s) left out; --all shows them)")


def _edges_command(name: str, doc: str, title: str):
    """``archkb triggers`` and ``archkb targets``: the same command over in- or out-edges."""

    @click.command(name, help=doc)
    @click.argument("name", shell_complete=service_names)
    @click.option("--mode", "modes", multiple=True, type=MODE_CHOICE,
                  help="Only these invocation modes (repeatable).")
    @click.option("-n", "--notes", is_flag=True, help="Show each relation's note.")
    @click.option("--all", "include_ended", is_flag=True,
                  help="Also list integrations that have ended (flagged).")
    @json_option
    @kb_option
    def command(name, modes, notes, include_ended, as_json, kb_dirs):
        from ..graph import queries

        answer = getattr(queries, command.name)(get_kb(kb_dirs), name, modes,
                                                include_ended=include_ended)
        emit_json(answer) if as_json else _print_edges(answer, title, notes)

    return command


_NAME_HELP = ('\n\nNAME is a KB id, name, alias or CloudFormation type ("lambda", "API Gateway", '
              '"AWS::SQS::Queue").')
triggers_cmd = _edges_command("triggers", "What can trigger NAME, and how (sync, async, poll)."
                              + _NAME_HELP, "can trigger")
targets_cmd = _edges_command("targets", "What NAME can trigger or deliver to." + _NAME_HELP,
                             "targets of")


@click.command("path")
@click.argument("source", shell_complete=service_names)
@click.argument("target", shell_complete=service_names)
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
@click.argument("name", shell_complete=service_names)
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
        when = f" ({r['status_date']})" if r.get("status_date") else ""
        note = f": {r['status_note']}" if r.get("status_note") else ""
        click.echo("\n" + wrap(f"Status: {r['status'].replace('-', ' ')}{when}{note} "
                                f"{cite(r.get('status_source'))}".rstrip()))
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
    """Answer a question in plain words from the KB.

    \b
    Limits:       max lambda timeout / how big can an async payload be
    Yes or no:    can sqs trigger step functions / does sns invoke lambda synchronously
    How to:       how do I avoid cold starts / how do I handle failed async events
    Compare:      lambda or fargate for a 20 minute job / reserved vs provisioned concurrency
    Qualified:    trade-offs of lambda in a vpc / cold starts for java
    Define, list: what is an event source mapping / which services can lambda poll
    The article:  what is out of date in the article / is the article right about init billing

    Exit 1 (with commands to try) when the KB cannot answer.
    """
    from ..query import ask

    from ..errors import InputError
    from ..limits import get

    text = " ".join(question).strip()
    if not text:
        raise click.UsageError("the question is empty")
    if len(text) > get("max_query"):
        raise InputError(f"the question is {len(text):,} characters long, more than the limit of "
                         f"{get('max_query'):,} (raise it with ARCHKB_MAX_QUERY or --limit "
                         "max_query=N)")
    result = ask(get_kb_view(kb_dirs), text)  # networkx only if an answer needs a path
    emit_json(result) if as_json else print_answer(result)
    if result["intent"] == "unanswered":
        sys.exit(1)


def print_answer(result: dict) -> None:
    """The answer first, then its points with numbered sources, then the sources."""
    notes = SourceNotes()
    by_id = {s["id"]: s for s in result["sources"]}
    if result.get("understood"):
        click.echo(f"(read as: {result['understood']})")
    click.echo(wrap(result["answer"]))
    if result["points"]:
        click.echo()
    for point in result["points"]:
        refs = notes.ref([by_id[s] for s in point["sources"] if s in by_id])
        click.echo(wrap(f"{point['text']} {refs}".rstrip(), "    ", "  - "))
    for command in result.get("suggestions", []):
        click.echo(f"  {command}")
    if result.get("hint"):
        click.echo("\n" + wrap(result["hint"][0].upper() + result["hint"][1:]))
    if notes.ids:
        click.echo("\n" + notes.render())
