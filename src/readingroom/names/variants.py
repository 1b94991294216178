"""Spellings of a name that the archive did not list but readers may type, generated so that the index can hold them.

A reader who types "Chou En-lai" expects the documents that say "Zhou Enlai" or "周恩來"; one who types "Khrushchev"
expects "Хрущёв" and "Chruschtschow". The converters here each do one job and return None (or []) for a name that is
not theirs; name_variants applies those that fit the name's script and returns a short, deduplicated list.

What cannot be derived is not guessed: Chiang Kai-shek and Sun Yat-sen are Cantonese readings, Peking and Canton
postal spellings. The archive lists such names as variants of its authorities; the one exception is a small table of
well-known place names (PLACES), which name_variants adds.
"""

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import NamedTuple, Protocol

from opencc import OpenCC  # type: ignore[import-untyped]

from readingroom.names.normalize import name_key
from readingroom.names.syllables import PINYIN_TO_WADE_GILES, WADE_GILES_ALIASES

__all__ = [
    "LIMIT",
    "PLACES",
    "chinese_script_variants",
    "cyrillic_to_latin",
    "latin_to_cyrillic",
    "name_variants",
    "pinyin_to_wade_giles",
    "wade_giles_readings",
    "wade_giles_to_pinyin",
]

LIMIT = 12
"""The most variants name_variants returns for one name."""

_LONGEST_INPUT = 200  # longer text is not a name: name_variants returns [] at once
_READINGS = 8  # the most pinyin readings of one Wade-Giles name without apostrophes

_APOSTROPHES = str.maketrans(dict.fromkeys("’‘ʼʻ`´", "'"))
_DIAERESIS = "\u0308"  # ü in pinyin and Wade-Giles, ё in Russian
_BREVE = "\u0306"  # й


