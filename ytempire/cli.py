"""Operator commands: `flask --app wsgi <command>`."""
import click
from flask import Flask
from sqlalchemy import func, select

from ytempire.extensions import db


def register_cli(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--username", required=True)
    @click.password_option()
    def create_admin(email, username, password):
        """Create a superuser, or promote an existing account with that email."""
        from ytempire.auth.passwords import hash_password
        from ytempire.users.models import User

        user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
        if user is None:
            user = User(email=email.lower(), username=username, password_hash=hash_password(password))
            db.session.add(user)
        user.is_admin = True
        db.session.commit()
        click.echo(f"admin ready: {user.email} ({user.id})")

    @app.cli.command("demo")
    @click.option("--api", default="http://127.0.0.1:8000/api/v1", show_default=True, help="Base URL of the running API")
    @click.option("--topic", default="How solar panels turn sunlight into electricity", show_default=True)
    @click.option("--duration", default=45, show_default=True, help="Video length in seconds")
    @click.option("--timeout", default=600, show_default=True, help="Seconds to wait for the video")
    def demo(api, topic, duration, timeout):
        """Generate one video through the running stack, with a progress bar per stage."""
        from ytempire.devstack.demo import run_demo

        run_demo(api, topic, duration, timeout)
