"""A JWTManager that verifies a request's token once, however many times the request asks."""
from flask import has_request_context, request
from flask_jwt_extended import JWTManager

_MEMO = "ytempire.decoded_tokens"


class RequestScopedJWTManager(JWTManager):
    """The rate limiter keys by the token's subject before the view verifies the same token.

    Both decode it; the signature check and claim validation cost as much as the rest of a cheap
    request, so the first successful result is kept on the request (never beyond it: expiry is
    checked again by the next request). Failures are not kept: they raise again as before.
    """

    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if not has_request_context():
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        memo = request.environ.setdefault(_MEMO, {})
        key = (encoded_token, csrf_value, allow_expired)
        if key not in memo:
            memo[key] = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        return memo[key]
