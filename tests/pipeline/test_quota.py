"""The YouTube quota ledger: atomic reservations, buckets per scheme, the Pacific quota day."""
import threading
from datetime import datetime, timezone

import pytest

from ytempire.extensions import db as _db
from ytempire.youtube.quota import QuotaExceeded, next_reset, quota_day, quota_report, reserve_quota


def test_uploads_have_their_own_bucket_of_100_calls_in_the_current_scheme(db, app):
    for _ in range(100):
        reserve_quota("project-a", "videos.insert")
    with pytest.raises(QuotaExceeded) as refused:
        reserve_quota("project-a", "videos.insert")
    assert refused.value.bucket == "videos.insert"
    assert reserve_quota("project-a", "channels.list") == 1  # the shared pool is untouched
    assert reserve_quota("project-b", "videos.insert") == 1  # another credential has its own quota


def test_legacy_scheme_charges_1600_units_per_upload_from_one_pool(db, app):
    app.config["YOUTUBE_QUOTA_SCHEME"] = "legacy"
    try:
        for _ in range(6):
            reserve_quota("legacy-project", "videos.insert")
        with pytest.raises(QuotaExceeded):
            reserve_quota("legacy-project", "videos.insert")  # 6 × 1600 = 9600; a 7th needs 11200
        assert reserve_quota("legacy-project", "thumbnails.set") == 9650
    finally:
        app.config["YOUTUBE_QUOTA_SCHEME"] = "2026"


def test_concurrent_reservations_never_overspend(app, db):
    app.config["YOUTUBE_QUOTA_PER_ACCOUNT"] = 500
    granted, barrier = [], threading.Barrier(8)

    def worker():
        with app.app_context():
            barrier.wait()
            for _ in range(20):
                try:
                    reserve_quota("shared", "thumbnails.set")  # 50 units each
                    granted.append(1)
                except QuotaExceeded:
                    pass
            _db.session.remove()

    try:
        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        app.config["YOUTUBE_QUOTA_PER_ACCOUNT"] = 10000
    assert len(granted) == 10
    assert quota_report()[0]["used"] == 500


def test_quota_day_is_pacific_and_resets_at_pacific_midnight():
    late_utc = datetime(2026, 11, 24, 7, 59, tzinfo=timezone.utc)  # 23:59 PST on the 23rd
    assert str(quota_day(late_utc)) == "2026-11-23"
    assert next_reset(late_utc) == datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert next_reset(summer) == datetime(2026, 7, 2, 7, 0, tzinfo=timezone.utc)  # PDT is UTC-7


def test_raising_the_pool_limit_takes_effect_the_same_day(db, app, monkeypatch):
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 100)
    reserve_quota("raised", "thumbnails.set")
    reserve_quota("raised", "thumbnails.set")
    with pytest.raises(QuotaExceeded):
        reserve_quota("raised", "thumbnails.set")            # 150 > 100
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 1000)   # Google granted more this afternoon
    assert reserve_quota("raised", "thumbnails.set") == 150
    assert quota_report()[0]["limit"] == 1000


def test_lowering_the_pool_limit_also_applies_at_once(db, app, monkeypatch):
    reserve_quota("lowered", "thumbnails.set")
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 60)
    with pytest.raises(QuotaExceeded):
        reserve_quota("lowered", "thumbnails.set")           # 100 > 60


def test_an_unknown_quota_scheme_fails_loudly_naming_the_valid_ones(db, app, monkeypatch):
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_SCHEME", "2025")
    with pytest.raises(ValueError, match="2026, legacy"):
        reserve_quota("any", "channels.list")
    with pytest.raises(ValueError, match="YOUTUBE_QUOTA_SCHEME"):
        quota_report()
