"""DAILY_SPEND_BUDGET: once today's fleet spend reaches it, paid stages wait (with the reason) until UTC midnight."""
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from ytempire.common.timeutil import utcnow
from ytempire.accounting.models import CostEntry
from ytempire.pipeline.runner import StageSkipped, run_stage
from ytempire.users.models import User
from ytempire.pipeline.models import GenerationJob

from tests.helpers import AuthedClient, register


@pytest.fixture
def budget(app, monkeypatch):
    monkeypatch.setitem(app.config, "DAILY_SPEND_BUDGET", Decimal("1.00"))
    return Decimal("1.00")


def spend(db, user, receipt, amount, key):
    db.session.add(CostEntry(user_id=uuid.UUID(user.user_id), video_id=uuid.UUID(receipt["video_id"]),
                             job_id=uuid.UUID(receipt["job_id"]), stage="script_generation", provider="test",
                             unit="call", units=1, unit_price=amount, amount=amount, charge_key=key))
    db.session.commit()


def paid_job(db, receipt, estimate="0.0100"):
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.cost_breakdown = {**job.cost_breakdown, "script_generation": estimate}  # as with a paid script model
    db.session.commit()
    return job


def test_a_paid_stage_waits_once_todays_fleet_spend_reaches_the_budget(db, client, user, request_video, budget):
    earlier, receipt = request_video(), request_video()
    spend(db, user, earlier, Decimal("1.00"), "earlier-video")
    paid_job(db, receipt)

    with pytest.raises(StageSkipped):
        run_stage(receipt["job_id"], "script_generation")

    db.session.expire_all()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    midnight = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert job.status == "pending" and job.stages_completed == [] and job.deferred_until == midnight
    assert db.session.query(CostEntry).filter_by(job_id=job.id).count() == 0  # nothing more was spent
    status = user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()
    assert status["status"] == "queued" and status["deferred_reason"].startswith("Daily spend budget reached")
    assert "1.00 of 1.00 USD" in status["deferred_reason"]

    tokens = register(client)
    db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
    db.session.commit()
    spend_report = AuthedClient(client, tokens).get("/api/v1/admin/system/metrics").get_json()["spend"]
    assert spend_report["budget_reached"] is True and spend_report["jobs_waiting_for_budget"] == 1
    assert spend_report["reason"] == status["deferred_reason"]
    assert spend_report["paid_stages_resume_at"] == status["deferred_until"]
    health = AuthedClient(client, tokens).get("/api/v1/admin/system/health").get_json()
    assert "spend_budget" in health["failing"]
    assert health["components"]["spend_budget"]["reason"] == status["deferred_reason"]


def test_free_stages_go_on_and_paid_ones_run_below_the_budget(db, user, request_video, budget):
    free, paid = request_video(), request_video()
    spend(db, user, free, Decimal("1.00"), "at-the-budget")
    assert run_stage(free["job_id"], "script_generation") == "done"  # offline writer: estimate 0, free

    db.session.query(CostEntry).filter_by(charge_key="at-the-budget").delete()
    db.session.commit()
    spend(db, user, free, Decimal("0.99"), "just-below")
    paid_job(db, paid)
    assert run_stage(paid["job_id"], "script_generation") == "done"
