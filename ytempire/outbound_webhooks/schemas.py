"""Bodies of /hooks (outbound webhooks)."""
from marshmallow import fields, validate

from ytempire.common.pagination import PaginationSchema
from ytempire.common.schemas import BaseSchema, UTCDateTime
from ytempire.outbound_webhooks.models import HOOK_EVENTS
from ytempire.common.schemas import StrictBoolean

# What the server checks, as the spec says it: an absolute http(s) URL; its host must resolve to a public address.
HOOK_URL_DOC = {"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://", "description":
                "Absolute http or https URL, at most 2000 characters, without credentials; its host must not be "
                "a loopback, private or link-local address"}


def hook_url(**kwargs):
    return fields.Url(schemes={"http", "https"}, require_tld=False, validate=validate.Length(max=2000),
                      metadata=HOOK_URL_DOC, **kwargs)


class HookCreateSchema(BaseSchema):
    url = hook_url(required=True)
    events = fields.List(fields.String(validate=validate.OneOf(HOOK_EVENTS)), required=True,
                         validate=validate.Length(min=1))
    description = fields.String(validate=validate.Length(max=255))


class HookUpdateSchema(BaseSchema):
    url = hook_url()
    events = fields.List(fields.String(validate=validate.OneOf(HOOK_EVENTS)), validate=validate.Length(min=1))
    description = fields.String(validate=validate.Length(max=255))
    active = StrictBoolean()


class HookSchema(BaseSchema):
    id = fields.UUID()
    url = fields.String()
    events = fields.List(fields.String())
    description = fields.String(allow_none=True)
    active = StrictBoolean()
    created_at = UTCDateTime()
    updated_at = UTCDateTime()


class HookCreatedSchema(HookSchema):
    secret = fields.String(metadata={"description": "Signing secret; shown only once"})


class HookListSchema(BaseSchema):
    hooks = fields.List(fields.Nested(HookSchema))
    pagination = fields.Nested(PaginationSchema)


class DeliverySchema(BaseSchema):
    id = fields.UUID()
    event = fields.String()
    status = fields.String()
    attempt_count = fields.Integer()
    attempts = fields.List(fields.Dict())
    next_attempt_at = UTCDateTime(allow_none=True)
    delivered_at = UTCDateTime(allow_none=True)
    payload = fields.Dict()
    created_at = UTCDateTime()


class DeliveryListSchema(BaseSchema):
    deliveries = fields.List(fields.Nested(DeliverySchema))
    pagination = fields.Nested(PaginationSchema)
