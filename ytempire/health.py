"""Liveness: the process answers. The deep check lives under /api/v1/admin/system/health."""
from flask import Blueprint, jsonify

from ytempire.common.timeutil import isoformat, utcnow
from ytempire.common import rate_limits

blp = Blueprint("health", __name__)


@blp.get("/health")
@rate_limits.exempt
def health():
    return jsonify({"status": "ok", "timestamp": isoformat(utcnow())})
