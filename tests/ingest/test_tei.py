"""Reading FRUS volumes (TEI P5): the two volumes the project ships, small made-up volumes, and the whole corpus."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from readingroom.dates.edtf import parse_edtf
from readingroom.ingest.records import AuthorityRecord, DocumentRecord
from readingroom.ingest.tei import DocumentProblem, TEIError, Volume, looks_like_tei, read_volume

PROJECT = Path(__file__).resolve().parents[2]
SAMPLES = PROJECT / "src" / "readingroom" / "samples" / "frus"
CHINA = SAMPLES / "frus1955-57v02.xml"
INDONESIA = SAMPLES / "frus1958-60v17.xml"
CORPUS = PROJECT.parent / "shared" / "corpus" / "frus" / "volumes"
TEI_NS = {"t": "http://www.tei-c.org/ns/1.0"}
WITHHELD = re.compile(r"\[[^\[\]]*not declassified[^\[\]]*\]")

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared FRUS corpus is absent (expected at {CORPUS})"
)


@pytest.fixture(scope="module")
def china() -> Volume:
    return read_volume(CHINA)


@pytest.fixture(scope="module")
def indonesia() -> Volume:
    return read_volume(INDONESIA)


def document(volume: Volume, xml_id: str) -> DocumentRecord:
    return next(record for record in volume.documents if record.id == f"{volume.id}/{xml_id}")


def divs_in(path: Path) -> int:
    parser = etree.XMLParser(collect_ids=False, huge_tree=True)
    return len(etree.parse(str(path), parser).xpath('//t:div[@type="document"]', namespaces=TEI_NS))


def write_volume(tmp_path: Path, body: str, persons: str = "", name: str = "frus-test.xml") -> Path:
    """A small volume in the FRUS markup: a titleStmt, an optional list of persons, then the documents."""
    path = tmp_path / name
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/ns/1.0">
<teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations, Test Volume</title>
<title type="series">Foreign Relations of the United States</title>
<title type="subseries">1955–1957</title>
<title type="volumenumber">Volume XCIX</title>
<title type="volume">Testland</title>
</titleStmt></fileDesc></teiHeader>
<text><front><div type="section" xml:id="persons"><head>List of Persons</head><list type="names">{persons}</list></div>
</front><body><div type="chapter" xml:id="ch1"><head>Chapter</head>
<pb n="7" xml:id="pg_7"/>
{body}
</div></body></text></TEI>
""",
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------------------------------------------------------------
# The shipped volumes


@pytest.mark.parametrize("path", [CHINA, INDONESIA], ids=lambda path: path.stem)
def test_every_document_of_a_shipped_volume_is_read(path: Path) -> None:
    volume = read_volume(path)
    assert len(volume.documents) == divs_in(path) - len(volume.problems)
    assert volume.problems == []
    assert volume.warnings == []
    assert len({record.id for record in volume.documents}) == len(volume.documents)
    for record in volume.documents:
        assert record.languages == ["en"]
        assert record.collections == [f"collection/{volume.id}"]
        assert record.access == "public"
        if record.date is not None:
            parse_edtf(record.date)


def test_the_collection_is_named_after_the_volume(china: Volume, indonesia: Volume) -> None:
    assert china.id == "frus1955-57v02"
    assert china.title == "Foreign Relations of the United States, 1955–1957, Volume II, China"
    assert china.authorities[0] == AuthorityRecord(
        kind="collection",
        id="collection/frus1955-57v02",
        name="Foreign Relations of the United States, 1955–1957, Volume II, China",
        extra={
            "series": "Foreign Relations of the United States",
            # the volume's imprint, from its TEI header, as a citation names it
            "publication": {
                "title": "Foreign Relations of the United States, 1955–1957, China, Volume II",
                "editors": ["Harriet D. Schwar", "John P. Glennon"],
                "publisher": "United States Government Printing Office",
                "place": "Washington",
                "year": "1986",
            },
        },
    )
    assert indonesia.title == "Foreign Relations of the United States, 1958–1960, Volume XVII, Indonesia"


