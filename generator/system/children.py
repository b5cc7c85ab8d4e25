"""Every child process opit starts (the site builder, Pagefind, git, background builds) starts here.

Each child gets a process group of its own (start_new_session), so that stopping it stops what it
started too (Pagefind's wrapper execs the binary; a background build starts the site builder). On Linux each
is also made to receive SIGKILL the moment opit dies (prctl PR_SET_PDEATHSIG), so a build killed
with SIGKILL (the OOM killer, `kill -9`, a CI timeout) leaves no site builder or Pagefind running.
While `stop_children_on_signals()` is in force (`opit build`), SIGTERM and SIGINT kill every
child's group and end opit with 128 + the signal's number, after the usual clean-up.

The kernel sends the death signal when the *thread* that started the child ends, so children are
started from the main thread (or a thread that outlives them).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator, Sequence
from typing import Any

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

_running: weakref.WeakSet[subprocess.Popen] = weakref.WeakSet()
_stopped_by: list[int] = []  # the stop signal received, if any


def _find_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _find_prctl()  # looked up now: between fork and exec the child only calls it


def die_with_parent(parent: int) -> None:
    """In a new child: be sent SIGKILL when `parent` dies; end now if it already has."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # it died before the death signal was set
        os._exit(1)


def popen(args: Sequence[str], *, detached: bool = False, **kwargs: Any) -> subprocess.Popen:
    """subprocess.Popen in a process group of its own.

    Unless `detached` (a clean-up that is meant to outlive opit), the child dies with opit and
    is killed, with its group, by kill_children().
    """
    if detached:
        return subprocess.Popen(args, start_new_session=True, **kwargs)
    raise_if_stopped()
    process = subprocess.Popen(args, start_new_session=True,
                               preexec_fn=functools.partial(die_with_parent, os.getpid()),
                               **kwargs)
    _running.add(process)
    return process


def run(args: Sequence[str], *, timeout: float | None = None, input: str | None = None,
        **kwargs: Any) -> subprocess.CompletedProcess:
    """subprocess.run through popen(); on a timeout or an exception the whole group is killed."""
    with popen(args, **kwargs) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except BaseException:
            kill_group(process)
            process.wait()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Send `sig` to the process group of a child started by popen(), if it still runs."""
    if process.returncode is None:  # not reaped yet: its pid (and group id) is still its own
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)


def kill_children() -> None:
    """SIGKILL every running child's process group."""
    for process in list(_running):
        kill_group(process)


def raise_if_stopped() -> None:
    """SystemExit(128 + signal) if a stop signal came: the handler's own SystemExit is lost when
    the signal lands while Python runs a finaliser (a __del__ or a weakref callback)."""
    if _stopped_by:
        raise SystemExit(128 + _stopped_by[0])


@contextlib.contextmanager
def stop_children_on_signals() -> Iterator[None]:
    """While in force, SIGTERM and SIGINT kill the children's groups and raise
    SystemExit(128 + signal), so that `finally` and `except BaseException` clean-ups run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        _stopped_by.append(signum)
        kill_children()
        for sig in STOP_SIGNALS:  # a second signal does not interrupt the clean-up
            signal.signal(sig, signal.SIG_IGN)
        print(f"stopped by {signal.Signals(signum).name}", file=sys.stderr, flush=True)
        raise SystemExit(128 + signum)

    def unraisable(report: Any) -> None:  # the lost SystemExit: raise_if_stopped() says it
        if not (report.exc_type is SystemExit and _stopped_by):
            hook(report)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    hook, sys.unraisablehook = sys.unraisablehook, unraisable
    try:
        yield
        raise_if_stopped()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sys.unraisablehook = hook
        _stopped_by.clear()
