"""stage claims on generation jobs, generation-request ledger, idempotency fingerprint

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # One live claim per job: a duplicate delivery of a stage cannot run it a second time.
    op.add_column('generation_jobs', sa.Column('claimed_stage', sa.String(length=50), nullable=True))
    op.add_column('generation_jobs', sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('generation_jobs', sa.Column('claim_token', sa.UUID(), nullable=True))
    op.add_column('generation_jobs', sa.Column(
        'stage_attempts', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"),
        nullable=False))

    # Hash of the create body sent with an Idempotency-Key: the same key with another body is refused.
    op.add_column('videos', sa.Column('request_fingerprint', sa.String(length=64), nullable=True))

    # Accepted generation requests survive the video's deletion, so the daily cap cannot be reset by DELETE.
    op.create_table('generation_requests',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('video_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_generation_requests_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_generation_requests_video_id_videos'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generation_requests'))
    )
    op.create_index('ix_generation_requests_user_created', 'generation_requests', ['user_id', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_generation_requests_user_created', table_name='generation_requests')
    op.drop_table('generation_requests')
    op.drop_column('videos', 'request_fingerprint')
    op.drop_column('generation_jobs', 'stage_attempts')
    op.drop_column('generation_jobs', 'claim_token')
    op.drop_column('generation_jobs', 'claimed_at')
    op.drop_column('generation_jobs', 'claimed_stage')
