"""Citations of documents with full, partial, approximate and missing dates and with no author, in the Chicago,
MLA and APA styles, checked against the whole expected text; and the CSL-JSON items they are rendered from."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from readingroom.records.citations import StyledCitation, csl_date, csl_item, csl_name, document_citations
from readingroom.records.mapping import documents_with_relations
from readingroom.records.models import Authority, Document

pytestmark = pytest.mark.django_db

ACCESSED = date(2026, 5, 1)
SITE = "https://archive.example/documents/"
TITLE = "Telegram From the Embassy in the Republic of China to the Department of State"
FRUS = "<i>Foreign Relations of the United States, 1955–1957, Volume II, China</i>"
TELEGRAM = {
    "title": TITLE,
    "type": "Telegram",
    "authors": ["person/rankin"],
    "recipients": ["org/state"],
    "source": {
        "repository": "National Archives",
        "citation": "Department of State, Central Files, 793.00/1–355.",
        "publication": "Foreign Relations of the United States, 1955–1957, Volume II, China",
    },
}
DATES = {"full": "1955-01-03", "month": "1955-01", "year": "1955", "approximate": "1950~"}


@pytest.fixture
def telegrams(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/rankin", "name": "Rankin, Karl L."},
            {"kind": "person", "id": "person/zhou", "name": "Zhou Enlai"},
            {"kind": "organization", "id": "org/state", "name": "Department of State"},
            *({**TELEGRAM, "id": f"cite/{key}", "date": value} for key, value in DATES.items()),
            {**TELEGRAM, "id": "cite/undated"},
            {**TELEGRAM, "id": "cite/anonymous", "date": "1955-01-03", "authors": [], "recipients": []},
            {
                "id": "cite/zhou",
                "title": "Report, Zhou Enlai to the Chairman [Mao Zedong]",
                "date": "1952-09-22",
                "type": "Report",
                "authors": ["person/zhou"],
            },
        ]
    )


def document(document_id: str) -> Document:
    return documents_with_relations(Document.objects.filter(pk=document_id)).get()


def cited(document_id: str) -> dict[str, StyledCitation]:
    citations = document_citations(document(document_id), SITE + document_id, ACCESSED)
    return {citation.key: citation for citation in citations}


def test_a_fully_dated_telegram_in_each_style(telegrams: None) -> None:
    url = SITE + "cite/full"
    citations = cited("cite/full")
    assert citations["chicago"].citation == (
        f"Karl L. Rankin, “{TITLE},” Telegram, in {FRUS}, January 3, 1955, Department of State, Central Files, "
        f"793.00/1–355, National Archives, {url}."
    )
    assert citations["chicago"].bibliography == (
        f"Rankin, Karl L. “{TITLE}.” Telegram. In {FRUS}. January 3, 1955. Department of State, Central Files, "
        f"793.00/1–355. National Archives. {url}."
    )
    assert citations["mla"].citation == "(Rankin)"  # MLA adds the title only to tell two works apart
    assert citations["mla"].bibliography == (
        f"Rankin, Karl L. “{TITLE}.” Telegram. {FRUS}, 3 Jan. 1955, National Archives, Department of State, "
        f"Central Files, 793.00/1–355, {url}."
    )
    assert citations["apa"].citation == "(Rankin, 1955)"
    assert citations["apa"].bibliography == (
        f"Rankin, K. L. (1955). {TITLE} [Telegram]. In {FRUS}. National Archives (Department of State, Central "
        f"Files, 793.00/1–355). {url}"
    )
    assert [(c.name, c.citation_label, c.bibliography_label) for c in citations.values()] == [
        ("Chicago (notes and bibliography)", "Note", "Bibliography"),
        ("MLA", "In-text citation", "Works cited"),
        ("APA", "In-text citation", "Reference list"),
    ]


@pytest.mark.parametrize(
    ("key", "chicago", "mla", "apa"),
    [
        ("month", "In {FRUS}. January 1955. Department", "{FRUS}, Jan. 1955, National", "Rankin, K. L. (1955). "),
        ("year", "In {FRUS}. 1955. Department", "{FRUS}, 1955, National", "Rankin, K. L. (1955). "),
        # approximate: Chicago brackets a guessed date with a question mark (CMOS 18 14.44); APA writes "ca."
        ("approximate", "In {FRUS}. [1950?]. Department", "{FRUS}, Circa 1950, National", "Rankin, K. L. (ca. 1950). "),
    ],
)
def test_partial_and_approximate_dates(telegrams: None, key: str, chicago: str, mla: str, apa: str) -> None:
    citations = cited(f"cite/{key}")
    assert chicago.format(FRUS=FRUS) in citations["chicago"].bibliography
    assert mla.format(FRUS=FRUS) in citations["mla"].bibliography
    assert citations["apa"].bibliography.startswith(apa)
    assert citations["apa"].citation == f"(Rankin, {'ca. 1950' if key == 'approximate' else '1955'})"


def test_an_approximate_date_in_a_chicago_note_follows_the_title_after_a_space(telegrams: None) -> None:
    # CMOS 18 14.127: a bracketed date is set off by a space, not a comma
    assert f"in {FRUS} [1950?], Department of State" in cited("cite/approximate")["chicago"].citation


def test_an_undated_document_says_n_d_and_when_it_was_seen(telegrams: None) -> None:
    url = SITE + "cite/undated"
    citations = cited("cite/undated")
    assert citations["chicago"].citation == (
        f"Karl L. Rankin, “{TITLE},” Telegram, in {FRUS}, n.d., Department of State, Central Files, 793.00/1–355, "
        f"National Archives, accessed May 1, 2026, {url}."
    )
    assert citations["mla"].bibliography.endswith(f"793.00/1–355, {url}. Accessed 1 May 2026.")
    assert citations["apa"].citation == "(Rankin, n.d.)"
    assert citations["apa"].bibliography == (
        f"Rankin, K. L. (n.d.). {TITLE} [Telegram]. In {FRUS}. National Archives (Department of State, Central "
        f"Files, 793.00/1–355). Retrieved May 1, 2026, from {url}"
    )


def test_a_document_with_no_author_starts_with_its_title_once(telegrams: None) -> None:
    url = SITE + "cite/anonymous"
    citations = cited("cite/anonymous")
    assert citations["chicago"].citation == (
        f"“{TITLE},” Telegram, in {FRUS}, January 3, 1955, Department of State, Central Files, 793.00/1–355, "
        f"National Archives, {url}."
    )
    assert citations["chicago"].bibliography == (
        f"“{TITLE}.” Telegram. In {FRUS}. January 3, 1955. Department of State, Central Files, 793.00/1–355. "
        f"National Archives. {url}."
    )
    assert citations["mla"].citation == f"(“{TITLE}”)"
    assert citations["mla"].bibliography.startswith(f"“{TITLE}.” Telegram. {FRUS}, 3 Jan. 1955,")
    # APA puts the title in the author's place and leaves the description after the date (APA 7 9.12)
    assert citations["apa"].citation == f"(“{TITLE},” 1955)"
    assert citations["apa"].bibliography.startswith(f"{TITLE}. (1955). [Telegram]. In {FRUS}.")
    for citation in citations.values():
        assert citation.bibliography.count(TITLE) == 1


def test_a_name_in_its_own_order_is_not_inverted(telegrams: None) -> None:
    url = SITE + "cite/zhou"
    citations = cited("cite/zhou")
    assert citations["chicago"].citation == (
        f"Zhou Enlai, “Report, Zhou Enlai to the Chairman [Mao Zedong],” Report, September 22, 1952, {url}."
    )
    assert citations["chicago"].bibliography.startswith("Zhou Enlai. “Report,")
    assert citations["apa"].bibliography == (
        f"Zhou Enlai. (1952). <i>Report, Zhou Enlai to the Chairman [Mao Zedong]</i> [Report]. {url}"
    )


def test_the_csl_json_item(telegrams: None) -> None:
    assert csl_item(document("cite/full"), SITE + "cite/full", ACCESSED) == {
        "id": "cite/full",
        "type": "manuscript",
        "title": TITLE,
        "author": [{"family": "Rankin", "given": "Karl L."}],
        "recipient": [{"literal": "Department of State"}],
        "issued": {"date-parts": [[1955, 1, 3]]},
        "genre": "Telegram",
        "archive": "National Archives",
        "archive_location": "Department of State, Central Files, 793.00/1–355",
        "container-title": "Foreign Relations of the United States, 1955–1957, Volume II, China",
        "URL": SITE + "cite/full",
        "accessed": {"date-parts": [[2026, 5, 1]]},
    }
    undated = csl_item(document("cite/undated"), SITE + "cite/undated", ACCESSED)
    assert "issued" not in undated


@pytest.mark.parametrize(
    ("edtf", "expected"),
    [
        ("1955-01-03", {"date-parts": [[1955, 1, 3]]}),
        ("1955-01", {"date-parts": [[1955, 1]]}),
        ("1955", {"date-parts": [[1955]]}),
        ("1952-XX", {"date-parts": [[1952]]}),
        ("1952-09-22T14:30", {"date-parts": [[1952, 9, 22]]}),
        ("1950~", {"date-parts": [[1950]], "circa": True}),
        ("1952-09?", {"date-parts": [[1952, 9]], "circa": True}),
        ("1950/1953", {"date-parts": [[1950], [1953]]}),
        ("1950-03/1950-05~", {"date-parts": [[1950, 3], [1950, 5]], "circa": True}),
        ("195X", {"literal": "1950s"}),
        ("1950/..", {"literal": "1950 or later"}),
        ("1953-02-30", {"literal": "1953-02-30"}),  # not a date: as written
        ("", None),
        ("  ", None),
    ],
)
def test_edtf_dates_as_csl_dates(edtf: str, expected: dict[str, Any] | None) -> None:
    assert csl_date(edtf) == expected


def test_a_range_from_a_day_to_a_year_is_cited_to_the_year(load: Callable[..., Any]) -> None:
    load([{"id": "cite/mixed", "title": "Diary", "date": "1955-07-16/1956"}])
    item = csl_item(document("cite/mixed"), SITE + "cite/mixed", ACCESSED)
    assert item["issued"] == {"date-parts": [[1955], [1956]]}  # citeproc-js refuses mixed precision in a range
    assert cited("cite/mixed")["chicago"].bibliography == f"“Diary.” 1955–1956. {SITE}cite/mixed."


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("person", "Rankin, Karl L.", {"family": "Rankin", "given": "Karl L."}),
        ("person", "King, Martin Luther, Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("person", "Zhou Enlai", {"literal": "Zhou Enlai"}),
        ("person", "Filippov", {"literal": "Filippov"}),
        ("person", "Smith, A., B., C.", {"literal": "Smith, A., B., C."}),
        (
            "organization",
            "Department of State, Policy Planning Staff",
            {"literal": "Department of State, Policy Planning Staff"},
        ),
    ],
)
def test_names_as_csl_names(kind: str, name: str, expected: dict[str, str]) -> None:
    assert csl_name(Authority(id="a", kind=kind, name=name)) == expected


def test_any_document_id_can_be_cited(load: Callable[..., Any]) -> None:
    load([{"id": "FRUS/Doc-1.A:b", "title": "Upper-case Id", "date": "1955"}])
    # no container: italics; title case as citeproc-js writes it
    assert cited("FRUS/Doc-1.A:b")["apa"].citation == "(<i>Upper-Case Id</i>, 1955)"


def test_hostile_html_in_stored_text_is_escaped(load: Callable[..., Any]) -> None:
    load(
        [
            {"kind": "person", "id": "person/evil", "name": "<b>Evil</b>, <img src=x onerror=alert(1)>"},
            {
                "id": "t/evil",
                "title": "<script>alert(2)</script> & more",
                "date": "1955",
                "authors": ["person/evil"],
                "type": "<i>Memo</i>",
                "source": {"repository": "</span><script>", "citation": "&lt;already escaped&gt;"},
            },
        ]
    )
    for citation in cited("t/evil").values():
        for text in (citation.citation, citation.bibliography):
            assert "<script" not in text
            assert "<img" not in text
            assert "<b>" not in text
            assert "</span>" not in text
    chicago = cited("t/evil")["chicago"].bibliography
    # title case is the style's, applied as citeproc-js applies it (a word after a slash is capitalised)
    assert "“&lt;script&gt;alert(2)&lt;/Script&gt; &amp; More.”" in chicago
    assert "<i>Memo</i>" not in chicago
    assert "&lt;i&gt;Memo&lt;/i&gt;" in chicago
    assert "&amp;lt;already escaped&amp;gt;" in chicago  # shown as the characters that were stored
