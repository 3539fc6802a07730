"""The Flask application factory: small register_* helpers, nothing else (docs/architecture.md)."""
from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

import ytempire.common.user_cache  # noqa: F401 - its commit hooks forget what changed
import ytempire.models  # noqa: F401 - every table registered with the metadata before the mappers configure
from ytempire.admin.routes import blp as admin
from ytempire.analytics.routes import blp as analytics
from ytempire.auth.jwt_callbacks import register_jwt_callbacks
from ytempire.auth.tokens import session_reads
from ytempire.auth.routes import blp as auth
from ytempire.billing.routes import blp as billing
from ytempire.celery_binding import init_celery
from ytempire.channels.routes import blp as channels
from ytempire.cli import register_cli
from ytempire.common.api_flask import ApiFlask
from ytempire.common.docs_assets import blp as docs_assets
from ytempire.common.idle_ping import ping_idle_connections
from ytempire.common.prepared_reads import use_prepared_statements
from ytempire.common.rate_limits import init_rate_limits
from ytempire.common.redis import init_redis
from ytempire.common.request_guard import register_request_guards
from ytempire.config import PLAIN_READS_BIND, config_from_mapping
from ytempire.errors import register_error_handlers
from ytempire.extensions import api, db, jwt, migrate
from ytempire.health import blp as health
from ytempire.inbound_webhooks.stripe import blp as stripe_webhooks
from ytempire.inbound_webhooks.youtube import blp as youtube_webhooks
from ytempire.music.routes import blp as music
from ytempire.observability.logs import configure_logging, register_request_logging
from ytempire.observability.metrics import init_metrics
from ytempire.outbound_webhooks.routes import blp as hooks
from ytempire.users.routes import blp as users
from ytempire.videos.routes import blp as videos
from ytempire.youtube.quota_rules import check_scheme
from ytempire.channels.youtube_routes import blp as youtube
from ytempire.channels.style_routes import blp as channel_style

MIGRATIONS_DIR = "migrations"


def create_app(config: dict | None = None) -> Flask:
    """Build the app from environment configuration, with `config` overriding (tests)."""
    app = ApiFlask("ytempire")
    app.config.from_mapping(config_from_mapping(config))
    check_scheme(app.config["YOUTUBE_QUOTA_SCHEME"])  # a misspelt scheme stops the start, not the first upload
    app.url_map.strict_slashes = False  # /api/v1/channels and /api/v1/channels/ are the same resource
    register_proxy(app)
    register_logging(app)
    register_extensions(app)
    register_celery(app)
    register_blueprints(app)
    register_metrics(app)
    register_request_guards(app)
    register_errors(app)
    register_commands(app)
    return app


def register_proxy(app: Flask) -> None:
    """Behind TRUSTED_PROXY_HOPS proxies (nginx: 1), take the client address and scheme from their headers.

    With the default 0 nothing is trusted: a client could otherwise pick its own address and so
    escape the rate limits and the login throttle, which both count by remote_addr.
    """
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_logging(app: Flask) -> None:
    configure_logging(app.config["LOG_LEVEL"])
    register_request_logging(app)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            ping_idle_connections(engine, app.config["DB_PING_AFTER_IDLE_SECONDS"])
        if app.config["DB_PREPARED_READS"]:
            use_prepared_statements(db.engines[PLAIN_READS_BIND])
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    jwt.init_app(app)
    register_jwt_callbacks(jwt)
    init_rate_limits(app, session_reads=session_reads)
    init_redis(app)
    api.init_app(app)
    # Bearer tokens, not cookies: any configured origin may call the API from a browser.
    CORS(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
         expose_headers=["X-Request-ID", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                         "Retry-After"])
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})


def register_celery(app: Flask) -> None:
    init_celery(app)


def register_metrics(app: Flask) -> None:
    init_metrics(app)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(health)
    app.register_blueprint(docs_assets)
    for blueprint in (auth, users, channels, channel_style, youtube, videos, music, hooks, analytics, billing, stripe_webhooks,
                      youtube_webhooks, admin):
        api.register_blueprint(blueprint)


def register_errors(app: Flask) -> None:
    register_error_handlers(app)


def register_commands(app: Flask) -> None:
    register_cli(app)