def test_the_list_of_persons_becomes_person_authorities(china: Volume, indonesia: Volume) -> None:
    people = {record.id: record for record in china.authorities if record.kind == "person"}
    offices = [a for a in china.authorities if a.kind == "organization"]
    assert len(people) == 118 == len(china.authorities) - 1 - len(offices)
    assert {"organization/department-of-state", "organization/embassy-in-the-republic-of-china"} <= {
        a.id for a in offices
    }
    assert people["person/frus1955-57v02/p_CE1"] == AuthorityRecord(
        kind="person",
        id="person/frus1955-57v02/p_CE1",
        name="Chou En-lai",
        description="Premier and Foreign Minister of the People’s Republic of China",
    )
    assert people["person/frus1955-57v02/p_AWW1"].name == "Aldrich, Winthrop W."  # the initial keeps its period
    assert people["person/frus1955-57v02/p_AWW1"].description == "Ambassador to the United Kingdom to February 1957"
    assert all(record.description for record in people.values())
    zhou = next(record for record in indonesia.authorities if record.id == "person/frus1958-60v17/p_ZECE1")
    assert (zhou.name, zhou.description) == (
        "Chou En-lai",
        "Prime Minister and Minister of Foreign Affairs, People’s Republic of China",
    )


def test_document_42_of_the_china_volume(china: Volume) -> None:
    record = document(china, "d42")
    assert record.title == "Memorandum of a Conversation, Department of State, Washington, January 26, 1955"
    assert record.date == "1955-01-26"
    assert record.type == "Memorandum of Conversation"
    assert record.extra["number"] == "42"
    assert record.people == [
        f"person/frus1955-57v02/{pid}"
        for pid in ("p_SSRH1", "p_KDMK1", "p_WDW1", "p_SWJ1", "p_ESA1", "p_BCE1", "p_CE1")
    ]
    assert record.source.citation == (
        "Department of State, ROC Files: Lot 71 D 517, 1954–1955, Offshore Islands. Secret. Drafted by Bond."
    )
    assert (
        record.source.publication == "Foreign Relations of the United States, 1955–1957, Volume II, China, Document 42"
    )
    assert record.source.url == "https://history.state.gov/historicaldocuments/frus1955-57v02/d42"
    assert record.source.repository == ""
    assert record.extra["classification"] == "Secret"
    assert record.extra["drafter"] == "Bond"
    subject = "Submission to UN Security Council of Question of Cessation of Hostilities in Chinese Off-Shore Islands"
    assert record.topics == [subject]
    assert record.summary == subject
    # the document follows <pb n="129"/> and breaks onto pages 130 (in the list of participants), 131 and 132
    pages = record.extra["pages"]
    assert [page["n"] for page in pages] == ["129", "130", "131", "132"]
    assert pages[0]["offset"] == 0
    assert record.text[pages[1]["offset"] :].startswith("Mr. Hunter Wade, First Secretary")
    assert record.text[pages[2]["offset"] :].startswith("why this would not in our view be advisable.")
    assert record.extra["withheld"] == 0


def test_people_are_the_persons_list_entries_the_document_points_to(china: Volume) -> None:
    tree = etree.parse(str(CHINA), etree.XMLParser(collect_ids=False, huge_tree=True))
    for record in china.documents[:60]:
        xml_id = record.id.split("/")[1]
        pointers = tree.xpath(f'//t:div[@xml:id="{xml_id}"]//t:persName/@corresp', namespaces=TEI_NS)
        expected = list(dict.fromkeys(f"person/frus1955-57v02/{pointer.lstrip('#')}" for pointer in pointers))
        assert record.people == expected


def test_footnotes_are_kept_apart_from_the_text(china: Volume) -> None:
    record = document(china, "d42")
    footnotes = record.extra["footnotes"]
    assert [note["n"] for note in footnotes] == ["2", "3", "4", "5", "6"]  # note 1 is the source note
    assert footnotes[0] == {
        "n": "2",
        "text": "Michael G.L. Joy, First Secretary, British Embassy.",
        "offset": record.text.index("\n\nMr. George Laking"),  # after "Mr. M.G.L. Joy, British Embassy"
    }
    assert "Michael G.L. Joy" not in record.text
    assert "Mr. M.G.L. Joy, British Embassy\n\nMr. George Laking" in record.text
    assert "Source:" not in record.text
    assert "ROC Files" not in record.text
    assert footnotes[3]["text"].startswith("The agreed draft resolution, attached as Annex B")
    assert "\n\n“The Security Council\n\n" in footnotes[3]["text"]  # a footnote's paragraphs stay paragraphs
    for record in china.documents:
        for note in record.extra["footnotes"]:
            if len(note["text"]) > 60:
                assert note["text"] not in record.text, record.id


