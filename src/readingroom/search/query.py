"""Parse what a reader types in the search box into a small query tree.

The grammar is the familiar Lucene/Google one: words (all must match), "phrases"~slop, OR, AND, NOT,
-exclusion, +word, (groups), field:value, prefix* and fuzzy~N. Words are kept exactly as typed; case
folding, stemming and splitting on punctuation happen later, in search.compile. Malformed input never
raises: it is read as sensibly as possible and the reader gets a short note about what was changed.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum, auto

MAX_LENGTH = 2000
MAX_DEPTH = 32
MAX_FUZZY = 2
MAX_SLOP = 50

FIELDS: frozenset[str] = frozenset(
    {
        "title",
        "summary",
        "text",
        "person",
        "organization",
        "place",
        "topic",
        "collection",
        "type",
        "source",
        "id",
        "language",
    }
)
FIELD_ALIASES: dict[str, str] = {
    "people": "person",
    "places": "place",
    "topics": "topic",
    "organizations": "organization",
    "collections": "collection",
    "languages": "language",
}
OPERATORS = frozenset({"OR", "AND", "NOT"})


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None
    prefix: bool = False
    fuzzy: int = 0  # edit distance, 0..MAX_FUZZY


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None
    slop: int = 0


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


Node = Term | Phrase | And | Or | Not


@dataclass(frozen=True)
class ParsedQuery:
    node: Node | None  # None when nothing searchable was typed
    notes: tuple[str, ...]  # what was read differently from how it was typed, for the reader

    def words(self) -> tuple[str, ...]:
        """The words the reader wants to find (not the excluded ones), in the order typed."""
        return tuple(_positive_words(self.node)) if self.node is not None else ()


def _positive_words(node: Node) -> Iterator[str]:
    if isinstance(node, Term):
        yield node.text
    elif isinstance(node, Phrase):
        yield from node.words
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _positive_words(child)


TRUNCATED = f"Read only the first {MAX_LENGTH:,} characters of the query."
UNCLOSED_QUOTE = "Closed an unbalanced quotation mark."
UNCLOSED_PAREN = "Closed an unbalanced parenthesis."
STRAY_PAREN = "Ignored an unmatched closing parenthesis."
EMPTY_PARENS = "Ignored empty parentheses."
EMPTY_QUOTES = "Ignored empty quotation marks."
DOUBLED_NOT = "Ignored a doubled NOT."
TOO_DEEP = f"Parentheses nested more than {MAX_DEPTH} deep were read as plain words."


def _dangling(operator: str) -> str:
    return f"Ignored a dangling {operator}."


class _Kind(Enum):
    ATOM = auto()  # a word or phrase, already a Term or Phrase
    OPEN = auto()
    CLOSE = auto()
    OPERATOR = auto()


@dataclass(frozen=True)
class _Token:
    kind: _Kind
    node: Term | Phrase | None = None  # ATOM
    negated: bool = False  # ATOM, OPEN
    field: str | None = None  # OPEN: applies to every word in the group
    operator: str = ""  # OPERATOR


_FIELD_PREFIX = re.compile(r"([A-Za-z]+):")
_WORD_SUFFIX = re.compile(r"(.*?)(\*+)?(?:~([0-9]*))?", re.DOTALL)
_SLOP = re.compile(r"~([0-9]*)")
_SIGNS = "+-"


def _has_alnum(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _skip_signs(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SIGNS:
        i += 1
    return i


def _field_name(typed: str) -> str | None:
    name = typed.lower()
    name = FIELD_ALIASES.get(name, name)
    return name if name in FIELDS else None


def _lex(text: str, notes: list[str]) -> list[_Token]:
    """Split the query into tokens; a sign (+/-) or field: prefix is folded into the item it precedes."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if text[i] == ")":
            tokens.append(_Token(_Kind.CLOSE))
            i += 1
            continue
        start = i
        i = _skip_signs(text, i)
        negated = "-" in text[start:i]
        field = None
        if (match := _FIELD_PREFIX.match(text, i)) and (field := _field_name(match[1])):
            value = _skip_signs(text, match.end())
            negated = negated or "-" in text[match.end() : value]
            i = value
        if i == n or text[i].isspace() or text[i] == ")":
            if match and field:
                notes.append(f'Ignored "{match[0]}" with nothing after it.')
            continue  # a sign or field with nothing attached
        if text[i] == "(":
            tokens.append(_Token(_Kind.OPEN, negated=negated, field=field))
            i += 1
            continue
        node: Term | Phrase | None
        if text[i] == '"':
            node, i = _phrase(text, i, field, notes)
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in "()":
                end += 1
            raw, plain, i = text[i:end], i == start, end
            if plain and raw in OPERATORS:  # "-OR" and "title:AND" are words
                tokens.append(_Token(_Kind.OPERATOR, operator=raw))
                continue
            node = _word(raw, field, notes)
        if node is not None:
            tokens.append(_Token(_Kind.ATOM, node=node, negated=negated))
    return tokens


def _phrase(text: str, i: int, field: str | None, notes: list[str]) -> tuple[Term | Phrase | None, int]:
    """The quoted phrase starting at text[i], and where the text after it starts."""
    close = text.find('"', i + 1)
    slop = 0
    if close < 0:
        notes.append(UNCLOSED_QUOTE)
        body, end = text[i + 1 :], len(text)
    else:
        body, end = text[i + 1 : close], close + 1
        if match := _SLOP.match(text, end):
            slop = min(int(match[1] or "0"), MAX_SLOP)
            end = match.end()
    words = tuple(word for word in (_strip_syntax(w) for w in body.split()) if _has_alnum(word))
    if not words:
        notes.append(EMPTY_QUOTES)
        return None, end
    if len(words) == 1:
        return Term(words[0], field), end
    return Phrase(words, field, slop), end


