"""YTEMPIRE backend. `create_app` builds the Flask app (ytempire/app.py); docs/architecture.md maps the rest."""
from ytempire.app import create_app

__all__ = ["create_app"]
