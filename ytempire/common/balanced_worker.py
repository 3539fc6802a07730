"""A gunicorn gthread worker that keeps the workers' shares of kept-alive connections even.

With one listening socket per worker (SO_REUSEPORT) the kernel hashes each new connection to a
worker, and keep-alive pins it there: 32 clients split 13/19 as often as 16/16, and while both
workers are saturated, requests on the busier one wait in proportion to its share. Here the
workers share one socket, and each stops accepting while it holds more connections than the
least-loaded of the others; their counts live in shared memory made before the master forks.
gunicorn's gthread loop keeps serving kept-alive connections while accepting is off.
"""
from __future__ import annotations

from multiprocessing.sharedctypes import RawArray

from gunicorn.workers.gthread import ThreadWorker

SLOTS = 64
ABSENT = -1
# A worker that stopped accepting looks again this often: its sibling's count may have grown
# meanwhile, and one of the two must always take new connections.
RECHECK_SECONDS = 0.05

# Connections each live worker holds, by its slot (ABSENT: no worker there).
CONNECTIONS = RawArray("i", [ABSENT] * SLOTS)


def assign_slot(server, worker) -> None:
    """In the master, before the fork: give the new worker the lowest slot no live worker holds."""
    taken = {getattr(other, "balance_slot", None) for other in server.WORKERS.values()}
    worker.balance_slot = next(slot for slot in range(SLOTS) if slot not in taken)
    CONNECTIONS[worker.balance_slot] = 0


def release_slot(worker) -> None:
    """In the master, once the worker has exited: it no longer counts against the others."""
    slot = getattr(worker, "balance_slot", None)
    if slot is not None:
        CONNECTIONS[slot] = ABSENT


def should_accept(held: int, limit: int, others: list[int]) -> bool:
    """Accept while under gunicorn's own limit and holding no more than the least-loaded other worker."""
    return held < limit and (not others or held <= min(others))


class BalancedThreadWorker(ThreadWorker):
    def wait_for_and_dispatch_events(self, timeout):
        if self.alive:
            slot = self.balance_slot
            CONNECTIONS[slot] = self.nr_conns
            counts = CONNECTIONS[:]   # one copy out of shared memory: indexing it is a call per slot
            counts[slot] = ABSENT
            others = [held for held in counts if held != ABSENT]
            accept = should_accept(self.nr_conns, self.worker_connections, others)
            if accept != self._accepting:
                self.set_accept_enabled(accept)
            if not accept:
                timeout = min(timeout, RECHECK_SECONDS)
        super().wait_for_and_dispatch_events(timeout)