def _strip_marks(text: str, keep: str = _DIAERESIS) -> str:
    """Tone marks, circumflexes, stress accents and the like removed; the marks in keep stay."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(char for char in decomposed if char in keep or not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def _capitalized(word: str) -> str:
    return word[:1].upper() + word[1:]


# Pinyin and Wade-Giles ------------------------------------------------------------------------------------------------

_PINYIN_SPELLINGS: dict[str, str] = {
    **{syllable: syllable for syllable in PINYIN_TO_WADE_GILES},
    "lue": "lüe",  # the umlaut is often left out where no other syllable is meant
    "nue": "nüe",
}
_PINYIN_PIECES = re.compile(r"[0-5]['-]?|['-]")  # tone numbers, apostrophes and hyphens end a syllable
_PINYIN_WORD = re.compile(r"[a-zü0-5'-]+")
_WADE_GILES_WORD = re.compile(r"[a-zü'-]+")
# Two consonants that cannot meet inside a word: a syllable ends in a vowel, n, ng or r (pinyin), h (Wade-Giles).
_NOT_PINYIN = re.compile(r"(?!zh|ch|sh)[bcdfhjklmpqstvwxyz][bcdfghjklmnpqrstvwxyz]")
_NOT_WADE_GILES = re.compile(r"(?!ch|sh|ts|tz|ss|sz)[bcdfjklmpqstvwxyz][bcdfghjklmnpqrstvwxyz]")


def _wade_giles_spellings() -> tuple[dict[str, str], dict[str, str]]:
    """(spelling in print -> Wade-Giles syllable of the table, Wade-Giles syllable -> pinyin syllable)."""
    to_pinyin: dict[str, str] = {}
    for pinyin, wade_giles in PINYIN_TO_WADE_GILES.items():
        # "o" is pinyin e (O-kuo, Russia) far more often than the interjection o.
        if wade_giles not in to_pinyin or pinyin == "e":
            to_pinyin[wade_giles] = pinyin
    spellings = {syllable: syllable for syllable in to_pinyin} | WADE_GILES_ALIASES
    for syllable in to_pinyin:
        plain = syllable.replace("ü", "u")
        if plain not in spellings:  # hsu, yuan, chueh: the umlaut left out where nothing else is meant
            spellings[plain] = syllable
    return spellings, to_pinyin


_WADE_GILES_SPELLINGS, _WADE_GILES_TO_PINYIN = _wade_giles_spellings()
_ASPIRATES = ("ch", "ts", "tz", "k", "p", "t")


def _aspirated(syllable: str) -> str | None:
    """The Wade-Giles syllable with the apostrophe that a newspaper may have left out (chou -> ch'ou), if it exists."""
    for initial in _ASPIRATES:
        if syllable.startswith(initial) and syllable[len(initial) : len(initial) + 1] != "'":
            candidate = f"{initial}'{syllable[len(initial) :]}"
            return candidate if candidate in _WADE_GILES_TO_PINYIN else None
    return None


_ASPIRATED = {syllable: aspirated for syllable in _WADE_GILES_TO_PINYIN if (aspirated := _aspirated(syllable))}
_ASPIRATED_PINYIN = {syllable: _WADE_GILES_TO_PINYIN[aspirated] for syllable, aspirated in _ASPIRATED.items()}
_LONGEST_PINYIN = max(map(len, _PINYIN_SPELLINGS))
_LONGEST_WADE_GILES = max(map(len, _WADE_GILES_SPELLINGS))


class _Parse(NamedTuple):
    words: tuple[tuple[str, ...], ...]  # each word's syllables, as spelt in the table
    irregular: int  # pinyin: syllables starting with a, e or o that follow another without an apostrophe (Xian)
    hyphenated: bool  # some word's syllables were joined by hyphens, as in Wade-Giles (Tse-tung)


def _segment(piece: str, spellings: dict[str, str], longest: int) -> tuple[int, tuple[str, ...]] | None:
    """(irregular joins, syllables) of the reading of piece with fewest irregular joins, then fewest syllables.

    A join is irregular where a syllable starting with a, e or o follows another without an apostrophe: pinyin
    writes Xi'an for two syllables, so "Xian" is read as one and "Jinan" as ji-nan, not jin-an. Among equals the
    reading whose first syllables are longest wins. None if piece cannot be read.
    """
    single = spellings.get(piece)
    if single is not None:
        return 0, (single,)
    size = len(piece)
    # Most text is not pinyin: first see, cheaply, whether syllables lead from the start to the end at all.
    reachable = {0}
    for start in range(size):
        if start in reachable:
            reachable.update(
                end for end in range(start + 1, min(size, start + longest) + 1) if piece[start:end] in spellings
            )
        elif start > max(reachable):
            return None
    if size not in reachable:
        return None
    # cost[i]: (irregular joins, syllable count) of the best reading of piece[i:]; ends[i]: where its first one ends
    cost: list[tuple[int, int] | None] = [None] * size + [(0, 0)]
    ends = [0] * size
    for start in range(size - 1, -1, -1):
        penalty = start > 0 and piece[start] in "aeo"
        best: tuple[int, int] | None = None
        for end in range(min(size, start + longest), start, -1):
            rest = cost[end]
            if rest is not None and piece[start:end] in spellings:
                candidate = (rest[0] + penalty, rest[1] + 1)
                if best is None or candidate < best:
                    best, ends[start] = candidate, end
        cost[start] = best
    if cost[0] is None:
        return None
    syllables = []
    start = 0
    while start < size:
        syllables.append(spellings[piece[start : ends[start]]])
        start = ends[start]
    return cost[0][0], tuple(syllables)


@lru_cache(maxsize=4096)
def _pinyin_syllables(piece: str) -> tuple[int, tuple[str, ...]] | None:
    return _segment(piece, _PINYIN_SPELLINGS, _LONGEST_PINYIN)


@lru_cache(maxsize=4096)
def _wade_giles_syllables(piece: str) -> tuple[int, tuple[str, ...]] | None:
    return _segment(piece, _WADE_GILES_SPELLINGS, _LONGEST_WADE_GILES)


def _parse_pinyin(name: str) -> _Parse | None:
    text = _strip_marks(name).translate(_APOSTROPHES).lower().replace("v", "ü")
    words: list[tuple[str, ...]] = []
    irregular = 0
    hyphenated = False
    for word in text.split():
        if not _PINYIN_WORD.fullmatch(word) or _NOT_PINYIN.search(word):
            return None
        pieces = _PINYIN_PIECES.split(word)
        if pieces[-1] == "" and word[-1].isdigit():
            pieces.pop()  # a tone number at the end of the word
        hyphenated = hyphenated or "-" in word
        syllables: list[str] = []
        for piece in pieces:
            segmented = _pinyin_syllables(piece) if piece else None
            if segmented is None:
                return None
            irregular += segmented[0]
            syllables.extend(segmented[1])
        words.append(tuple(syllables))
    return _Parse(tuple(words), irregular, hyphenated) if words else None


def _parse_wade_giles(name: str) -> _Parse | None:
    text = _strip_marks(name).translate(_APOSTROPHES).lower()
    words: list[tuple[str, ...]] = []
    hyphenated = False
    for word in text.split():
        if not _WADE_GILES_WORD.fullmatch(word) or _NOT_WADE_GILES.search(word):
            return None
        pieces = word.split("-")
        hyphenated = hyphenated or len(pieces) > 1
        syllables: list[str] = []
        for piece in pieces:
            segmented = _wade_giles_syllables(piece) if piece else None
            if segmented is None:
                return None
            syllables.extend(segmented[1])
        words.append(tuple(syllables))
    return _Parse(tuple(words), 0, hyphenated) if words else None


def _wade_giles_name(words: Iterable[Sequence[str]]) -> str:
    return " ".join(_capitalized("-".join(PINYIN_TO_WADE_GILES[syllable] for syllable in word)) for word in words)


def _pinyin_word(syllables: Sequence[str]) -> str:
    joined = syllables[0] + "".join(f"'{syllable}" if syllable[0] in "aeo" else syllable for syllable in syllables[1:])
    return _capitalized(joined)


def pinyin_to_wade_giles(name: str) -> str | None:
    """ "Mao Zedong" -> "Mao Tse-tung", "Xinjiang" -> "Hsin-chiang"; None unless the text is all pinyin syllables.

    Tone marks and tone numbers are ignored ("Máo Zédōng", "Mao2 Ze2dong1"); a word's syllables are found by
    segmentation (see _segment), an apostrophe or hyphen separating them where it is written. Wade-Giles joins the
    syllables of a word with hyphens and leaves out the circumflex and breve (Tse, not Tsê), as print mostly does.
    """
    parsed = _parse_pinyin(name)
    return None if parsed is None else _wade_giles_name(parsed.words)


def wade_giles_readings(name: str, limit: int = _READINGS) -> list[str]:
    """Every pinyin reading of a Wade-Giles name, the literal one first; [] if the name is not Wade-Giles.

    Wade-Giles writes aspiration with an apostrophe: ch'en is pinyin chen, chen is pinyin zhen. Newspapers mostly
    leave the apostrophes out, so in a name without any, each syllable that may have lost one is read both ways:
    "Teng Hsiao-ping" gives Deng Xiaobing, Teng Xiaobing, Deng Xiaoping and Teng Xiaoping (fewest changes first).
    A name with apostrophes is read as written. A missing umlaut is restored where the plain spelling is no syllable
    (Hsu -> Xu); chu and yu stay zhu and you.
    """
    parsed = _parse_wade_giles(name)
    return [] if parsed is None else _readings(parsed, marked="'" in name.translate(_APOSTROPHES), limit=limit)


def _readings(parsed: _Parse, marked: bool, limit: int) -> list[str]:
    syllables = [syllable for word in parsed.words for syllable in word]
    literal = [_WADE_GILES_TO_PINYIN[syllable] for syllable in syllables]
    ambiguous = [] if marked else [i for i, syllable in enumerate(syllables) if syllable in _ASPIRATED]
    bounds = list(itertools.accumulate((len(word) for word in parsed.words), initial=0))
    readings: list[str] = []
    for count in range(len(ambiguous) + 1):
        for changed in itertools.combinations(ambiguous, count):
            reading = literal.copy()
            for position in changed:
                reading[position] = _ASPIRATED_PINYIN[syllables[position]]
            readings.append(" ".join(_pinyin_word(reading[start:end]) for start, end in itertools.pairwise(bounds)))
            if len(readings) >= limit:
                return readings
    return readings


def wade_giles_to_pinyin(name: str) -> str | None:
    """ "Chou En-lai" -> "Zhou Enlai", "Ch'en I" -> "Chen Yi"; None unless the text is all Wade-Giles syllables.

    The literal reading: an unaspirated ch is pinyin zh or j. wade_giles_readings also gives the readings of a name
    whose apostrophes may have been left out ("Chen Yi" is most often Ch'en I).
    """
    readings = wade_giles_readings(name, limit=1)
    return readings[0] if readings else None


# Russian -----------------------------------------------------------------------------------------------------------

_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_VOWELS = frozenset("аеёиоуыэюя")
_IOTATED = frozenset("еёюя")
_SIBILANTS = frozenset("жчшщ")


def _system(letters: dict[str, str], iotated: dict[str, Sequence[str]], **special: str) -> dict[str, str]:
    """A transliteration system from its letters, its iotated vowels and the tokens it spells in its own way.

    The keys are those of _word_keys. iotated gives, for е, ё, ю and я, the spellings at the start of a word, after
    a vowel other than и, after и, after ь or ъ, after a consonant and after ж, ч, ш or щ.
    """
    table = dict(letters)
    for vowel, spellings in iotated.items():
        for context, spelling in zip("0visc§", spellings, strict=True):
            table[vowel + context] = spelling
    table.update(
        {
            "г+": letters["г"],
            "с~": letters["с"],
            "н$": letters["н"],
            "кс": letters["к"] + letters["с"],
            "ь+": letters["ь"],
            "ь^": letters["ь"],
            "й$": letters["й"],
            "й+": letters["й"],
            "ий$": letters["и"] + letters["й"],
            "ый$": letters["ы"] + letters["й"],
            "ия$": letters["и"] + table["яi"],
        }
    )
    table.update(special)
    return table


_ENGLISH_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
}  # fmt: skip


