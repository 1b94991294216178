"""CSL's `text-case="title"` for English, as citeproc-js (the processor of Zotero and Mendeley) applies it.

citeproc-py capitalises every lowercase word outside a short list of stop words, words it splits at spaces only, so
"2:08 p.m." becomes "2:08 P.m." and "Conversation between" becomes "Conversation Between". citeproc-js splits at
punctuation too (hyphens, slashes, full stops, quotation marks, brackets), leaves words of one letter as they are
("p.m.", "Dulles’s"), keeps a longer list of prepositions, articles and conjunctions lowercase except first, last
and after a colon, question or exclamation mark, and never changes a word that already has a capital."""

import re

# citeproc-js's CSL.SKIP_WORDS (version 2.4), the words of one word only: a title is split into single words.
_SKIP_WORDS = (
    "about above across afore after against al along alongside amid amidst among amongst anenst apropos apud around "
    "as aside astride at athwart atop barring before behind below beneath beside besides between beyond but by circa "
    "despite down during et except for forenenst from given in inside into lest like modulo near next "
    "notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout thruout till "
    "to toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or "
    "yet so and nor a an the de d' von van c ca"
)
SKIP_WORDS = frozenset(_SKIP_WORDS.split())
# What separates the pieces whose words are cased: quotation marks, apostrophes, dashes, slashes and punctuation.
_SEPARATOR = re.compile("(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\))")
_SPACES = re.compile("([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_STARTS_AFRESH = re.compile("[!?:]$")


def title_case(text: str) -> str:
    pieces = _SEPARATOR.split(text)  # text, separator, text, separator ... text
    first = True
    after_stop = False
    last: tuple[int, int] | None = None  # where the last word is: its piece and its place among the piece's parts
    for index in range(0, len(pieces), 2):
        if index and _STARTS_AFRESH.search(pieces[index - 1]):
            after_stop = True
        parts = _SPACES.split(pieces[index])  # words and the spaces between them
        for place in range(0, len(parts), 2):
            word = parts[place]
            if not word:
                continue
            lower = word.lower()
            if (len(word) > 1 and lower not in SKIP_WORDS) or first or after_stop:
                parts[place] = _capitalised(word) if word == lower else word
            first = after_stop = False
            last = (index, place)
        pieces[index] = "".join(parts)
    if last is not None:
        pieces[last[0]] = _last_word_capitalised(pieces[last[0]], last[1])
    return "".join(pieces)


def _last_word_capitalised(piece: str, place: int) -> str:
    """A title's last word is capitalised even when it is a stop word ("A Place to Stand On")."""
    parts = _SPACES.split(piece)
    word = parts[place]
    if len(word) > 1 and word.lower() in SKIP_WORDS:
        parts[place] = _capitalised(word)
    return "".join(parts)


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]
