"""Import AWS SAM / CloudFormation templates as architecture specs.

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
           "template_to_spec_yaml", "import_template", "import_file"]


def spec_from_template(doc, kb):
    """The :class:`generator.spec.model.Spec` of a loaded template (a yamlsafe Document from
    :func:`read_template`): component ids are the template's logical ids, and locations point
    at the template's lines. Warnings (duplicate keys read last-wins, missing included files,
    settings that do not fit) are in ``doc.warnings`` and ``spec.warnings``."""
    from .cloudformation.build import import_document

    return import_document(doc, kb).spec


def import_template(doc, kb):
    """Like :func:`spec_from_template`, with what the import saw (an ``ImportResult``)."""
    from .cloudformation.build import import_document

    return import_document(doc, kb)


def template_to_spec_yaml(doc, kb) -> str:
    """The spec v1 YAML text of a template (deterministic; loads back through the spec
    loader)."""
    from .cloudformation.build import import_document
    from .specyaml import spec_to_yaml

    result = import_document(doc, kb)
    return spec_to_yaml(result.spec, kb, result.notes)


def import_file(path, kb, display: str | None = None, allow_duplicate_keys: bool = False):
    """Read a template file and import it: ``(spec YAML text, ImportResult)``.

    A file that is not a template (no ``AWSTemplateFormatVersion``, ``Transform`` or
    ``Resources`` at the top) is an InputError, as is a broken one (at its file:line:column),
    and one with a duplicate key unless ``allow_duplicate_keys`` (see :func:`load_template`).
    """
    from ..errors import InputError
    from .cloudformation.build import import_document
    from .specyaml import spec_to_yaml

    doc = read_template(path, display, allow_duplicate_keys=allow_duplicate_keys)
    if not is_template(doc.data):
        raise InputError("not a CloudFormation/SAM template (no AWSTemplateFormatVersion, "
                         "Transform or Resources at the top level)", file=doc.file, line=1,
                         column=1)
    result = import_document(doc, kb)
    return spec_to_yaml(result.spec, kb, result.notes), result