def _letters(**changes: str) -> dict[str, str]:
    """The English letters (all but е, ё, ю, я, which _system takes apart) with some changed."""
    return _ENGLISH_LETTERS | changes


def _same(spelling: str) -> tuple[str, ...]:
    return (spelling,) * 6


_ENGLISH_VOWELS: dict[str, Sequence[str]] = {
    "е": ("ye", "ye", "e", "ye", "e", "e"),
    "ё": ("ye", "ye", "e", "ye", "e", "e"),  # written е, as Russian mostly does: Khrushchev, Gorbachev
    "ю": _same("yu"),
    "я": _same("ya"),
}
_ENGLISH = _system(_letters(), _ENGLISH_VOWELS, **{"ь+": "y", "ий$": "y", "ый$": "y", "ия$": "ia"})
# ISO/R 9:1968, the scientific transliteration of Slavists; GOST 16876-71 and ISO 9:1995 change a few letters.
_SCHOLARLY = _letters(ж="ž", х="ch", ц="c", ч="č", ш="š", щ="šč", й="j", ъ="ʺ", ь="ʹ", э="ė")
_SCHOLARLY_VOWELS: dict[str, Sequence[str]] = {"е": _same("e"), "ё": _same("ë"), "ю": _same("ju"), "я": _same("ja")}
_FRENCH_VOWELS: dict[str, Sequence[str]] = {
    "е": ("e", "ïe", "e", "ie", "e", "e"),
    "ё": ("io", "ïo", "io", "io", "io", "e"),  # Fiodor, Piotr, but Khrouchtchev, Gorbatchev
    "ю": ("iou", "ïou", "iou", "iou", "iou", "iou"),
    "я": ("ia", "ïa", "a", "ia", "ia", "ia"),
}

