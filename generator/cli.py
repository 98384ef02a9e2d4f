"""The ``archkb`` command line: a thin click layer over the library.

Subcommands are imported lazily (only the one being run), so a query never pays for the
renderer, the linter or jsonschema. Library errors (:class:`generator.errors.ArchkbError`)
become a one-line message on stderr and the exit code they carry: 2 for bad input, 3 for a
missing system dependency. Under ``--json`` (or ``--format json``) every error, usage errors
included, is instead ``{"error": {"message", "file"?, "line"?, "column"?}}`` on stdout, with
the same exit code. A mistyped command gets a suggestion (``archkb rendr``: did you mean
'render'?); click suggests options itself.
"""
from __future__ import annotations

import importlib
import json
import os
import sys

import click

from . import __version__
from .errors import ArchkbError

COMMANDS = {
    "triggers": "generator.commands.query:triggers_cmd",
    "targets": "generator.commands.query:targets_cmd",
    "path": "generator.commands.query:path_cmd",
    "explain": "generator.commands.query:explain_cmd",
    "services": "generator.commands.services:services_cmd",
    "query": "generator.commands.query:query_cmd",
    "recommend": "generator.commands.recommend:recommend_cmd",
    "render": "generator.commands.render:render_cmd",
    "lint": "generator.commands.lint:lint_cmd",
    "import": "generator.commands.importcmd:import_cmd",
    "diff": "generator.commands.diff:diff_cmd",
    "review": "generator.commands.review:review_cmd",
    "docs": "generator.commands.docs:docs_group",
    "kb": "generator.commands.kb:kb_group",
    "schema": "generator.commands.schema:schema_cmd",
    "doctor": "generator.commands.doctor:doctor_cmd",
}


class LazyGroup(click.Group):
    """A group whose subcommands live in their own modules and load on first use."""

    def list_commands(self, ctx):
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx, name):
        return self._load(name)

    @staticmethod
    def _load(name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=2, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise click.UsageError(f"No such command {name!r}.{hint} (commands: "
                                   f"{', '.join(COMMANDS)})", ctx)
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx, args):
        ctx.meta["archkb.json"] = wants_json(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        as_json = ctx.meta.get("archkb.json", False)
        try:
            return super().invoke(ctx)
        except ArchkbError as exc:
            if as_json:
                _json_error(exc, exc.exit_code)
            click.echo(f"archkb: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            if as_json:
                _json_error(exc, exc.exit_code)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except Exception as exc:  # a bug: say so plainly; the traceback only on request
            if os.environ.get("ARCHKB_DEBUG"):
                raise
            click.echo(f"archkb: internal error: {type(exc).__name__}: {exc} (set ARCHKB_DEBUG=1 "
                       "for the traceback, and please report it)", err=True)
            sys.exit(70)


def wants_json(args) -> bool:
    """Whether a command line asks for JSON (``--json``, ``--format json``).

    >>> wants_json(["lint", "a.yaml", "--format", "json"]), wants_json(["render", "--", "--json"])
    (True, False)
    """
    args = list(args)
    if "--" in args:
        args = args[: args.index("--")]
    return "--json" in args or "--format=json" in args or any(
        a == "--format" and b == "json" for a, b in zip(args, args[1:]))


def _json_error(exc, code: int) -> None:
    """Print an error as the JSON shape of DESIGN.md and exit with ``code``."""
    message = getattr(exc, "message", None) or (exc.format_message() if isinstance(
        exc, click.ClickException) else str(exc))
    error = {"message": message}
    for key in ("file", "line", "column"):
        if getattr(exc, key, None) is not None:
            error[key] = getattr(exc, key)
    click.echo(json.dumps({"error": error}, ensure_ascii=False))
    sys.exit(code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100,
                                              "terminal_width": 100})
@click.version_option(__version__, prog_name="archkb")
@click.option("--kb", "kb_dirs", multiple=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Extra KB directory that adds or overrides nodes "
                                  "(repeatable; also ARCHKB_KB_PATH).")
@click.option("--no-color", "--no-colour", "no_color", is_flag=True,
              help="No colour (also when NO_COLOR is set or the output is not a terminal).")
@click.option("--limit", "limits", multiple=True, metavar="NAME=VALUE",
              help="Raise an input limit for this run, e.g. max_file_bytes=50000000 "
                   "(repeatable; see SECURITY.md; also ARCHKB_<NAME>).")
@click.pass_context
def cli(ctx, kb_dirs, no_color, limits):
    """archkb: an architecture knowledge graph and diagram generator for AWS serverless.

    Ask the knowledge base (triggers, targets, path, explain, query, recommend), check and draw
    architecture specs (lint, render, import), and build documentation (docs build).
    """
    ctx.ensure_object(dict)
    ctx.obj["kb_dirs"] = tuple(kb_dirs)
    ctx.obj["no_color"] = no_color
    if limits:
        from .limits import set_from_option

        try:
            for text in limits:
                set_from_option(text)
        except ArchkbError as exc:
            raise click.UsageError(str(exc)) from None


def main():  # pragma: no cover - console-script entry point (tests/test_cli_exit.py runs it)
    from .procs import exit_on_sigterm, quick_exit

    exit_on_sigterm()
    try:
        cli(prog_name="archkb")
    except SystemExit as exc:
        quick_exit(exc.code)
