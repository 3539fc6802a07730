"""Fleet views for operators: users with their usage, and pipeline metrics, computed in SQL."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select, text
from sqlalchemy import DateTime

from ytempire.auth.tokens import revoke_sessions_before_now
from ytempire.billing.service import apply_tier
from ytempire.channels.models import Channel
from ytempire.common.lookup import get_or_404
from ytempire.common.pagination import paginate
from ytempire.common.timeutil import utcnow
from ytempire.errors import Conflict
from ytempire.extensions import db
from ytempire.accounting.models import CostEntry
from ytempire.youtube.quota import quota_report
from ytempire.pipeline.budget import budget_status
from ytempire.users.models import User
from ytempire.common.timeutil import start_of_day
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video


def list_users(args: dict):
    month_start = start_of_day(utcnow()).replace(day=1)
    channel_count = (select(func.count(Channel.id)).where(Channel.user_id == User.id, Channel.status != "deleted")
                     .correlate(User).scalar_subquery())
    videos_month = (select(func.count(Video.id)).where(Video.user_id == User.id, Video.created_at >= month_start)
                    .correlate(User).scalar_subquery())
    spend_month = (select(func.coalesce(func.sum(CostEntry.amount), 0))
                   .where(CostEntry.user_id == User.id, CostEntry.created_at >= month_start)
                   .correlate(User).scalar_subquery())
    stmt = select(User)
    if args.get("search"):
        pattern = contains_pattern(args["search"].lower())
        stmt = stmt.where(or_(func.lower(User.email).like(pattern, escape="\\"),
                              func.lower(User.username).like(pattern, escape="\\")))
    if args.get("tier"):
        stmt = stmt.where(User.subscription_tier == args["tier"])
    if args.get("status"):
        stmt = stmt.where(User.status == args["status"])
    users, pagination = paginate(stmt.order_by(User.created_at.desc(), User.id), args["page"], args["limit"])
    if not users:
        return [], pagination
    stats = {row.id: row for row in db.session.execute(
        select(User.id, channel_count.label("channel_count"), videos_month.label("videos_this_month"),
               spend_month.label("spend_this_month")).where(User.id.in_([u.id for u in users])))}
    rows = []
    for user in users:
        stat = stats[user.id]
        rows.append({"user": user, "channel_count": stat.channel_count, "videos_this_month": stat.videos_this_month,
                     "spend_this_month": stat.spend_this_month})
    return rows, pagination


def contains_pattern(search: str) -> str:
    """A LIKE pattern (escape character backslash) matching `search` literally anywhere: "_" and "%" are not wildcards."""
    return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def get_user(user_id) -> User:
    return get_or_404(User, user_id, "User")


def update_user(actor: User, user: User, changes: dict) -> User:
    """Suspend/reactivate, change tier or grant/revoke admin; a suspension ends the user's sessions for good.

    A lower tier pauses the channels over its limit exactly as a Stripe downgrade does.
    """
    if user.is_admin and user.status == "active" and (changes.get("status") == "suspended"
                                                      or changes.get("is_admin") is False):
        _keep_an_active_admin(actor, user)
    if changes.get("status") == "suspended" and user.status != "suspended":
        # For good: reactivation lets the user sign in again, it does not revive the sessions of before.
        revoke_sessions_before_now(user.id)
    for field in ("status", "is_admin"):
        if field in changes:
            setattr(user, field, changes[field])
    if "subscription_tier" in changes:
        apply_tier(user, changes["subscription_tier"], user.subscription_expires_at)
    db.session.commit()
    return user


def _keep_an_active_admin(actor: User, user: User) -> None:
    """Nobody locks themselves out, and the system is never left without an active administrator."""
    if user.id == actor.id:
        raise Conflict("An administrator cannot suspend or demote themselves")
    # Locked, so two administrators demoting each other at once cannot both succeed.
    admins = db.session.scalars(select(User.id).where(User.is_admin.is_(True), User.status == "active")
                                .with_for_update()).all()
    if set(admins) <= {user.id}:
        raise Conflict("This is the last active administrator")


STAGE_DURATIONS_SQL = text("""
    SELECT stage.key AS stage,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95,
           count(*) AS samples
    FROM generation_jobs j,
         LATERAL jsonb_each(j.stage_details) AS stage,
         LATERAL (SELECT EXTRACT(EPOCH FROM ((stage.value->>'completed_at')::timestamptz
                                            - (stage.value->>'started_at')::timestamptz)) AS d) AS dur
    WHERE j.created_at >= :since AND stage.value ? 'completed_at' AND stage.value ? 'started_at'
    GROUP BY stage.key ORDER BY stage.key
""")


def system_metrics() -> dict:
    now = utcnow()
    since = now - timedelta(hours=24)
    by_status = dict(db.session.execute(select(GenerationJob.status, func.count())
                                        .where(GenerationJob.created_at >= since)
                                        .group_by(GenerationJob.status)).all())
    retries = db.session.scalar(select(func.coalesce(func.sum(GenerationJob.retry_count), 0))
                                .where(GenerationJob.created_at >= since))
    failures_by_stage = dict(db.session.execute(
        select(GenerationJob.error_details["stage"].astext, func.count())
        .where(GenerationJob.created_at >= since, GenerationJob.status == "failed")
        .group_by(GenerationJob.error_details["stage"].astext)).all())
    durations = [{"stage": row.stage, "p50_seconds": round(row.p50, 3), "p95_seconds": round(row.p95, 3),
                  "samples": row.samples} for row in db.session.execute(STAGE_DURATIONS_SQL, {"since": since})]
    return {
        "window": {"start": since, "end": now},
        "jobs_by_status": by_status,
        "stage_durations": durations,
        "failures": {"total": by_status.get("failed", 0), "by_stage": failures_by_stage},
        "retries": retries,
        "spend": budget_status(now),
        "youtube_quota": quota_report(),
        "review_holds": review_holds(since),
    }


def review_holds(since) -> dict:
    """Videos held for a person now, and holds made inside the window (held_at is kept after approval)."""
    waiting = db.session.scalar(select(func.count(Video.id)).where(Video.status == "needs_review"))
    held = db.session.scalar(select(func.count(Video.id)).where(
        Video.originality["held_at"].astext.cast(DateTime(timezone=True)) >= since))
    return {"needs_review": waiting, "held_24h": held}
