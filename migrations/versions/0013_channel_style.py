"""channel style: a brand kit per channel (style JSONB, null = derived from the niche) and its uploaded assets

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('channels', sa.Column('style', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.create_table('brand_assets',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('channel_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('watermark', 'clip')", name=op.f('ck_brand_assets_kind_valid')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_brand_assets_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_brand_assets_channel_id_channels'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_assets'))
    )
    op.create_index('ix_brand_assets_channel_created', 'brand_assets', ['channel_id', 'created_at'], unique=False)
    op.execute("CREATE TRIGGER update_brand_assets_updated_at BEFORE UPDATE ON brand_assets "
               "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()")


def downgrade():
    op.execute("DROP TRIGGER IF EXISTS update_brand_assets_updated_at ON brand_assets")
    op.drop_index('ix_brand_assets_channel_created', table_name='brand_assets')
    op.drop_table('brand_assets')
    op.drop_column('channels', 'style')
