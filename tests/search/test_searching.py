"""The search use case against the real index built from the sample collection."""

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from readingroom.names.normalize import name_key
from readingroom.records.mapping import FACET_OF_KIND
from readingroom.records.models import DocumentAuthority
from readingroom.records.searching import SearchPage, SearchRequest, search_archive
from tests.conftest import seed_records

pytestmark = pytest.mark.django_db

SEED_DOCUMENTS = [record for record in seed_records() if record.get("kind", "document") == "document"]


def find(q: str = "", **options: Any) -> SearchPage:
    filters = {
        key: value if isinstance(value, list) else [value]
        for key, value in options.items()
        if key not in ("date_from", "date_to", "sort", "page")
    }
    other = {key: value for key, value in options.items() if key in ("date_from", "date_to", "sort", "page")}
    return search_archive(SearchRequest(q=q, filters=filters, **other))


def ids(page: SearchPage) -> list[str]:
    return [hit.id for hit in page.hits]


def test_the_seed_collection_lists_seven_documents_oldest_first(sample: Any) -> None:
    page = find(collections="Sino-Soviet Relations")
    assert (page.total, page.start, page.end) == (7, 1, 7)
    assert [hit.date for hit in page.hits] == sorted(record["date"] for record in SEED_DOCUMENTS)
    assert page.hits[0].date_display == "August 20, 1952"


def test_facet_counts_are_exact_over_all_matches(sample: Any) -> None:
    page = find()
    for facet in FACET_OF_KIND.values():
        pairs = {
            (link.document_id, link.authority_id)
            for link in DocumentAuthority.objects.select_related("authority")
            if FACET_OF_KIND[link.authority.kind] == facet
        }
        counts = Counter(authority for _, authority in pairs)
        shown = {value.id: value.count for value in page.facets[facet]}
        assert shown == {key: counts[key] for key in shown}
        assert len(shown) == min(10, len(counts))
        assert min(shown.values()) >= max([n for key, n in counts.items() if key not in shown], default=0)
    assert {v.name: v.count for v in page.facets["type"]} == Counter(r["type"] for r in SEED_DOCUMENTS)
    assert {v.name: v.count for v in page.facets["languages"]} == {"Russian": 5, "Chinese": 2}
    assert page.years == [(1952, 6), (1959, 1)]
    assert page.decades == [(1950, 7)]


def test_authors_and_recipients_count_as_people(sample: Any) -> None:
    people = {value.name: value.count for value in find().facets["people"]}
    assert people["Stalin, Joseph"] == 6  # named as Stalin, I.V. Stalin, and Filippov (the letter's author)
    assert people["Mao Zedong"] == 5


def test_several_values_of_one_facet_all_must_match(sample: Any) -> None:
    both = find(places=["Burma", "Korea"])
    assert both.total == 3
    assert find(places=["Burma"]).total == 3
    assert find(places=["Korea"]).total == 6
    assert find(places=["Burma", "Tibet"]).total == 0


def test_a_facet_value_may_be_any_name_of_the_authority(sample: Any) -> None:
    assert find(people="Filippov").total == find(people="person/stalin").total == 6
    page = find(people="Chou En-lai")
    assert page.selected["people"][0].name == "Zhou Enlai"


def test_a_name_that_names_nothing_matches_nothing_and_says_so(sample: Any) -> None:
    page = find(people="Nobody Atall")
    assert page.total == 0
    assert "Nobody Atall" in page.notes[0]


def test_words_all_must_match_and_rank_title_above_summary(sample: Any) -> None:
    page = find("Khrushchev Mao")
    assert ids(page) == ["seed/1959-10-02-khrushchev-mao"]
    assert find("Mexican").total == 2
    # "Discussion" is in the 1959 document's title; others have "discussed" (the same stem) in their summaries.
    assert ids(find("discussion"))[0] == "seed/1959-10-02-khrushchev-mao"


def test_title_ranks_above_summary_above_text(sample: Any, load: Callable[..., Any]) -> None:
    padding = "Some words about something else entirely. " * 3
    load(
        [
            {"id": "r/text", "title": "One", "summary": padding, "text": "A zebra crossing. " + padding},
            {"id": "r/title", "title": "The zebra", "summary": padding, "text": padding},
            {"id": "r/summary", "title": "Two", "summary": "A zebra. " + padding, "text": padding},
        ]
    )
    assert ids(find("zebra")) == ["r/title", "r/summary", "r/text"]


def test_a_pseudonym_finds_the_person_s_documents(sample: Any) -> None:
    assert find("Filippov").total == 6
    assert find("Peking").total == 1


def test_matching_words_are_highlighted_and_escaped(sample: Any) -> None:
    [hit] = find("railroad").hits
    assert "<b>railroad</b>" in hit.summary_html
    assert hit.snippet == ""  # the sample has no full text