_SYSTEMS: tuple[dict[str, str], ...] = (
    # English, as most books and newspapers write it (simplified BGN/PCGN): Khrushchev, Malinovsky, Yevgeny.
    _ENGLISH,
    # English journalistic ё: Khrushchov, Gorbachov, Pyotr, Fyodor; and yo throughout: Khrushchyov.
    _ENGLISH | {"ё0": "yo", "ёv": "yo", "ёi": "yo", "ёs": "yo", "ёc": "yo", "ё§": "o"},
    _ENGLISH | {"ё0": "yo", "ёv": "yo", "ёi": "yo", "ёs": "yo", "ёc": "yo", "ё§": "yo"},
    # English with -i: Yuri, Dmitri, Sergei, Andrei.
    _ENGLISH | {"ий$": "i", "й$": "i"},
    # BGN/PCGN without its apostrophes and diacritics: Malinovskiy, Podgornyy, Mariya, Dmitriyevich.
    _system(_letters(), {**_ENGLISH_VOWELS, "е": (*_same("ye")[:4], "e", "e")}, **{"ий$": "iy", "ый$": "yy"}),
    # Library of Congress without diacritics: Malinovskii, Iurii, Mikoian, Il'ich.
    _system(
        _letters(й="i", ь="'"), {"е": _same("e"), "ё": _same("e"), "ю": _same("iu"), "я": _same("ia")}, **{"ь^": "'"}
    ),
    # German (Duden): Chruschtschow, Breschnew, Schukow, Kossygin, Malinowski.
    _system(
        _letters(в="w", ж="sch", з="s", х="ch", ц="z", ч="tsch", ш="sch", щ="schtsch", й="i"),
        {"е": ("je", "je", "je", "je", "e", "e"), "ё": (*_same("jo")[:5], "o"), "ю": _same("ju"), "я": _same("ja")},
        **{"с~": "ss", "кс": "x", "ь+": "j", "й+": "j", "ий$": "i", "ый$": "y"},
    ),
    # French: Khrouchtchev, Brejnev, Joukov, Boulganine, Sergueïevitch.
    _system(
        _letters(ж="j", у="ou", ч="tch", ш="ch", щ="chtch", й="ï"),
        _FRENCH_VOWELS,
        **{"г+": "gu", "с~": "ss", "кс": "x", "н$": "ne", "ий$": "i", "ый$": "y"},
    ),
    # Scholarly, with diacritics (accents are folded elsewhere): Chruščëv; GOST 16876-71 (UN): Hruščëv; ISO 9: Hruŝëv.
    _system(_SCHOLARLY, _SCHOLARLY_VOWELS),
    _system(_SCHOLARLY | {"х": "h", "э": "è"}, _SCHOLARLY_VOWELS),
    _system(_SCHOLARLY | {"х": "h", "щ": "ŝ", "э": "è"}, {**_SCHOLARLY_VOWELS, "ю": _same("û"), "я": _same("â")}),
)


_PLAIN = frozenset("абвджзилмопртуфхцчшщъыэ")  # letters whose spelling never depends on their neighbours
_ENDINGS = frozenset(("ий", "ый", "ия"))


def _word_keys(lower: str) -> list[tuple[int, str]]:
    """(position, key) for the letters of one lower-case Russian word, as the transliteration tables know them.

    A key is a letter, or a letter in context: е, ё, ю, я followed by 0 (word start), v (after a vowel other than
    и), i (after и), s (after ь, ъ), c (after a consonant), § (after ж, ч, ш, щ); ь^ and ь+ before an iotated or
    other vowel; й$ (word end, after a vowel), й+ (before a vowel); с~ between vowels; г+ before е, ё, и, ы; н$ for
    word-final -ин; кс; and the word endings ий$, ый$, ия$.
    """
    size = len(lower)
    ending = lower[-2:] if size >= 3 and lower[-2:] in _ENDINGS else ""
    stop = size - len(ending)
    keys: list[tuple[int, str]] = []
    position = 0
    while position < stop:
        char = lower[position]
        if char in _PLAIN:
            keys.append((position, char))
            position += 1
            continue
        previous = lower[position - 1] if position else ""
        following = lower[position + 1] if position + 1 < size else ""
        if char == "к" and following == "с":
            keys.append((position, "кс"))
            position += 2
            continue
        if char in _IOTATED:
            if not previous:
                context = "0"
            elif previous in "ьъ":
                context = "s"
            elif previous == "и":
                context = "i"
            elif previous in _VOWELS:
                context = "v"
            else:
                context = "§" if previous in _SIBILANTS else "c"
            key = char + context
        elif char == "ь":
            key = "ь^" if following in _IOTATED else "ь+" if following in _VOWELS else "ь"
        elif char == "й":
            key = "й$" if not following and previous in _VOWELS else "й+" if following in _VOWELS else "й"
        elif char == "с":
            key = "с~" if previous in _VOWELS and following in _VOWELS else "с"
        elif char == "г":
            key = "г+" if following in ("е", "ё", "и", "ы") else "г"
        elif char == "н":
            key = "н$" if previous == "и" and not following else "н"
        else:
            key = char
        keys.append((position, key))
        position += 1
    if ending:
        keys.append((stop, ending + "$"))
    return keys


