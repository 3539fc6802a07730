"""Configuration: database URLs as users write them."""
import psycopg2
import pytest
from sqlalchemy import create_engine, text

from ytempire.config import DEVELOPMENT_SECRET_KEY, config_from_mapping, normalize_database_url


def test_bare_postgresql_urls_are_pinned_to_psycopg2():
    assert normalize_database_url("postgresql://u:p@h:5432/db") == "postgresql+psycopg2://u:p@h:5432/db"
    assert normalize_database_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert normalize_database_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"


def test_a_normalized_bare_url_connects_with_psycopg2(database_url):
    engine = create_engine(normalize_database_url(database_url))
    assert engine.dialect.driver == "psycopg2"
    with engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
    engine.dispose()
    assert psycopg2.__version__


STRONG = {"SECRET_KEY": "s" * 48, "JWT_SECRET_KEY": "j" * 48}


@pytest.mark.parametrize("secrets", [
    {},  # both left at the built-in defaults
    {"SECRET_KEY": "s" * 48},  # JWT key unset, so derived from SECRET_KEY
    {"JWT_SECRET_KEY": "j" * 48},  # SECRET_KEY at the built-in default
    {"SECRET_KEY": "change-me", "JWT_SECRET_KEY": "change-me-too"},  # .env.example's placeholders
    {"SECRET_KEY": "", "JWT_SECRET_KEY": "j" * 48},
])
def test_production_with_a_missing_or_public_secret_refuses_to_start(secrets):
    from ytempire import create_app

    with pytest.raises(RuntimeError, match="APP_ENV=production.*(SECRET_KEY|JWT_SECRET_KEY)"):
        create_app({"APP_ENV": "production", **secrets})


def test_production_with_its_own_secrets_passes_the_check():
    config = config_from_mapping({"APP_ENV": "production", **STRONG})
    assert config["SECRET_KEY"] == STRONG["SECRET_KEY"]


def test_development_and_testing_keep_the_defaults():
    for env in ("development", "testing"):
        assert config_from_mapping({"APP_ENV": env})["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_a_misspelt_youtube_quota_scheme_stops_the_start():
    from ytempire import create_app

    with pytest.raises(ValueError, match="2026, legacy"):
        create_app({"YOUTUBE_QUOTA_SCHEME": "2025"})
    assert create_app({"YOUTUBE_QUOTA_SCHEME": "legacy"}).config["YOUTUBE_QUOTA_SCHEME"] == "legacy"


@pytest.mark.parametrize("setting", ["RATELIMIT_DEFAULT", "RATELIMIT_AUTH"])
def test_a_misspelt_rate_limit_stops_the_start(app_config, setting):
    from ytempire import create_app

    with pytest.raises(ValueError, match="rate limit"):
        create_app({**app_config, setting: "lots per fortnight"})
