"""The reference search's index on SQLite: an FTS5 table of trigrams kept by triggers.

SQLite has no trigram index type; its FTS5 extension has a trigram tokenizer, whose phrase
queries match any part of a text, in any case. The table holds no copy of the references (its
content is the declarations table, by rowid); triggers keep it current. PostgreSQL has its own
index (0003) and skips this migration.
"""

from django.db import migrations

# Written out in full: a migration keeps the names it created, whatever the code says later.
CREATE = [
    "CREATE VIRTUAL TABLE declarations_reference_search USING fts5(reference, "
    "content='declarations_declaration', content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER declarations_reference_search_insert AFTER INSERT ON declarations_declaration "
    "BEGIN INSERT INTO declarations_reference_search(rowid, reference) "
    "VALUES (new.rowid, new.reference); END",
    "CREATE TRIGGER declarations_reference_search_delete AFTER DELETE ON declarations_declaration "
    "BEGIN INSERT INTO declarations_reference_search(declarations_reference_search, rowid, "
    "reference) VALUES ('delete', old.rowid, old.reference); END",
    "CREATE TRIGGER declarations_reference_search_update AFTER UPDATE OF reference "
    "ON declarations_declaration "
    "BEGIN INSERT INTO declarations_reference_search(declarations_reference_search, rowid, "
    "reference) VALUES ('delete', old.rowid, old.reference); "
    "INSERT INTO declarations_reference_search(rowid, reference) "
    "VALUES (new.rowid, new.reference); END",
    # Index the declarations already stored.
    "INSERT INTO declarations_reference_search(declarations_reference_search) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS declarations_reference_search_insert",
    "DROP TRIGGER IF EXISTS declarations_reference_search_delete",
    "DROP TRIGGER IF EXISTS declarations_reference_search_update",
    "DROP TABLE IF EXISTS declarations_reference_search",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0004_list_ordering_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
