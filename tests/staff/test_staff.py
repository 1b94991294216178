"""The staff site: sign-in, roles, editing with the importer's validation, uploads, history and restore, merges."""

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from readingroom.records.indexer import Indexer
from readingroom.records.models import Authority, Change, ChangeSet, Document, NameVariant, Revision
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.index import SearchIndex
from tests.conftest import SAMPLE, run_cli, sqlite_only
from tests.scans import make_image, make_pdf
from tests.staff.conftest import PASSWORD, form_values

pytestmark = pytest.mark.django_db
DOCUMENT = "seed/1952-09-17-filippov-mao"
CHANGE = f"/staff/records/document/{DOCUMENT}/change/"


def titles(query: str) -> list[str]:
    return [hit.title for hit in search_archive(SearchRequest(q=query)).hits]


def test_createuser_makes_staff_accounts_with_argon2_passwords(tmp_path: Path) -> None:
    created = run_cli("createuser", "edith", "--role", "editor", home=tmp_path, input=PASSWORD + "\n")
    assert "Created editor edith" in created.stderr
    weak = run_cli("createuser", "bob", "--role", "editor", home=tmp_path, input="123\n", check=False)
    assert weak.returncode == 2
    assert "password refused: This password is too short" in weak.stderr
    taken = run_cli("createuser", "edith", "--role", "admin", home=tmp_path, input=PASSWORD + "\n", check=False)
    assert "there is already a user 'edith'" in taken.stderr


def test_passwords_are_hashed_with_argon2(editor: User) -> None:
    assert editor.password.startswith("argon2$")


