"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""
from ytempire import create_app

app = create_app()
