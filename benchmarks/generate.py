"""Generate an archive of any size in the interchange format, shaped like the FRUS corpus, for benchmarks.

    python benchmarks/generate.py OUT.jsonl --documents 100000 [--seed 7] [--jobs 2]
    python benchmarks/generate.py --learn ../shared/corpus/frus     # refresh benchmarks/frus_model.json.gz

The output is JSON Lines: the authorities first (20,000 people, 200 offices, 5,000 places, 300 topics,
100 collections), then the documents. Texts are drawn from a model learned from the 21 FRUS TEI volumes and the
Office of the Historian's person records (`--learn`), kept in `frus_model.json.gz` beside this script so that
generation needs no corpus: the word frequencies of the full texts and titles (words seen at least twice), the
distribution of text and title lengths, the document types, and the names of people, places and topics.

Generation is deterministic: the same seed and size give the same file, byte for byte, whatever --jobs is
(each block of documents has its own seed). People are named with a Zipf-like skew (a few appear in very many
documents, as Dulles and Eisenhower do in FRUS); dates run from 1917 to 1991, most to the day, some to the month
or year, about 9% undated; 2% of the documents are restricted; one reference in ten names its authority by name
rather than id, so the import resolves names as it would for a real file.
"""

import argparse
import bisect
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from multiprocessing import Pool
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODEL = HERE / "frus_model.json.gz"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "frus"

PEOPLE, OFFICES, PLACES, TOPICS, COLLECTIONS = 20_000, 200, 5_000, 300, 100
BLOCK = 1_000  # documents generated from one seed
FIRST_DAY, LAST_DAY = date(1917, 1, 1).toordinal(), date(1991, 12, 31).toordinal()
# Shares of documents dated to the day, to the month, to the year; the rest are undated.
DATE_PRECISION = ((0.80, "day"), (0.87, "month"), (0.91, "year"))
RESTRICTED_SHARE = 0.02
BY_NAME_SHARE = 0.10
SUMMARY_SHARE = 0.15
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+")


