"""On PostgreSQL, writers to the catalogue take turns, so the change log's sequence order is its commit order.

Sequence numbers are handed out as rows are inserted, but transactions commit in any order: without turns, a
transaction holding number 10 could commit after one holding 11, and an indexer that had applied 11 would never look
at 10 again. A statement trigger on each catalogue table takes one transaction-level advisory lock before the first
write of a transaction, held until it commits or rolls back, so the next writer's numbers are all higher and become
visible later. SQLite needs nothing: its writers already take turns (each write transaction locks the database).
"""

from django.db import migrations

# Must match records.indexer.CATALOGUE_WRITE_LOCK.
LOCK = 0x52524348
TABLES = [
    "records_authority",
    "records_authority_broader",
    "records_namevariant",
    "records_authorityalias",
    "records_document",
    "records_documentauthority",
    "records_transcript",
    "records_attachment",
    "records_change",
]


def take_turns(apps, schema_editor):  # noqa: ANN001 - the migration framework's signature
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION readingroom_catalogue_write() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_advisory_xact_lock({LOCK}); RETURN NULL; END $$"
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER readingroom_catalogue_write BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION readingroom_catalogue_write()"
        )


def stop_taking_turns(apps, schema_editor):  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS readingroom_catalogue_write ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS readingroom_catalogue_write()")


class Migration(migrations.Migration):
    dependencies = [("records", "0007_document_content_hash")]

    operations = [migrations.RunPython(take_turns, stop_taking_turns)]
