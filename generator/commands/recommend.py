"""``archkb recommend``: a workload in, compute options ranked with sourced reasons out."""
from __future__ import annotations

import click

from .common import (SourceNotes, allow_duplicate_keys_option, echo_warnings, emit_json, get_kb,
                     json_option, kb_option, table)
from .complete import spec_files

_MARK = {"blocker": "x", "drawback": "-", "benefit": "+", "info": "i"}
_FLAG_FIELDS = ("duration", "traffic", "scale_to_zero", "latency_sensitive", "memory",
                "requests_per_month", "language", "team_serverless_experience", "needs_vpc",
                "splittable", "provisioned_concurrency", "pc_hours")


def _workload_values(workload_file, flags: dict) -> dict:
    """Fields from ``-w FILE`` overridden by the flags given (flag errors name the flag)."""
    from ..errors import InputError
    from ..graph.workload import parse_field, read_workload_values

    values = read_workload_values(workload_file) if workload_file else {}
    for name in _FLAG_FIELDS:
        raw = flags.get(name)
        if raw is None:
            continue
        try:
            values[name] = parse_field(name, raw)
        except InputError as exc:
            raise InputError(f"--{name.replace('_', '-')}: {exc.message}") from None
    return values


@click.command("recommend")
@click.option("-w", "--workload", "workload_file", metavar="FILE",
              help="Workload YAML file (same fields as the flags; flags override it).")
@click.option("--duration", metavar="D", help="How long one run takes: 200ms, 2s, 40m, 1h.")
@click.option("--traffic", type=click.Choice(["spiky", "steady", "infrequent", "unknown"]),
              help="Traffic pattern.")
@click.option("--scale-to-zero/--no-scale-to-zero", default=None,
              help="It must cost nothing while idle.")
@click.option("--latency-sensitive/--not-latency-sensitive", default=None,
              help="Cold starts matter (synchronous, user-facing).")
@click.option("--memory", metavar="MB", help="Memory per run: 512, 512MB, 2GB.")
@click.option("--requests-per-month", metavar="N", help="Invocations per month: 3000000, 3M, 250k.")
@click.option("--language", metavar="LANG", help="Programming language (python, rust, go...).")
@click.option("--team-serverless-experience", type=click.Choice(["low", "high", "unknown"]),
              help="The team's experience with serverless.")
@click.option("--needs-vpc/--no-needs-vpc", default=None,
              help="It must reach resources in a VPC.")
@click.option("--splittable/--not-splittable", default=None,
              help="The work can be split into independent steps.")
@click.option("--provisioned-concurrency", metavar="N",
              help="Provisioned-concurrency level to price (default: average concurrency).")
@click.option("--pc-hours", metavar="H", help="Hours a month provisioned concurrency is on "
                                               "(default: the whole month).")
@click.option("--spec", "spec_path", metavar="SPEC", shell_complete=spec_files,
              help="Advise each Lambda function of an existing spec or CloudFormation/SAM "
                   "template instead (flags then override what the spec implies).")
@allow_duplicate_keys_option
@json_option
@kb_option
def recommend_cmd(workload_file, spec_path, allow_duplicate_keys, as_json, kb_dirs, **flags):
    """Rank compute options (Lambda, Lambda with provisioned concurrency, Step Functions,
    Fargate, EC2, Batch) for a workload, with reasons that cite their sources, and estimate
    the monthly Lambda cost when requests, duration and memory are known.

    \b
    Examples:
      archkb recommend --duration 40m --traffic infrequent
      archkb recommend --duration 200ms --traffic spiky --latency-sensitive \\
          --memory 1024 --requests-per-month 10M
      archkb recommend -w examples/workloads/nightly-report.yaml --json
      archkb recommend --spec examples/orders.yaml
    """
    from ..graph.recommend import advise_spec, recommend
    from ..graph.workload import from_values

    if allow_duplicate_keys and not spec_path:
        from ..errors import InputError

        raise InputError("--allow-duplicate-keys applies to the template read by --spec")
    values = _workload_values(workload_file, flags)
    kb = get_kb(kb_dirs)
    if spec_path:
        from ..spec import load_any

        spec = load_any(spec_path, kb, allow_duplicate_keys=allow_duplicate_keys)
        echo_warnings(spec.warnings)
        answer = advise_spec(kb, spec, values)
        emit_json(answer) if as_json else _print_spec_advice(answer)
        return
    answer = recommend(kb, from_values(values))
    emit_json(answer) if as_json else _print_recommendations(answer)


# -- human output ------------------------------------------------------------------------------
def _reason_line(notes: SourceNotes, sources: dict, reason: dict) -> str:
    return f"{_MARK[reason['effect']]} {reason['text']} {notes.ref([sources[reason['source']]])}"


def _top(reasons: list[dict], n: int = 2) -> list[dict]:
    scored = [r for r in reasons if r["effect"] != "info"]
    return (scored or reasons)[:n]


def _workload_line(w: dict) -> str:
    shown = []
    for key in ("duration", "traffic", "memory_mb", "requests_per_month", "language",
                "team_serverless_experience", "provisioned_concurrency"):
        value = w.get(key)
        if value not in (None, "unknown"):
            label = {"memory_mb": "memory", "team_serverless_experience": "team experience",
                     "provisioned_concurrency": "provisioned concurrency"}.get(key, key)
            unit = " MB" if key == "memory_mb" else ""
            shown.append(f"{label.replace('_', ' ')} {value:,}{unit}" if isinstance(value, int)
                         else f"{label.replace('_', ' ')} {value}")
    for key in ("scale_to_zero", "latency_sensitive", "needs_vpc", "splittable"):
        if w.get(key):
            shown.append(key.replace("_", " "))
    return "Workload: " + (", ".join(shown) if shown else "nothing specified (add flags such as "
                                                           "--duration or --traffic)")


