"""Data migrations run on an archive written before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from readingroom.records.models import Change, Document, Transcript

BEFORE_LANGUAGE_TAGS = [("records", "0008_change_log_order")]
LANGUAGE_TAGS = [("records", "0009_language_tags")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_languages_stored_as_names_become_tags_and_their_documents_are_reindexed() -> None:
    apps = migrate(BEFORE_LANGUAGE_TAGS).loader.project_state(BEFORE_LANGUAGE_TAGS).apps
    old_document = apps.get_model("records", "Document")
    old_transcript = apps.get_model("records", "Transcript")
    old_document.objects.create(id="named", title="T", languages=["Russian", "ru", "Klingon"])
    secret = old_document.objects.create(id="secret", title="T", languages=["de"], access="restricted")
    old_transcript.objects.create(document=secret, language="German", text="Text")
    old_document.objects.create(id="tagged", title="T", languages=["en", "zh-Hans"])
    try:
        migrate(LANGUAGE_TAGS)
        assert Document.objects.get(pk="named").languages == ["ru", "Klingon"]  # Klingon: nothing to map it to
        assert Document.objects.get(pk="secret").languages == ["de"]
        assert Transcript.objects.get(document_id="secret").language == "de"
        assert Document.objects.get(pk="tagged").languages == ["en", "zh-Hans"]
        changes = Change.objects.values_list("subject", "subject_id", "action", "public")
        assert sorted(changes) == [("document", "named", "saved", True), ("document", "secret", "saved", False)]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
