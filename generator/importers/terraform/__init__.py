"""The Terraform importer: a module folder (all its ``.tf`` and ``.tf.json`` files, local
child modules, ``terraform.tfvars``) read with python-hcl2 (:mod:`.hcl`), its expressions
evaluated as far as the files decide them (:mod:`.expressions`, :mod:`.functions`,
:mod:`.module`), resources classified (:mod:`.catalog`; services from the KB's ``tf_types``)
and wired by one extractor per kind of wiring (:mod:`.lambda_wiring`, :mod:`.service_wiring`,
:mod:`.apigw`, :mod:`.policies`); :mod:`.build` assembles the spec with the shared builder.

Component ids are resource addresses (``aws_lambda_function.orders``,
``module.api.aws_sqs_queue.jobs``); locations point into the ``.tf`` files.

>>> import tempfile, pathlib
>>> from generator.kb import load_kb
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "main.tf").write_text(
...     'resource "aws_sqs_queue" "jobs" { name = "jobs" }\\n'
...     'resource "aws_lambda_function" "worker" { timeout = 30 }\\n'
...     'resource "aws_lambda_event_source_mapping" "m" {\\n'
...     '  event_source_arn = aws_sqs_queue.jobs.arn\\n'
...     '  function_name    = aws_lambda_function.worker.arn\\n}\\n')
>>> spec = import_path(d, load_kb(), display="infra").spec
>>> sorted(spec.components), spec.components["aws_lambda_function.worker"].settings
(['aws_lambda_function.worker', 'aws_sqs_queue.jobs'], {'timeout': 30})
>>> c = spec.connections[0]
>>> (c.source, c.mode, str(c.location))
('aws_sqs_queue.jobs', 'poll', 'infra/main.tf:4:3')
"""
from __future__ import annotations

from pathlib import Path

TF_SUFFIXES = (".tf", ".tf.json")


def is_terraform(path) -> bool:
    """A ``.tf``/``.tf.json`` file, or a folder holding one (directly)."""
    path = Path(path)
    if path.is_dir():
        from .module import tf_files

        return bool(tf_files(path))
    return path.name.endswith(TF_SUFFIXES)


def root_folders(folder: Path, depth: int = 2) -> list[Path]:
    """Subfolders (at most ``depth`` levels down) holding Terraform files, other than module
    folders (``modules/...``) and hidden ones, in name order."""
    from .module import tf_files

    found: list[Path] = []
    level = [folder]
    for _ in range(depth):
        nxt = []
        for parent in level:
            try:
                children = sorted(p for p in parent.iterdir() if p.is_dir())
            except OSError:
                continue
            for child in children:
                if child.name.startswith(".") or child.name in ("modules", "node_modules"):
                    continue
                (found if tf_files(child) else nxt).append(child)
        level = nxt
    return found


def import_path(path, kb, display: str | None = None):
    """Import a Terraform module folder, or the folder of one ``.tf`` file, as an
    ``ImportResult`` (a file given alone imports its whole module: Terraform reads every file
    of a folder together)."""
    from ...errors import InputError
    from .build import import_module, spec_name
    from .module import load_module, tf_files

    path = Path(path)
    shown = display if display is not None else str(path)
    if not path.exists():
        raise InputError("no such file or folder", file=shown)
    if path.is_file():
        folder = path.parent
        shown_folder = str(Path(shown).parent)
    else:
        folder, shown_folder = path, shown
    if not tf_files(folder):
        roots = root_folders(folder)
        if len(roots) != 1:
            found = ", ".join(str(r.relative_to(folder)) for r in roots[:5])
            raise InputError("no Terraform files (.tf, .tf.json) in this folder" + (
                f"; its subfolders hold several root modules, import one of them: {found}"
                if roots else ""), file=shown)
        shown_folder = f"{shown_folder.rstrip('/')}/{roots[0].relative_to(folder).as_posix()}"
        folder = roots[0]
    root = load_module(folder, shown_folder if shown_folder != "." else "")
    return import_module(root, kb, spec_name(path))
