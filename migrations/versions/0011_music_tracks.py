"""music tracks: a user's uploaded background music

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('music_tracks',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('codec', sa.String(length=30), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_music_tracks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_music_tracks'))
    )
    op.create_index('ix_music_tracks_user_created', 'music_tracks', ['user_id', 'created_at'], unique=False)
    op.execute("CREATE TRIGGER update_music_tracks_updated_at BEFORE UPDATE ON music_tracks "
               "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()")


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS update_music_tracks_updated_at ON music_tracks")
    op.drop_index('ix_music_tracks_user_created', table_name='music_tracks')
    op.drop_table('music_tracks')