# Each key is encoded as a private-use character, three times over: in lower case, capitalised and in capitals. A
# name is encoded once; each system then spells it with one str.translate.
_KEYS = sorted({key for table in _SYSTEMS for key in table})
_CODES = {key: tuple(chr(0xE000 + 3 * index + case) for case in range(3)) for index, key in enumerate(_KEYS)}
_TRANSLATIONS = tuple(
    {
        ord(code): spelling
        for key, spelling in table.items()
        for code, spelling in zip(_CODES[key], (spelling, _capitalized(spelling), spelling.upper()), strict=True)
    }
    for table in _SYSTEMS
)
_RUSSIAN_WORD = re.compile("[а-яёА-ЯЁ]+")
_NOT_RUSSIAN_LETTER = re.compile(r"[^\W\d_а-яёА-ЯЁ]|[\ue000-\uf8ff]")  # private use: the codes above
_COMBINING = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=4096)
def _encoded_word(word: str) -> str:
    """The codes of one word of Russian letters: names share their words, so this is remembered."""
    lower = word.lower()
    if len(word) > 1 and word.isupper():
        cases = [2] * len(word)
    else:
        cases = [int(char != small) for char, small in zip(word, lower, strict=True)]
    return "".join(_CODES[key][cases[position]] for position, key in _word_keys(lower))


def _encoded(name: str) -> str | None:
    """name with each Russian letter (in its context) replaced by its code; None if it has other letters or none."""
    text = unicodedata.normalize("NFC", name)
    if _COMBINING.search(text):
        text = _strip_marks(text, keep=_DIAERESIS + _BREVE)  # stress marks: Хруще́в
    if _NOT_RUSSIAN_LETTER.search(text):
        return None
    parts: list[str] = []
    done = 0
    for match in _RUSSIAN_WORD.finditer(text):
        parts.append(text[done : match.start()])
        parts.append(_encoded_word(match.group()))
        done = match.end()
    if not parts:
        return None
    parts.append(text[done:])
    return "".join(parts)


def _dedupe(values: Iterable[str | None]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


def cyrillic_to_latin(name: str) -> list[str]:
    """Хрущёв -> Khrushchev, Khrushchov, Khrushchyov, Chruschtschow, Khrouchtchev, Chruščëv, Hruščëv, Hruŝëv.

    The systems, most common first: English (simplified BGN/PCGN), English with ё as yo/o and as yo, English with
    -i endings (Yuri), BGN/PCGN, Library of Congress (no diacritics), German (Duden), French, and three scholarly
    ones with diacritics (ISO/R 9:1968, GOST 16876-71, ISO 9:1995). Deduplicated; [] unless the name is Russian
    Cyrillic (other letters, Latin or Ukrainian і, make it []). Initials and punctuation are kept: "Н.С. Хрущёв" ->
    "N.S. Khrushchev".
    """
    encoded = _encoded(name.strip())
    return [] if encoded is None else _dedupe(encoded.translate(table) for table in _TRANSLATIONS)


_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
_NOT_RUSSIAN = re.compile(r"[qwj]|c(?!h)|th|ph")  # letters and pairs that English transliteration of Russian never uses
# The units of English transliteration, longest first: digraphs, y with a vowel, word endings, single letters.
_LATIN_UNITS = re.compile(r"shch|kh|zh|ch|sh|ts|y[aeiou]|yy$|i[iy]$|ia$|[a-z']")
_CYRILLIC_FOR = dict(zip("abvgdzklmnoprstufh'", "абвгдзклмнопрстуфхь", strict=True)) | {
    "a": "а",
    "i": "и",
    "o": "о",
    "u": "у",
    "x": "кс",
    "shch": "щ",
    "kh": "х",
    "zh": "ж",
    "ch": "ч",
    "sh": "ш",
    "ts": "ц",
    "yy": "ый",  # Podgornyy
    "ii": "ий",  # Malinovskii
    "iy": "ий",  # Malinovskiy
    "ia": "ия",  # Maria
}
_IOTATED_FOR = {"ya": "я", "yu": "ю", "yo": "ё", "ye": "е"}
_HARD_BEFORE_I = frozenset(("s", "z", "ts", "zh", "sh", "ch", "shch"))  # Tbilisi: no -ий after these


def _ends_in_vowel(unit: str) -> bool:
    return unit[-1:] in ("a", "e", "i", "o", "u", "y")


@lru_cache(maxsize=4096)
def _to_cyrillic(word: str) -> str:
    """One word (lower-case ASCII, apostrophes for ь) of English transliteration in Cyrillic."""
    units = _LATIN_UNITS.findall(word)
    out: list[str] = []
    previous = ""
    last = len(units) - 1
    for index, unit in enumerate(units):
        after_vowel = _ends_in_vowel(previous)
        if unit in _IOTATED_FOR:
            if not previous or after_vowel or index == 1 or out[-1] in "жчшщ":
                out.append(_IOTATED_FOR[unit])  # Yeltsin, Mikoyan, Pyotr, Khrushchyov
            else:
                out.append("ь" + _IOTATED_FOR[unit])  # Tatyana, Solovyov, Vasilyevich
        elif unit == "yi":
            if not previous:
                out.append("и")
            elif after_vowel:
                out.append("йи")
            else:
                out.append("ый" if index == last else "ьи")  # Podgornyi (Library of Congress); Ilyich
        elif unit == "y":
            if after_vowel:
                out.append("й")  # Sergey, Baykonur
            elif index == last and previous:
                out.append(_final_y(units, out))
            else:
                out.append("ы")  # Kosygin, Bykov
        elif unit == "i" and index == last and previous:
            out.append("й" if after_vowel else "и" if previous in _HARD_BEFORE_I else "ий")  # Sergei; Yuri, Dmitri
        elif unit == "e":
            out.append("е" if previous else "э")
        else:
            out.append(_CYRILLIC_FOR[unit])
        previous = unit
    return "".join(out)


def _final_y(units: list[str], out: list[str]) -> str:
    """-ий or -ый for a word-final y after a consonant: Malinovsky, Yury, Yevgeny (-ий); Podgorny (-ый)."""
    if out[-1] in "кгхжшчщрл":
        return "ий"
    return "ий" if len(units) >= 3 and _ends_in_vowel(units[-3]) else "ый"


def latin_to_cyrillic(name: str) -> str | None:
    """Best-effort Cyrillic for a Russian name in English transliteration: "Khrushchev" -> "Хрущев".

    None if the name has letters that such transliteration does not use (w, q, j, a lone c, th, ph, accented
    letters) or no letters. The result is a guess: ё is written е as Russian mostly does, unless spelt yo, and a soft
    sign after a consonant that starts the word is left out (Pyotr -> Пётр, but Tatyana -> Татьяна). Whether the
    name is Russian at all is not judged here: name_variants asks it only of names that look Russian.
    """
    text = unicodedata.normalize("NFC", name.strip()).translate(_APOSTROPHES)
    lower = text.lower()
    if len(lower) != len(text) or not any("a" <= char <= "z" for char in lower):
        return None
    out: list[str] = []
    position = 0
    for match in _LATIN_WORD.finditer(lower):
        between = lower[position : match.start()]
        if any(char.isalpha() for char in between):
            return None
        word = match.group()
        if _NOT_RUSSIAN.search(word):
            return None
        cyrillic = _to_cyrillic(word)
        original = text[match.start() : match.end()]
        if len(original) > 1 and original.isupper():
            cyrillic = cyrillic.upper()
        elif original[0].isupper():
            cyrillic = _capitalized(cyrillic)
        out.append(between)
        out.append(cyrillic)
        position = match.end()
    rest = lower[position:]
    if any(char.isalpha() for char in rest):
        return None
    return "".join(out) + rest


# Chinese characters ---------------------------------------------------------------------------------------------

_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF))
# Surnames that OpenCC converts as the word they also are: 余 (surname) is not 餘 (surplus), 范 not 範, 干 not 幹.
_SURNAMES_KEPT = frozenset("余范干")


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@cache
def _converter(config: str) -> _Converter:
    converter: _Converter = OpenCC(config)  # loads its dictionaries, some 30 ms, once per configuration
    return converter


