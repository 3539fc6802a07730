"""Request and response bodies of /auth: register, login, refresh, logout."""
from marshmallow import ValidationError, fields, validate, validates

from ytempire.auth.passwords import MAX_PASSWORD_BYTES, password_problems
from ytempire.common.schemas import BaseSchema, StrictBoolean
from ytempire.users.models import EMAIL_PATTERN

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]+$"


class EmailField(fields.Email):
    """An email, trimmed and lower-cased so uniqueness is case-insensitive.

    Also held to the database's CHECK rule (EMAIL_PATTERN), which is stricter than marshmallow's
    (no quotes, no non-ASCII, a dotted domain), so what passes here can always be stored.
    """

    def __init__(self, **kwargs):
        super().__init__(validate=[
            validate.Length(max=255),
            validate.Regexp(EMAIL_PATTERN, error="Not a valid email address."),
        ], **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        return value.strip().lower()


class UsernameField(fields.String):
    def __init__(self, **kwargs):
        super().__init__(validate=[
            validate.Length(min=3, max=50, error="Username must be 3-50 characters"),
            validate.Regexp(USERNAME_PATTERN, error="Username may contain letters, digits, '.', '_' and '-' only"),
        ], **kwargs)


def check_password_strength(password: str) -> None:
    problems = password_problems(password)
    if problems:
        raise ValidationError("Password must contain " + ", ".join(problems))


class NewPasswordField(fields.String):
    """A password being set: the strength rule, stated in the spec as the server enforces it."""

    RULE = (f"At least 8 characters and at most {MAX_PASSWORD_BYTES} bytes in UTF-8, with a lowercase letter "
            f"(a-z), an uppercase letter (A-Z) and a digit")

    def __init__(self, **kwargs):
        metadata = {"description": self.RULE, "minLength": 8, "maxLength": MAX_PASSWORD_BYTES,
                    "pattern": r"^(?=[\s\S]*[a-z])(?=[\s\S]*[A-Z])(?=[\s\S]*[0-9])"}
        super().__init__(load_only=True, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        check_password_strength(value)
        return value


class RegisterSchema(BaseSchema):
    email = EmailField(required=True)
    username = UsernameField(required=True)
    password = NewPasswordField(required=True)
    terms_accepted = StrictBoolean(required=True)

    @validates("terms_accepted")
    def _terms(self, value, **kwargs):
        if value is not True:
            raise ValidationError("Terms must be accepted")


class LoginSchema(BaseSchema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=255))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class TokenSchema(BaseSchema):
    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class RegisterResponseSchema(TokenSchema):
    user_id = fields.UUID()
    email = fields.String()
    username = fields.String()


class AccessTokenSchema(BaseSchema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class MessageSchema(BaseSchema):
    message = fields.String()
