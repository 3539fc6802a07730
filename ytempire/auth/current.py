"""The signed-in user as views see it (`current_user`)."""
from ytempire.errors import Unauthorized
from ytempire.extensions import db
from ytempire.users.models import User


class SignedInUser:
    """The account named by the token: `id`, and the standing (status, tier) the token check read or
    remembered, are known without loading the row; the row loads on first use of any other
    attribute (most views only need the id to scope their queries)."""

    __slots__ = ("id", "_row", "_standing")

    def __init__(self, user_id, standing: dict | None = None):
        object.__setattr__(self, "id", user_id)
        object.__setattr__(self, "_row", None)
        object.__setattr__(self, "_standing", standing or {})

    def row(self):
        if self._row is None:
            row = db.session.get(User, self.id)
            if row is None:  # deleted since its status was last read
                raise Unauthorized("Account not found or not active")
            object.__setattr__(self, "_row", row)
        return self._row

    def __getattr__(self, name):
        if self._row is None and name in self._standing:   # once loaded (or written), the row answers
            return self._standing[name]
        return getattr(self.row(), name)

    def __setattr__(self, name, value):
        setattr(self.row(), name, value)