def _is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def chinese_script_variants(name: str) -> list[str]:
    """周恩來 -> ["周恩来"], 周恩来 -> ["周恩來"]: the name in the other script; [] if the same or not Chinese.

    Conversion goes through the simplified form, with OpenCC's phrase tables, then gives the traditional form, its
    Taiwan-standard form (裡 for 裏) where different, and 台 for 臺 (台灣 beside 臺灣). For a name of two to four
    characters starting with 余, 范 or 干, the traditional form that keeps the surname comes first.
    """
    text = name.strip()
    letters = [char for char in text if char.isalpha()]
    if not letters or not all(_is_han(char) for char in letters):
        return []
    simplified = _converter("t2s").convert(text)
    traditional = _converter("s2t").convert(simplified)
    kept = None
    if 2 <= len(simplified) <= 4 and simplified[0] in _SURNAMES_KEPT and traditional[0] != simplified[0]:
        kept = simplified[0] + traditional[1:]
    taiwan = _converter("t2tw").convert(traditional)
    candidates = [simplified, kept, traditional, taiwan, taiwan.replace("臺", "台")]
    return [variant for variant in _dedupe(candidates) if variant != text]


# Korean -------------------------------------------------------------------------------------------------------------

# One surname in its McCune-Reischauer, Revised and customary spellings (breves and apostrophes dropped).
_KOREAN_SURNAME_GROUPS = (
    ("Park", "Pak", "Bak"),
    ("Lee", "Yi", "Rhee", "Ri"),
    ("Choi", "Choe"),
    ("Chung", "Chong", "Jeong", "Jung"),
    ("Cho", "Jo"),
    ("Chang", "Jang"),
    ("Yun", "Yoon"),
    ("Kang", "Gang"),
    ("Kwon", "Gwon"),
    ("Chun", "Chon", "Jeon"),
    ("Suh", "So", "Seo"),
    ("Oh", "O"),
    ("Roh", "No", "Noh"),
    ("Lim", "Im", "Rim"),
    ("Shin", "Sin"),
    ("Moon", "Mun"),
    ("Ko", "Go", "Koh"),
    ("Pae", "Bae"),
    ("Paek", "Baek", "Paik"),
)
_KOREAN_SURNAMES: dict[str, tuple[str, ...]] = {
    **{surname: () for surname in ("kim", "han", "hwang", "ahn", "an", "song", "hong", "nam", "min", "yang", "yu")},
    **{surname.lower(): group for group in _KOREAN_SURNAME_GROUPS for surname in group},
}
# A romanised Korean syllable: an initial, one to three vowel letters, a final consonant.
_KOREAN_SYLLABLE = re.compile(r"(?:ch|kk|tt|pp|ss|jj|sh|[gkndtrlmbpsjh])?(?:[aeiouwy]{1,3})(?:ng|[nmlkpt])?")


