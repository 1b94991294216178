"""How fast Tesseract reads scans here, and how well: pages a minute and character error rates.

    python benchmarks/ocr_speed.py [--pages N] [--workers N] [--json FILE]

Speed: full A4 pages at 300 dpi (2480 x 3508 pixels, 40 lines of 11-point type each), printed from known English
and Russian text with DejaVu Serif, read as a worker reads them (readingroom.ingest.ocr.read_page: Tesseract's ALTO
output, text and confidence read back from it), by --workers processes at once, each Tesseract on one thread
(OMP_THREAD_LIMIT=1, as several workers on a machine should run it), and by one process with Tesseract's own
threads, for comparison.

Accuracy: the character error rate (jiwer's CER: edits over the length of the known text) on the pages the tests
print (tests/scans.py: English, Russian, Chinese), read in their own language.
"""

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

ENGLISH_TEXT = (
    "The Secretary said that the United States Government had given careful consideration to the proposals "
    "made by the Soviet Government on the question of Austria. He recalled that the Foreign Ministers had "
    "discussed the matter at Berlin and that no agreement had then been possible. The Ambassador replied that "
    "his Government believed the time had come to conclude the treaty without further delay."
)
RUSSIAN_TEXT = (
    "Государственный секретарь сказал, что правительство Соединённых Штатов внимательно рассмотрело "
    "предложения советского правительства по австрийскому вопросу. Он напомнил, что министры иностранных дел "
    "обсуждали этот вопрос в Берлине и что тогда соглашение не было достигнуто. Посол ответил, что его "
    "правительство считает, что настало время заключить договор без дальнейших отлагательств."
)
DPI = 300
LINES_A_PAGE = 40


def a4_page(text: str, variant: int) -> Any:
    """An A4 page at 300 dpi: the text wrapped into LINES_A_PAGE lines of 11-point type, starting at a different
    word for each `variant` so that no two pages are alike."""
    from PIL import Image, ImageDraw, ImageFont
    from tests.scans import FONTS

    face = ImageFont.truetype(str(FONTS["latin"]), 11 * DPI // 72)
    words = text.split()
    words = words[variant % len(words) :] + words[: variant % len(words)]
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    line: list[str] = []
    y, number = 300, 0
    stream = iter(words * 20)
    while number < LINES_A_PAGE:
        word = next(stream)
        if draw.textlength(" ".join([*line, word]), font=face) > 2480 - 600:
            draw.text((300, y), " ".join(line), font=face, fill=0)
            y, number, line = y + 70, number + 1, []
        line.append(word)
    return page


def read_one(job: tuple[str, int, str]) -> float:
    from readingroom.ingest.ocr import read_page

    text, variant, languages = job
    page = a4_page(text, variant)
    started = time.perf_counter()
    read_page(page, languages)
    return time.perf_counter() - started


def pages_a_minute(text: str, languages: str, pages: int, workers: int, threads: str) -> dict[str, float]:
    os.environ["OMP_THREAD_LIMIT"] = threads
    jobs = [(text, variant, languages) for variant in range(pages)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        seconds = list(pool.map(read_one, jobs))
    elapsed = time.perf_counter() - started
    return {
        "pages": pages,
        "workers": workers,
        "pages_a_minute": round(60 * pages / elapsed, 1),
        "seconds_a_page_median": round(statistics.median(seconds), 2),
    }


def error_rates() -> dict[str, dict[str, float]]:
    import jiwer
    from tests.scans import CHINESE, ENGLISH, RUSSIAN, rendered_page

    from readingroom.ingest.ocr import read_page

    rates = {}
    for name, lines, font, languages in [
        ("English", ENGLISH, "latin", "eng"),
        ("Russian", RUSSIAN, "latin", "rus"),
        ("Chinese", CHINESE, "han", "chi_sim"),
        ("Russian read as rus+eng", RUSSIAN, "latin", "rus+eng"),
        ("English read as rus+eng", ENGLISH, "latin", "rus+eng"),
    ]:
        page = read_page(rendered_page(lines, font), languages)
        rates[name] = {
            "cer_percent": round(100 * jiwer.cer("\n".join(lines), page.text), 2),
            "confidence": page.confidence or 0.0,
        }
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=8, help="pages read per language and setting (default 8)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes at once (default: cores)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures: dict[str, Any] = {"cores": os.cpu_count(), "error_rates": error_rates(), "speed": {}}
    for name, text, languages in [("English", ENGLISH_TEXT, "eng"), ("Russian", RUSSIAN_TEXT, "rus")]:
        figures["speed"][name] = {
            f"{args.workers} workers, one thread each": pages_a_minute(text, languages, args.pages, args.workers, "1"),
            "1 worker, Tesseract's threads": pages_a_minute(text, languages, args.pages, 1, "4"),
        }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
