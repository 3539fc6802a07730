"""where a published video went: videos.publish_target ('youtube' | 'local'); local uploads lose their fake YouTube id

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('videos', sa.Column('publish_target', sa.String(length=20), nullable=True))
    op.create_check_constraint(op.f('ck_videos_publish_target_valid'), 'videos',
                               "publish_target IN ('youtube', 'local')")
    # The offline publisher used to store a made-up 'local_…' id where YouTube's belongs.
    op.execute(r"UPDATE videos SET publish_target = 'local', youtube_video_id = NULL "
               r"WHERE youtube_video_id LIKE 'local\_%'")
    op.execute("UPDATE videos SET publish_target = 'youtube' WHERE youtube_video_id IS NOT NULL")


def downgrade():
    op.execute("UPDATE videos SET youtube_video_id = 'local_' || left(replace(id::text, '-', ''), 11) "
               "WHERE publish_target = 'local'")
    op.drop_constraint(op.f('ck_videos_publish_target_valid'), 'videos', type_='check')
    op.drop_column('videos', 'publish_target')
