"""initial schema: users, channels, videos, generation jobs, cost ledger

Revision ID: 0001
Revises:
Create Date: 2026-11-24 05:52:20.333325

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

UPDATED_AT_TABLES = ("users", "channels", "videos", "generation_jobs")


def create_updated_at_triggers():
    """updated_at is maintained by the database, whoever writes the row."""
    op.execute("""
        CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
        BEGIN
            NEW.updated_at = NOW();
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
    """)
    for table in UPDATED_AT_TABLES:
        op.execute(f"CREATE TRIGGER update_{table}_updated_at BEFORE UPDATE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()")


def drop_updated_at_triggers():
    for table in UPDATED_AT_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS update_{table}_updated_at ON {table}")
    op.execute("DROP FUNCTION IF EXISTS update_updated_at_column()")


def upgrade():
    op.create_table('users',
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('subscription_tier', sa.String(length=20), server_default='free', nullable=False),
    sa.Column('subscription_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('stripe_customer_id', sa.String(length=255), nullable=True),
    sa.Column('last_login', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('is_admin', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("email ~* '^[A-Za-z0-9._%%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'", name=op.f('ck_users_email_format')),
    sa.CheckConstraint("status IN ('active', 'suspended', 'deleted')", name=op.f('ck_users_status_valid')),
    sa.CheckConstraint("subscription_tier IN ('free', 'starter', 'professional', 'enterprise')", name=op.f('ck_users_subscription_tier_valid')),
    sa.CheckConstraint('length(username) >= 3 AND length(username) <= 50', name=op.f('ck_users_username_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_status', ['status'], unique=False)
        batch_op.create_index('ix_users_subscription_tier', ['subscription_tier'], unique=False)
        batch_op.create_index('uq_users_email_lower', [sa.literal_column('lower(email)')], unique=True)
        batch_op.create_index('uq_users_username_lower', [sa.literal_column('lower(username)')], unique=True)

    op.create_table('channels',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('youtube_channel_id', sa.String(length=100), nullable=False),
    sa.Column('channel_name', sa.String(length=255), nullable=False),
    sa.Column('niche', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('monetization_status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('subscriber_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('total_views', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('video_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("monetization_status IN ('pending', 'eligible', 'enabled', 'suspended')", name=op.f('ck_channels_monetization_valid')),
    sa.CheckConstraint("status IN ('active', 'paused', 'deleted')", name=op.f('ck_channels_status_valid')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_channels_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channels'))
    )
    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.create_index('ix_channels_status', ['status'], unique=False)
        batch_op.create_index('ix_channels_user_id', ['user_id'], unique=False)
        batch_op.create_index('ix_channels_user_status', ['user_id', 'status'], unique=False)
        batch_op.create_index('uq_channels_youtube_channel_id_live', ['youtube_channel_id'], unique=True, postgresql_where=sa.text("status <> 'deleted'"))

    op.create_table('videos',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('channel_id', sa.UUID(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('script', sa.Text(), nullable=True),
    sa.Column('tags', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.Column('language', sa.String(length=20), server_default='en-US', nullable=False),
    sa.Column('video_config', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('monetization', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('youtube_video_id', sa.String(length=100), nullable=True),
    sa.Column('thumbnail_url', sa.String(length=500), nullable=True),
    sa.Column('video_path', sa.String(length=1000), nullable=True),
    sa.Column('thumbnail_path', sa.String(length=1000), nullable=True),
    sa.Column('duration_seconds', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='draft', nullable=False),
    sa.Column('publish_mode', sa.String(length=20), server_default='auto', nullable=False),
    sa.Column('privacy_status', sa.String(length=20), server_default='private', nullable=False),
    sa.Column('generation_cost', sa.Numeric(precision=10, scale=4), nullable=True),
    sa.Column('estimated_cost', sa.Numeric(precision=10, scale=4), nullable=True),
    sa.Column('processing_time_seconds', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('view_count', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('like_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('comment_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('estimated_revenue', sa.Numeric(precision=10, scale=2), server_default='0', nullable=False),
    sa.Column('idempotency_key', sa.String(length=255), nullable=True),
    sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("publish_mode IN ('auto', 'manual', 'scheduled')", name=op.f('ck_videos_publish_mode_valid')),
    sa.CheckConstraint("status IN ('draft', 'queued', 'processing', 'completed', 'published', 'failed', 'cancelled')", name=op.f('ck_videos_status_valid')),
    sa.CheckConstraint('generation_cost >= 0', name=op.f('ck_videos_cost_positive')),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_videos_channel_id_channels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_videos_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_videos')),
    sa.UniqueConstraint('youtube_video_id', name=op.f('uq_videos_youtube_video_id'))
    )
    with op.batch_alter_table('videos', schema=None) as batch_op:
        batch_op.create_index('ix_videos_channel_id', ['channel_id'], unique=False)
        batch_op.create_index('ix_videos_published_at', ['published_at'], unique=False)
        batch_op.create_index('ix_videos_scheduled_at', ['scheduled_at'], unique=False, postgresql_where=sa.text('scheduled_at IS NOT NULL'))
        batch_op.create_index('ix_videos_status', ['status'], unique=False)
        batch_op.create_index('ix_videos_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('uq_videos_user_idempotency_key', ['user_id', 'idempotency_key'], unique=True, postgresql_where=sa.text('idempotency_key IS NOT NULL'))

    op.create_table('generation_jobs',
    sa.Column('video_id', sa.UUID(), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('progress', sa.Integer(), server_default='0', nullable=False),
    sa.Column('current_stage', sa.String(length=50), nullable=True),
    sa.Column('stages', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.Column('stages_completed', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.Column('stage_details', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('use_gpu', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('task_ids', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deferred_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deferred_reason', sa.Text(), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('error_details', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('cost_breakdown', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('worker_id', sa.String(length=100), nullable=True),
    sa.Column('retry_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('max_retries', sa.Integer(), server_default='3', nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'running', 'completed', 'failed', 'cancelled')", name=op.f('ck_generation_jobs_status_valid')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_generation_jobs_progress_valid')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_generation_jobs_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_generation_jobs_video_id_videos'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generation_jobs'))
    )
    with op.batch_alter_table('generation_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_generation_jobs_status', ['status'], unique=False)
        batch_op.create_index('ix_generation_jobs_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_generation_jobs_video_id', ['video_id'], unique=False)
        batch_op.create_index('ix_generation_jobs_worker_id', ['worker_id'], unique=False)

    op.create_table('cost_entries',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('video_id', sa.UUID(), nullable=True),
    sa.Column('job_id', sa.UUID(), nullable=True),
    sa.Column('stage', sa.String(length=50), nullable=False),
    sa.Column('provider', sa.String(length=50), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=True),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('units', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=18, scale=10), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=6), nullable=False),
    sa.Column('charge_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['generation_jobs.id'], name=op.f('fk_cost_entries_job_id_generation_jobs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cost_entries_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_cost_entries_video_id_videos'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_entries')),
    sa.UniqueConstraint('charge_key', name=op.f('uq_cost_entries_charge_key'))
    )
    with op.batch_alter_table('cost_entries', schema=None) as batch_op:
        batch_op.create_index('ix_cost_entries_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_cost_entries_video_id', ['video_id'], unique=False)


    create_updated_at_triggers()


def downgrade():
    drop_updated_at_triggers()
    with op.batch_alter_table('cost_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_cost_entries_video_id')
        batch_op.drop_index('ix_cost_entries_user_created')

    op.drop_table('cost_entries')
    with op.batch_alter_table('generation_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_generation_jobs_worker_id')
        batch_op.drop_index('ix_generation_jobs_video_id')
        batch_op.drop_index('ix_generation_jobs_user_created')
        batch_op.drop_index('ix_generation_jobs_status')

    op.drop_table('generation_jobs')
    with op.batch_alter_table('videos', schema=None) as batch_op:
        batch_op.drop_index('uq_videos_user_idempotency_key', postgresql_where=sa.text('idempotency_key IS NOT NULL'))
        batch_op.drop_index('ix_videos_user_created')
        batch_op.drop_index('ix_videos_status')
        batch_op.drop_index('ix_videos_scheduled_at', postgresql_where=sa.text('scheduled_at IS NOT NULL'))
        batch_op.drop_index('ix_videos_published_at')
        batch_op.drop_index('ix_videos_channel_id')

    op.drop_table('videos')
    with op.batch_alter_table('channels', schema=None) as batch_op:
        batch_op.drop_index('uq_channels_youtube_channel_id_live', postgresql_where=sa.text("status <> 'deleted'"))
        batch_op.drop_index('ix_channels_user_status')
        batch_op.drop_index('ix_channels_user_id')
        batch_op.drop_index('ix_channels_status')

    op.drop_table('channels')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('uq_users_username_lower')
        batch_op.drop_index('uq_users_email_lower')
        batch_op.drop_index('ix_users_subscription_tier')
        batch_op.drop_index('ix_users_status')

    op.drop_table('users')
