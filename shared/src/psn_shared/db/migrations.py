"""Alembic: bring a service's database up to date; the body of every service's migrations/env.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData

from psn_shared.db.engine import EnumList, EnumString, UtcDateTime, make_engine


def upgrade_database(url: str, migrations_dir: Path) -> None:
    """Bring a service's database to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Autogenerate writes the shared column types as the plain types they store, so migrations need no import."""
    if type_ != "type":
        return False
    if isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, EnumString):
        return f"sa.String(length={obj.impl.length})"
    if isinstance(obj, EnumList):
        return "sa.JSON()"
    return False


def run_migrations(target_metadata: MetaData) -> None:
    """The body of every service's `migrations/env.py` (online mode; SQLite in batch mode)."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", "")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
