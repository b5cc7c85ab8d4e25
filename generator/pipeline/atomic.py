"""The build's file-system steps that must never leave a half-written site: one build per output
folder at a time (output_lock), the new site swapped in atomically (swap_into_place), the old one
deleted in the background (remove_later), and work folders of interrupted builds removed."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildLocked
from generator.system import children

RENAME_EXCHANGE = 2



@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            raise BuildLocked(
                f"another build is writing {out} (pid {owner}); wait for it to finish, "
                "or build into another folder with --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def swap_into_place(new: Path, out: Path) -> None:
    """Put `new` at `out` atomically; the old site ends up at `new` (for removal)."""
    if not out.exists():
        new.rename(out)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(out), RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS):
            raise OSError(ctypes.get_errno(), "cannot swap the new site into place", str(out))
    old = new.with_name(new.name + "-old")
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)  # the previous site back in place
        raise
    old.rename(new)



def clean_stale_work(out: Path) -> None:
    for pattern in (f".{out.name}.building-*", f".{out.name}.old-*"):
        for stale in out.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def remove_later(folder: Path, out: Path) -> None:
    """Delete `folder` (the previous site and the docs tree) in a process of its own.

    Deleting tens of thousands of files takes seconds on some disks, and nobody waits for it:
    the new site is already in place. If that process is stopped, the next build deletes it.
    """
    trash = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        folder.rename(trash)
        children.popen(["rm", "-rf", "--", str(trash)], detached=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(trash if trash.exists() else folder, ignore_errors=True)
