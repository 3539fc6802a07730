"""Swagger UI and ReDoc served from installed packages, so /api/docs/ works without internet.

flask-swagger-ui ships Swagger UI's dist folder; fastapi-offline ships redoc.standalone.js. The
latter is installed without its dependencies (requirements-static.txt) and found on disk, never
imported: only its static file is used.
"""
from importlib.util import find_spec
from pathlib import Path

from flask import Blueprint, send_from_directory

from ytempire.common import rate_limits

ASSETS_PREFIX = "/api/docs/assets"  # OPENAPI_SWAGGER_UI_URL and OPENAPI_REDOC_URL point below it


def _package_dir(name: str, *parts: str) -> Path:
    return Path(find_spec(name).submodule_search_locations[0]).joinpath(*parts)


SWAGGER_UI_DIR = _package_dir("flask_swagger_ui", "dist")
REDOC_DIR = _package_dir("fastapi_offline", "static")

blp = Blueprint("docs_assets", __name__, url_prefix=ASSETS_PREFIX)


@blp.get("/swagger-ui/<path:filename>")
@rate_limits.exempt
def swagger_ui_asset(filename):
    """A file of Swagger UI's dist folder."""
    return send_from_directory(SWAGGER_UI_DIR, filename, max_age=86400)


@blp.get("/redoc/redoc.standalone.js")
@rate_limits.exempt
def redoc_bundle():
    """ReDoc's single-file bundle."""
    return send_from_directory(REDOC_DIR, "redoc.standalone.js", max_age=86400)
