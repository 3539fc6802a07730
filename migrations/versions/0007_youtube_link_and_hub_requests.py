"""youtube link time on credentials; hub requests and denials on pubsub subscriptions

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # When the grant was last linked (updated_at also moves on every token refresh).
    op.add_column('channel_credentials', sa.Column('linked_at', sa.DateTime(timezone=True),
                                                   server_default=sa.text('now()'), nullable=False))
    op.execute("UPDATE channel_credentials SET linked_at = created_at")
    # The hub's verification GET is honoured only while a request of ours is pending (WebSub, https://www.w3.org/TR/websub/ §5.3).
    op.add_column('pubsub_subscriptions', sa.Column('requested_mode', sa.String(length=20), nullable=True))
    op.add_column('pubsub_subscriptions', sa.Column('requested_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('pubsub_subscriptions', sa.Column('denied_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('pubsub_subscriptions', sa.Column('denied_reason', sa.String(length=500), nullable=True))
    op.create_check_constraint(op.f('ck_pubsub_subscriptions_requested_mode_valid'), 'pubsub_subscriptions',
                               "requested_mode IN ('subscribe', 'unsubscribe')")


def downgrade():
    op.drop_constraint(op.f('ck_pubsub_subscriptions_requested_mode_valid'), 'pubsub_subscriptions', type_='check')
    for column in ('denied_reason', 'denied_at', 'requested_at', 'requested_mode'):
        op.drop_column('pubsub_subscriptions', column)
    op.drop_column('channel_credentials', 'linked_at')
