"""Bare extension singletons; the app factory initialises them."""
from flask import current_app
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

from ytempire.common.api import YtempireApi
from ytempire.common.ratelimit import rate_limit_key

# A naming convention makes Alembic migrations deterministic and constraint names stable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
jwt = JWTManager()
api = YtempireApi()
# The default limit is read per request, so each app (and each test app) uses its own setting.
limiter = Limiter(key_func=rate_limit_key, default_limits=[lambda: current_app.config["RATELIMIT_DEFAULT"]])
