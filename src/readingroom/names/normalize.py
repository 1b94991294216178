"""The key under which a name is looked up: case, accents and punctuation do not count.

"N.S. Khrushchev", "N. S. Khrushchev" and "n s khrushchev" share one key; so do "Lüshun" and "Lushun".
Scripts without case or accents (Chinese, Cyrillic apart from its case) keep their letters.
"""

import functools
import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
# Letters that Unicode does not decompose into a base letter and an accent.
_FOLDED_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d"})


@functools.lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Remembered: imports and the indexer meet the same names of the same authorities over and over."""
    if name.isascii():  # the same result, without decomposing what has no accents
        return _SEPARATORS.sub(" ", name.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Cyrillic ё loses its diaeresis like any other accent: Хрущёв and Хрущев are one key.
    letters = unicodedata.normalize("NFC", letters).translate(_FOLDED_LETTERS)
    return _SEPARATORS.sub(" ", letters).strip()


def slug(name: str) -> str:
    """An identifier fragment for a name: ASCII letters and digits joined by hyphens (empty if none)."""
    return "-".join(part for part in name_key(name).split() if part.isascii() and part.isalnum())
