"""Alembic environment: crmdesk always hands in an open connection (see crmdesk.store.schema)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that portably
    transaction_per_migration=True,  # each step commits on its own: a failure leaves the last good step
)
with context.begin_transaction():
    context.run_migrations()
