"""System dependencies: Graphviz ``dot`` and fonts, with the command that installs them."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

from .errors import MissingDependencyError


def graphviz_install_hint() -> str:
    if sys.platform == "darwin":
        return "brew install graphviz"
    if shutil.which("apt-get"):
        return "sudo apt-get install -y graphviz"
    if shutil.which("dnf"):
        return "sudo dnf install -y graphviz"
    if sys.platform.startswith("win"):
        return "winget install graphviz"
    return "install Graphviz from your package manager (it provides the 'dot' command)"


def require_dot() -> str:
    """The path of Graphviz ``dot``, or :class:`MissingDependencyError` with the fix."""
    dot = shutil.which("dot")
    if dot is None:
        raise MissingDependencyError(
            f"Graphviz 'dot' is not installed; install it with: {graphviz_install_hint()} "
            "(mermaid and dot output work without it)")
    return dot


def dot_version() -> str | None:
    dot = shutil.which("dot")
    if not dot:
        return None
    try:
        out = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stderr or out.stdout).strip() or "unknown version"


def doctor_report() -> dict:
    checks = []
    version = dot_version()
    checks.append({"name": "graphviz", "ok": version is not None,
                   "detail": version or "'dot' not found (needed for png, svg and pdf)",
                   "fix": None if version else graphviz_install_hint()})
    fc = shutil.which("fc-list")
    fonts = ""
    if fc:
        try:
            fonts = subprocess.run([fc], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            fonts = ""
    checks.append({"name": "fonts", "ok": bool(fonts.strip()), "optional": True,
                   "detail": f"{len(fonts.splitlines())} fonts (fontconfig)" if fonts.strip()
                   else "no fonts found by fontconfig: labels may render as boxes",
                   "fix": None if fonts.strip() else "sudo apt-get install -y fonts-dejavu-core"})
    for pkg, why in (("diagrams", "icons and rendering"), ("networkx", "the knowledge graph"),
                     ("jsonschema", "validation"), ("yaml", "YAML loading"),
                     ("mkdocs", "the MkDocs plugin (optional)")):
        ok = importlib.util.find_spec(pkg) is not None
        checks.append({"name": f"python:{pkg}", "ok": ok, "optional": pkg == "mkdocs",
                       "detail": "installed" if ok else f"missing ({why})",
                       "fix": None if ok else ("pip install 'archkb[docs]'" if pkg == "mkdocs"
                                               else "pip install archkb")})
    try:
        from .kb import load_kb

        kb = load_kb()
        checks.append({"name": "kb", "ok": True, "detail": f"{len(kb.nodes)} nodes, "
                       f"{kb.graph.number_of_edges()} relations, {len(kb.sources)} sources"})
    except Exception as exc:  # report, do not crash: doctor must always answer
        checks.append({"name": "kb", "ok": False, "detail": str(exc), "fix": "archkb kb check"})
    ok = all(c["ok"] for c in checks if not c.get("optional"))
    return {"ok": ok, "checks": checks}
