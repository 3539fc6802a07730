"""youtube credentials, analytics and pubsub

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

UPDATED_AT_TABLES = ("channel_credentials", "pubsub_subscriptions", "video_daily_stats", "channel_daily_stats")


def _id_and_timestamps():
    return [
        sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    ]


def upgrade():
    op.create_table('channel_credentials',
    sa.Column('channel_id', sa.UUID(), nullable=False),
    sa.Column('encrypted_token', sa.Text(), nullable=False),
    sa.Column('google_project', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('warnings', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    *_id_and_timestamps(),
    sa.CheckConstraint("status IN ('active', 'needs_reauth', 'revoked')", name=op.f('ck_channel_credentials_status_valid')),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_channel_credentials_channel_id_channels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_credentials')),
    sa.UniqueConstraint('channel_id', name=op.f('uq_channel_credentials_channel_id'))
    )

    op.create_table('pubsub_subscriptions',
    sa.Column('channel_id', sa.UUID(), nullable=False),
    sa.Column('topic_url', sa.String(length=500), nullable=False),
    sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    *_id_and_timestamps(),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_pubsub_subscriptions_channel_id_channels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pubsub_subscriptions')),
    sa.UniqueConstraint('topic_url', name=op.f('uq_pubsub_subscriptions_topic_url'))
    )
    op.create_index('ix_pubsub_subscriptions_channel_id', 'pubsub_subscriptions', ['channel_id'], unique=False)
    op.create_index('ix_pubsub_subscriptions_lease_expires_at', 'pubsub_subscriptions', ['lease_expires_at'], unique=False)

    op.create_table('video_daily_stats',
    sa.Column('video_id', sa.UUID(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('likes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('comments', sa.Integer(), server_default='0', nullable=False),
    sa.Column('watch_time_minutes', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('estimated_revenue', sa.Numeric(precision=12, scale=4), server_default='0', nullable=False),
    *_id_and_timestamps(),
    sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_video_daily_stats_video_id_videos'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_video_daily_stats')),
    sa.UniqueConstraint('video_id', 'day', name='uq_video_daily_stats_video_id')
    )
    op.create_index('ix_video_daily_stats_day', 'video_daily_stats', ['day'], unique=False)

    op.create_table('channel_daily_stats',
    sa.Column('channel_id', sa.UUID(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('subscribers_gained', sa.Integer(), server_default='0', nullable=False),
    sa.Column('subscribers_lost', sa.Integer(), server_default='0', nullable=False),
    sa.Column('estimated_revenue', sa.Numeric(precision=12, scale=4), server_default='0', nullable=False),
    sa.Column('subscriber_count', sa.Integer(), nullable=True),
    *_id_and_timestamps(),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_channel_daily_stats_channel_id_channels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_daily_stats')),
    sa.UniqueConstraint('channel_id', 'day', name='uq_channel_daily_stats_channel_id')
    )
    op.create_index('ix_channel_daily_stats_day', 'channel_daily_stats', ['day'], unique=False)

    for table in UPDATED_AT_TABLES:
        op.execute(f"CREATE TRIGGER update_{table}_updated_at BEFORE UPDATE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()")


def downgrade():
    for table in UPDATED_AT_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS update_{table}_updated_at ON {table}")
    op.drop_index('ix_channel_daily_stats_day', table_name='channel_daily_stats')
    op.drop_table('channel_daily_stats')
    op.drop_index('ix_video_daily_stats_day', table_name='video_daily_stats')
    op.drop_table('video_daily_stats')
    op.drop_index('ix_pubsub_subscriptions_lease_expires_at', table_name='pubsub_subscriptions')
    op.drop_index('ix_pubsub_subscriptions_channel_id', table_name='pubsub_subscriptions')
    op.drop_table('pubsub_subscriptions')
    op.drop_table('channel_credentials')