def learn(corpus: Path) -> dict[str, Any]:
    """The model of the corpus: word and length distributions, document types, names of people and places."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from lxml import etree

    from readingroom.ingest.frus_people import read_person
    from readingroom.ingest.tei import read_volume

    words: Counter[str] = Counter()
    title_words: Counter[str] = Counter()
    types: Counter[str] = Counter()
    places: Counter[str] = Counter()
    text_lengths: list[int] = []
    title_lengths: list[int] = []
    for path in sorted((corpus / "volumes").glob("*.xml")):
        for document in read_volume(path).documents:
            text, title = WORD.findall(document.text), WORD.findall(document.title)
            words.update(text)
            title_words.update(title)
            text_lengths.append(len(text))
            title_lengths.append(len(title))
            types[document.type or "Document"] += 1
            places.update(document.places)
    given: Counter[str] = Counter()
    surnames: Counter[str] = Counter()
    for path in sorted((corpus / "authorities" / "people").rglob("*.xml")):
        surname, _, first = read_person(path).name.partition(", ")
        if first:
            surnames[surname] += 1
            given[first.split()[0]] += 1
    taxonomy = etree.parse(str(corpus / "authorities" / "tags" / "taxonomy.xml"))
    topics = list(dict.fromkeys(str(label) for label in taxonomy.xpath("//category[id='topics']//tag/label/text()")))

    def quantiles(values: list[int]) -> list[int]:
        ordered = sorted(values)
        return [ordered[min(len(ordered) - 1, i * len(ordered) // 100)] for i in range(101)]

    return {
        "source": "FRUS: 21 TEI volumes, the Office of the Historian's people and tags",
        "documents": len(text_lengths),
        "words": [[word, count] for word, count in words.most_common() if count >= 2],
        "title_words": [[word, count] for word, count in title_words.most_common() if count >= 2],
        "text_length_quantiles": quantiles(text_lengths),
        "title_length_quantiles": quantiles(title_lengths),
        "types": types.most_common(),
        "given_names": [name for name, _ in given.most_common()],
        "surnames": [name for name, _ in surnames.most_common()],
        "places": [name for name, _ in places.most_common() if WORD.fullmatch(name.split()[0])],
        "topics": topics,
    }


@dataclass
class Authorities:
    """The generated authorities, with the weights with which documents name them."""

    people: list[tuple[str, str]]  # (id, name)
    offices: list[tuple[str, str]]
    places: list[tuple[str, str]]
    topics: list[tuple[str, str]]
    collections: list[tuple[str, str, int, int]]  # (id, name, first year, last year)
    records: list[dict[str, Any]]


def authorities(model: dict[str, Any], seed: int) -> Authorities:
    rng = random.Random(f"{seed}:authorities")
    given, surnames = model["given_names"], model["surnames"]
    records: list[dict[str, Any]] = []
    people: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(people) < PEOPLE:
        surname, first = rng.choice(surnames), rng.choice(given)
        name = f"{surname}, {first}"
        if name in seen:
            name = f"{surname}, {first} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
            if name in seen:
                continue
        seen.add(name)
        person_id = f"person/g{len(people) + 1:05d}"
        people.append((person_id, name))
        record: dict[str, Any] = {"kind": "person", "id": person_id, "name": name}
        if rng.random() < 0.1:
            record["variants"] = [f"{first} {surname}"]
        if rng.random() < 0.3:
            born = rng.randint(1860, 1950)
            record["dates"] = f"{born}/{born + rng.randint(40, 95)}" if born < 1925 else f"{born}/.."
        records.append(record)
    offices = [(f"organization/g{n:03d}", name) for n, name in enumerate(_office_names(model, rng), 1)]
    records += [{"kind": "organization", "id": office_id, "name": name} for office_id, name in offices]
    places = [(f"place/g{n:04d}", name) for n, name in enumerate(_place_names(model, rng), 1)]
    for place_id, name in places:
        coordinates = [round(rng.uniform(-60, 70), 4), round(rng.uniform(-180, 180), 4)]
        records.append({"kind": "place", "id": place_id, "name": name, "coordinates": coordinates})
    topic_names = list(model["topics"])
    while len(topic_names) < TOPICS:
        topic_names.append(f"{rng.choice(model['topics'])} and {rng.choice(model['topics'])}")
    topics = [(f"topic/g{n:03d}", name) for n, name in enumerate(dict.fromkeys(topic_names[:TOPICS]), 1)]
    records += [{"kind": "topic", "id": topic_id, "name": name} for topic_id, name in topics]
    collections = []
    for number in range(1, COLLECTIONS + 1):
        first = rng.randint(1917, 1989)
        last = min(1991, first + rng.randint(1, 4))
        region = rng.choice(model["places"][:200])
        name = f"Foreign Relations, {first}–{last}, Volume {number}: {region}"
        collections.append((f"collection/g{number:03d}", name, first, last))
        records.append({"kind": "collection", "id": f"collection/g{number:03d}", "name": name})
    return Authorities(people, offices, places, topics, collections, records)


def _office_names(model: dict[str, Any], rng: random.Random) -> list[str]:
    names = ["Department of State", "White House", "Department of Defense", "Central Intelligence Agency"]
    for place in model["places"]:
        if len(names) >= OFFICES:
            break
        names.append(f"{rng.choice(('Embassy in', 'Consulate in', 'Legation in'))} {place}")
    return list(dict.fromkeys(names))


def _place_names(model: dict[str, Any], rng: random.Random) -> list[str]:
    """The corpus's places, then places named after its proper nouns (capitalised words never written in lower
    case): "Kinmen Province", "Port Tachen"."""
    lower = {word for word, _ in model["words"] if word.islower()}
    proper = [word for word, _ in model["words"] if word.istitle() and len(word) > 3 and word.lower() not in lower]
    affixes = ("{}", "North {}", "South {}", "{} Province", "Port {}", "{} District", "New {}", "{} Bay")
    names = dict.fromkeys(model["places"][:PLACES])
    while len(names) < PLACES:
        names[rng.choice(affixes).format(rng.choice(proper))] = None
    return list(names)


class DocumentWriter:
    """Draws documents; one instance per process, built from the model and the authorities."""

    def __init__(self, model: dict[str, Any], seed: int) -> None:
        self.seed = seed
        self.authorities = authorities(model, seed)
        # Each word repeated as often as the corpus has it: a uniform draw from this list follows its frequencies.
        self.tokens = [word for word, count in model["words"] for _ in range(count)]
        self.title_tokens = [word for word, count in model["title_words"] for _ in range(count)]
        self.text_lengths = model["text_length_quantiles"]
        self.title_lengths = model["title_length_quantiles"]
        self.types = [name for name, _ in model["types"]]
        self.type_weights = _cumulative([count for _, count in model["types"]])
        self.people_weights = _cumulative([1 / (rank + 10) for rank in range(len(self.authorities.people))])
        self.place_weights = _cumulative([1 / (rank + 5) for rank in range(len(self.authorities.places))])
        self.topic_weights = _cumulative([1 / (rank + 3) for rank in range(len(self.authorities.topics))])

    def block(self, number: int, size: int) -> str:
        rng = random.Random(f"{self.seed}:documents:{number}")
        return "".join(
            json.dumps(self.document(rng, number * BLOCK + offset + 1), ensure_ascii=False) + "\n"
            for offset in range(size)
        )

    def document(self, rng: random.Random, number: int) -> dict[str, Any]:
        found = self.authorities
        people = _draw(rng, found.people, self.people_weights, rng.choice((0, 1, 2, 2, 3, 3, 4, 5, 6, 8)))
        places = _draw(rng, found.places, self.place_weights, rng.choice((0, 1, 1, 1, 2, 3)))
        topics = _draw(rng, found.topics, self.topic_weights, rng.choice((0, 1, 1, 2, 3)))
        collection = rng.choice(found.collections)
        author = self._sender(rng, 0.6)
        recipient = self._sender(rng, 0.7)
        dated, day = self._date(rng, collection[2], collection[3])
        kind = rng.choices(self.types, cum_weights=self.type_weights)[0]
        words = self._length(rng, self.text_lengths)
        mentioned = [name.partition(",")[0] for _, name in people] + [name for _, name in places]
        text = _prose(rng, rng.choices(self.tokens, k=words), mentioned)
        title = " ".join(rng.choices(self.title_tokens, k=max(2, self._length(rng, self.title_lengths))))
        record: dict[str, Any] = {"id": f"gen/{number:08d}", "title": f"{kind} {title}"}
        if dated:
            record["date"] = dated
        if rng.random() < SUMMARY_SHARE:
            record["summary"] = _prose(rng, rng.choices(self.tokens, k=rng.randint(15, 60)), mentioned[:1])
        record["text"] = text
        record["type"] = kind
        record["languages"] = ["en"]
        record["authors"] = [self._reference(rng, author)]
        record["recipients"] = [self._reference(rng, recipient)]
        for name, chosen in (("people", people), ("places", places), ("topics", topics)):
            if chosen:
                record[name] = [self._reference(rng, authority) for authority in chosen]
        record["collections"] = [collection[0]]
        record["source"] = {
            "repository": "National Archives and Records Administration",
            "citation": f"RG 59, Central Files, {rng.randint(100, 999)}.{rng.randint(0, 99):02d}/{day or 'n.d.'}",
        }
        if rng.random() < RESTRICTED_SHARE:
            record["access"] = "restricted"
        return record

    def _sender(self, rng: random.Random, office_share: float) -> tuple[str, str]:
        """An office (Department of State, an embassy) or, less often, a person."""
        if rng.random() < office_share:
            return rng.choice(self.authorities.offices)
        person: tuple[str, str] = _draw(rng, self.authorities.people, self.people_weights, 1)[0]
        return person

    def _reference(self, rng: random.Random, authority: tuple[str, ...]) -> str:
        return authority[1] if rng.random() < BY_NAME_SHARE else authority[0]

    def _length(self, rng: random.Random, quantiles: list[int]) -> int:
        step = rng.randrange(100)
        return rng.randint(quantiles[step], max(quantiles[step], quantiles[step + 1]))

    def _date(self, rng: random.Random, first: int, last: int) -> tuple[str | None, str | None]:
        """A date in the collection's years (or, for one document in ten, anywhere in 1917-1991)."""
        if rng.random() < 0.1:
            ordinal = rng.randint(FIRST_DAY, LAST_DAY)
        else:
            ordinal = rng.randint(date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal())
        day = date.fromordinal(ordinal)
        draw = rng.random()
        precision = next((name for share, name in DATE_PRECISION if draw < share), None)
        if precision == "day":
            return day.isoformat(), f"{day.month}-{day.day}{day.year % 100:02d}"
        if precision == "month":
            return day.isoformat()[:7], None
        if precision == "year":
            return str(day.year), None
        return None, None


