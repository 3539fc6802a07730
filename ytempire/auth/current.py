"""The signed-in user as views see it (`current_user`)."""
from ytempire.errors import Unauthorized
from ytempire.extensions import db
from ytempire.users.models import User


class SignedInUser:
    """The account named by the token: `id` is known without the database, the row loads on first
    use of any other attribute (most views only need the id to scope their queries)."""

    __slots__ = ("id", "_row")

    def __init__(self, user_id):
        object.__setattr__(self, "id", user_id)
        object.__setattr__(self, "_row", None)

    def row(self):
        if self._row is None:
            row = db.session.get(User, self.id)
            if row is None:  # deleted since its status was last read
                raise Unauthorized("Account not found or not active")
            object.__setattr__(self, "_row", row)
        return self._row

    def __getattr__(self, name):
        return getattr(self.row(), name)

    def __setattr__(self, name, value):
        setattr(self.row(), name, value)
