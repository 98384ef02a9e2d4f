"""Import what teams describe AWS systems with as architecture specs: CloudFormation/SAM
templates (:mod:`.cloudformation`), Terraform module folders and plans (:mod:`.terraform`),
and CDK output (:mod:`.cdk`), all through one spec builder (:mod:`.assemble`).
:func:`import_file` and :func:`import_source` take any of them; the template functions below
are the CloudFormation entry points.

>>> from generator.kb import load_kb
>>> doc = load_template(
...     "Transform: AWS::Serverless-2016-10-31\\n"
...     "Resources:\\n"
...     "  Queue: {Type: AWS::SQS::Queue}\\n"
...     "  Worker:\\n"
...     "    Type: AWS::Serverless::Function\\n"
...     "    Properties:\\n"
...     "      Timeout: 30\\n"
...     "      Events: {Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}}\\n",
...     "template.yaml")
>>> spec = spec_from_template(doc, load_kb())
>>> sorted(spec.components), spec.components["Worker"].settings
(['Queue', 'Worker'], {'timeout': 30})
>>> c = spec.connections[0]
>>> (c.source, c.target, c.kind, c.mode), str(c.location)
(('Queue', 'Worker', 'triggers', 'poll'), 'template.yaml:8:22')
"""
from __future__ import annotations

from .cloudformation.reader import is_template, load_template, read_template

__all__ = ["is_template", "load_template", "read_template", "spec_from_template",
           "template_to_spec_yaml", "import_template", "import_file", "import_source",
           "source_kind"]


def spec_from_template(doc, kb):
    """The :class:`generator.spec.model.Spec` of a loaded template (a yamlsafe Document from
    :func:`read_template`): component ids are the template's logical ids, and locations point
    at the template's lines. Warnings (duplicate keys read last-wins, missing included files,
    settings that do not fit) are in ``doc.warnings`` and ``spec.warnings``."""
    return import_template(doc, kb).spec


def import_template(doc, kb):
    """Like :func:`spec_from_template`, with what the import saw (an ``ImportResult``). A
    template synthesized by the CDK (``aws:cdk:path`` metadata) is read as CDK output:
    construct paths as labels, CDK internals hidden."""
    if _is_cdk(doc.data):
        from .cdk import import_cdk_document

        return import_cdk_document(doc, kb)
    from .cloudformation.build import import_document

    return import_document(doc, kb)


def template_to_spec_yaml(doc, kb) -> str:
    """The spec v1 YAML text of a template (deterministic; loads back through the spec
    loader)."""
    from .specyaml import spec_to_yaml

    result = import_template(doc, kb)
    return spec_to_yaml(result.spec, kb, result.notes)


def source_kind(path) -> str:
    """What ``path`` holds: ``terraform`` (a folder of ``.tf`` files or one of them),
    ``terraform-plan`` (``terraform show -json`` output), ``cdk`` (a ``cdk.out`` folder), or
    ``cloudformation`` (anything else: a template, or an error when it is not one)."""
    from pathlib import Path

    from .terraform import is_terraform

    path = Path(path)
    if path.is_dir() and (path / "manifest.json").is_file() and any(
            path.glob("*.template.json")):
        return "cdk"
    if is_terraform(path) or path.is_dir():
        return "terraform"
    if path.is_file() and path.suffix == ".json":
        from .terraform.plan import is_plan_file

        if is_plan_file(path):
            return "terraform-plan"
    return "cloudformation"


SOURCE_NAMES = {"terraform": "a Terraform module", "terraform-plan": "a Terraform plan",
                "cdk": "CDK output (cdk.out)", "cloudformation": "a CloudFormation/SAM template"}


def import_source(path, kb, display: str | None = None, allow_duplicate_keys: bool = False,
                  **options):
    """Import any supported source (see :func:`source_kind`) as an ``ImportResult``
    (``options``: ``show_internal`` for CDK output)."""
    kind = source_kind(path)
    if kind == "terraform":
        from .terraform import import_path

        return import_path(path, kb, display)
    if kind == "terraform-plan":
        from .terraform.plan import import_plan

        return import_plan(path, kb, display)
    if kind == "cdk":
        from .cdk import import_cdk

        return import_cdk(path, kb, display, show_internal=options.get("show_internal", False),
                          group_by=options.get("group_by"))
    return _import_template_file(path, kb, display, allow_duplicate_keys, **options)


def import_file(path, kb, display: str | None = None, allow_duplicate_keys: bool = False,
                **options):
    """Import a source file or folder: ``(spec YAML text, ImportResult)``.

    A CloudFormation/SAM template, a CDK ``cdk.out`` folder (or one of its templates), a
    Terraform module folder or ``.tf`` file, or a Terraform plan in JSON. A file that is none
    of these (no ``AWSTemplateFormatVersion``, ``Transform`` or ``Resources`` at the top) is
    an InputError, as is a broken one (at its file:line:column), and a template with a
    duplicate key unless ``allow_duplicate_keys`` (see :func:`load_template`).
    """
    from .specyaml import spec_to_yaml

    result = import_source(path, kb, display, allow_duplicate_keys, **options)
    return spec_to_yaml(result.spec, kb, result.notes, SOURCE_NAMES[source_kind(path)]), result


def _import_template_file(path, kb, display, allow_duplicate_keys, **options):
    from ..errors import InputError
    from .cloudformation.build import import_document

    doc = read_template(path, display, allow_duplicate_keys=allow_duplicate_keys)
    if not is_template(doc.data):
        raise InputError("not a CloudFormation/SAM template (no AWSTemplateFormatVersion, "
                         "Transform or Resources at the top level)", file=doc.file, line=1,
                         column=1)
    if _is_cdk(doc.data):
        from .cdk import import_cdk_document

        return import_cdk_document(doc, kb, show_internal=bool(options.get("show_internal")),
                                   group_by=options.get("group_by"))
    return import_document(doc, kb)


def _is_cdk(data) -> bool:
    resources = data.get("Resources") if isinstance(data, dict) else None
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and isinstance(r.get("Metadata"), dict)
        and "aws:cdk:path" in r["Metadata"] for r in resources.values())