def _fold(word: str) -> str:
    return _strip_marks(word, keep="").translate(_APOSTROPHES).replace("'", "").lower()


def _korean_variants(words: Sequence[str]) -> list[str]:
    """Kim Il-sung -> Kim Il Sung, Kim Ilsung; Park Chung-hee -> Pak Chung-hee, Bak Chung-hee. [] if not Korean."""
    surname = words[0]
    group = _KOREAN_SURNAMES.get(_fold(surname))
    if group is None or len(words) not in (2, 3):
        return []
    given = words[1].split("-") if len(words) == 2 else list(words[1:])
    if len(given) != 2 or not all(_KOREAN_SYLLABLE.fullmatch(_fold(part)) for part in given):
        return []
    first, second = given
    forms = [f"{first}-{second.lower()}", f"{first} {_capitalized(second)}", f"{first}{second.lower()}"]
    variants = [f"{surname} {form}" for form in forms]
    if len(words) == 2:  # the Korean spelling, not a Western "Lee Kuan Yew"
        variants += [f"{other} {words[1]}" for other in group if other.lower() != _fold(surname)]
    return variants


# Places ------------------------------------------------------------------------------------------------------------

PLACES: tuple[tuple[str, ...], ...] = (
    ("Beijing", "Peking"),
    ("Beiping", "Peiping"),
    ("Guangzhou", "Canton"),
    ("Nanjing", "Nanking"),
    ("Tianjin", "Tientsin"),
    ("Shenyang", "Mukden"),
    ("Lüshun", "Port Arthur"),
    ("Dalian", "Dairen", "Dalny"),
    ("Xiamen", "Amoy"),
    ("Chongqing", "Chungking"),
    ("Taiwan", "Formosa"),
    ("Penghu", "Pescadores"),
    ("Jinmen", "Quemoy", "Kinmen"),
    ("Mazu", "Matsu"),
    ("Dachen", "Tachen"),
    ("Xinjiang", "Sinkiang"),
    ("Xizang", "Tibet"),
    ("Qingdao", "Tsingtao"),
    ("Fuzhou", "Foochow"),
    ("Hangzhou", "Hangchow"),
    ("Suzhou", "Soochow"),
    ("Shantou", "Swatow"),
    ("Xi'an", "Sian"),
    ("Lanzhou", "Lanchow"),
    ("Chengdu", "Chengtu"),
    ("Hankou", "Hankow"),
    ("Yan'an", "Yenan"),
    ("Jinan", "Tsinan"),
    ("Baotou", "Paotow"),
    ("Zhangjiakou", "Kalgan"),
    ("Ürümqi", "Urumchi"),
    ("Xianggang", "Hong Kong"),
    ("Aomen", "Macau", "Macao"),
    ("Jiulong", "Kowloon"),
    ("Guangdong", "Kwangtung"),
    ("Guangxi", "Kwangsi"),
    ("Fujian", "Fukien"),
    ("Zhejiang", "Chekiang"),
    ("Jiangsu", "Kiangsu"),
    ("Jiangxi", "Kiangsi"),
    ("Anhui", "Anhwei"),
    ("Hebei", "Hopeh", "Hopei"),
    ("Henan", "Honan"),
    ("Hubei", "Hupeh"),
    ("Shandong", "Shantung"),
    ("Shanxi", "Shansi"),
    ("Shaanxi", "Shensi"),
    ("Sichuan", "Szechwan", "Szechuan"),
    ("Guizhou", "Kweichow"),
    ("Gansu", "Kansu"),
    ("Qinghai", "Tsinghai"),
    ("Ningxia", "Ningsia"),
    ("Jilin", "Kirin"),
    ("Heilongjiang", "Heilungkiang"),
    ("Rehe", "Jehol"),
    ("Moskva", "Moscow", "Москва"),
    ("Kyiv", "Kiev", "Киев"),
)
"""Place names whose customary English (postal, older or foreign) spelling no converter derives; pinyin first."""

_PLACE_GROUPS: dict[str, tuple[str, ...]] = {name_key(place): group for group in PLACES for place in group}


_ASCII_SEPARATORS = re.compile(r"[\W_]+")


def _place(text: str) -> tuple[str, ...] | None:
    """The group of PLACES that text names, if any."""
    key = _ASCII_SEPARATORS.sub(" ", text.lower()).strip() if text.isascii() else name_key(text)  # the same key
    return _PLACE_GROUPS.get(key)


# All together ------------------------------------------------------------------------------------------------------


class _Collected:
    """Variants in order, none twice and none the name itself (ignoring case), at most LIMIT."""

    def __init__(self, name: str) -> None:
        self.values: list[str] = []
        self._seen = {name.casefold()}

    @property
    def full(self) -> bool:
        return len(self.values) >= LIMIT

    def extend(self, values: Iterable[str | None]) -> None:
        for value in values:
            if self.full:
                return
            if value and (key := value.casefold()) not in self._seen:
                self._seen.add(key)
                self.values.append(value)


