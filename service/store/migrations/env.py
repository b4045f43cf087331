"""Alembic environment, run programmatically by service.store.db.Database.upgrade (no alembic.ini).

The caller hands over an open connection in config.attributes so migrations run
in the caller's transaction, with its SQLite write lock or PostgreSQL schema.
"""

from alembic import context

from service.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
