"""The meaning evaluation's queries: enough of them, every group asked, every judged document in the sample."""

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

PROJECT = Path(__file__).resolve().parents[2]
QUERIES = PROJECT / "benchmarks" / "meaning" / "queries.jsonl"
SAMPLES = PROJECT / "src" / "readingroom" / "samples"
GROUPS = {"words", "paraphrase", "cross-language-ru", "cross-language-zh", "cross-language-de"}
# Words a paraphrase may share with the documents' words for its subject: they carry no subject.
FUNCTION_WORDS = {"the", "of", "and", "in", "to", "a", "an", "on", "for", "with", "by", "at", "from", "its"}


def queries() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QUERIES.read_text().splitlines() if line.strip()]


def sample_document_ids() -> set[str]:
    ids = {
        record["id"]
        for record in map(json.loads, (SAMPLES / "seed.jsonl").read_text().splitlines())
        if "title" in record
    }
    for volume in (SAMPLES / "frus").glob("*.xml"):
        for div in etree.parse(str(volume)).iter("{http://www.tei-c.org/ns/1.0}div"):
            if div.get("type") == "document":
                ids.add(f"{volume.stem}/{div.get('{http://www.w3.org/XML/1998/namespace}id')}")
    return ids


def content_words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if word not in FUNCTION_WORDS}


def test_at_least_150_queries_in_every_group() -> None:
    groups = Counter(query["group"] for query in queries())
    assert sum(groups.values()) >= 150
    assert set(groups) == GROUPS
    assert len({query["id"] for query in queries()}) == sum(groups.values())


def test_every_judged_document_is_in_the_sample_and_graded_one_or_two() -> None:
    known = sample_document_ids()
    for query in queries():
        assert query["relevant"], query["id"]
        assert set(query["relevant"]) <= known, query["id"]
        assert set(query["relevant"].values()) <= {1, 2}, query["id"]


def test_a_paraphrase_shares_no_word_with_its_subjects_words_query() -> None:
    words = {query["subject"]: query["query"] for query in queries() if query["group"] == "words"}
    for query in queries():
        if query["group"] == "paraphrase":
            shared = content_words(query["query"]) & content_words(words[query["subject"]])
            assert not shared, (query["id"], shared)
