"""flask-smorest's Api with our error envelope instead of its own error body."""
from flask_smorest import Api

from ytempire.common.docs import ErrorEnvelopeSchema
from ytempire.errors import http_exception_response


class YtempireApi(Api):
    """Api whose HTTP errors (webargs validation included) use the project envelope, and whose spec says so."""

    ERROR_SCHEMA = ErrorEnvelopeSchema  # the documented default error body

    def handle_http_exception(self, error):
        return http_exception_response(error)
