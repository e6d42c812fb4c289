"""directory, delegations, refresh tokens, password resets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:01:22.847761
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('services',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_services_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('organisation_id', 'name', name=op.f('uq_services_organisation_id'))
    )
    op.create_table('delegations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('manager_id', sa.String(length=36), nullable=False),
    sa.Column('delegate_id', sa.String(length=36), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['delegate_id'], ['staff.id'], name=op.f('fk_delegations_delegate_id_staff')),
    sa.ForeignKeyConstraint(['manager_id'], ['staff.id'], name=op.f('fk_delegations_manager_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegations'))
    )
    op.create_index(op.f('ix_delegations_delegate_id'), 'delegations', ['delegate_id'], unique=False)
    op.create_index(op.f('ix_delegations_manager_id'), 'delegations', ['manager_id'], unique=False)
    op.create_table('password_resets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_password_resets_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    op.create_index(op.f('ix_password_resets_staff_id'), 'password_resets', ['staff_id'], unique=False)
    op.create_table('refresh_tokens',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_refresh_tokens_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_tokens_token_hash'))
    )
    op.create_index(op.f('ix_refresh_tokens_family_id'), 'refresh_tokens', ['family_id'], unique=False)
    op.create_index(op.f('ix_refresh_tokens_staff_id'), 'refresh_tokens', ['staff_id'], unique=False)
    with op.batch_alter_table('role_grants') as batch_op:
        batch_op.add_column(sa.Column('ending', sa.String(length=20), nullable=True))
    with op.batch_alter_table('teams') as batch_op:
        batch_op.add_column(sa.Column('service_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('organisation_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_teams_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teams_service_id'), ['service_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_teams_service_id'), ['service_id', 'name'])
        batch_op.create_foreign_key(batch_op.f('fk_teams_service_id_services'), 'services', ['service_id'], ['id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_teams_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'])
    with op.batch_alter_table('staff') as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('job_title', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('start_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('preferred_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_staff_employee_number'), type_='unique')
        batch_op.create_index(batch_op.f('ix_staff_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_team_id'), ['team_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_staff_organisation_id'), ['organisation_id', 'employee_number'])
        batch_op.create_foreign_key(
            batch_op.f('fk_staff_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'])
    _give_teams_and_staff_their_organisation()


def _give_teams_and_staff_their_organisation() -> None:
    """Teams named their service and organisation in text: make those records and point at them."""
    conn = op.get_bind()
    organisations, services = {}, {}
    for team_id, service, organisation in conn.execute(sa.text('SELECT id, service, organisation FROM teams')):
        if organisation not in organisations:
            organisations[organisation] = str(uuid.uuid4())
            conn.execute(sa.text("INSERT INTO organisations (id, name, kind) VALUES (:id, :name, 'health_board')"),
                         {'id': organisations[organisation], 'name': organisation})
        org_id = organisations[organisation]
        if (org_id, service) not in services:
            services[org_id, service] = str(uuid.uuid4())
            conn.execute(sa.text('INSERT INTO services (id, organisation_id, name) VALUES (:id, :org, :name)'),
                         {'id': services[org_id, service], 'org': org_id, 'name': service})
        conn.execute(sa.text('UPDATE teams SET service_id = :s, organisation_id = :o WHERE id = :t'),
                     {'s': services[org_id, service], 'o': org_id, 't': team_id})
    conn.execute(sa.text(
        'UPDATE staff SET organisation_id = (SELECT organisation_id FROM teams WHERE teams.id = staff.team_id)'
    ))


def downgrade() -> None:
    with op.batch_alter_table('teams') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_teams_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_teams_service_id_services'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_teams_service_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_teams_service_id'))
        batch_op.drop_index(batch_op.f('ix_teams_organisation_id'))
        batch_op.drop_column('organisation_id')
        batch_op.drop_column('service_id')
    with op.batch_alter_table('staff') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_staff_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_staff_organisation_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_staff_team_id'))
        batch_op.drop_index(batch_op.f('ix_staff_name'))
        batch_op.create_unique_constraint(batch_op.f('uq_staff_employee_number'), ['employee_number'])
        for column in ('phone', 'preferred_name', 'left_on', 'start_date', 'job_title', 'organisation_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('role_grants') as batch_op:
        batch_op.drop_column('ending')
    op.drop_index(op.f('ix_refresh_tokens_staff_id'), table_name='refresh_tokens')
    op.drop_index(op.f('ix_refresh_tokens_family_id'), table_name='refresh_tokens')
    op.drop_table('refresh_tokens')
    op.drop_index(op.f('ix_password_resets_staff_id'), table_name='password_resets')
    op.drop_table('password_resets')
    op.drop_index(op.f('ix_delegations_manager_id'), table_name='delegations')
    op.drop_index(op.f('ix_delegations_delegate_id'), table_name='delegations')
    op.drop_table('delegations')
    op.drop_table('services')
    op.drop_table('organisations')