def test_the_text_is_paragraphs_of_normalised_lines(indonesia: Volume) -> None:
    record = document(indonesia, "d2")
    paragraphs = record.text.split("\n\n")
    assert paragraphs[:4] == ["Washington, January 2, 1958, 5 p.m.", "INDONESIA", "PRESENT", "Department"]
    assert "[name not declassified]" in paragraphs
    for record in indonesia.documents:
        assert "  " not in record.text, record.id
        assert "\n\n\n" not in record.text, record.id
        assert record.text == record.text.strip()
        assert not record.text.startswith(record.title)


def test_a_document_with_a_time_and_withheld_passages(indonesia: Volume) -> None:
    record = document(indonesia, "d2")
    assert record.title == "Memorandum of Conversation"
    assert record.date == "1958-01-02T17:00:00"
    assert record.type == "Memorandum of Conversation"
    assert record.source.citation.startswith("Department of State, Central Files, 756D.00/1–658. Secret.")
    assert record.extra["classification"] == "Secret"
    assert record.extra["place_of_writing"] == "Washington"
    assert record.people[:3] == [f"person/frus1958-60v17/{pid}" for pid in ("p_RWS1", "p_JHP1", "p_MJG1")]
    assert [page["n"] for page in record.extra["pages"]] == ["4", "5", "6"]  # <pb n="4"/> ends document 1
    # "[name not declassified]", "[1 line of source text not declassified]", "[2-1/2 lines of ... not declassified]"
    assert record.extra["withheld"] == 3


def test_withheld_passages_are_counted_in_text_title_and_footnotes(indonesia: Volume) -> None:
    record = document(indonesia, "d107")
    assert record.extra["withheld"] == 8 == len(WITHHELD.findall(record.text))
    assert "[1 paragraph (5 lines of source text) not declassified]" in record.text.split("\n\n")
    withheld = [record for record in indonesia.documents if record.extra["withheld"]]
    assert len(withheld) == 47
    for record in indonesia.documents:
        texts = [record.text, record.title, *(note["text"] for note in record.extra["footnotes"])]
        assert record.extra["withheld"] == sum(len(WITHHELD.findall(text)) for text in texts)


def test_authors_and_recipients_come_from_the_title(china: Volume) -> None:
    record = document(china, "d41")  # Letter From President Eisenhower to Prime Minister Churchill
    assert record.type == "Letter"
    assert record.authors == ["person/frus1955-57v02/p_EDD1"]
    assert record.recipients == ["person/frus1955-57v02/p_CSWS1"]


def test_editorial_notes_are_undated(china: Volume, indonesia: Volume) -> None:
    for volume in (china, indonesia):
        notes = [record for record in volume.documents if record.type == "Editorial Note"]
        assert notes
        assert all(record.date is None for record in notes)
        undated = sum(record.date is None for record in volume.documents)
        assert undated < len(volume.documents) / 5


def test_the_dates_of_the_china_volume_as_written(china: Volume) -> None:
    # <date from="1955-01-26" to="1955-01-27">January 26 [27], 1955</date>
    assert document(china, "d43").date == "1955-01-26/1955-01-27"
    # <date from="1955-07-16" to="1955-07-17T00:00:00">July 16/17, 1955—midnight</date>
    assert document(china, "d307").date == "1955-07-16/1955-07-17T00:00:00"
    # a dateline without a date element: "Washington, March 26, 1955—4:41 p.m."
    assert document(china, "d171").date == "1955-03-26"
    undated = document(china, "d110")  # "[London, undated.]"
    assert undated.date is None
    assert undated.extra["place_of_writing"] == "London"


def test_looks_like_tei(tmp_path: Path) -> None:
    assert looks_like_tei(CHINA)
    other = tmp_path / "records.jsonl"
    other.write_text('{"kind": "document", "id": "a", "title": "TEI"}\n')
    assert not looks_like_tei(other)
    assert not looks_like_tei(tmp_path / "missing.xml")
    bare = tmp_path / "bare.xml"
    bare.write_text("<?xml version='1.0'?>\n<TEI><text/></TEI>")
    assert looks_like_tei(bare)


# ---------------------------------------------------------------------------------------------------------------------
# Made-up volumes


