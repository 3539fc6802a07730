"""Bodies of /billing."""
from marshmallow import fields, validate

from ytempire.common.schemas import BaseSchema, StrictBoolean

URL = dict(schemes={"http", "https"}, require_tld=False, validate=validate.Length(max=2000),
           metadata={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://", "description": "Absolute http(s) URL"})


class CheckoutRequestSchema(BaseSchema):
    tier = fields.String(required=True, validate=validate.OneOf(("starter", "professional", "enterprise")))
    success_url = fields.Url(**URL)
    cancel_url = fields.Url(**URL)


class CheckoutSessionSchema(BaseSchema):
    session_id = fields.String()
    checkout_url = fields.String()


class WebhookAckSchema(BaseSchema):
    received = StrictBoolean()
    outcome = fields.String()
