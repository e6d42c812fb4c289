"""supporter profiles: indexes on the text of modes and of places (lower-cased), for their statistics

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:20:00.000000

The candidate query matches a request's mode and place with LIKE on these expressions. Without
statistics on them PostgreSQL guesses one matching supporter in thousands and joins the staff
copies row by row (a request for one team took 30 ms); an index on an expression makes ANALYZE
keep its statistics. The same plain CREATE INDEX works on PostgreSQL and SQLite.
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_supporter_profiles_modes_text', 'supporter_profiles',
                    [sa.text('CAST(modes AS VARCHAR)')], unique=False)
    op.create_index('ix_supporter_profiles_places_text', 'supporter_profiles',
                    [sa.text('lower(CAST(places AS VARCHAR))')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_supporter_profiles_places_text', table_name='supporter_profiles')
    op.drop_index('ix_supporter_profiles_modes_text', table_name='supporter_profiles')
