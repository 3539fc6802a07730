"""Configuration: database URLs as users write them."""
import psycopg2
from sqlalchemy import create_engine, text

from ytempire.config import normalise_database_url


def test_bare_postgresql_urls_are_pinned_to_psycopg2():
    assert normalise_database_url("postgresql://u:p@h:5432/db") == "postgresql+psycopg2://u:p@h:5432/db"
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert normalise_database_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"


def test_a_normalised_bare_url_connects_with_psycopg2(database_url):
    engine = create_engine(normalise_database_url(database_url))
    assert engine.dialect.driver == "psycopg2"
    with engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
    engine.dispose()
    assert psycopg2.__version__
