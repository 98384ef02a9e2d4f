"""Child processes that do not outlive archkb.

- :func:`die_with_parent`: on Linux, ask the kernel to kill the calling process when its
  parent dies, even by SIGKILL (``prctl(PR_SET_PDEATHSIG)``); run in each Graphviz child and
  each docs build worker.
- :func:`exit_on_sigterm`: turn SIGTERM into ``SystemExit(143)`` in archkb itself, so
  ``finally`` blocks run: running ``dot`` children are killed, workers are terminated and
  temporary folders are removed.
"""
from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux; elsewhere a
    no-op). Safe to call in a ``preexec_fn``."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        pass
    if os.getppid() == 1:  # the parent died before prctl: nobody is waiting for us
        os._exit(1)


def terminated(signum, frame):  # noqa: ARG001 - a signal handler
    """Raise ``SystemExit(128 + signal)``: the exit status a shell shows for a signal."""
    raise SystemExit(128 + signum)


def exit_on_sigterm() -> None:
    """SIGTERM ends archkb like an exception (see the module docstring)."""
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, terminated)