def test_a_passage_of_the_full_text_is_highlighted(sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "t/1", "title": "T", "summary": "No match here.", "text": "Before. <i>Zebra</i> & after."}])
    [hit] = find("zebra").hits
    assert hit.summary_html == ""
    assert hit.snippet.startswith("Before. &lt;i&gt;<b>Zebra</b>&lt;/i&gt; &amp; after")


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("1952-09-15", "", 5),
        ("1952-09", "1952-09", 5),
        ("", "1952-08", 1),
        ("1953", "", 1),
        ("195X", "195X", 7),
        ("1952-09-17", "1952-09-17", 1),
    ],
)
def test_dates_filter_by_their_earliest_and_latest_day(
    sample: Any, date_from: str, date_to: str, expected: int
) -> None:
    assert find(date_from=date_from, date_to=date_to).total == expected


def test_a_partial_date_matches_a_day_inside_it(sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {"id": "t/month", "title": "Month only", "date": "1952-09"},
            {"id": "t/undated", "title": "Undated telegram"},
        ]
    )
    assert "t/month" in ids(find(date_from="1952-09-15", date_to="1952-09-15"))
    assert find("Undated").total == 1
    assert find("telegram").hits[0].date_display == "n.d."
    assert "t/undated" not in ids(find(date_from="1900"))
    assert ids(find(sort="date"))[-1] == "t/undated"
    assert ids(find(sort="-date"))[-1] == "t/undated"


def test_a_bad_date_is_ignored_with_a_note(sample: Any) -> None:
    page = find(date_from="last Tuesday")
    assert page.total == 7
    assert "from" in page.notes[0]


def test_sorting(sample: Any) -> None:
    assert [h.date for h in find(sort="-date").hits] == sorted((r["date"] for r in SEED_DOCUMENTS), reverse=True)
    titles = [h.title for h in find(sort="title").hits]
    assert titles == sorted(titles, key=name_key)  # case and punctuation do not count
    assert titles[0].startswith("Discussion")


def test_pages_of_ten(sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": f"bulk/{n:02d}", "title": f"Circular number {n}", "date": f"1960-01-{n:02d}"} for n in range(1, 29)])
    first, second, last = (find("circular", page=n, sort="date") for n in (1, 2, 3))
    assert (second.total, second.start, second.end, second.pages) == (28, 11, 20, 3)
    assert ids(first) == [f"bulk/{n:02d}" for n in range(1, 11)]
    assert (last.start, last.end) == (21, 28)
    assert find("circular", page=99).hits == []


def test_restricted_documents_are_invisible(sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {
                "id": "secret/1",
                "title": "Secret telegram about Xinjiang",
                "access": "restricted",
                "people": ["Secret Agent"],
                "places": ["Korea"],
            }
        ]
    )
    assert find("Secret").total == 0
    everything = find()
    assert everything.total == 7
    assert "Secret Agent" not in {value.name for value in everything.facets["people"]}
    assert {v.name: v.count for v in everything.facets["places"]}["Korea"] == 6
    assert search_archive(SearchRequest(q="Secret", include_restricted=True)).total == 1


@pytest.mark.parametrize(("typed", "meant"), [("Khruschev", "Khrushchev"), ("Khrushchov", "Khrushchev")])
def test_a_misspelt_name_still_finds_the_documents(sample: Any, typed: str, meant: str) -> None:
    assert ids(find(typed)) == ids(find(meant)) == ["seed/1959-10-02-khrushchev-mao"]


def test_misspelt_matches_rank_below_exact_ones(sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {"id": "t/molotv", "title": "Molotv", "summary": "A document whose title has the typo."},
            {"id": "t/molotov", "title": "Note", "people": ["Vyacheslav Molotov"]},
        ]
    )
    assert ids(find("Molotv")) == ["t/molotv", "t/molotov"]


def test_did_you_mean_offers_the_name_from_the_archive(sample: Any) -> None:
    assert find("Khruschev").suggestion == "Khrushchev"
    assert find("Molotv korea").suggestion == ""  # no name in the sample is near Molotv
    assert find("Stalin").suggestion == ""
    assert find("Stalim Korea").suggestion == "Stalin Korea"


def test_suggestions_never_come_from_restricted_documents(sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "secret/1", "title": "Secret", "access": "restricted", "people": ["Beria"]}])
    assert find("Berio").suggestion == ""
    assert search_archive(SearchRequest(q="Berio", include_restricted=True)).suggestion == "Beria"


def test_a_hit_says_which_name_matched_when_the_words_are_not_in_it(sample: Any) -> None:
    hits = {hit.id: hit for hit in find("Filippov").hits}
    assert hits["seed/1952-09-14-zhou-report"].matched == ["Stalin, Joseph: Filippov"]
    assert hits["seed/1952-09-17-filippov-mao"].matched == []  # "Filippov" is in its title
    [peking] = find("Peking").hits
    assert peking.matched == ["Beijing: Peking"]
