"""CSL-JSON items rendered in the three styles as citeproc-js renders them (the texts below are citeproc-js 2.4's
output for the same items, style files and locale): date spans, title case, punctuation at quotation marks,
initials, two names joined, and MLA's in-text title only when needed."""

from typing import Any

from readingroom.csl.processor import render

URL = "https://archive.example/documents/span"
SPAN: dict[str, Any] = {
    "id": "span",
    "type": "manuscript",
    "title": "Memorandum of a conversation between the Secretary and the Ambassador, 2:08 p.m.",
    "author": [{"family": "Bohlen", "given": "Charles E. (“Chip”)"}],
    "issued": {"date-parts": [[1955, 7, 16], [1955, 7, 17]]},
    "archive_location": "Source: The copy is labeled “Draft”, was not sent",
    "URL": URL,
}
TITLE = "Memorandum of a Conversation between the Secretary and the Ambassador, 2:08 p.m."
YEARS: dict[str, Any] = {
    "id": "years",
    "type": "manuscript",
    "title": "Letter",
    "author": [{"family": "Nu", "given": "U"}, {"literal": "Department of State"}],
    "issued": {"date-parts": [[1950], [1953]]},
    "URL": URL,
}


def test_a_span_of_days_in_chicago() -> None:
    rendered = render(SPAN, "chicago")
    assert rendered.citation == (
        f"Charles E. (“Chip”) Bohlen, “{TITLE},” July 16–17, 1955, Source: The copy is labeled “Draft”, was not "
        f"sent, {URL}."
    )
    assert rendered.bibliography == (
        f"Bohlen, Charles E. (“Chip”). “{TITLE}” July 16–17, 1955. Source: The copy is labeled “Draft”, was not "
        f"sent. {URL}."
    )


def test_a_span_of_days_in_mla_without_the_title_in_the_text() -> None:
    rendered = render(SPAN, "mla")
    assert rendered.citation == "(Bohlen)"
    assert rendered.bibliography == (
        f"Bohlen, Charles E. (“Chip”). “{TITLE}” 16–17 July 1955, Source: The copy is labeled “Draft”, was not "
        f"sent, {URL}."
    )


def test_a_span_of_days_in_apa_keeps_its_year() -> None:
    rendered = render(SPAN, "apa")
    assert rendered.citation == "(Bohlen, 1955)"
    assert rendered.bibliography == (
        "Bohlen, C. E. (“Chip”). (1955). <i>Memorandum of a conversation between the Secretary and the Ambassador, "
        f"2:08 p.m.</i> (Source: The copy is labeled “Draft”, was not sent). {URL}"
    )


def test_a_span_of_years_and_a_lone_initial() -> None:
    assert render(YEARS, "chicago").citation == f"U. Nu and Department of State, “Letter,” 1950–1953, {URL}."
    assert render(YEARS, "chicago").bibliography == f"Nu, U. and Department of State. “Letter.” 1950–1953. {URL}."
    assert render(YEARS, "mla").citation == "(Nu and Department of State)"
    assert render(YEARS, "apa").bibliography == (f"Nu, U. &amp; Department of State. (1950–1953). <i>Letter</i>. {URL}")


def test_a_comma_goes_inside_the_quotation_that_ends_a_title() -> None:
    item = {"id": "q", "type": "manuscript", "title": "Who lost China?", "URL": URL}
    assert render(item, "chicago").citation == f"“Who Lost China?,” n.d., {URL}."
    assert render({**item, "title": "Ends with etc."}, "chicago").citation == f"“Ends with Etc.,” n.d., {URL}."


def test_editors_stand_in_for_a_missing_author_once() -> None:
    item = {
        "id": "ed",
        "type": "manuscript",
        "title": "Memorandum for the Record",
        "issued": {"date-parts": [[1986]]},
        "original-date": {"date-parts": [[1955, 3, 4]]},
        "container-title": "Foreign Relations of the United States, 1955–1957, China, Volume II",
        "editor": [{"family": "Schwar", "given": "Harriet D."}, {"family": "Glennon", "given": "John P."}],
        "publisher": "United States Government Printing Office",
        "volume": "Document 140",
        "URL": URL,
    }
    volume = "<i>Foreign Relations of the United States, 1955–1957, China, Volume II</i>"
    assert render(item, "chicago").citation == (
        f"Harriet D. Schwar and John P. Glennon, eds., “Memorandum for the Record,” in {volume}, Document 140, "
        f"March 4, 1955; United States Government Printing Office, 1986, {URL}."
    )
    assert render(item, "mla").bibliography == (  # no "edited by" after the editors named first
        f"Schwar, Harriet D., and John P. Glennon, editors. “Memorandum for the Record.” 4 Mar. 1955. {volume}, "
        f"Document 140, United States Government Printing Office, 1986, {URL}."
    )