def _print_recommendations(answer: dict) -> None:
    notes, sources = SourceNotes(), answer["sources"]
    click.echo(_workload_line(answer["workload"]) + "\n")
    rows = []
    for i, rec in enumerate(answer["recommendations"], 1):
        why = "  ".join(_reason_line(notes, sources, r) for r in _top(rec["reasons"]))
        rows.append([str(i), rec["name"], rec["verdict"], str(rec["score"]), _money(rec), why])
    click.echo(table(rows, ["#", "OPTION", "VERDICT", "SCORE", "A MONTH", "TOP REASONS"]))
    click.echo("\n(+ for, - against, x rules it out; --json lists every reason)")
    _print_option_costs(answer["recommendations"], notes, sources)
    for line in _cost_lines(answer["cost"], notes, sources):
        click.echo(line)
    click.echo("\n" + notes.render())


def _money(rec: dict) -> str:
    return "-" if rec.get("monthly_usd") is None else f"${rec['monthly_usd']:,.2f}"


def _print_option_costs(recs: list[dict], notes: SourceNotes, sources: dict) -> None:
    """How each option's monthly figure was reached, or what it needs."""
    priced = [r for r in recs if r.get("monthly_usd") is not None]
    if not priced:
        needs = next((r["cost_basis"] for r in recs if r.get("cost_basis", "").startswith(
            "needs")), None)
        if needs:
            click.echo(f"\nNo monthly costs: the estimate {needs}.")
        return
    click.echo("\nMonthly cost, side by side (KB prices; peaks need headroom above these):")
    for r in recs:
        ref = notes.ref([sources[s] for s in r.get("cost_sources", [])])
        click.echo(f"  {_money(r):>11}  {r['name']}: {r['cost_basis']} {ref}".rstrip())


def _cost_lines(cost: dict, notes: SourceNotes, sources: dict) -> list[str]:
    lines = []
    od, pc = cost.get("lambda"), cost.get("provisioned_concurrency")
    if od:
        ref = notes.ref([sources[s] for s in od["sources"]])
        lines += ["", f"Monthly Lambda cost ({od['region']}, prices as of {od['as_of']}) {ref}:",
                  f"  {od['requests_per_month']:,} requests x {od['billed_duration_ms']:g} ms x "
                  f"{od['memory_mb']} MB = {od['gb_seconds']:,.0f} GB-s "
                  f"(average concurrency {od['average_concurrency']:g})"]
        for arch in ("x86_64", "arm64"):
            if arch in od:
                a = od[arch]
                lines.append(f"  {arch:7} ${a['total_usd']:,.2f} = ${a['requests_usd']:,.2f} "
                             f"requests + ${a['duration_usd']:,.2f} duration "
                             f"(${a['without_free_tier_usd']:,.2f} without the free tier)")
        ft = od["free_tier"]
        saved = " / ".join(f"${v:,.2f} ({k})" for k, v in ft["usd"].items())
        lines.append(f"  free tier: {ft['requests']:,} requests and {ft['gb_seconds']:,} GB-s a "
                     f"month, worth {saved}")
    elif cost.get("missing"):
        lines += ["", "No cost estimate: give " + ", ".join(
            "--" + m.replace("_", "-") for m in cost["missing"]) + "."]
    if pc:
        ref = notes.ref([sources[s] for s in pc["sources"]])
        text = (f"  {pc['level']} environment(s) ({pc['level_basis']}) x {pc['memory_mb']} MB "
                f"for {pc['hours_billed']:g} h: ${pc['configured_usd']:,.2f} configured")
        if "requests_usd" in pc:
            text += (f" + ${pc['duration_usd']:,.2f} duration + ${pc['spillover_usd']:,.2f} "
                     f"spill-over + ${pc['requests_usd']:,.2f} requests = ${pc['total_usd']:,.2f}"
                     f" (utilization {pc['utilization']:.0%})")
        lines += ["", f"Provisioned concurrency ({pc['architecture']}, no free tier) {ref}:", text]
        if "break_even_utilization" in pc:
            lines.append(f"  cheaper than on-demand duration above "
                         f"{pc['break_even_utilization']:.0%} utilization")
    return lines


def _print_spec_advice(answer: dict) -> None:
    notes, sources = SourceNotes(), answer["sources"]
    spec = answer["spec"]
    if not answer["components"]:
        click.echo(f"{spec['file']}: no Lambda functions to advise on.")
        return
    for comp in answer["components"]:
        loc = comp["location"]
        where = ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k))
        label = f" ({comp['label']})" if comp["label"] and comp["label"] != comp["id"] else ""
        click.echo(f"{comp['id']}{label} {where}")
        click.echo("  " + _workload_line(comp["workload"]))
        for reason in comp["advice"]:
            click.echo("  " + _reason_line(notes, sources, reason))
        best = ", ".join(f"{r['name']} ({r['verdict']}"
                         + (f", {_money(r)} a month)" if r.get("monthly_usd") is not None
                            else ")") for r in comp["recommendations"][:3])
        click.echo(f"  Best options: {best}\n")
    click.echo(notes.render())