_HAN_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES)
_SCRIPT_LETTERS = (
    ("latin", re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02b0-\u02ff]")),
    ("cyrillic", re.compile("[\u0400-\u052f]")),
    ("han", re.compile(f"[{_HAN_CLASS}]")),
)
_OTHER_LETTER = re.compile(f"[^\\W\\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02b0-\u02ff\u0400-\u052f{_HAN_CLASS}]")


def _script(text: str) -> str | None:
    """ "latin", "cyrillic" or "han" if all the letters of text are of that script; None if mixed, other or none."""
    if _OTHER_LETTER.search(text):
        return None
    found = [script for script, letter in _SCRIPT_LETTERS if letter.search(text)]
    return found[0] if len(found) == 1 else None


_YO_GUESS = re.compile(r"(?<=[жчшщЖЧШЩ])([еЕ])(?=[вВ]\b)")


def _romanizations(cyrillic: str) -> Iterator[str]:
    """cyrillic_to_latin; where a word ends in -жев, -чев, -шев or -щев, first that of the name with ё (Хрущёв).

    Lazily, with repetitions: name_variants stops reading once it has enough.
    """
    guess = _YO_GUESS.sub(lambda match: "ё" if match.group() == "е" else "Ё", cyrillic)
    for spelling in (guess, cyrillic) if guess != cyrillic else (cyrillic,):
        encoded = _encoded(spelling)
        if encoded is not None:
            yield from (encoded.translate(table) for table in _TRANSLATIONS)


# A Latin name that may be Russian: Russian digraphs, iotated vowels or endings (Molotov, Gromyko, Podgorny).
_RUSSIAN_LOOKING = re.compile(
    r"kh|zh|shch|ts[aeiouy]|(?:^|[^aeiou\W])y[aeiou]|[aeiou]y[aeiou]"
    r"|(?:ov|ev|yov|ova|eva|in|ina|yn|sky|skiy|skii|ski|skaya|vich|vna|enko|yko|chko|[^aeiou\W]ny|iy|yy)\b"
)


def _chinese_romanizations(text: str, collected: _Collected) -> bool:
    """Adds the Wade-Giles and pinyin forms of a Latin name; False if it is neither.

    Wade-Giles comes with its apostrophes and, as most newspapers printed it, without: Teng Hsiao-p'ing and Teng
    Hsiao-ping. A name that is both pinyin and Wade-Giles (Lin Piao) gets both conversions, unless hyphens or
    aspirates show it is Wade-Giles (Chou En-lai). Pinyin that breaks the apostrophe rule (Jinan read jin-an) is
    not converted here: too many English words read so (Dean, Jean).
    """
    pinyin = _parse_pinyin(text)
    wade_giles = _parse_wade_giles(text)
    marked = "'" in text.translate(_APOSTROPHES)
    if wade_giles is not None and (wade_giles.hyphenated or marked):
        pinyin = None  # Chou En-lai, Ch'en I: hyphens and aspirates are Wade-Giles
    if pinyin is not None and pinyin.irregular == 0:
        converted = _wade_giles_name(pinyin.words)
        collected.extend([converted, converted.replace("'", "")])
    if wade_giles is not None:
        collected.extend(_readings(wade_giles, marked, _READINGS))
        if marked:
            collected.extend([text.translate(_APOSTROPHES).replace("'", "")])
    return pinyin is not None or wade_giles is not None


def _latin_variants(text: str, collected: _Collected) -> None:
    place = _place(text)
    if place is not None:
        collected.extend(place)
        _chinese_romanizations(place[0], collected)
        if place[0] != text:
            _chinese_romanizations(text, collected)
        return
    if _chinese_romanizations(text, collected):
        return
    words = text.split()
    korean = _korean_variants(words) if len(words) in (2, 3) else []
    if korean:
        collected.extend(korean)
        return
    if _RUSSIAN_LOOKING.search(text.lower()):
        cyrillic = latin_to_cyrillic(text)
        if cyrillic is not None:
            collected.extend([cyrillic])
            collected.extend(_romanizations(cyrillic))


def _name_variants(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name).strip()
    if not text or len(text) > _LONGEST_INPUT:
        return []
    collected = _Collected(text)
    script = _script(text)
    if script == "han":
        collected.extend(chinese_script_variants(text))
    elif script == "cyrillic":
        collected.extend(_place(text) or ())
        collected.extend(_romanizations(text))
    elif script == "latin":
        _latin_variants(text, collected)
    return collected.values


def name_variants(name: str) -> list[str]:
    """Every generated spelling of one name, not the name itself, deduplicated ignoring case; at most LIMIT.

    Chinese characters: the other script. Cyrillic: the Latin transliterations. Latin: the place table, Wade-Giles
    for pinyin and pinyin for Wade-Giles; else the spacing and surname spellings of a Korean name; else, for a
    name that looks Russian, its Cyrillic and that Cyrillic's other transliterations. Mixed scripts give [].
    Never raises: a name that breaks a converter gets no variants rather than breaking an import.
    """
    try:
        return _name_variants(name)
    except Exception:
        return []
