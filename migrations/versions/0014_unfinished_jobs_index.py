"""unfinished jobs by age: a partial index for the queue position of a new job

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_generation_jobs_unfinished_created', 'generation_jobs', ['created_at'], unique=False,
                    postgresql_where=sa.text("status IN ('pending', 'running')"))


def downgrade():
    op.drop_index('ix_generation_jobs_unfinished_created', table_name='generation_jobs',
                  postgresql_where=sa.text("status IN ('pending', 'running')"))
