"""youtube quota ledger

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 06:05:26.440058

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('youtube_quota_usage',
    sa.Column('credential', sa.String(length=200), nullable=False),
    sa.Column('quota_day', sa.Date(), nullable=False),
    sa.Column('bucket', sa.String(length=50), nullable=False),
    sa.Column('units_used', sa.Integer(), nullable=False),
    sa.Column('units_limit', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_youtube_quota_usage')),
    sa.UniqueConstraint('credential', 'quota_day', 'bucket', name='uq_quota_credential_day_bucket')
    )


def downgrade():
    op.drop_table('youtube_quota_usage')
