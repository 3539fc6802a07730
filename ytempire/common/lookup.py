"""Fetch a row by a path id, or 404; owned rows are 404 for anyone else (never 403)."""
from ytempire.common.uuids import parse_uuid
from ytempire.errors import NotFound
from ytempire.extensions import db


def get_or_404(model, row_id, what: str, owner_id=None, options=()):
    """The row with this id (a malformed id is simply not found); with `owner_id`, only the owner's."""
    parsed = parse_uuid(row_id)
    row = db.session.get(model, parsed, options=options) if parsed else None
    if row is None or (owner_id is not None and row.user_id != owner_id):
        raise NotFound(f"{what} not found")
    return row
