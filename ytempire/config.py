"""Configuration read from environment variables; every default is stated here once."""
from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from decimal import Decimal


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _bool(name: str, default: bool = False) -> bool:
    return _env(name, str(default)).lower() in ("1", "true", "yes", "on")


def normalize_database_url(url: str) -> str:
    """Pin users' `postgresql://` URLs to psycopg2.

    SQLAlchemy 2.1 maps a bare `postgresql://` to psycopg 3, while our stack ships psycopg2-binary;
    `postgres://` (Heroku style) is not recognised by SQLAlchemy at all.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


TIER_LIMITS = {
    # active channels per tier (reference schema's check_channel_limit)
    "free": {"max_channels": 1},
    "starter": {"max_channels": 5},
    "professional": {"max_channels": 20},
    "enterprise": {"max_channels": 1000},
}


# Published in this repository (here and in .env.example), so they protect nothing in production.
DEVELOPMENT_SECRET_KEY = "dev-secret-key-change-me-before-production"


def derived_jwt_secret(secret_key: str) -> str:
    """JWT_SECRET_KEY when unset: good enough for development, refused in production."""
    return secret_key + "-jwt"


PUBLIC_SECRETS = {DEVELOPMENT_SECRET_KEY, derived_jwt_secret(DEVELOPMENT_SECRET_KEY), "change-me", "change-me-too"}


def check_production_secrets(values: dict) -> None:
    """Refuse to run production with a secret anyone can read here: tokens could be forged."""
    if values.get("APP_ENV") != "production":
        return
    secret, jwt_secret = values.get("SECRET_KEY"), values.get("JWT_SECRET_KEY")
    weak = [name for name, value in (("SECRET_KEY", secret), ("JWT_SECRET_KEY", jwt_secret))
            if not value or value in PUBLIC_SECRETS
            or (name == "JWT_SECRET_KEY" and secret and value == derived_jwt_secret(secret))]
    if weak:
        raise RuntimeError(
            f"APP_ENV=production but {' and '.join(weak)} {'is' if len(weak) == 1 else 'are'} unset or a public "
            "default. Set each to its own long random value, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'")


STORAGE_TYPES = ("local", "s3")


def check_storage(values: dict) -> None:
    """Refuse to start with an object store that cannot work, rather than fail the first stage that writes."""
    kind = values.get("STORAGE_TYPE")
    if kind not in STORAGE_TYPES:
        raise RuntimeError(f"STORAGE_TYPE={kind!r} is not one of {', '.join(STORAGE_TYPES)}")
    if kind == "s3" and not values.get("S3_BUCKET"):
        raise RuntimeError("STORAGE_TYPE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL for MinIO or another "
                           "S3-compatible store; empty means AWS)")


class Config:
    """Defaults for every environment; values come from the process environment."""

    APP_NAME = _env("APP_NAME", "YTEMPIRE")
    APP_ENV = _env("APP_ENV", "development")
    LOG_LEVEL = _env("LOG_LEVEL", "INFO").upper()
    SECRET_KEY = _env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)

    SQLALCHEMY_DATABASE_URI = normalize_database_url(
        _env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ytempire")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_size": _int("DB_POOL_SIZE", 20),
        "max_overflow": _int("DB_MAX_OVERFLOW", 40),
    }
    # A pooled connection is pinged before use only after this many seconds unused (common/idle_ping.py).
    DB_PING_AFTER_IDLE_SECONDS = float(_env("DB_PING_AFTER_IDLE_SECONDS", "1"))
    # The hot reads as server-side prepared statements (common/prepared_reads.py); off behind a
    # transaction-pooling PgBouncer older than 1.21.
    DB_PREPARED_READS = _bool("DB_PREPARED_READS", True)
    # Fail fast when a backing service hangs: a request answers 503 in seconds instead of waiting
    # on a socket for ever (libpq rounds connect_timeout below 2 up to 2).
    DB_CONNECT_TIMEOUT_SECONDS = _int("DB_CONNECT_TIMEOUT_SECONDS", 2)
    REDIS_URL = _env("REDIS_URL", "redis://127.0.0.1:6379/0")
    REDIS_SOCKET_TIMEOUT_SECONDS = float(_env("REDIS_SOCKET_TIMEOUT_SECONDS", "1"))
    REDIS_CONNECT_TIMEOUT_SECONDS = float(_env("REDIS_CONNECT_TIMEOUT_SECONDS", "1"))
    CELERY_BROKER_URL = _env("CELERY_BROKER_URL") or REDIS_URL
    # A task-sent event per enqueued task shows it in Flower before a worker takes it. Off: what waits
    # is in the job rows and the queue depths (admin health, /metrics), workers still report received,
    # started and done, and the event cost each new video a PUBLISH and 6 % of its API instructions.
    CELERY_TASK_SENT_EVENTS = _bool("CELERY_TASK_SENT_EVENTS", False)

    JWT_SECRET_KEY = _env("JWT_SECRET_KEY", derived_jwt_secret(SECRET_KEY))
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=_int("JWT_EXPIRATION_MINUTES", 30))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_int("JWT_REFRESH_EXPIRATION_DAYS", 7))
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_QUERY_STRING_NAME = "access_token"  # only the SSE endpoint accepts it

    # Login throttling: failures per account and per address inside a window, then a cool-down.
    # Many people can share one address (NAT, a proxy), so its limit is much higher.
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    LOGIN_MAX_FAILURES_PER_ADDRESS = _int("LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
    LOGIN_MAX_FAILURES_PER_ACCOUNT = _int("LOGIN_MAX_FAILURES_PER_ACCOUNT", 50)
    LOGIN_FAILURE_WINDOW_SECONDS = _int("LOGIN_FAILURE_WINDOW_SECONDS", 900)
    LOGIN_LOCKOUT_SECONDS = _int("LOGIN_LOCKOUT_SECONDS", 900)
    LOGIN_LOCKOUT_MAX_SECONDS = _int("LOGIN_LOCKOUT_MAX_SECONDS", 86400)
    BCRYPT_ROUNDS = _int("BCRYPT_ROUNDS", 12)

    # Reverse proxies in front of the API whose X-Forwarded-For/-Proto we believe (0: none).
    TRUSTED_PROXY_HOPS = _int("TRUSTED_PROXY_HOPS", 0)

    RATELIMIT_DEFAULT = _env("RATELIMIT_DEFAULT", "1000 per hour")
    RATELIMIT_AUTH = _env("RATELIMIT_AUTH", "60 per minute")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_SWALLOW_ERRORS = False

    API_TITLE = "YTEMPIRE API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/docs"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/"
    # Served by ytempire/common/docs_assets.py from installed packages: the docs work offline.
    OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/swagger-ui/"
    OPENAPI_REDOC_PATH = "/redoc"
    OPENAPI_REDOC_URL = "/api/docs/assets/redoc/redoc.standalone.js"
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
        },
        "servers": [{"url": "/"}],
    }
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 1024 * 1024)
    CORS_ORIGINS = [o.strip() for o in _env("CORS_ORIGINS", "*").split(",")]

    STORAGE_PATH = _env("STORAGE_PATH", os.path.abspath("var/storage"))
    # Where artefacts and music live: "local" (STORAGE_PATH, one host) or "s3" (a bucket every host shares).
    STORAGE_TYPE = _env("STORAGE_TYPE", "local").lower()
    S3_ENDPOINT_URL = _env("S3_ENDPOINT_URL") or None     # None: AWS; MinIO, R2, ... set their address
    # The address download links are signed for, when browsers reach the store by another name than the workers.
    S3_PUBLIC_ENDPOINT_URL = _env("S3_PUBLIC_ENDPOINT_URL") or None
    S3_BUCKET = _env("S3_BUCKET") or None
    S3_REGION = _env("S3_REGION", "us-east-1")
    S3_ACCESS_KEY_ID = _env("S3_ACCESS_KEY_ID") or None    # None: boto3's own chain (env, profile, instance role)
    S3_SECRET_ACCESS_KEY = _env("S3_SECRET_ACCESS_KEY") or None
    S3_PRESIGN_SECONDS = _int("S3_PRESIGN_SECONDS", 300)
    S3_MULTIPART_THRESHOLD_BYTES = _int("S3_MULTIPART_THRESHOLD_BYTES", 8 * 1024 * 1024)
    # A stage's private working folder on the worker (s3 only: local stages work in STORAGE_PATH itself).
    SCRATCH_PATH = _env("SCRATCH_PATH", os.path.join(tempfile.gettempdir(), "ytempire-scratch"))
    MUSIC_MAX_BYTES = _int("MUSIC_MAX_BYTES", 20 * 1024 * 1024)
    MUSIC_MAX_SECONDS = _int("MUSIC_MAX_SECONDS", 600)

    TIER_LIMITS = TIER_LIMITS
    MAX_VIDEO_DURATION_SECONDS = _int("MAX_VIDEO_DURATION_SECONDS", 1200)
    MAX_VIDEOS_PER_DAY_FREE = _int("MAX_VIDEOS_PER_DAY_FREE", 10)
    MAX_VIDEOS_PER_DAY_PRO = _int("MAX_VIDEOS_PER_DAY_PRO", 50)
    MAX_COST_PER_VIDEO = Decimal(_env("MAX_COST_PER_VIDEO", "3.00"))
    DAILY_SPEND_BUDGET = Decimal(_env("DAILY_SPEND_BUDGET", "50.00"))

    # Originality guard before each YouTube upload: the user's videos of this many days are compared.
    ORIGINALITY_WINDOW_DAYS = _int("ORIGINALITY_WINDOW_DAYS", 90)
    # Script similarity (MinHash Jaccard of 5-word shingles) above which the upload is held.
    ORIGINALITY_MAX_SIMILARITY = float(_env("ORIGINALITY_MAX_SIMILARITY", "0.6"))
    # Share of a video's clips/images already used in the window above which it is held: stock
    # libraries make some reuse normal inside a niche; more than half reads as a re-cut.
    ORIGINALITY_MAX_VISUAL_REUSE = float(_env("ORIGINALITY_MAX_VISUAL_REUSE", "0.5"))

    # Pipeline: retries, recovery deadlines, GPU routing.
    PIPELINE_RETRY_BASE_SECONDS = float(_env("PIPELINE_RETRY_BASE_SECONDS", "2"))
    STUCK_PENDING_SECONDS = _int("STUCK_PENDING_SECONDS", 600)
    STUCK_RUNNING_SECONDS = _int("STUCK_RUNNING_SECONDS", 2700)
    # A running stage renews its claim this often; a claim not renewed for the timeout has lost its worker.
    STAGE_HEARTBEAT_INTERVAL_SECONDS = float(_env("STAGE_HEARTBEAT_INTERVAL_SECONDS", "5"))
    STAGE_HEARTBEAT_TIMEOUT_SECONDS = _int("STAGE_HEARTBEAT_TIMEOUT_SECONDS", 60)
    GPU_WORKER_ENABLED = _bool("GPU_WORKER_ENABLED", False)
    FAILED_RETENTION_DAYS = _int("FAILED_RETENTION_DAYS", 14)

    # Outbound webhooks: never call private addresses unless explicitly allowed (SSRF).
    WEBHOOK_ALLOW_PRIVATE_TARGETS = _bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
    WEBHOOK_MAX_ATTEMPTS = _int("WEBHOOK_MAX_ATTEMPTS", 6)
    WEBHOOK_RETRY_BASE_SECONDS = float(_env("WEBHOOK_RETRY_BASE_SECONDS", "10"))
    WEBHOOK_TIMEOUT_SECONDS = float(_env("WEBHOOK_TIMEOUT_SECONDS", "10"))

    # YouTube quota (see youtube/quota_rules.py for the source of each number).
    YOUTUBE_QUOTA_SCHEME = _env("YOUTUBE_QUOTA_SCHEME", "2026")
    YOUTUBE_QUOTA_PER_ACCOUNT = _int("YOUTUBE_QUOTA_PER_ACCOUNT", 10000)
    # How long after our subscribe/unsubscribe request the hub's verification GET is honoured.
    PUBSUB_VERIFY_WINDOW_SECONDS = _int("PUBSUB_VERIFY_WINDOW_SECONDS", 3600)

    APP_URL = _env("APP_URL", "http://127.0.0.1:8000")

    # YouTube / Google OAuth. Base URLs are overridable so tests can point the real client at stand-ins.
    YOUTUBE_API_KEY = _env("YOUTUBE_API_KEY")
    YOUTUBE_CLIENT_ID = _env("YOUTUBE_CLIENT_ID")
    YOUTUBE_CLIENT_SECRET = _env("YOUTUBE_CLIENT_SECRET")
    YOUTUBE_OAUTH_REDIRECT_URI = _env("YOUTUBE_OAUTH_REDIRECT_URI")  # default: APP_URL + callback path
    YOUTUBE_WEBHOOK_SECRET = _env("YOUTUBE_WEBHOOK_SECRET")
    YOUTUBE_API_BASE_URL = _env("YOUTUBE_API_BASE_URL")  # None: Google's discovery document
    GOOGLE_OAUTH_AUTH_URI = _env("GOOGLE_OAUTH_AUTH_URI", "https://accounts.google.com/o/oauth2/v2/auth")
    GOOGLE_OAUTH_TOKEN_URI = _env("GOOGLE_OAUTH_TOKEN_URI", "https://oauth2.googleapis.com/token")
    PUBSUBHUBBUB_HUB_URL = _env("PUBSUBHUBBUB_HUB_URL", "https://pubsubhubbub.appspot.com/subscribe")
    # Fernet key for OAuth tokens at rest; derived from SECRET_KEY when unset (set it in production).
    CREDENTIALS_ENCRYPTION_KEY = _env("CREDENTIALS_ENCRYPTION_KEY")  # comma-separated: newest first (rotation)
    YOUTUBE_OAUTH_STATE_MAX_AGE = _int("YOUTUBE_OAUTH_STATE_MAX_AGE", 600)
    YOUTUBE_HTTP_TIMEOUT_SECONDS = _int("YOUTUBE_HTTP_TIMEOUT_SECONDS", 30)
    YOUTUBE_UPLOAD_CHUNK_BYTES = _int("YOUTUBE_UPLOAD_CHUNK_BYTES", 8 * 1024 * 1024)
    YOUTUBE_UPLOAD_RETRY_BASE_SECONDS = float(_env("YOUTUBE_UPLOAD_RETRY_BASE_SECONDS", "1.0"))
    PUBSUB_LEASE_SECONDS = _int("PUBSUB_LEASE_SECONDS", 864000)

    # Stripe
    STRIPE_SECRET_KEY = _env("STRIPE_SECRET_KEY")
    STRIPE_WEBHOOK_SECRET = _env("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = _env("STRIPE_API_BASE")  # None: api.stripe.com; tests point it at a stand-in
    STRIPE_PRICE_STARTER = _env("STRIPE_PRICE_STARTER")
    STRIPE_PRICE_PROFESSIONAL = _env("STRIPE_PRICE_PROFESSIONAL")
    STRIPE_PRICE_ENTERPRISE = _env("STRIPE_PRICE_ENTERPRISE")
    STRIPE_WEBHOOK_TOLERANCE_SECONDS = _int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300)

    ANALYTICS_MAX_RANGE_DAYS = _int("ANALYTICS_MAX_RANGE_DAYS", 366)
    ANALYTICS_SYNC_DAYS = _int("ANALYTICS_SYNC_DAYS", 3)

    OPENAI_API_KEY = _env("OPENAI_API_KEY")
    OPENAI_MODEL = _env("OPENAI_MODEL", "gpt-4o-mini")
    OPENAI_BASE_URL = _env("OPENAI_BASE_URL")
    OPENAI_MAX_TOKENS = _int("OPENAI_MAX_TOKENS", 2000)
    OPENAI_TIMEOUT_SECONDS = float(_env("OPENAI_TIMEOUT_SECONDS", "120"))
    ELEVENLABS_API_KEY = _env("ELEVENLABS_API_KEY")
    ELEVENLABS_VOICE_ID = _env("ELEVENLABS_VOICE_ID")
    ELEVENLABS_MODEL_ID = _env("ELEVENLABS_MODEL_ID", "eleven_flash_v2_5")
    ELEVENLABS_BASE_URL = _env("ELEVENLABS_BASE_URL")
    ELEVENLABS_TIMEOUT_SECONDS = float(_env("ELEVENLABS_TIMEOUT_SECONDS", "60"))

    # Visuals: stock libraries, AI images (off unless enabled: they cost per picture), the shared media cache.
    PEXELS_API_KEY = _env("PEXELS_API_KEY")
    PEXELS_BASE_URL = _env("PEXELS_BASE_URL")          # None: api.pexels.com; tests point it at a stand-in
    PIXABAY_API_KEY = _env("PIXABAY_API_KEY")
    PIXABAY_BASE_URL = _env("PIXABAY_BASE_URL")        # None: pixabay.com
    VISUALS_TIMEOUT_SECONDS = float(_env("VISUALS_TIMEOUT_SECONDS", "60"))
    AI_IMAGES_ENABLED = _bool("AI_IMAGES_ENABLED", False)
    OPENAI_IMAGE_MODEL = _env("OPENAI_IMAGE_MODEL", "gpt-image-1.5")
    MEDIA_CACHE_PATH = _env("MEDIA_CACHE_PATH", os.path.abspath("var/media-cache"))
    MEDIA_CACHE_MAX_GB = float(_env("MEDIA_CACHE_MAX_GB", "20"))
    # A render that fails a quality gate fails its stage; false keeps the report (quality.json) only,
    # an operator's switch for when a gate misjudges a whole batch.
    QUALITY_GATES_ENFORCED = _bool("QUALITY_GATES_ENFORCED", True)


def redis_timeouts(values: dict) -> dict:
    """Socket timeouts for every Redis client that answers requests (not the SSE reader's long block)."""
    return {"socket_timeout": values["REDIS_SOCKET_TIMEOUT_SECONDS"],
            "socket_connect_timeout": values["REDIS_CONNECT_TIMEOUT_SECONDS"]}


def _with_connect_timeout(engine_options: dict, seconds: int) -> dict:
    """Engine options whose driver gives up connecting after `seconds` (explicit connect_args win)."""
    connect_args = {"connect_timeout": seconds, **engine_options.get("connect_args", {})}
    return {**engine_options, "connect_args": connect_args}


PLAIN_READS_BIND = "plain_reads"


def _plain_reads_engine(values: dict) -> dict:
    """The same database as the main engine, its connections in autocommit from the moment they open.

    A connection switched to autocommit for one read is switched back when it returns to the pool,
    one more round trip (`SET default_transaction_isolation TO DEFAULT`) per read; a pool whose
    connections are always in autocommit never switches (common/plain_reads.py).
    """
    return {"url": values["SQLALCHEMY_DATABASE_URI"], **values["SQLALCHEMY_ENGINE_OPTIONS"],
            "isolation_level": "AUTOCOMMIT"}


def config_from_mapping(overrides: dict | None) -> dict:
    """All upper-case settings of Config with `overrides` applied (tests pass overrides).

    Settings derived from others are filled in after the overrides, so an override of the
    source (a test's REDIS_URL, its own engine options) still gets them.
    """
    values = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    values.update(overrides or {})
    if "SQLALCHEMY_DATABASE_URI" in (overrides or {}):
        values["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(values["SQLALCHEMY_DATABASE_URI"])
    values["SQLALCHEMY_ENGINE_OPTIONS"] = _with_connect_timeout(values["SQLALCHEMY_ENGINE_OPTIONS"],
                                                                values["DB_CONNECT_TIMEOUT_SECONDS"])
    values["SQLALCHEMY_BINDS"] = {**(values.get("SQLALCHEMY_BINDS") or {}),
                                  PLAIN_READS_BIND: _plain_reads_engine(values)}
    values.setdefault("RATELIMIT_STORAGE_URI", values["REDIS_URL"])
    values.setdefault("RATELIMIT_STORAGE_OPTIONS", redis_timeouts(values))
    check_production_secrets(values)
    check_storage(values)
    return values
