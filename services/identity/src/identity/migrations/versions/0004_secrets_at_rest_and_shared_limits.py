"""signing keys stored encrypted, refresh tokens capped from the family's login, shared rate-limit counters

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:40:00.000000

The signing keys' column is renamed only: the rows written before hold plain PEM until the
migrate entrypoint encrypts them (it has the key-encryption key; a migration should not need one).
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('signing_keys', schema=None) as batch_op:
        batch_op.alter_column('private_pem', new_column_name='encrypted_private_key',
                              existing_type=sa.Text(), existing_nullable=False)
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_started_at', sa.DateTime(timezone=True), nullable=True))
    # A family began with its first token: the earliest issue in it is when that login happened.
    op.execute(
        "UPDATE refresh_tokens SET family_started_at = "
        "(SELECT MIN(first.issued_at) FROM refresh_tokens AS first WHERE first.family_id = refresh_tokens.family_id)"
    )
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.alter_column('family_started_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_table('rate_limits',
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limits'))
    )


def downgrade() -> None:
    op.drop_table('rate_limits')
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_column('family_started_at')
    with op.batch_alter_table('signing_keys', schema=None) as batch_op:
        batch_op.alter_column('encrypted_private_key', new_column_name='private_pem',
                              existing_type=sa.Text(), existing_nullable=False)
