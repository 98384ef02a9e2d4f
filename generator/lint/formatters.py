"""Views over findings: text lines, the JSON of DESIGN.md, and SARIF 2.1.0 for code scanning.

>>> from generator.spec.model import Location
>>> f = Finding("W4002", "warning", "raise the visibility timeout", component="queue",
...             location=Location("spec.yaml", 9, 12), source="lambda-with-sqs")
>>> print(format_text([f]))
spec.yaml:9:12: warning W4002 raise the visibility timeout
>>> json.loads(format_json([f]))["findings"][0]["location"]["line"]
9
"""
from __future__ import annotations

import json
import os
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__
from .finding import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
TOOL_NAME = "archkb"


def format_text(findings: list[Finding]) -> str:
    """One ``file:line:col: severity rule message`` line per finding."""
    return "\n".join(str(f) for f in findings)


def format_json(findings: list[Finding], warnings: list[dict] | None = None,
                errors: list[dict] | None = None, suppressed: int | None = None) -> str:
    """``{"findings": [...]}`` as in DESIGN.md, plus ``"warnings"`` (what loading noticed,
    ``{"message", "file", "line", "column"}`` each), ``"errors"`` (files that failed to load,
    same shape) and ``"suppressed"`` (how many findings were suppressed) when given. When a file
    failed to load, ``"error"`` is the first of them: the error shape every command uses."""
    data: dict = {"findings": [f.as_dict() for f in findings]}
    if warnings is not None:
        data["warnings"] = warnings
    if errors is not None:
        data["errors"] = errors
        if errors:
            data["error"] = errors[0]
    if suppressed is not None:
        data["suppressed"] = suppressed
    return json.dumps(data, indent=2, ensure_ascii=False)


def summary_line(specs: int, failed: int, findings: list[Finding],
                 suppressed: list[Finding]) -> str:
    """The one-line summary printed after the findings.

    >>> summary_line(2, 1, [Finding("W4003", "warning", "m")], [Finding("I7002", "info", "m")])
    '2 spec(s), 1 failed to load: 0 error(s), 1 warning(s), 0 info; 1 suppressed'
    """
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    failed_text = f", {failed} failed to load" if failed else ""
    quiet = f"; {len(suppressed)} suppressed" if suppressed else ""
    return (f"{specs} spec(s){failed_text}: {counts['error']} error(s), {counts['warning']} "
            f"warning(s), {counts['info']} info{quiet}")


def artifact_uri(file: str, base: str | None = None) -> str:
    """A SARIF artifact URI. Code scanning wants paths relative to the repository, so a path
    under ``base`` (default: the working directory) becomes relative; relative paths stay
    relative; other absolute paths become ``file://`` URIs. Forward slashes, percent-encoded.

    >>> artifact_uri("specs/my spec.yaml")
    'specs/my%20spec.yaml'
    >>> artifact_uri("/srv/repo/specs/a.yaml", base="/srv/repo")
    'specs/a.yaml'
    >>> artifact_uri("/tmp/a.yaml", base="/srv/repo")
    'file:///tmp/a.yaml'
    """
    if "\\" in file:
        file = PureWindowsPath(file).as_posix()
    path = PurePosixPath(file)
    if path.is_absolute():
        root = PurePosixPath(base if base is not None else os.getcwd())
        try:
            path = path.relative_to(root)
        except ValueError:
            return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def sarif_rules(kb=None) -> list[dict]:
    """SARIF ``reportingDescriptor`` objects for every rule (helpUri from the KB source)."""
    from .rules import all_rules

    if kb is None:
        from ..kb import load_kb

        kb = load_kb()
    out = []
    for rule in all_rules():
        descriptor = {
            "id": rule.id,
            "name": type(rule).__name__,
            "shortDescription": {"text": rule.title.replace("`", "")},
            "fullDescription": {"text": rule.description.replace("`", "")},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
            "properties": {"source": rule.source},
        }
        url = kb.sources.get(rule.source, {}).get("url")
        if url:
            descriptor["helpUri"] = url
        out.append(descriptor)
    return out


def format_sarif(findings: list[Finding], kb=None, errors: list | None = None) -> str:
    """A SARIF 2.1.0 log with one run: the rules as ``tool.driver.rules``, findings as results,
    and files that failed to load (located InputErrors) as tool execution notifications."""
    rules = sarif_rules(kb)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for f in findings:
        region = {}
        if f.location.line is not None:
            region["startLine"] = f.location.line
            if f.location.column is not None:
                region["startColumn"] = f.location.column
        physical: dict = {"artifactLocation": {"uri": artifact_uri(f.location.file)}}
        if region:
            physical["region"] = region
        result = {"ruleId": f.rule, "level": SARIF_LEVELS[f.severity],
                  "message": {"text": f.message},
                  "locations": [{"physicalLocation": physical}]}
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        props = {k: v for k, v in (("component", f.component), ("connection", f.connection),
                                   ("source", f.source)) if v is not None}
        if props:
            result["properties"] = props
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    if errors:
        log["runs"][0]["invocations"] = [{
            "executionSuccessful": False,
            "toolExecutionNotifications": [_notification(e) for e in errors]}]
    return json.dumps(log, indent=2, ensure_ascii=False)


def _notification(error) -> dict:
    """A load failure as a SARIF ``notification`` (error level, at its file:line:column)."""
    physical: dict = {"artifactLocation": {"uri": artifact_uri(error.file or "")}}
    if error.line is not None:
        physical["region"] = {"startLine": error.line}
        if error.column is not None:
            physical["region"]["startColumn"] = error.column
    return {"message": {"text": error.message}, "level": "error",
            "locations": [{"physicalLocation": physical}]}


FORMATS = {"text": format_text, "json": format_json, "sarif": format_sarif}
