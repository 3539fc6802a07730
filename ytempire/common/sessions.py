"""Session helpers."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.orm import Session


@contextmanager
def kept_after_commit(session: Session):
    """Objects keep what they hold when the block commits, instead of being expired and read back.

    For a request that answers from the rows it has just written (the values the INSERT returned
    included): the answer is what was committed, without a SELECT per row after the commit.
    """
    before = session.expire_on_commit
    session.expire_on_commit = False
    try:
        yield session
    finally:
        session.expire_on_commit = before
