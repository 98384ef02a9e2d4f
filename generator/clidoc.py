"""The README's CLI reference, generated from ``--help`` (a test keeps them in step).

Run ``python -m generator.clidoc README.md`` to rewrite the section between the markers.

>>> "archkb triggers" in cli_reference()
True
"""
from __future__ import annotations

import sys

import click

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def _walk(cmd: click.Command, path: list[str], ctx: click.Context):
    yield path, cmd, ctx
    if isinstance(cmd, click.Group):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None:
                yield from _walk(sub, path + [name], click.Context(sub, info_name=name, parent=ctx))


def cli_reference() -> str:
    """Markdown: one section per command with its ``--help`` text."""
    from .cli import cli

    settings = dict(cli.context_settings, terminal_width=100, max_content_width=100)
    root = click.Context(cli, info_name="archkb", **settings)
    parts = []
    for path, cmd, ctx in _walk(cli, ["archkb"], root):
        ctx.terminal_width = ctx.max_content_width = 100
        title = " ".join(path)
        parts.append(f"### `{title}`\n\n```text\n{cmd.get_help(ctx).rstrip()}\n```\n")
    return "\n".join(parts)


def update_readme(text: str) -> str:
    """``text`` with the section between the markers replaced by the current reference."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    if not rest:
        raise ValueError(f"README has no {START} marker")
    return f"{head}{START}\n{cli_reference()}{END}{tail}"


if __name__ == "__main__":  # pragma: no cover
    target = sys.argv[1] if len(sys.argv) > 1 else "README.md"
    with open(target, encoding="utf-8") as fh:
        old = fh.read()
    new = update_readme(old)
    if new != old:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(new)
        print(f"updated {target}")
