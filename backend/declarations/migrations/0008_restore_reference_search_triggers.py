"""Put back the reference search's triggers on SQLite.

Adding columns to the declarations table (0007) makes SQLite rebuild the table, and a rebuild
drops the triggers attached to it: new declarations were no longer indexed, and the bulk insert,
which sets the insert trigger aside for its block, found none to set aside. The triggers are
created again (if missing) and the index rebuilt from the table. PostgreSQL is not concerned.
"""

from django.db import migrations

# Written out in full: a migration keeps the names it created, whatever the code says later.
CREATE = [
    "CREATE TRIGGER IF NOT EXISTS declarations_reference_search_insert AFTER INSERT ON "
    "declarations_declaration BEGIN INSERT INTO declarations_reference_search(rowid, reference) "
    "VALUES (new.rowid, new.reference); END",
    "CREATE TRIGGER IF NOT EXISTS declarations_reference_search_delete AFTER DELETE ON "
    "declarations_declaration BEGIN INSERT INTO declarations_reference_search("
    "declarations_reference_search, rowid, reference) VALUES ('delete', old.rowid, old.reference); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS declarations_reference_search_update AFTER UPDATE OF reference "
    "ON declarations_declaration "
    "BEGIN INSERT INTO declarations_reference_search(declarations_reference_search, rowid, "
    "reference) VALUES ('delete', old.rowid, old.reference); "
    "INSERT INTO declarations_reference_search(rowid, reference) "
    "VALUES (new.rowid, new.reference); END",
    "INSERT INTO declarations_reference_search(declarations_reference_search) VALUES ('rebuild')",
]


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0007_payment_terms_and_expected_receipts")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop, elidable=False)]
