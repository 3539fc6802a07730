"""Child processes that die with the process that started them.

A worker killed with SIGKILL runs no cleanup, so a child it started (an ffmpeg encode) would run on
to the end, writing into a folder the next attempt is about to use. The kernel's parent-death
signal kills the child when its parent goes. Its own process group keeps a signal sent to the
worker's group (Ctrl-C, a supervisor's SIGTERM for a warm shutdown that lets the task finish) from
killing the encode under a task that is meant to complete.

The kernel ties the signal to the thread that started the child: start children from the thread
that waits for them (as run_ffmpeg does), never from a short-lived helper thread.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import signal

PR_SET_PDEATHSIG = 1
# Looked up once in the parent: the function given to preexec_fn runs between fork and exec and
# should do as little as possible there.
_prctl = getattr(ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True), "prctl", None)


def _die_with(parent: int) -> None:
    """Runs in the child before exec: SIGKILL it when `parent` dies, or now if that already happened."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:   # the parent died before the signal was armed
        os.kill(os.getpid(), signal.SIGKILL)


def tied_to_this_process() -> dict:
    """Keyword arguments for subprocess.run / Popen: the child dies with us, in its own process group."""
    return {"preexec_fn": functools.partial(_die_with, os.getpid()), "start_new_session": True}
