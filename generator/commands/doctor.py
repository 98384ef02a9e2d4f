"""``archkb doctor``: what is installed and what is missing, with the fix."""
from __future__ import annotations

import sys

import click

from .common import emit_json


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
def doctor_cmd(as_json):
    """Report Graphviz, fonts, Python packages and the KB; exit 3 if something is missing."""
    from ..system import doctor_report

    report = doctor_report()
    if as_json:
        emit_json(report)
    else:
        for check in report["checks"]:
            mark = "ok " if check["ok"] else ("-- " if check.get("optional") else "!! ")
            click.echo(f"{mark} {check['name']}: {check['detail']}")
            if not check["ok"] and check.get("fix"):
                click.echo(f"     fix: {check['fix']}")
    if not report["ok"]:
        sys.exit(3)
