"""Bare extension singletons; the app factory initialises them."""
from flask import current_app
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

from ytempire.common.jwt_manager import RequestScopedJWTManager
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
jwt = RequestScopedJWTManager()
api = YtempireApi()
# One budget per user across the whole API (an application limit, not one per endpoint), read per
# request so each app (and each test app) uses its own setting.
# No per-endpoint defaults: the empty provider also stops flask-limiter from reading our RATELIMIT_DEFAULT
# as its own per-endpoint default.
limiter = Limiter(key_func=rate_limit_key, application_limits=[lambda: current_app.config["RATELIMIT_DEFAULT"]],
                  default_limits=[lambda: ""])
