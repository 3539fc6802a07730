"""video list indexes: newest-first per user, per user and status, per channel

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Each list order (created_at, id) served straight from an index for each filter, so a page
    # reads its 20 rows instead of sorting the user's whole list; the older indexes are their prefixes.
    op.create_index('ix_videos_user_created_id', 'videos', ['user_id', 'created_at', 'id'])
    op.create_index('ix_videos_user_status_created_id', 'videos', ['user_id', 'status', 'created_at', 'id'])
    op.create_index('ix_videos_channel_created_id', 'videos', ['channel_id', 'created_at', 'id'])
    op.drop_index('ix_videos_user_created', table_name='videos')
    op.drop_index('ix_videos_channel_id', table_name='videos')


def downgrade():
    op.create_index('ix_videos_channel_id', 'videos', ['channel_id'])
    op.create_index('ix_videos_user_created', 'videos', ['user_id', 'created_at'])
    op.drop_index('ix_videos_channel_created_id', table_name='videos')
    op.drop_index('ix_videos_user_status_created_id', table_name='videos')
    op.drop_index('ix_videos_user_created_id', table_name='videos')
