"""Pages from Jinja2 templates, as MkDocs and Sphinx build theirs: ``templates/page.html`` is
the frame, and each page kind has a template that extends it (``kb.html``, ``spec.html``,
``overview.html``, ``home.html``, ``index.html``). A theme folder (``archkb docs build --theme
DIR``) overrides any of them, and its ``archkb.css`` replaces the stylesheet. Templates run in
Jinja2's sandbox with autoescaping; the page body arrives as ready HTML.

>>> html = render("kb/sqs.html", "kb", "Amazon SQS", "<p>x</p>", "0")
>>> '<link rel="stylesheet" href="../assets/archkb.css">' in html and "<p>x</p>" in html
True
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import InputError

BUILTIN = Path(__file__).resolve().parent / "templates"
KINDS = ("kb", "spec", "overview", "home", "index")
_theme: Path | None = None


def use_theme(folder) -> None:
    """Render the next pages with ``folder``'s templates over the built-in ones (None: the
    built-in theme). A folder that does not exist, or a template that does not parse, is
    an error naming the file."""
    global _theme
    theme = Path(folder) if folder is not None else None
    if theme is not None and not theme.is_dir():
        raise InputError(f"theme folder {folder} does not exist")
    _theme = theme
    if theme is not None:
        env = _environment(str(theme))
        for path in sorted(theme.glob("*.html")):
            try:
                env.get_template(path.name)
            except Exception as exc:  # jinja2.TemplateError and its kin
                line = getattr(exc, "lineno", None)
                raise InputError(f"template error: {exc}", file=str(path), line=line) from None


def stylesheet() -> bytes:
    """The theme's ``archkb.css`` when it has one, else the built-in stylesheet."""
    if _theme is not None and (_theme / "archkb.css").is_file():
        return (_theme / "archkb.css").read_bytes()
    return (Path(__file__).resolve().parent / "assets" / "archkb.css").read_bytes()


@lru_cache(maxsize=8)
def _environment(theme: str | None):
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = ([FileSystemLoader(theme)] if theme else []) + [FileSystemLoader(str(BUILTIN))]
    return SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True,
                                undefined=StrictUndefined, keep_trailing_newline=True)


def render(path: str, kind: str, title: str, body: str, version: str,
           subtitle: str | None = None) -> str:
    """The page at site path ``path`` from the template of its ``kind``."""
    from markupsafe import Markup

    from .layout import CSS_PATH, NAV, SCRIPTS, root_of

    env = _environment(str(_theme) if _theme else None)
    template = env.get_template(f"{kind}.html" if kind in KINDS else "page.html")
    return template.render(path=path, root=root_of(path), title=title, subtitle=subtitle,
                           body=Markup(body), version=version, nav=NAV, css=CSS_PATH,
                           scripts=SCRIPTS)
