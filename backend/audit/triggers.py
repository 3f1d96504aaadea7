"""The SQLite triggers that make the audit table append-only (PostgreSQL's are in migration 0002).

SQLite has no TRUNCATE and no privileges: a test database is emptied with DELETE, so the test
suite drops these around each flush (tests/conftest.py) and puts them back; the running
application never does.
"""

from typing import Any

TABLE = "audit_auditevent"
OPERATIONS = ("UPDATE", "DELETE")


def _name(operation: str) -> str:
    return f"audit_event_append_only_{operation.lower()}"


def sqlite_create(connection: Any) -> None:
    """Create the triggers (idempotent)."""
    with connection.cursor() as cursor:
        for operation in OPERATIONS:
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {_name(operation)} BEFORE {operation} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only ({operation} refused)'); "
                "END"
            )


def sqlite_drop(connection: Any) -> None:
    """Drop the triggers (idempotent)."""
    with connection.cursor() as cursor:
        for operation in OPERATIONS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {_name(operation)}")
