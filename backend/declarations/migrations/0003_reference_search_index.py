"""A trigram index for the reference search on PostgreSQL.

The list's `reference` filter matches any part of a reference, case-insensitively (`icontains`:
``UPPER(reference) LIKE UPPER('%…%')``), which no B-tree index serves; at a million declarations
a regulator's search read the whole table. A GIN index of trigrams over the same expression
answers it. SQLite (the embedded default, for small deployments) has no such index and keeps
the scan.
"""

from django.db import migrations

INDEX = "declarations_reference_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON declarations_declaration "
        "USING gin (UPPER(reference::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0002_lean_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
