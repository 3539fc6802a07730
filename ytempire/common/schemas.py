"""Base schemas: unknown fields are ignored, times render as ISO 8601 with Z, money as numbers."""
import re
from collections.abc import Mapping
from datetime import timezone
from decimal import Decimal

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load

from ytempire.common.timeutil import EARLIEST_INSTANT, LATEST_INSTANT, bounded_utc, isoformat

# A lone UTF-16 surrogate decodes from JSON ("\ud800") but cannot be encoded as UTF-8, so neither
# PostgreSQL nor Redis can take it; NUL is valid UTF-8 that PostgreSQL text still refuses.
_SURROGATE = re.compile("[\ud800-\udfff]")
NUL_MESSAGE = "Must not contain NUL characters."
SURROGATE_MESSAGE = "Must not contain unpaired UTF-16 surrogates."


def unstorable_text_problem(text: str) -> str | None:
    """Why `text` cannot be stored or used as a key, or None when it can."""
    if "\x00" in text:
        return NUL_MESSAGE
    if _SURROGATE.search(text):
        return SURROGATE_MESSAGE
    return None


def _unstorable_paths(value, path=""):
    """(dotted path, problem) for every string, key included, holding a NUL or a lone surrogate."""
    if isinstance(value, str):
        problem = unstorable_text_problem(value)
        return [(path, problem)] if problem else []
    if isinstance(value, Mapping):  # JSON objects, and webargs' MultiDictProxy for query, form and headers
        found = []
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            problem = unstorable_text_problem(key) if isinstance(key, str) else None
            found += [(where, problem)] if problem else _unstorable_paths(item, where)
        return found
    if isinstance(value, (list, tuple)):
        return [p for index, item in enumerate(value)
                for p in _unstorable_paths(item, f"{path}.{index}" if path else str(index))]
    return []


class BaseSchema(Schema):
    class Meta:
        unknown = EXCLUDE
        ordered = True

    @pre_load(pass_collection=True)
    def _reject_unstorable_text(self, data, **kwargs):
        found = _unstorable_paths(data) if isinstance(data, (Mapping, list)) else []
        if found:
            raise ValidationError({path: [problem] for path, problem in found})
        return data


def loaded_defaults(schema_class: type[Schema]):
    """A nested field's `load_default`: what the schema loads from an empty object, by one instance
    made once (building a schema instance copies every declared field, ~60 us, more than the load)."""
    schema = schema_class()
    return lambda: schema.load({})


class StrictBoolean(fields.Boolean):
    """JSON `true` or `false` only: marshmallow's Boolean also takes "true", "yes" and 1."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class QueryBoolean(StrictBoolean):
    """A query-string flag: exactly `true` or `false` (a query carries text, never JSON booleans)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value in ("true", "false"):
            return value == "true"
        return super()._deserialize(value, attr, data, **kwargs)


class UTCDateTime(fields.AwareDateTime):
    """The one date-time field: serialises to `2025-01-09T10:00:00Z`; loads ISO 8601 as a UTC datetime.

    A value without an offset is UTC. Whatever the offset, the UTC instant must lie between
    0001-01-02 and 9999-12-30, so what is accepted can be stored and read back.
    """

    default_error_messages = {"out_of_range": f"Must be between {isoformat(EARLIEST_INSTANT)} and "
                                              f"{isoformat(LATEST_INSTANT.replace(microsecond=0))} in UTC."}

    def __init__(self, **kwargs):
        metadata = {"description": "ISO 8601; no offset means UTC", **kwargs.pop("metadata", {})}
        super().__init__(default_timezone=timezone.utc, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return bounded_utc(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as error:
            raise self.make_error("out_of_range") from error

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
