"""Base schemas: unknown fields are ignored, times render as ISO 8601 with Z, money as numbers."""
from decimal import Decimal

from marshmallow import EXCLUDE, Schema, fields

from ytempire.common.timeutil import isoformat


class BaseSchema(Schema):
    class Meta:
        unknown = EXCLUDE
        ordered = True


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
