"""In the embedded SQLite database too, the database itself refuses UPDATE and DELETE on audit
events, as the PostgreSQL trigger of 0002 does: no raw SQL rewrites the trail in any mode."""

from django.db import migrations

from backend.audit.triggers import sqlite_create, sqlite_drop


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_create(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        sqlite_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
