"""Lenient UUID parsing for path parameters: a malformed id is simply 'not found'."""
import uuid


def parse_uuid(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None