def _strip_syntax(word: str) -> str:
    return word.lstrip("()+").rstrip("()")


def _word(raw: str, field: str | None, notes: list[str]) -> Term | None:
    text = raw.rstrip('"')  # a stray closing quote
    match = _WORD_SUFFIX.fullmatch(text)
    assert match is not None  # every group is optional
    stem, stars, fuzzy = match[1], match[2], match[3]
    if stars:
        if sum(char.isalnum() for char in stem) < 2:
            notes.append(f'Ignored "{raw}": too broad, put at least two letters before the *.')
            return None
        return Term(stem, field, prefix=True)
    if fuzzy is not None and _has_alnum(stem):
        return Term(stem, field, fuzzy=min(int(fuzzy or "1"), MAX_FUZZY))
    return Term(text, field) if _has_alnum(text) else None


class _Parser:
    """Recursive descent, loosest first: sequence (AND) > alternatives (OR) > unary (NOT) > primary."""

    def __init__(self, tokens: list[_Token], notes: list[str]) -> None:
        self.tokens = tokens
        self.notes = notes
        self.pos = 0
        self.ignored_opens = 0  # "(" nested too deep, whose ")" must be skipped too

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def at_operator(self, operator: str) -> bool:
        token = self.peek()
        return token is not None and token.kind is _Kind.OPERATOR and token.operator == operator

    def at_gap(self) -> bool:
        """Whether nothing follows that an operator could apply to."""
        token = self.peek()
        return token is None or token.kind is _Kind.CLOSE or (token.kind is _Kind.OPERATOR and token.operator != "NOT")

    def sequence(self, depth: int) -> list[Node]:
        """Items joined by AND or by juxtaposition, up to the ")" that closes this depth."""
        items: list[Node] = []
        while (token := self.peek()) is not None:
            if token.kind is _Kind.CLOSE:
                if self.ignored_opens:
                    self.ignored_opens -= 1
                elif depth:
                    break
                else:
                    self.notes.append(STRAY_PAREN)
                self.pos += 1
            elif token.kind is _Kind.OPERATOR and token.operator != "NOT":
                self.pos += 1
                if token.operator == "OR" or not items or self.at_gap():
                    self.notes.append(_dangling(token.operator))
            elif (node := self.alternatives(depth)) is not None:
                items.append(node)
        return items

    def alternatives(self, depth: int) -> Node | None:
        children = [node] if (node := self.unary(depth)) is not None else []
        while self.at_operator("OR"):
            self.pos += 1
            if not children or self.at_gap():
                self.notes.append(_dangling("OR"))
            elif (node := self.unary(depth)) is not None:
                children.append(node)
        return _join(Or, children)

    def unary(self, depth: int) -> Node | None:
        nots = 0
        while self.at_operator("NOT"):
            self.pos += 1
            nots += 1
        if nots > 1:
            self.notes.append(DOUBLED_NOT)
        token = self.peek()
        if token is None or token.kind in (_Kind.CLOSE, _Kind.OPERATOR):
            if nots:
                self.notes.append(_dangling("NOT"))
            return None
        node = self.primary(depth)
        return _exclude(node) if node is not None and nots else node

    def primary(self, depth: int) -> Node | None:
        token = self.tokens[self.pos]
        self.pos += 1
        node: Node | None = token.node
        if token.kind is _Kind.OPEN:
            node = self.group(depth, token.field)
        if node is None:
            return None
        return _exclude(node) if token.negated else node

    def group(self, depth: int, field: str | None) -> Node | None:
        """The items after a "(", read up to and including its ")"."""
        if depth == MAX_DEPTH:
            self.ignored_opens += 1
            self.notes.append(TOO_DEEP)
            return None  # the group's items are read as part of the enclosing sequence
        start = self.pos
        items = self.sequence(depth + 1)
        if self.peek() is None:
            self.notes.append(UNCLOSED_PAREN)
        else:
            if self.pos == start:
                self.notes.append(EMPTY_PARENS)
            self.pos += 1
        node = _join(And, items)
        return _with_field(node, field) if node is not None and field else node


def _exclude(node: Node) -> Node:
    """Doubled exclusion ("NOT -word", "-(-word)") is read as emphasis, not as cancelling out."""
    return node if isinstance(node, Not) else Not(node)


def _join(kind: type[And] | type[Or], nodes: list[Node]) -> Node | None:
    flat: list[Node] = []
    for node in nodes:
        flat.extend(node.children if isinstance(node, kind) else (node,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _with_field(node: Node, field: str) -> Node:
    """The group with `field` given to each of its words that has none of its own."""
    if isinstance(node, Term | Phrase):
        return node if node.field else replace(node, field=field)
    if isinstance(node, Not):
        return Not(_with_field(node.child, field))
    return type(node)(tuple(_with_field(child, field) for child in node.children))


def parse_query(text: str) -> ParsedQuery:
    if not text.strip():
        return ParsedQuery(None, ())
    notes: list[str] = []
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH]
        notes.append(TRUNCATED)
    tokens = _lex(text, notes)
    if not any(token.kind is _Kind.ATOM for token in tokens):
        # Only operators: the reader is looking for the word itself.
        for i, token in enumerate(tokens):
            if token.kind is _Kind.OPERATOR:
                tokens[i] = _Token(_Kind.ATOM, node=Term(token.operator))
                notes.append(f'"{token.operator}" was read as a plain word.')
    node = _join(And, _Parser(tokens, notes).sequence(0))
    return ParsedQuery(node, tuple(dict.fromkeys(notes)))
