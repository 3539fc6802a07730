"""Base schemas: unknown fields are ignored, times render as ISO 8601 with Z, money as numbers."""
from collections.abc import Mapping
from decimal import Decimal

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load

from ytempire.common.timeutil import isoformat


def _nul_paths(value, path=""):
    """Dotted paths of every string holding a NUL character (PostgreSQL text cannot store one)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, Mapping):  # JSON objects, and webargs' MultiDictProxy for query, form and headers
        return [p for key, item in value.items() for p in _nul_paths(item, f"{path}.{key}" if path else str(key))]
    if isinstance(value, (list, tuple)):
        return [p for index, item in enumerate(value) for p in _nul_paths(item, f"{path}.{index}" if path else str(index))]
    return []


class BaseSchema(Schema):
    class Meta:
        unknown = EXCLUDE
        ordered = True

    @pre_load(pass_collection=True)
    def _reject_nul_characters(self, data, **kwargs):
        paths = _nul_paths(data) if isinstance(data, (Mapping, list)) else []
        if paths:
            raise ValidationError({path: ["Must not contain NUL characters."] for path in paths})
        return data


class StrictBoolean(fields.Boolean):
    """JSON `true` or `false` only: marshmallow's Boolean also takes "true", "yes" and 1."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class UTCDateTime(fields.DateTime):
    """Serialises to `2025-01-09T10:00:00Z`; parses any ISO 8601 input."""

    def _serialize(self, value, attr, obj, **kwargs):
        return isoformat(value)


class Money(fields.Decimal):
    """A Decimal in services, a JSON number with at most 4 decimals on the wire."""

    def __init__(self, **kwargs):
        super().__init__(places=4, as_string=False, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return float(Decimal(value).quantize(Decimal("0.0001")))
