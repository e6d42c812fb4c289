"""the shared staff copy: staff_id, senior_manager_id, roles as a JSON list, as_of; staff_roles goes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 09:00:00

Copies made before this revision hold news of unknown age, so their `as_of` is the epoch: any
event about them is newer. Works on PostgreSQL and (in batch mode) SQLite.
"""

from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
INDEXED = ('team_id', 'line_manager_id', 'senior_manager_id')


def upgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('senior_manager_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('roles', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('as_of', sa.DateTime(timezone=True), nullable=True))

    bind = op.get_bind()
    roles = defaultdict(list)
    for staff_id, role in bind.execute(sa.text('SELECT staff_id, role FROM staff_roles ORDER BY staff_id, role')):
        roles[staff_id].append(role)
    staff = sa.table('staff', sa.column('id', sa.String), sa.column('roles', sa.JSON),
                     sa.column('as_of', sa.DateTime(timezone=True)))
    ids = [row[0] for row in bind.execute(sa.select(staff.c.id))]
    if ids:
        bind.execute(
            staff.update().where(staff.c.id == sa.bindparam('old_id'))
            .values(roles=sa.bindparam('new_roles', type_=sa.JSON), as_of=EPOCH),
            [{'old_id': staff_id, 'new_roles': roles[staff_id]} for staff_id in ids],
        )

    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_roles_role'))
    op.drop_table('staff_roles')

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.alter_column('id', new_column_name='staff_id', existing_type=sa.String(length=36),
                              existing_nullable=False)
        batch_op.alter_column('roles', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('as_of', existing_type=sa.DateTime(timezone=True), nullable=False)
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f'ix_staff_{column}'), [column], unique=False)


def downgrade() -> None:
    bind = op.get_bind()
    staff = sa.table('staff', sa.column('staff_id', sa.String), sa.column('roles', sa.JSON))
    holdings = [{'staff_id': staff_id, 'role': role}
                for staff_id, roles in bind.execute(sa.select(staff.c.staff_id, staff.c.roles))
                for role in roles or []]

    with op.batch_alter_table('staff', schema=None) as batch_op:
        for column in INDEXED:
            batch_op.drop_index(batch_op.f(f'ix_staff_{column}'))
        batch_op.alter_column('staff_id', new_column_name='id', existing_type=sa.String(length=36),
                              existing_nullable=False)
        batch_op.drop_column('as_of')
        batch_op.drop_column('roles')
        batch_op.drop_column('senior_manager_id')

    staff_roles = op.create_table('staff_roles',
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_roles_staff_id_staff')),
    sa.PrimaryKeyConstraint('staff_id', 'role', name=op.f('pk_staff_roles'))
    )
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_roles_role'), ['role'], unique=False)
    if holdings:
        op.bulk_insert(staff_roles, holdings)
