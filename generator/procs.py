"""Child processes that do not outlive archkb.

- :func:`die_with_parent`: on Linux, ask the kernel to kill the calling process when its
  parent dies, even by SIGKILL (``prctl(PR_SET_PDEATHSIG)``); run in each Graphviz child and
  each docs build worker.
- :func:`exit_on_sigterm`: turn SIGTERM into ``SystemExit(143)`` in archkb itself, so
  ``finally`` blocks run: running ``dot`` children are killed, workers are terminated and
  temporary folders are removed.
- :func:`quick_exit`: end the command line process without finalizing the interpreter.
"""
from __future__ import annotations

import functools
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies (Linux; elsewhere a
    no-op). Safe to call in a ``preexec_fn``, but :func:`death_signal` is cheaper there."""
    death_signal(sig)()


def death_signal(sig: int = signal.SIGKILL):
    """A ``preexec_fn`` that does what :func:`die_with_parent` does, with ``prctl`` looked
    up here, in the parent: the child, forked from a large interpreter, then only makes the
    call (importing ctypes after the fork costs each child about 10 ms).

    >>> callable(death_signal())
    True
    """
    prctl = _prctl()

    def preexec() -> None:
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() == 1:  # the parent died before prctl: nobody is waiting for us
            os._exit(1)

    return preexec


@functools.lru_cache(maxsize=1)
def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return None


def terminated(signum, frame):  # noqa: ARG001 - a signal handler
    """Raise ``SystemExit(128 + signal)``: the exit status a shell shows for a signal."""
    raise SystemExit(128 + signum)


def exit_on_sigterm() -> None:
    """SIGTERM ends archkb like an exception (see the module docstring)."""
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, terminated)


def quick_exit(code=0) -> None:
    """End the process with the status ``SystemExit(code)`` would give, after the ``atexit``
    handlers and a flush of stdout and stderr, but without finalizing the interpreter:
    freeing the KB and some 200 modules one object at a time costs about 20 ms that nobody
    sees (mypy ends the same way). With a non-daemon thread still running, or outside the
    console script (tests, embedding), it is a plain ``sys.exit``."""
    import atexit
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): printed, status 1
        print(code, file=sys.stderr)
        status = 1
    if any(t is not threading.main_thread() and not t.daemon and t.is_alive()
           for t in threading.enumerate()):
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (archkb ... | head): nothing to say
            pass
    os._exit(status & 0xFF)
