"""Room on PostgreSQL's table pages for the status update screening makes.

Screening moves every declaration of a chunk from `converted` to `screened`. PostgreSQL writes
an updated row as a new row version; when it fits on the same page and no indexed column changed
(status and updated_at are not indexed) it is a heap-only update that touches no index. With
pages filled to the brim it never fits, and each update also wrote an entry into every one of the
table's indexes, the trigram index included: 41 s for a million declarations, against 3.4 s with
half of each page left free. New pages keep that room; existing rows move into it as the table
is rewritten (VACUUM FULL) or as they are updated. SQLite updates rows in place and needs none.
"""

from django.db import migrations


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE declarations_declaration SET (fillfactor = 50)")


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE declarations_declaration RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0005_reference_search_sqlite")]

    operations = [migrations.RunPython(widen, narrow)]
