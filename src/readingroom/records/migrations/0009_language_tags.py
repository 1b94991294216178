"""Languages stored as names ("Russian") become their tags ("ru"), as imports, forms and the API now keep them, so
that the Languages facet counts one value a language. Each document changed gets a change-log entry, so that every
node's indexer re-reads it. A value that is neither a tag nor a known name is left as it is: there is nothing to
map it to, and dropping it would lose what the archive recorded."""

from django.db import migrations

from readingroom.names.languages import UnknownLanguage, language_tag


def _tag(value: str) -> str:
    try:
        return language_tag(value)
    except UnknownLanguage:
        return value


def languages_as_tags(apps, schema_editor):  # noqa: ANN001 - the migration framework's signature
    Document = apps.get_model("records", "Document")
    Transcript = apps.get_model("records", "Transcript")
    Change = apps.get_model("records", "Change")
    changed = {}
    for document in Document.objects.only("id", "languages", "access").iterator(chunk_size=2000):
        tags = list(dict.fromkeys(_tag(value) for value in document.languages))
        if tags != document.languages:
            Document.objects.filter(pk=document.pk).update(languages=tags)
            changed[document.pk] = document.access == "public"
    transcripts = Transcript.objects.select_related("document").only("id", "language", "document__access")
    for transcript in transcripts.iterator(chunk_size=2000):
        tag = _tag(transcript.language)
        if tag != transcript.language:
            Transcript.objects.filter(pk=transcript.pk).update(language=tag)
            changed[transcript.document_id] = transcript.document.access == "public"
    Change.objects.bulk_create(
        Change(subject="document", subject_id=document_id, action="saved", public=public)
        for document_id, public in sorted(changed.items())
    )


class Migration(migrations.Migration):
    dependencies = [("records", "0008_change_log_order")]

    operations = [migrations.RunPython(languages_as_tags, migrations.RunPython.noop)]
