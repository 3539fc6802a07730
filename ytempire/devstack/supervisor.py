"""honcho's Manager made safe to stop: `make run 2>&1 | tee run.log`, then Ctrl-C, must end everything.

Ctrl-C reaches tee too, so our stdout is a broken pipe by the time we say "stopping"; honcho then
raised out of its signal handler and left its children (each in its own session) running while
Python waited on them forever. Here output never raises, a stop ends in SIGKILL after a grace
period, and a second Ctrl-C kills at once.
"""
from __future__ import annotations

import os
import signal
import sys
import threading

from honcho.manager import Manager
from honcho.printer import Printer

GRACE_SECONDS = 5.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class UnbreakableOutput:
    """A text stream whose writes never fail: once the reader is gone, fd and stream go to /dev/null."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            written = self._stream.write(text)
            self._stream.flush()
            return written
        except (OSError, ValueError):
            self._discard()
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except (OSError, ValueError):
            self._discard()

    def _discard(self):
        try:  # so the interpreter's own flush at exit finds a working fd too
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
        except (OSError, ValueError):
            pass
        self._stream = open(os.devnull, "w")

    def isatty(self):
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self):
        return self._stream.fileno()

    def __getattr__(self, name):  # encoding, errors, buffer …: whatever else a caller reads
        return getattr(self._stream, name)


def protect_stdout() -> None:
    """Make this process's stdout and stderr survive their reader going away."""
    sys.stdout = UnbreakableOutput(sys.stdout)
    sys.stderr = UnbreakableOutput(sys.stderr)


class StackManager(Manager):
    """Stops in at most `grace` seconds after the first stop signal; at once after the second."""

    def __init__(self, grace: float = GRACE_SECONDS):
        super().__init__(printer=Printer(sys.stdout))
        self.grace = grace

    def _start(self):
        # loop() has just installed honcho's handlers, which ignore a second Ctrl-C; ours replace them.
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_stop_signal)
        super()._start()

    def _on_stop_signal(self, signum, frame):
        if self.returncode is None:
            self.returncode = 128 + signum
        if self._terminating:
            self._system_print(f"{signal.Signals(signum).name} again: killing every process\n")
            self.kill()
            return
        self._system_print(f"{signal.Signals(signum).name} received: stopping "
                           f"(killed after {self.grace:g} s; press Ctrl-C again to kill now)\n")
        self.terminate()
        timer = threading.Timer(self.grace, self.kill)
        timer.daemon = True
        timer.start()

    def _killall(self, force=False):
        # honcho's version fails on a process that has not reported its pid yet (the grace timer
        # catches that one later); each child leads its own process group, so the group is signalled.
        for name, process in self._processes.items():
            if "returncode" in process or not process.get("pid"):
                continue
            self._system_print(f"sending {'SIGKILL' if force else 'SIGTERM'} to {name} (pid {process['pid']})\n")
            (self._procmgr.kill if force else self._procmgr.terminate)(process["pid"])
