"""champions in teams: a wellbeing champion's grant names its team; peer supporters' availability

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_role_grants_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_role_grants_team_id_teams'), 'teams', ['team_id'], ['id'])
    # A champion granted before teams mattered is taken to be champion of the team they are in now.
    op.execute(
        "UPDATE role_grants SET team_id = (SELECT staff.team_id FROM staff WHERE staff.id = role_grants.staff_id) "
        "WHERE role = 'wellbeing_champion' AND revoked_at IS NULL"
    )
    op.create_table(
        'supporter_availability',
        sa.Column('staff_id', sa.String(length=36), nullable=False),
        sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('lapsed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_supporter_availability_staff_id_staff')),
        sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_supporter_availability')),
    )


def downgrade() -> None:
    op.drop_table('supporter_availability')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_role_grants_team_id_teams'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_role_grants_team_id'))
        batch_op.drop_column('team_id')
