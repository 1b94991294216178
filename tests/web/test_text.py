from readingroom.ingest.pages import page_at, page_span
from readingroom.web.text import Segment, paragraphs


def test_paragraphs_carry_page_markers_and_withheld_passages() -> None:
    text = "First paragraph.\n\nSecond [1 paragraph (5 lines) not declassified] starts.\n\nThird."
    extra = {"pages": [{"n": "130", "offset": 0}, {"n": "131", "offset": text.index("starts")}]}
    assert paragraphs(text, extra) == [
        [Segment("page", "130"), Segment("text", "First paragraph.")],
        [
            Segment("text", "Second "),
            Segment("withheld", "[1 paragraph (5 lines) not declassified]"),
            Segment("text", " "),
            Segment("page", "131"),
            Segment("text", "starts."),
        ],
        [Segment("text", "Third.")],
    ]
    assert page_span(extra) == "pp. 130–131"
    assert page_at(extra, text.index("Third")) == "131"
    assert page_at(extra, 3) == "130"


def test_a_page_starting_between_paragraphs_is_marked_on_the_next() -> None:
    text = "One.\n\nTwo."
    assert paragraphs(text, {"pages": [{"n": "7", "offset": 5}]}) == [
        [Segment("text", "One.")],
        [Segment("page", "7"), Segment("text", "Two.")],
    ]


def test_no_pages_known() -> None:
    assert page_span({}) == ""
    assert page_at({"pages": "nonsense"}, 10) is None
    assert paragraphs("Only text.", {}) == [[Segment("text", "Only text.")]]
