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
