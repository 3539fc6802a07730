"""Queue positions read from a Redis sorted set of the unfinished jobs, not counted over the backlog.

A new job's receipt says how many unfinished (pending or running) jobs are ahead of it. Counted
in PostgreSQL that is a scan of the whole backlog per request (1.6 ms of PostgreSQL with 10,000
jobs waiting, and growing with them); here it is ZCOUNT on a sorted set, O(log n).

The set holds each unfinished job's id scored by its `created_at` in microseconds. `lifecycle`
adds a job once its pending row is committed (a new job, a reopened one) and removes it once it
has committed the job's leaving the unfinished statuses (completed, failed, cancelled, held for
review). The database stays the truth: beat rebuilds the set from it every few minutes (`rebuild`),
repairing whatever a lost update left behind (Redis restarted or flushed, a process killed between
its commit and the update, rows deleted with their account). Until the set has been built since
Redis last lost it, positions are counted in PostgreSQL as before. An update that fails is logged
and left to the next rebuild: a job's status never waits on this set.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import structlog
from redis.exceptions import RedisError
from sqlalchemy import bindparam, func, select

from ytempire.common.plain_reads import read_rows
from ytempire.common.redis import Script, get_redis
from ytempire.extensions import db
from ytempire.pipeline.models import ACTIVE_JOB_STATUSES, GenerationJob

QUEUE_KEY = "queue:unfinished"
BUILT_KEY = "queue:unfinished:built"
REBUILDING_KEY = "queue:unfinished:rebuilding"
REBUILD_CHUNK = 5000
COUNT_IN_POSTGRESQL = -1   # a job's known position when its add found the set unbuilt
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
log = structlog.get_logger(__name__)

# Matches the partial index ix_generation_jobs_unfinished_created: the count reads the queue only.
JOBS_AHEAD = select(func.count()).select_from(GenerationJob).where(
    GenerationJob.status.in_(ACTIVE_JOB_STATUSES),
    GenerationJob.created_at < bindparam("created_at", type_=GenerationJob.created_at.type))

# KEYS: the set, the built marker, then any keys to delete. ARGV: pairs of (score, job id).
# Deletes those keys and adds the jobs; replies, while the set is built, each job's count of members
# scored lower.
ADD_AND_COUNT = Script("""
for i = 3, #KEYS do
    redis.call("del", KEYS[i])
end
for i = 1, #ARGV, 2 do
    redis.call("zadd", KEYS[1], ARGV[i], ARGV[i + 1])
end
if redis.call("exists", KEYS[2]) == 0 then
    return false
end
local ahead = {}
for i = 1, #ARGV, 2 do
    ahead[#ahead + 1] = redis.call("zcount", KEYS[1], "-inf", "(" .. ARGV[i])
end
return ahead
""")


def score(created_at: datetime) -> int:
    """Microseconds since the epoch: exact in Redis' double scores for the next 200 years."""
    return (created_at - _EPOCH) // _MICROSECOND


def added(jobs, forgetting: Sequence[str] = ()) -> None:
    """After the commit that made these jobs pending: they are in the queue; each job keeps its
    position (`known_queue_position`), or that it is to be counted in PostgreSQL while the set is
    unbuilt. A failed update leaves neither: `position` then reads the set or counts.

    `forgetting`: keys the same commit made stale (the owner's remembered answers), deleted in
    this round trip rather than one of their own."""
    jobs = list(jobs)
    if not jobs:
        return
    arguments = [value for job in jobs for value in (score(job.created_at), str(job.id))]
    try:
        ahead = ADD_AND_COUNT(get_redis(), [QUEUE_KEY, BUILT_KEY, *forgetting], arguments)
    except RedisError as error:
        log.warning("queue_position_update_failed", jobs=len(jobs), forgetting=len(forgetting), error=str(error))
        return
    for n, job in enumerate(jobs):
        job.known_queue_position = int(ahead[n]) + 1 if ahead else COUNT_IN_POSTGRESQL


def removed(jobs) -> None:
    """After the commit that took these jobs out of pending and running."""
    ids = [str(job.id) for job in jobs]
    if not ids:
        return
    try:
        get_redis().zrem(QUEUE_KEY, *ids)
    except RedisError as error:
        log.warning("queue_position_update_failed", jobs=len(ids), error=str(error))


def position(job: GenerationJob) -> int:
    """1-based position among unfinished jobs, oldest first; 0 for a job that is not waiting."""
    if job.status not in ACTIVE_JOB_STATUSES:
        return 0
    known = getattr(job, "known_queue_position", None)
    if known == COUNT_IN_POSTGRESQL:   # the add just found the set unbuilt
        return _counted(job)
    if known is not None:
        return known
    try:
        redis = get_redis()
        pipe = redis.pipeline(transaction=False)
        pipe.exists(BUILT_KEY)
        pipe.zcount(QUEUE_KEY, "-inf", f"({score(job.created_at)}")
        built, ahead = pipe.execute()
        if built:
            return int(ahead) + 1
    except RedisError as error:
        log.warning("queue_position_read_failed", error=str(error))
    return _counted(job)


def _counted(job: GenerationJob) -> int:
    """One statement outside a transaction, after the job's commit (common/plain_reads.py)."""
    return read_rows(JOBS_AHEAD, {"created_at": job.created_at})[0][0] + 1


def rebuild() -> int:
    """The set as PostgreSQL says it is now; returns the number of unfinished jobs.

    Built under another key and renamed over the set, so readers never see it half-built. An
    update landing between this read and the rename is lost until the next rebuild.
    """
    redis = get_redis()
    redis.delete(REBUILDING_KEY)
    unfinished = db.session.execute(select(GenerationJob.id, GenerationJob.created_at)
                                    .where(GenerationJob.status.in_(ACTIVE_JOB_STATUSES))
                                    .execution_options(yield_per=REBUILD_CHUNK))
    total = 0
    for chunk in unfinished.partitions():
        redis.zadd(REBUILDING_KEY, {str(job_id): score(created_at) for job_id, created_at in chunk})
        total += len(chunk)
    db.session.rollback()   # the read's transaction: nothing was written
    pipe = redis.pipeline(transaction=True)
    if total:
        pipe.rename(REBUILDING_KEY, QUEUE_KEY)
    else:
        pipe.delete(QUEUE_KEY)
    pipe.set(BUILT_KEY, 1)
    pipe.execute()
    return total
