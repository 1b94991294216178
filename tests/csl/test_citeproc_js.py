"""The page's Chicago, MLA and APA citations of every demo document (the seed collection and the two FRUS volumes),
compared with what citeproc-js, the CSL processor of Zotero and Mendeley, prints for the page's own CSL-JSON item
with the same style files and locale. The differences allowed are those docs/citing.md lists, with their reasons.

citeproc-js is the npm package `citeproc`, pinned in tests/citeproc-js/package.json and installed beside it by
scripts/test.sh (`npm install --prefix tests/citeproc-js`; node_modules is ignored by git); without Node or that
package the test is skipped, saying so."""

import json
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import citeproc
import pytest
from django.test import Client
from django.urls import reverse

from readingroom.csl.processor import STYLES
from readingroom.records.models import Document
from tests.conftest import PROJECT, SAMPLE

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CITEPROC_JS = PROJECT / "tests" / "citeproc-js"
LOCALE = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        pytest.skip("Node is not installed (apt install nodejs npm): citeproc-js cannot run")
    if not (CITEPROC_JS / "node_modules" / "citeproc").is_dir():
        pytest.skip("citeproc-js is not installed: npm install --prefix tests/citeproc-js (scripts/test.sh does it)")
    return found


def citeproc_js(items: list[dict[str, Any]], style_key: str) -> dict[str, dict[str, str]]:
    """Each item formatted by citeproc-js alone, as a page shows it: {id: {"citation": ..., "bibliography": ...}}."""
    style = resources.files("readingroom.csl").joinpath("styles", STYLES[style_key].file)
    request = {"style": str(style), "locale": str(LOCALE), "items": items}
    result = subprocess.run(
        [node(), str(CITEPROC_JS / "format.js")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return {formatted["id"]: formatted for formatted in json.loads(result.stdout)}


def page_citations(client: Client, document_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document's CSL-JSON item, as its citation file gives it, and the citations its page shows, by style."""
    item = client.get(reverse("document-citation", args=[document_id, "json"])).json()[0]
    page = client.get(reverse("document", args=[document_id]))
    return item, {citation.key: citation for citation in page.context["citations"]}


def test_every_demo_document_is_cited_as_citeproc_js_cites_it(load: Callable[..., Any], client: Client) -> None:
    node()
    load(SAMPLE, SAMPLE.parent / "frus")
    items, shown = [], {}
    for document_id in Document.objects.order_by("id").values_list("id", flat=True):
        item, citations = page_citations(client, document_id)
        items.append(item)
        shown[item["id"]] = citations
    differences = []
    for key in STYLES:
        expected = citeproc_js(items, key)
        for item in items:
            page = shown[item["id"]][key]
            for form in ("citation", "bibliography"):
                # citeproc-js writes "&" as "&#38;", the page as "&amp;": the same character
                if str(getattr(page, form)) != expected[item["id"]][form].replace("&#38;", "&amp;"):
                    differences.append(
                        f"{item['id']} {key} {form}:\n  page:        {getattr(page, form)}\n"
                        f"  citeproc-js: {expected[item['id']][form]}"
                    )
    assert len(items) > 600
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:40])