def _cumulative(weights: list[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _draw(rng: random.Random, population: list[Any], cumulative: list[float], count: int) -> list[Any]:
    """`count` different members, drawn by weight."""
    chosen: dict[int, None] = {}
    while len(chosen) < min(count, len(population)):
        chosen[bisect.bisect(cumulative, rng.random() * cumulative[-1])] = None
    return [population[index] for index in chosen]


def _prose(rng: random.Random, words: list[str], names: list[str]) -> str:
    """Words as sentences and paragraphs, with the names the document is about mentioned along the way."""
    for name in names:
        if words and rng.random() < 0.6:
            words[rng.randrange(len(words))] = name
    sentences, paragraphs, start = [], [], 0
    while start < len(words):
        end = start + rng.randint(8, 30)
        sentence = " ".join(words[start:end])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        start = end
        if len(sentences) >= rng.randint(3, 7) or start >= len(words):
            paragraphs.append(" ".join(sentences))
            sentences = []
    return "\n\n".join(paragraphs)


_writer: DocumentWriter | None = None


def _start_worker(model: dict[str, Any], seed: int) -> None:
    global _writer
    _writer = DocumentWriter(model, seed)


def _block(job: tuple[int, int]) -> str:
    assert _writer is not None
    return _writer.block(*job)


def generate(out: Path, documents: int, seed: int = 7, jobs: int = 2, model_path: Path = MODEL) -> None:
    model = load_model(model_path)
    found = authorities(model, seed)
    blocks = [(number, min(BLOCK, documents - number * BLOCK)) for number in range(-(-documents // BLOCK))]
    with out.open("w", encoding="utf-8") as stream:
        for record in found.records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        for chunk in _chunks(model, seed, jobs, blocks):
            stream.write(chunk)


def _chunks(model: dict[str, Any], seed: int, jobs: int, blocks: list[tuple[int, int]]) -> Iterator[str]:
    if jobs <= 1:
        writer = DocumentWriter(model, seed)
        yield from (writer.block(*job) for job in blocks)
        return
    with Pool(jobs, initializer=_start_worker, initargs=(model, seed)) as pool:
        yield from pool.imap(_block, blocks, chunksize=4)


def load_model(path: Path = MODEL) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        model: dict[str, Any] = json.load(stream)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", help="the JSON Lines file to write")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2, help="processes drawing documents")
    parser.add_argument("--learn", type=Path, metavar="CORPUS", help="learn the model from a FRUS corpus folder")
    args = parser.parse_args()
    if args.learn:
        if not (args.learn / "volumes").is_dir():
            parser.error(f"{args.learn}: no FRUS corpus here (expected volumes/ and authorities/)")
        with gzip.open(MODEL, "wt", encoding="utf-8", compresslevel=9) as stream:
            json.dump(learn(args.learn), stream, ensure_ascii=False, separators=(",", ":"))
        print(f"wrote {MODEL} ({MODEL.stat().st_size // 1024} KB)")
    if args.out is None:
        if not args.learn:
            parser.error("name the file to write (or --learn CORPUS)")
        return
    started = time.perf_counter()
    generate(args.out, args.documents, args.seed, args.jobs)
    seconds = time.perf_counter() - started
    size = args.out.stat().st_size / 2**20
    print(f"wrote {args.documents:,} documents to {args.out} ({size:,.0f} MB) in {seconds:.1f} s")


if __name__ == "__main__":
    main()