def test_a_file_that_is_not_well_formed_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "frus-broken.xml"
    path.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><p>open</text>\n</TEI>\n')
    with pytest.raises(TEIError, match=r"^frus-broken\.xml: not well-formed XML: .+ \(line 3\)$"):
        read_volume(path)


def test_a_truncated_volume_is_not_well_formed(tmp_path: Path) -> None:
    path = tmp_path / "frus1955-57v02.xml"
    text = CHINA.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(TEIError, match=r"^frus1955-57v02\.xml: not well-formed XML: .+ \(line \d+\)$"):
        read_volume(path)


def test_a_file_that_is_not_tei_or_has_no_documents(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<person><id>1</id></person>")
    with pytest.raises(TEIError, match=r"^other\.xml: not a TEI P5 document"):
        read_volume(other)
    with pytest.raises(TEIError, match="no documents"):
        read_volume(write_volume(tmp_path, "<p>Only a preface.</p>"))


def test_a_broken_document_is_a_problem_and_the_rest_are_read(tmp_path: Path) -> None:
    path = write_volume(
        tmp_path,
        """
<div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy</head><p>One.</p></div>
<div type="document" xml:id="d2" n="2"><head>2. <note n="1">Only a footnote.</note></head><p>Two.</p></div>
<div type="document" xml:id="d3" n="3"><p>No head at all.</p></div>
<div type="document" xml:id="d1" n="4"><head>4. Letter</head><p>Same id as document 1.</p></div>
<div type="document" xml:id="d5" n="5"><head>5. Letter From Me</head><p>Five.</p></div>
""",
    )
    volume = read_volume(path)
    assert [record.id for record in volume.documents] == ["frus-test/d1", "frus-test/d5"]
    assert [problem.document for problem in volume.problems] == ["d2", "d3", "d1"]
    assert str(volume.problems[0]).startswith("frus-test.xml, document d2: no title")
    assert "repeats" in volume.problems[2].reason
    assert volume.problems[0] == DocumentProblem("frus-test.xml", "d2", volume.problems[0].reason)


def test_an_invalid_date_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = write_volume(
        tmp_path,
        """
<div type="document" xml:id="d1" n="1"><head>1. Telegram</head>
<dateline><placeName>Paris</placeName>, <date when="1953-02-30">February 30, 1953</date></dateline><p>Text.</p></div>
""",
    )
    volume = read_volume(path)
    [record] = volume.documents
    assert record.date is None
    [warning] = volume.warnings
    assert str(warning).startswith(
        'frus-test.xml, document d1: date "1953-02-30" is not a valid date; imported without'
    )


def test_dates_from_attributes_times_and_text(tmp_path: Path) -> None:
    path = write_volume(
        tmp_path,
        """
<div type="document" xml:id="d1" n="1"><head>1. Telegram</head>
<dateline>Geneva, <date when="1955-08-01T13:00:00Z">August 1, 1955, 1 p.m.</date></dateline></div>
<div type="document" xml:id="d2" n="2"><head>2. Memorandum of Conversation, Washington,
<date when="1956-01-31">January 31, 1956</date>, <time from="10:30:00" to="12:30:00">10:30 a.m.</time></head></div>
<div type="document" xml:id="d3" n="3"><head>3. Report</head>
<dateline>[Washington,] <date from="1955-01-26" to="1955-01-27">January 26 [27], 1955</date>.</dateline></div>
<div type="document" xml:id="d4" n="4"><head>The Ambassador to the Secretary of State</head>
<opener><dateline>Washington, January 14, 1949—2 p. m.</dateline></opener></div>
<div type="document" xml:id="d5" n="5"><head>Paper</head><dateline>London, March 1949.</dateline></div>
<div type="document" xml:id="d6" n="6"><head>Editorial Note</head><p>In January 1950, nothing.</p></div>
""",
    )
    dates = [record.date for record in read_volume(path).documents]
    assert dates == [
        "1955-08-01T13:00:00Z",
        "1956-01-31T10:30:00",
        "1955-01-26/1955-01-27",
        "1949-01-14",
        "1949-03",
        None,
    ]


def test_document_types_prefer_the_earliest_and_most_specific_name(tmp_path: Path) -> None:
    heads = [
        "Memorandum of a Conversation, Department of State",
        "Special National Intelligence Estimate",
        "Letter From the President Transmitting a Memorandum",
        "Memorandum for the Record",
        "Aide-Mémoire From the British Embassy",
        "The Secretary of State to the Embassy in France",
    ]
    body = "".join(
        f'<div type="document" xml:id="d{n}" n="{n}"><head>{n}. {head}</head><p>x</p></div>'
        for n, head in enumerate(heads, start=1)
    )
    body += (
        '<div type="document" xml:id="d9" n="9"><note rend="inline" type="source">751G.00/1–1449: Telegram</note>'
        "<head>The Ambassador in France to the Secretary of State</head><p>x</p></div>"
    )
    types = [record.type for record in read_volume(write_volume(tmp_path, body)).documents]
    assert types == [
        "Memorandum of Conversation",
        "Special National Intelligence Estimate",
        "Letter",
        "Memorandum for the Record",
        "Aide-Mémoire",
        "",
        "Telegram",
    ]


def test_people_authors_places_and_notes_in_a_made_up_volume(tmp_path: Path) -> None:
    persons = """
<item><hi rend="strong"><persName xml:id="p_DJF1">Dulles, John Foster</persName>,</hi> Secretary of State</item>
<item><hi rend="strong"><persName xml:id="p_HHJ1">Hoover, Herbert, Jr.</persName></hi>, Under Secretary</item>"""
    body = """
<div type="document" xml:id="d12" n="12">
<head>12. Telegram From the <persName corresp="#p_DJF1" type="from">Secretary of State</persName> to the
<gloss type="to">Embassy in the United Kingdom</gloss><note n="1" xml:id="d12fn1" type="source">Source: Central
Files, 793.00/1–2655. Top Secret; Niact. Drafted by Walter P. McConaughy and approved by
<persName corresp="#p_HHJ1">Hoover</persName>. [text not declassified]</note></head>
<dateline><placeName>Washington</placeName>, <date when="1955-01-26T19:12:00">January 26, 1955</date></dateline>
<p>First <persName corresp="#p_XYZ1">Nobody</persName> said<note n="2" xml:id="d12fn2">A note
<pb n="8" xml:id="pg_8"/>running on [name not declassified].</note> that <pb n="8" xml:id="pg_8b"/>all
<placeName>Taipei</placeName> was quiet.</p>
<closer>Dulles</closer>
</div>"""
    volume = read_volume(write_volume(tmp_path, body, persons))
    [record] = volume.documents
    assert [a.id for a in volume.authorities] == [
        "collection/frus-test",
        "person/frus-test/p_DJF1",
        "person/frus-test/p_HHJ1",
        "organization/embassy-in-the-united-kingdom",
    ]
    assert volume.authorities[2].name == "Hoover, Herbert, Jr."
    assert volume.authorities[2].description == "Under Secretary"
    assert record.title == "Telegram From the Secretary of State to the Embassy in the United Kingdom"
    assert record.date == "1955-01-26T19:12:00"
    assert record.authors == ["person/frus-test/p_DJF1"]
    assert record.recipients == ["organization/embassy-in-the-united-kingdom"]
    assert record.people == ["person/frus-test/p_DJF1", "person/frus-test/p_HHJ1"]  # p_XYZ1 is not in the list
    assert record.places == ["Washington", "Taipei"]
    assert record.extra["place_of_writing"] == "Washington"
    assert record.extra["classification"] == "Top Secret"
    assert record.extra["drafter"] == "Walter P. McConaughy"
    assert record.text == "Washington, January 26, 1955\n\nFirst Nobody said that all Taipei was quiet.\n\nDulles"
    marker = record.text.index(" that")  # the note's marker stays with the word it follows
    assert record.extra["footnotes"] == [
        {"n": "2", "text": "A note running on [name not declassified].", "offset": marker}
    ]
    assert record.extra["withheld"] == 1  # the one in the source note is not counted
    offset = record.text.index("all Taipei")
    assert record.extra["pages"] == [{"n": "7", "offset": 0}, {"n": "8", "offset": offset}]


def test_a_page_break_at_the_very_start_is_the_first_page(tmp_path: Path) -> None:
    body = """
<div type="document" xml:id="d1" n="1"><head>1. Paper</head><pb n="1" xml:id="d1-01"/><p>Page one.</p>
<p>Still one<note n="1">Footnote<pb n="2" xml:id="d1-02"/>on page two.</note>.</p></div>"""
    [record] = read_volume(write_volume(tmp_path, body)).documents
    assert record.text == "Page one.\n\nStill one."
    # page 7 precedes the document but page 1 starts it; page 2 is reached only by a footnote
    assert record.extra["pages"] == [{"n": "1", "offset": 0}, {"n": "2", "offset": len("Page one.\n\nStill one")}]


def test_lists_tables_and_labels_become_paragraphs(tmp_path: Path) -> None:
    body = """
<div type="document" xml:id="d1" n="1"><head>1. Report</head>
<p>Intro <hi rend="italic">with
   emphasis</hi> (<persName>
   Smith </persName>) .</p>
<list><label>a.</label><item>First item.</item><label>b.</label><item>Second
item.</item></list>
<table><row><cell>Name</cell><cell>1955</cell></row><row><cell>Total</cell><cell>12</cell></row></table>
<quote><p>Quoted.</p></quote>
<closer>Sincerely,<signed>J. Doe</signed></closer>
</div>"""
    [record] = read_volume(write_volume(tmp_path, body)).documents
    assert record.text.split("\n\n") == [
        "Intro with emphasis (Smith).",
        "a. First item.",
        "b. Second item.",
        "Name | 1955",
        "Total | 12",
        "Quoted.",
        "Sincerely,",
        "J. Doe",
    ]


# ---------------------------------------------------------------------------------------------------------------------
# The whole corpus


@pytest.mark.slow
@needs_corpus
def test_every_volume_of_the_corpus_is_read() -> None:
    paths = sorted(CORPUS.glob("*.xml"))
    assert len(paths) == 21
    total = 0
    for path in paths:
        volume = read_volume(path)
        assert len(volume.documents) == divs_in(path) - len(volume.problems), path.name
        assert len({record.id for record in volume.documents}) == len(volume.documents)
        assert sum(record.date is None for record in volume.documents) < len(volume.documents) / 2, path.name
        total += len(volume.documents) + len(volume.problems)
    assert total == 6694


@pytest.mark.slow
@needs_corpus
def test_a_telegram_of_1949_with_its_source_note_before_the_head() -> None:
    record = document(read_volume(CORPUS / "frus1949v07p1.xml"), "d1")
    assert record.title == "The Ambassador in France (Caffery) to the Acting Secretary of State"
    assert record.date == "1949-01-14T14:00:00"
    assert record.type == "Telegram"  # from the source note "851G.00/1–1449: Telegram"
    assert record.source.citation == "851G.00/1–1449: Telegram"
    assert record.extra["classification"] == "Confidential"  # "confidential" in small capitals in the opener
    assert record.authors == ["Caffery"]
    assert record.recipients == ["organization/acting-secretary-of-state"]
    assert record.people == []  # the 1948-1952 volumes have no list of persons
    assert record.extra["place_of_writing"] == "Paris"
    assert record.extra["pages"] == [{"n": "4", "offset": 0}]
    assert record.text.startswith("Paris, January 14, 1949—2 p. m.\n\nconfidential\n\n164. Pignon told me")
    assert [note["n"] for note in record.extra["footnotes"]] == ["2", "3", "4"]
    assert "Léon Pignon" not in record.text


@pytest.mark.slow
@needs_corpus
def test_the_volume_that_repeats_an_xml_id_and_numbers_its_heads() -> None:
    volume = read_volume(CORPUS / "frus1952-54v12p2.xml")
    assert volume.problems == []
    assert document(volume, "d10").title == "Editorial Note"  # <head>No. 10<lb/>Editorial Note</head>
    record = document(volume, "d11")
    assert record.title == "The Chargé in Burma (Day) to the Department of State"
    assert (record.date, record.type, record.extra["classification"]) == ("1952-02-15", "Despatch", "Top Secret")
    assert record.topics == ["Aid to KMT troops in Burma"]


# ---------------------------------------------------------------------------------------------------------------------
# Footnote markers and cross-references

NOTES_AND_REFERENCES = """
<div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy</head>
<p>The Joint Chief<note n="1" xml:id="d1fn1">Inside a word.</note>s met.<note n="2" xml:id="d1fn2">After a
sentence; see <ref target="#d2">Document 2</ref> and <ref target="#d1fn1">footnote 1</ref>.</note> Then
<ref target="frus1955-57v03#d9">Document 9 of volume III</ref> and <ref target="#pg_7">page 7</ref> and
<ref target="#d2">Docu<pb n="8" xml:id="pg_8"/>ment 2</ref>.</p>
</div>
<div type="document" xml:id="d2" n="2"><head>2. Letter From Me</head><p>Two.</p></div>
"""


def test_footnote_markers_stay_where_the_notes_stand(tmp_path: Path) -> None:
    record = read_volume(write_volume(tmp_path, NOTES_AND_REFERENCES)).documents[0]
    assert record.text.startswith("The Joint Chiefs met. Then Document 9 of volume III")  # no word split by a note
    first, second = record.extra["footnotes"]
    assert first == {"n": "1", "text": "Inside a word.", "offset": record.text.index("s met")}
    assert second["offset"] == record.text.index(" Then")
    assert second["text"] == "After a sentence; see Document 2 and footnote 1."


def test_cross_references_to_documents_are_kept_with_their_targets(tmp_path: Path) -> None:
    record = read_volume(write_volume(tmp_path, NOTES_AND_REFERENCES)).documents[0]
    text = record.text
    spans = [(text[r["offset"] : r["offset"] + r["length"]], r["target"]) for r in record.extra["references"]]
    assert spans == [
        ("Document 9 of volume III", "frus1955-57v03/d9"),
        ("Document 2", "frus-test/d2"),  # a page break inside it neither splits the word nor the link
    ]
    assert "page 7" in text  # a pointer to a page stays plain text
    note = record.extra["footnotes"][1]
    in_note = [(note["text"][r["offset"] : r["offset"] + r["length"]], r["target"]) for r in note["references"]]
    assert in_note == [("Document 2", "frus-test/d2"), ("footnote 1", "frus-test/d1#fn1")]
    assert record.extra["pages"] == [{"n": "7", "offset": 0}, {"n": "8", "offset": text.index("ment 2")}]


@pytest.mark.parametrize("path", [CHINA, INDONESIA], ids=lambda path: path.stem)
def test_every_footnote_in_the_running_text_of_a_shipped_volume_has_its_marker(path: Path) -> None:
    """A footnote without a place is one on the title or inside another footnote; the rest have theirs, in order."""
    volume = read_volume(path)
    parser = etree.XMLParser(collect_ids=False, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    for record in volume.documents:
        div = root.xpath(f'//t:div[@xml:id="{record.id.partition("/")[2]}"]', namespaces=TEI_NS)[0]
        in_text = [
            note.get("n") or ""
            for note in div.iterfind(".//t:note", TEI_NS)
            if not note.xpath("ancestor::t:head | ancestor::t:note", namespaces=TEI_NS)
            and note.get("type") != "source"
            and note.get("type") != "summary"
        ]
        placed = [note for note in record.extra["footnotes"] if "offset" in note]
        assert [note["n"] for note in placed] == in_text, record.id
        offsets = [note["offset"] for note in placed]
        assert offsets == sorted(offsets), record.id
        assert all(0 < offset <= len(record.text) for offset in offsets), record.id


# ---------------------------------------------------------------------------------------------------------------------
# Documents without an xml:id, and documents within documents

WITHOUT_IDS = """
<div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy</head><p>One.</p></div>
<div type="document" n="2"><head>2. Letter Read From a Scan</head><p>Two, from a printed page.</p></div>
<div type="document" xml:id="d3" n="3"><head>3. Despatch From the Legation</head><p>Three, with enclosures.</p>
<div type="document"><head>Enclosure 1</head><p>The first enclosure.</p></div>
<div type="document" xml:id="d3a"><head>Enclosure 2</head><p>The second enclosure.</p></div>
</div>
<div type="document" xml:id="not an id" n="4"><head>4. Note With a Broken Id</head><p>Four.</p></div>
"""


def test_a_document_without_an_xml_id_is_imported_under_its_place_in_the_volume(tmp_path: Path) -> None:
    path = write_volume(tmp_path, WITHOUT_IDS)
    volume = read_volume(path)
    ids = ["frus-test/d1", "frus-test/document-2", "frus-test/d3", "frus-test/document-4"]
    assert [record.id for record in volume.documents] == ids
    assert volume.problems == []
    assert [str(warning) for warning in volume.warnings] == [
        "frus-test.xml, document at position 2: no usable xml:id; imported as frus-test/document-2",
        "frus-test.xml, document not an id: no usable xml:id; imported as frus-test/document-4",
    ]
    assert volume.documents[1].title == "Letter Read From a Scan"
    assert volume.documents[1].source.url == "https://history.state.gov/historicaldocuments/frus-test"
    assert [record.id for record in read_volume(path).documents] == ids  # the same ids on every reading


def test_enclosures_are_reported_as_enclosures_and_kept_in_their_document(tmp_path: Path) -> None:
    volume = read_volume(write_volume(tmp_path, WITHOUT_IDS))
    assert [str(enclosure) for enclosure in volume.enclosures] == [
        "frus-test.xml, document d3: enclosure 1 (no xml:id) is kept in this document's text",
        "frus-test.xml, document d3: enclosure d3a is kept in this document's text",
    ]
    despatch = volume.documents[2]
    assert "Enclosure 1\n\nThe first enclosure.\n\nEnclosure 2\n\nThe second enclosure." in despatch.text


# ---------------------------------------------------------------------------------------------------------------------
# Words the digitisation split

SPLIT_PLURAL = """
<div type="document" xml:id="d183" n="183"><head>183. Telegram From the Commander in Chief, Pacific
(<persName type="from">Felt</persName>) to the <gloss type="to">Joint Chief s of Staff</gloss></head>
<p>The Joint Chiefs agree. In response to Mr. Averoff s inquiry the Chief s met.</p></div>
"""


def test_a_plural_split_from_its_word_is_joined_where_the_volume_writes_it_whole(tmp_path: Path) -> None:
    volume = read_volume(write_volume(tmp_path, SPLIT_PLURAL))
    [record] = volume.documents
    assert record.title == "Telegram From the Commander in Chief, Pacific (Felt) to the Joint Chiefs of Staff"
    assert record.recipients == ["organization/joint-chiefs-of-staff"]
    # "Averoffs" is no word of the volume: the lost apostrophe is left as written
    assert record.text == "The Joint Chiefs agree. In response to Mr. Averoff s inquiry the Chiefs met."
    assert volume.corrections == ['frus-test.xml: "Chief s" read as "Chiefs" (2 times)']


@pytest.mark.parametrize("path", [INDONESIA, CORPUS / "frus1958-60v17.xml"], ids=["shipped", "corpus"])
def test_the_joint_chiefs_of_staff_of_document_183(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"the shared FRUS corpus is absent (expected {path})")
    record = document(read_volume(path), "d183")
    assert record.title == "Telegram From the Commander-in-Chief, Pacific (Felt) to the Joint Chiefs of Staff"
    assert record.recipients == ["organization/joint-chiefs-of-staff"]


def test_a_footnote_on_the_title_says_so(tmp_path: Path) -> None:
    body = """<div type="document" xml:id="d5" n="5"><head>5. Letter From Me<note n="1">On the title.</note></head>
<p>Text.<note n="2">In the text.<note n="3">Inside a note.</note></note></p></div>"""
    [record] = read_volume(write_volume(tmp_path, body)).documents
    assert record.title == "Letter From Me"
    assert record.extra["footnotes"] == [
        {"n": "1", "text": "On the title.", "on_title": True},
        {"n": "2", "text": "In the text.", "offset": len("Text.")},
        {"n": "3", "text": "Inside a note."},
    ]


def one_paragraph(tmp_path: Path, paragraph: str, name: str) -> DocumentRecord:
    body = f'<div type="document" xml:id="d1" n="1"><head>1. Note</head><p>{paragraph}</p></div>'
    [record] = read_volume(write_volume(tmp_path, body, name=name)).documents
    return record


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(
        st.tuples(st.sampled_from(["Chief", "s", " ", "met", ".", "  ", "\n", ", ", "(", ")"]), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_a_footnote_anywhere_leaves_the_words_as_they_are(tmp_path: Path, pieces: list[tuple[str, bool]]) -> None:
    """Wherever notes stand, the text is the text without them, and each marker follows the characters before it."""
    marked, plain, before = "A", "A", []
    for number, (piece, note) in enumerate(pieces, start=1):
        marked += piece
        plain += piece
        if note:
            marked += f'<note n="{number}">Note {number}.</note>'
            before.append(len("".join(plain.split())))  # characters other than whitespace before the marker
    record = one_paragraph(tmp_path, marked, "marked.xml")
    assert record.text == one_paragraph(tmp_path, plain, "plain.xml").text
    offsets = [note["offset"] for note in record.extra["footnotes"]]
    assert [len("".join(record.text[:offset].split())) for offset in offsets] == before
