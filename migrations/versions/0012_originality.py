"""originality guard: video fingerprints, needs_review status, review publish mode, check result and makers

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

OLD_STATUSES = "('draft', 'queued', 'processing', 'completed', 'published', 'failed', 'cancelled')"
NEW_STATUSES = "('draft', 'queued', 'processing', 'completed', 'needs_review', 'published', 'failed', 'cancelled')"
OLD_MODES = "('auto', 'manual', 'scheduled')"
NEW_MODES = "('auto', 'manual', 'scheduled', 'review')"


def _replace_checks(statuses: str, modes: str) -> None:
    op.drop_constraint(op.f('ck_videos_status_valid'), 'videos', type_='check')
    op.create_check_constraint(op.f('ck_videos_status_valid'), 'videos', f"status IN {statuses}")
    op.drop_constraint(op.f('ck_videos_publish_mode_valid'), 'videos', type_='check')
    op.create_check_constraint(op.f('ck_videos_publish_mode_valid'), 'videos', f"publish_mode IN {modes}")


def upgrade():
    _replace_checks(NEW_STATUSES, NEW_MODES)
    op.add_column('videos', sa.Column('originality', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('videos', sa.Column('made_with', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.create_table(
        'video_fingerprints',
        sa.Column('video_id', sa.UUID(), nullable=False),
        sa.Column('user_id', sa.UUID(), nullable=False),
        sa.Column('channel_id', sa.UUID(), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=False),
        sa.Column('script_signature', sa.LargeBinary(), nullable=False),
        sa.Column('script_bands', postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column('visuals', postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column('thumbnail_hash', sa.BigInteger(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['video_id'], ['videos.id'], name=op.f('fk_video_fingerprints_video_id_videos'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_video_fingerprints_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('video_id', name=op.f('pk_video_fingerprints')),
    )
    op.create_index('ix_video_fingerprints_user_created', 'video_fingerprints', ['user_id', 'created_at'])
    # fastupdate off: one insert per finished video is cheap, while a pending list would be scanned
    # linearly by every check until vacuum merges it.
    op.create_index('ix_video_fingerprints_script_bands', 'video_fingerprints', ['script_bands'],
                    postgresql_using='gin', postgresql_with={'fastupdate': 'off'})
    op.create_index('ix_video_fingerprints_visuals', 'video_fingerprints', ['visuals'], postgresql_using='gin',
                    postgresql_with={'fastupdate': 'off'})
    # GET /videos?needs_review=true and the admin count read held videos only.
    op.create_index('ix_videos_user_needs_review', 'videos', ['user_id', 'created_at'],
                    postgresql_where=sa.text("status = 'needs_review'"))


def downgrade():
    op.drop_index('ix_videos_user_needs_review', table_name='videos')
    op.drop_table('video_fingerprints')
    op.drop_column('videos', 'made_with')
    op.drop_column('videos', 'originality')
    op.execute("UPDATE videos SET status = 'completed' WHERE status = 'needs_review'")
    op.execute("UPDATE videos SET publish_mode = 'manual' WHERE publish_mode = 'review'")
    _replace_checks(OLD_STATUSES, OLD_MODES)
