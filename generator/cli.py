"""The ``archkb`` command line: a thin click layer over the library.

Subcommands are imported lazily (only the one being run), so a query never pays for the
renderer, the linter or jsonschema. Library errors (:class:`generator.errors.ArchkbError`)
become a one-line message on stderr and the exit code they carry: 2 for bad input, 3 for a
missing system dependency.
"""
from __future__ import annotations

import importlib
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
        try:
            return getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name == module:  # a command whose module is not written yet
                return None
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ArchkbError as exc:
            click.echo(f"archkb: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100,
                                              "terminal_width": 100})
@click.version_option(__version__, prog_name="archkb")
@click.option("--kb", "kb_dirs", multiple=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Extra KB directory that adds or overrides nodes "
                                  "(repeatable; also ARCHKB_KB_PATH).")
@click.pass_context
def cli(ctx, kb_dirs):
    """archkb: an architecture knowledge graph and diagram generator for AWS serverless.

    Ask the knowledge base (triggers, targets, path, explain, query, recommend), check and draw
    architecture specs (lint, render, import), and build documentation (docs build).
    """
    ctx.ensure_object(dict)
    ctx.obj["kb_dirs"] = tuple(kb_dirs)


def main():  # pragma: no cover - console-script entry point
    cli(prog_name="archkb")
