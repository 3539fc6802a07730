"""A stand-in for Stripe's API (`POST /v1/checkout/sessions`, `POST /v1/billing_portal/sessions`), form-encoded
in, Stripe JSON out.

Errors use Stripe's `{"error": {"type", "code", "message"}}` body; `Request-Id` headers like Stripe's.
"""
from __future__ import annotations

import itertools
from urllib.parse import parse_qs

from tests.standins import RecordedRequest, Reply, StandInServer


class StripeStandIn(StandInServer):
    def __init__(self, api_key: str = "sk_test_standin") -> None:
        super().__init__()
        self.api_key = api_key
        self._ids = itertools.count(1)
        self.customers: set[str] = set()  # customer ids the portal knows

    def error_next(self, status: int, type_: str, message: str, code: str | None = None) -> None:
        self.queue(Reply.json(status, {"error": {"type": type_, "code": code, "message": message}},
                              {"Request-Id": "req_error"}))

    def form(self, request: RecordedRequest) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(request.body.decode()).items()}

    def respond(self, request: RecordedRequest) -> Reply:
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.json(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
        if request.method == "POST" and request.path == "/v1/checkout/sessions":
            form = self.form(request)
            session_id = f"cs_test_{next(self._ids):06d}"
            return Reply.json(200, {
                "id": session_id, "object": "checkout.session", "mode": form.get("mode"),
                "url": f"https://checkout.stripe.com/c/pay/{session_id}", "status": "open",
                "client_reference_id": form.get("client_reference_id"), "customer": form.get("customer"),
                "customer_email": form.get("customer_email"),
                "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
            }, {"Request-Id": f"req_{session_id}"})
        if request.method == "POST" and request.path == "/v1/billing_portal/sessions":
            form = self.form(request)
            if form.get("customer") not in self.customers:
                return Reply.json(400, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                                  "param": "customer",
                                                  "message": f"No such customer: '{form.get('customer')}'"}})
            session_id = f"bps_{next(self._ids):06d}"
            return Reply.json(200, {
                "id": session_id, "object": "billing_portal.session", "customer": form["customer"],
                "return_url": form.get("return_url"), "livemode": False,
                "url": f"https://billing.stripe.com/p/session/test_{session_id}"}, {"Request-Id": f"req_{session_id}"})
        return Reply.json(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})