def test_signing_in_and_the_lockout_after_five_failures(client: Client, editor: User) -> None:
    login = "/staff/login/?next=/staff/"
    assert client.post(login, {"username": "edith", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        assert client.post(login, {"username": "edith", "password": "wrong"}).status_code == 200
    assert client.post(login, {"username": "edith", "password": "wrong"}).status_code == 429  # the fifth
    locked = client.post(login, {"username": "edith", "password": PASSWORD})
    assert locked.status_code == 429
    assert client.get("/staff/").status_code == 302  # still signed out


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/staff/", ""])
def test_signing_in_with_a_refused_or_missing_next_goes_to_the_staff_site(
    client: Client, editor: User, target: str
) -> None:
    response = client.post(f"/staff/login/?next={target}", {"username": "edith", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_readers_are_sent_to_sign_in(client: Client, sample: Any) -> None:
    for url in ["/staff/", CHANGE, "/staff/records/changeset/", "/staff/import/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/login/")


def test_what_each_role_may_do(
    signed_in: Callable[[User], Client], editor: User, admin_user: User, sample: Any
) -> None:
    client = signed_in(editor)
    assert client.get(CHANGE).status_code == 200
    assert client.get("/staff/records/document/add/").status_code == 200
    assert client.get(f"/staff/records/document/{DOCUMENT}/history/").status_code == 200
    assert client.get("/staff/import/").status_code == 200
    for forbidden in [f"/staff/records/document/{DOCUMENT}/delete/", "/staff/auth/user/"]:
        assert client.get(forbidden).status_code == 403, forbidden
    assert client.get("/staff/records/apitoken/").status_code == 403
    client = signed_in(admin_user)
    for allowed in [f"/staff/records/document/{DOCUMENT}/delete/", "/staff/auth/user/", "/staff/import/"]:
        assert client.get(allowed).status_code == 200, allowed


def test_an_edit_is_searchable_at_once_and_kept_in_the_history(
    signed_in: Callable[[User], Client], editor: User, sample: Any, index: SearchIndex
) -> None:
    client = signed_in(editor)
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    values["title"] = "Letter about the zeppelinword armistice"
    assert client.post(CHANGE, values).status_code == 302
    Indexer(index).catch_up()  # what the server's indexer does within a second
    assert titles("zeppelinword") == ["Letter about the zeppelinword armistice"]
    latest = Revision.objects.filter(subject_id=DOCUMENT).last()
    assert latest is not None
    assert latest.changeset is not None
    assert latest.changeset.user == editor
    assert latest.changeset.kind == ChangeSet.Kind.EDIT
    history = client.get(f"/staff/records/document/{DOCUMENT}/history/").content.decode()
    assert "zeppelinword" in history
    assert "Hand-delivered letter, Filippov (Stalin) to Mao Zedong" in history  # the title before
    assert "edith" in history


def test_saving_an_unchanged_form_records_nothing(
    signed_in: Callable[[User], Client], editor: User, sample: Any
) -> None:
    client = signed_in(editor)
    before = (Change.objects.count(), Revision.objects.count())
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    assert client.post(CHANGE, values).status_code == 302
    assert (Change.objects.count(), Revision.objects.count()) == before


def test_restoring_an_earlier_version(
    signed_in: Callable[[User], Client], editor: User, sample: Any, index: SearchIndex
) -> None:
    client = signed_in(editor)
    original = Revision.objects.filter(subject_id=DOCUMENT).last()
    assert original is not None
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    client.post(CHANGE, {**values, "title": "A wrong title", "date": "1953"})
    restore = f"/staff/records/document/{DOCUMENT}/history/{original.pk}/restore/"
    assert client.get(restore).status_code == 403  # restoring is a POST, with the CSRF token
    assert client.post(restore).status_code == 302
    document = Document.objects.get(pk=DOCUMENT)
    assert (document.title, document.date) == ("Hand-delivered letter, Filippov (Stalin) to Mao Zedong", "1952-09-17")
    assert document.date_earliest is not None
    assert document.date_earliest.isoformat() == "1952-09-17"
    assert Revision.objects.filter(subject_id=DOCUMENT).last().changeset.kind == ChangeSet.Kind.RESTORE  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "Sept 1952", "is not an EDTF date"),
        ("title", "", "This field is required"),
        ("related_text", "bad id", "is not a valid id"),
        ("extra", "[1, 2]", "expected an object"),
        ("languages_text", "en, Klingon", "Klingon&quot; is not a language tag or a language name"),
    ],
)
def test_the_form_refuses_what_the_importer_refuses(
    signed_in: Callable[[User], Client], editor: User, sample: Any, field: str, value: str, message: str
) -> None:
    client = signed_in(editor)
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    response = client.post(CHANGE, {**values, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.get(pk=DOCUMENT).title.startswith("Hand-delivered letter")


def test_languages_written_as_names_are_stored_as_tags(
    signed_in: Callable[[User], Client], editor: User, sample: Any
) -> None:
    client = signed_in(editor)
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    assert client.post(CHANGE, {**values, "languages_text": "Russian, ru, chinese"}).status_code == 302
    assert Document.objects.get(pk=DOCUMENT).languages == ["ru", "zh"]


def test_a_new_document_with_an_uploaded_scan_and_a_named_person(
    signed_in: Callable[[User], Client], editor: User, sample: Any, index: SearchIndex
) -> None:
    client = signed_in(editor)
    values = form_values(client.get("/staff/records/document/add/").content.decode(), "document_form")
    values.update(
        {
            "id": "new/1",
            "title": "Memorandum on quokkaword",
            "date": "1953-03",
            "access": "public",
            "extra": "{}",
            "links-0-role": "authors",
            "links-0-authority": "person/stalin",
            "links-0-position": "0",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-label": "The scan",
            "attachments-0-position": "0",
            "attachments-0-upload": SimpleUploadedFile("scan.pdf", make_pdf(["quokka scan"]), "application/pdf"),
        }
    )
    response = client.post("/staff/records/document/add/", values)
    assert response.status_code == 302, response.content.decode()[:3000]
    Indexer(index).catch_up()
    assert titles("quokkaword") == ["Memorandum on quokkaword"]
    assert titles("Filippov quokkaword") == ["Memorandum on quokkaword"]  # found by a variant of the author
    page = Client().get("/documents/new/1").content.decode()
    assert "The scan" in page
    assert "PDF" in page


def test_an_upload_that_is_not_what_it_claims_is_refused(
    signed_in: Callable[[User], Client], editor: User, sample: Any
) -> None:
    client = signed_in(editor)
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    fake = SimpleUploadedFile("scan.pdf", make_image("PNG"), "application/pdf")
    values.update({"attachments-TOTAL_FORMS": "1", "attachments-0-position": "0", "attachments-0-upload": fake})
    response = client.post(CHANGE, values)
    assert response.status_code == 200
    assert "scan.pdf claims to be application/pdf but is image/png" in response.content.decode()


def test_editing_an_authoritys_names(
    signed_in: Callable[[User], Client], editor: User, sample: Any, index: SearchIndex
) -> None:
    client = signed_in(editor)
    url = "/staff/records/authority/person/stalin/change/"
    values = form_values(client.get(url).content.decode(), "authority_form")
    total = int(values["names-TOTAL_FORMS"])
    values.update({f"names-{total}-name": "Koba", f"names-{total}-position": "9", "names-TOTAL_FORMS": str(total + 1)})
    assert client.post(url, values).status_code == 302
    Indexer(index).catch_up()
    assert "Hand-delivered letter, Filippov (Stalin) to Mao Zedong" in titles("Koba")
    names = list(Authority.objects.get(pk="person/stalin").names.values_list("name", flat=True))
    assert names[0] == "Stalin, Joseph"
    assert "Koba" in names
    assert "Сталин" in names  # listed names are kept


def test_merging_authorities_through_the_action(signed_in: Callable[[User], Client], editor: User, sample: Any) -> None:
    client = signed_in(editor)
    Authority.objects.create(id="person/j-stalin", kind="person", name="J. Stalin")
    data = {"action": "merge", "_selected_action": ["person/j-stalin"]}
    form = client.post("/staff/records/authority/", data)
    assert "Merge into" in form.content.decode()
    done = client.post("/staff/records/authority/", {**data, "target": "person/stalin"}, follow=True)
    assert "Merged 1 into Stalin, Joseph" in done.content.decode()
    assert not Authority.objects.filter(pk="person/j-stalin").exists()
    assert Client().get("/people/j-stalin").status_code == 301


@sqlite_only
def test_an_import_is_one_change_set_named_after_its_file(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    database = sqlite3.connect(tmp_path / "readingroom.sqlite3")
    sets = database.execute("SELECT kind, label, id FROM records_changeset").fetchall()
    assert [(kind, label) for kind, label, _ in sets] == [("import", "import of seed.jsonl")]
    revised = database.execute(
        "SELECT DISTINCT subject, subject_id FROM records_revision WHERE changeset_id = ?", sets[0][2:]
    )
    stored = database.execute(
        "SELECT 'document', id FROM records_document UNION SELECT 'authority', id FROM records_authority"
    )
    assert set(revised.fetchall()) == set(stored.fetchall())  # every record, those made from names included


def test_staff_see_restricted_documents_marked_and_readers_do_not(
    signed_in: Callable[[User], Client], editor: User, load: Callable[..., Any]
) -> None:
    load([{"id": "secret/1", "title": "Marker kiwiword", "access": "restricted"}])
    assert Client().get("/documents/secret/1").status_code == 404
    assert "Marker kiwiword" not in Client().get("/search", {"q": "kiwiword"}).content.decode()
    client = signed_in(editor)
    page = client.get("/documents/secret/1").content.decode()
    assert "only signed-in staff see this document" in page
    assert "Edit this document" in page
    results = client.get("/search", {"q": "kiwiword"}).content.decode()
    assert "Marker kiwiword" in results
    assert "restricted and unpublished documents are included here" in results
    export = client.get("/search/export.csv", {"q": "kiwiword"})
    assert "kiwiword" not in b"".join(export.streaming_content).decode()


def test_hostile_html_in_records_is_shown_as_text_on_the_staff_site(
    signed_in: Callable[[User], Client], admin_user: User, load: Callable[..., Any], home: Path
) -> None:
    scan = "<img src=y onerror=alert(3)>.pdf"
    (home / scan).write_bytes(make_pdf(["scan"]))
    report = load(
        [
            {"kind": "person", "id": "person/x", "name": "<img src=x onerror=alert(1)>", "variants": ["<b>v</b>"]},
            {
                "id": "x/1",
                "title": "<script>alert(2)</script>",
                "summary": "<svg onload=alert(4)>",
                "authors": ["person/x"],
                "attachments": [{"path": scan}],
            },
        ]
    )
    assert report.rejected == 0, report.rejections
    client = signed_in(admin_user)
    for url in [
        "/staff/records/document/",
        "/staff/records/document/x/1/change/",
        "/staff/records/document/x/1/history/",
        "/staff/records/authority/person/x/change/",
        "/documents/x/1",
        "/documents/x/1/attachments/1",
        "/people/x",
        "/search?q=alert",
    ]:
        page = client.get(url).content.decode()
        for hostile in ["<script>alert(2)", "<img src=x onerror", "<b>v</b>", "<img src=y onerror", "<svg onload"]:
            assert hostile not in page, (url, hostile)


def test_forms_need_the_csrf_token(editor: User, sample: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    values = form_values(client.get(CHANGE).content.decode(), "document_form")
    values.pop("csrfmiddlewaretoken")
    assert client.post(CHANGE, {**values, "title": "Forged"}).status_code == 403
    assert Document.objects.get(pk=DOCUMENT).title != "Forged"


def test_security_headers(client: Client, sample: Any) -> None:
    page = client.get("/search")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in page
    assert client.get("/search", secure=True)["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_page_has_an_inline_script(signed_in: Callable[[User], Client], admin_user: User, sample: Any) -> None:
    """CSP refuses inline scripts: none may be needed, on the public pages or the staff site."""
    client = signed_in(admin_user)
    for url in ["/", "/search?q=Stalin", f"/documents/{DOCUMENT}", "/people/stalin", "/staff/", CHANGE]:
        page = client.get(url).content.decode()
        scripts = [chunk.split(">", 1)[0] for chunk in page.split("<script")[1:]]
        assert all("src=" in tag or "application/json" in tag or "application/ld+json" in tag for tag in scripts), (
            url,
            scripts,
        )


@sqlite_only
def test_createtoken_prints_a_key_once(tmp_path: Path) -> None:
    run_cli("createuser", "edith", "--role", "editor", home=tmp_path, input=PASSWORD + "\n")
    key = run_cli("createtoken", "edith", "--label", "nightly", home=tmp_path).stdout.strip()
    assert len(key) >= 40
    missing = run_cli("createtoken", "nobody", home=tmp_path, check=False)
    assert "no active staff account 'nobody'" in missing.stderr
    assert json.dumps(key) not in (tmp_path / "readingroom.sqlite3").read_bytes().decode("latin-1")


def test_the_history_lists_change_sets_that_changed_something(
    signed_in: Callable[[User], Client], admin_user: User, sample: Any
) -> None:
    """An import killed before its first batch committed leaves its change set empty: it is not listed."""
    ChangeSet.objects.create(kind=ChangeSet.Kind.IMPORT, label="import of killed-before-any-batch.jsonl")
    page = signed_in(admin_user).get("/staff/records/changeset/").content.decode()
    assert "import of killed-before-any-batch.jsonl" not in page
    assert "import of seed.jsonl" in page


def test_probable_duplicates_are_offered_for_merging(
    signed_in: Callable[[User], Client], editor: User, sample: Any
) -> None:
    client = signed_in(editor)
    Authority.objects.create(id="person/j-stalin", kind="person", name="J. Stalin")
    NameVariant.objects.create(authority_id="person/j-stalin", name="Filippov", key="filippov", position=1)
    assert "Probable duplicates" in client.get("/staff/records/authority/").content.decode()
    page = client.get("/staff/records/authority/duplicates/").content.decode()
    assert "<code>person/j-stalin</code>" in page
    assert "<code>person/stalin</code>" in page
    done = client.post("/staff/records/authority/", form_values(page), follow=True)
    assert "Merged 1 into Stalin, Joseph" in done.content.decode()
    assert not Authority.objects.filter(pk="person/j-stalin").exists()
    assert "No probable duplicates." in client.get("/staff/records/authority/duplicates/").content.decode()
