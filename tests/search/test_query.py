import dataclasses
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readingroom.search.query import (
    FIELDS,
    And,
    Node,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Term,
    parse_query,
)

T = Term
P = Phrase


def A(*children: Node) -> And:
    return And(children)


def O(*children: Node) -> Or:  # noqa: E743
    return Or(children)


N = Not

UNCLOSED_QUOTE = "Closed an unbalanced quotation mark."
UNCLOSED_PAREN = "Closed an unbalanced parenthesis."
STRAY_PAREN = "Ignored an unmatched closing parenthesis."
EMPTY_PARENS = "Ignored empty parentheses."
EMPTY_QUOTES = "Ignored empty quotation marks."
TOO_DEEP = "Parentheses nested more than 32 deep were read as plain words."
TRUNCATED = "Read only the first 2,000 characters of the query."


def too_broad(token: str) -> str:
    return f'Ignored "{token}": too broad, put at least two letters before the *.'


WELL_FORMED: list[tuple[str, Node]] = [
    # words: all must match; one item is returned bare
    ("stalin", T("stalin")),
    ("stalin mao", A(T("stalin"), T("mao"))),
    ("  stalin \t\n mao  ", A(T("stalin"), T("mao"))),
    ("Chou En-lai", A(T("Chou"), T("En-lai"))),
    ("Chiang Kai-shek", A(T("Chiang"), T("Kai-shek"))),
    ("I.V. Stalin", A(T("I.V."), T("Stalin"))),
    ("Molotov's memo", A(T("Molotov's"), T("memo"))),
    ("周恩来 毛泽东", A(T("周恩来"), T("毛泽东"))),
    ("周恩来", T("周恩来")),
    ("Сталин Мао Цзэдун", A(T("Сталин"), T("Мао"), T("Цзэдун"))),
    ("Ngô Đình Diệm", A(T("Ngô"), T("Đình"), T("Diệm"))),
    ("C++", T("C++")),
    ("stalin stalin", A(T("stalin"), T("stalin"))),
    # phrases
    ('"exact phrase"', P(("exact", "phrase"))),
    ('"  exact \t phrase  "', P(("exact", "phrase"))),
    ('"exact\tphrase\nhere"', P(("exact", "phrase", "here"))),
    ('"Stalin"', T("Stalin")),
    ('"Stalin Mao"~5', P(("Stalin", "Mao"), slop=5)),
    ('"Stalin Mao"~50', P(("Stalin", "Mao"), slop=50)),
    ('"Stalin Mao"~51', P(("Stalin", "Mao"), slop=50)),
    ('"Stalin Mao"~9999', P(("Stalin", "Mao"), slop=50)),
    ('"Stalin Mao"~', P(("Stalin", "Mao"))),
    ('"Stalin"~3', T("Stalin")),
    ('"Stalin (Dzhugashvili)"', P(("Stalin", "Dzhugashvili"))),
    ('"Chou En-lai" visit', A(P(("Chou", "En-lai")), T("visit"))),
    ('"negotiat* Molotv~ OR NOT"', P(("negotiat*", "Molotv~", "OR", "NOT"))),
    ('"a b""c d"', A(P(("a", "b")), P(("c", "d")))),
    ('"周恩来 毛泽东"', P(("周恩来", "毛泽东"))),
    ('"a , b"', P(("a", "b"))),
    # OR binds tighter than the implicit AND; AND is the same as juxtaposition
    ("a OR b", O(T("a"), T("b"))),
    ("a b OR c", A(T("a"), O(T("b"), T("c")))),
    ("a OR b c", A(O(T("a"), T("b")), T("c"))),
    ("a OR b OR c", O(T("a"), T("b"), T("c"))),
    ("a OR b c OR d", A(O(T("a"), T("b")), O(T("c"), T("d")))),
    ("a AND b", A(T("a"), T("b"))),
    ("a AND b OR c", A(T("a"), O(T("b"), T("c")))),
    ('"a b" OR c', O(P(("a", "b")), T("c"))),
    # lowercase operators are words
    ("war and peace", A(T("war"), T("and"), T("peace"))),
    ("stalin or mao", A(T("stalin"), T("or"), T("mao"))),
    ("not stalin", A(T("not"), T("stalin"))),
    ("Or And Not", A(T("Or"), T("And"), T("Not"))),
    ("ORACLE ANDES NOTE", A(T("ORACLE"), T("ANDES"), T("NOTE"))),
    # exclusion
    ("-stalin", N(T("stalin"))),
    ("mao -stalin", A(T("mao"), N(T("stalin")))),
    ('mao -"a phrase"', A(T("mao"), N(P(("a", "phrase"))))),
    ("-(a OR b)", N(O(T("a"), T("b")))),
    ("-(a OR b) c", A(N(O(T("a"), T("b"))), T("c"))),
    ("NOT x", N(T("x"))),
    ("a NOT b", A(T("a"), N(T("b")))),
    ("a AND NOT b", A(T("a"), N(T("b")))),
    ("a OR NOT b", O(T("a"), N(T("b")))),
    ("NOT a OR b", O(N(T("a")), T("b"))),
    ("NOT (a b)", N(A(T("a"), T("b")))),
    ("NOT -a", N(T("a"))),
    ("--a", N(T("a"))),
    ("-(-a)", N(T("a"))),
    ("-(NOT a)", N(T("a"))),
    ("NOT (-a OR -b)", N(O(N(T("a")), N(T("b"))))),
    ("-OR", N(T("OR"))),
    ("+stalin", T("stalin")),
    ("+stalin +mao", A(T("stalin"), T("mao"))),
    ('+"a b"', P(("a", "b"))),
    ("+OR x", A(T("OR"), T("x"))),
    # groups
    ("(stalin OR filippov) mao", A(O(T("stalin"), T("filippov")), T("mao"))),
    ("(a OR b) c", A(O(T("a"), T("b")), T("c"))),
    ("(a b) c", A(T("a"), T("b"), T("c"))),
    ("a OR (b OR c)", O(T("a"), T("b"), T("c"))),
    ("(a b) OR c", O(A(T("a"), T("b")), T("c"))),
    ("((stalin))", T("stalin")),
    ("(a OR b)(c OR d)", A(O(T("a"), T("b")), O(T("c"), T("d")))),
    ("(" * 32 + "x" + ")" * 32, T("x")),
    # fields
    ("title:report", T("report", field="title")),
    ("Title:report", T("report", field="title")),
    ("TITLE:Report", T("Report", field="title")),
    ("type:Telegram", T("Telegram", field="type")),
    ("id:cwihp-12345", T("cwihp-12345", field="id")),
    ('person:"Zhou Enlai"', P(("Zhou", "Enlai"), field="person")),
    ('person:"Zhou Enlai" -Khrushchev', A(P(("Zhou", "Enlai"), field="person"), N(T("Khrushchev")))),
    ('person:"Zhou"', T("Zhou", field="person")),
    ('place:"Moscow Kremlin"~3', P(("Moscow", "Kremlin"), field="place", slop=3)),
    ("people:Mao", T("Mao", field="person")),
    ("places:Moscow", T("Moscow", field="place")),
    ("topics:famine", T("famine", field="topic")),
    ("organizations:CPSU", T("CPSU", field="organization")),
    ("collections:Mao", T("Mao", field="collection")),
    ("languages:ru", T("ru", field="language")),
    ("-title:report", N(T("report", field="title"))),
    ("+title:report", T("report", field="title")),
    ("title:-report", N(T("report", field="title"))),
    ("title:OR", T("OR", field="title")),
    ("person:Zhou:Enlai", T("Zhou:Enlai", field="person")),
    ("title:(report OR letter)", O(T("report", field="title"), T("letter", field="title"))),
    ("title:(report letter)", A(T("report", field="title"), T("letter", field="title"))),
    ('title:(report -"draft copy")', A(T("report", field="title"), N(P(("draft", "copy"), field="title")))),
    ("title:(person:Mao letter)", A(T("Mao", field="person"), T("letter", field="title"))),
    ("-title:(a OR b)", N(O(T("a", field="title"), T("b", field="title")))),
    ("title:negotiat*", T("negotiat", field="title", prefix=True)),
    ("person:Molotv~", T("Molotv", field="person", fuzzy=1)),
    # not fields: the whole token is text
    ("12:30", T("12:30")),
    ("foo:bar", T("foo:bar")),
    ("http://x", T("http://x")),
    ("https://www.wilsoncenter.org/x", T("https://www.wilsoncenter.org/x")),
    ("personal:x", T("personal:x")),
    ("a:title:x", T("a:title:x")),
    # prefix
    ("negotiat*", T("negotiat", prefix=True)),
    ("negotiat**", T("negotiat", prefix=True)),
    ("Mo*", T("Mo", prefix=True)),
    ("周恩*", T("周恩", prefix=True)),
    ("-negotiat*", N(T("negotiat", prefix=True))),
    ("ne*go", T("ne*go")),
    ("*go", T("*go")),
    # fuzzy
    ("Molotv~", T("Molotv", fuzzy=1)),
    ("Molotv~1", T("Molotv", fuzzy=1)),
    ("Molotv~2", T("Molotv", fuzzy=2)),
    ("Molotv~5", T("Molotv", fuzzy=2)),
    ("Molotv~0", T("Molotv")),
    ("Molotv~2 Stalin", A(T("Molotv", fuzzy=2), T("Stalin"))),
    ("a~b", T("a~b")),
    # syntax characters around words are stripped, inner punctuation kept
    ('stalin"', T("stalin")),
    ('O"Brien', T('O"Brien')),
    ("(stalin)", T("stalin")),
    ("stalin, mao.", A(T("stalin,"), T("mao."))),
    # tokens with nothing searchable are dropped
    ("stalin ... mao", A(T("stalin"), T("mao"))),
    ("stalin - mao", A(T("stalin"), T("mao"))),
    ("stalin + mao", A(T("stalin"), T("mao"))),
    ("a || b", A(T("a"), T("b"))),
]


@pytest.mark.parametrize(("query", "expected"), WELL_FORMED)
def test_well_formed(query: str, expected: Node) -> None:
    assert parse_query(query) == ParsedQuery(expected, ())


@pytest.mark.parametrize("query", ["", " ", "\t\n  ", " " * 5000, ".", "... , ;", "-", "+ -", "~", "||"])
def test_nothing_searchable(query: str) -> None:
    assert parse_query(query) == ParsedQuery(None, ())


MALFORMED: list[tuple[str, Node | None, tuple[str, ...]]] = [
    # quotes
    ('"Stalin Mao', P(("Stalin", "Mao")), (UNCLOSED_QUOTE,)),
    ('mao "Stalin', A(T("mao"), T("Stalin")), (UNCLOSED_QUOTE,)),
    ('"a b" "c', A(P(("a", "b")), T("c")), (UNCLOSED_QUOTE,)),
    ('person:"Zhou Enlai', P(("Zhou", "Enlai"), field="person"), (UNCLOSED_QUOTE,)),
    ('"', None, (UNCLOSED_QUOTE, EMPTY_QUOTES)),
    ('a ""', T("a"), (EMPTY_QUOTES,)),
    ('a "" b', A(T("a"), T("b")), (EMPTY_QUOTES,)),
    ('a " , " b', A(T("a"), T("b")), (EMPTY_QUOTES,)),
    # parentheses
    ("(a OR b", O(T("a"), T("b")), (UNCLOSED_PAREN,)),
    ("((a", T("a"), (UNCLOSED_PAREN,)),
    ("(a OR b) (c", A(O(T("a"), T("b")), T("c")), (UNCLOSED_PAREN,)),
    ("a (", T("a"), (UNCLOSED_PAREN,)),
    ("a) b", A(T("a"), T("b")), (STRAY_PAREN,)),
    (")a", T("a"), (STRAY_PAREN,)),
    ("(a)) b", A(T("a"), T("b")), (STRAY_PAREN,)),
    ("a () b", A(T("a"), T("b")), (EMPTY_PARENS,)),
    ("()", None, (EMPTY_PARENS,)),
    ("-() a", T("a"), (EMPTY_PARENS,)),
    ("a ( ) b", A(T("a"), T("b")), (EMPTY_PARENS,)),
    # operators alone are words
    ("OR", T("OR"), ('"OR" was read as a plain word.',)),
    ("AND", T("AND"), ('"AND" was read as a plain word.',)),
    ("NOT", T("NOT"), ('"NOT" was read as a plain word.',)),
    ("(OR)", T("OR"), ('"OR" was read as a plain word.',)),
    ("OR OR", A(T("OR"), T("OR")), ('"OR" was read as a plain word.',)),
    ("NOT OR", A(T("NOT"), T("OR")), ('"NOT" was read as a plain word.', '"OR" was read as a plain word.')),
    # dangling operators are ignored
    ("a OR", T("a"), ("Ignored a dangling OR.",)),
    ("OR a", T("a"), ("Ignored a dangling OR.",)),
    ("a OR OR b", O(T("a"), T("b")), ("Ignored a dangling OR.",)),
    ("(a OR) b", A(T("a"), T("b")), ("Ignored a dangling OR.",)),
    ("a (OR b)", A(T("a"), T("b")), ("Ignored a dangling OR.",)),
    ("a AND", T("a"), ("Ignored a dangling AND.",)),
    ("AND a", T("a"), ("Ignored a dangling AND.",)),
    ("a AND AND b", A(T("a"), T("b")), ("Ignored a dangling AND.",)),
    ("a OR AND b", A(T("a"), T("b")), ("Ignored a dangling OR.",)),
    ("a AND OR b", A(T("a"), T("b")), ("Ignored a dangling AND.", "Ignored a dangling OR.")),
    ("a NOT", T("a"), ("Ignored a dangling NOT.",)),
    ("(a NOT) b", A(T("a"), T("b")), ("Ignored a dangling NOT.",)),
    ("NOT OR a", T("a"), ("Ignored a dangling NOT.", "Ignored a dangling OR.")),
    ("NOT NOT a", N(T("a")), ("Ignored a doubled NOT.",)),
    ("b NOT NOT NOT a", A(T("b"), N(T("a"))), ("Ignored a doubled NOT.",)),
    # wildcards that would match nearly everything
    ("*", None, (too_broad("*"),)),
    ("**", None, (too_broad("**"),)),
    ("a*", None, (too_broad("a*"),)),
    ("stalin n*", T("stalin"), (too_broad("n*"),)),
    ("title:*", None, (too_broad("*"),)),
    ("-a* b", T("b"), (too_broad("a*"),)),
    ("I.* Stalin", T("Stalin"), (too_broad("I.*"),)),
    # a field with nothing attached
    ("title: report", T("report"), ('Ignored "title:" with nothing after it.',)),
    ("report Title:", T("report"), ('Ignored "Title:" with nothing after it.',)),
    ("(title:) report", T("report"), ('Ignored "title:" with nothing after it.', EMPTY_PARENS)),
    # several problems at once, each noted once
    ('(a OR "b c', O(T("a"), P(("b", "c"))), (UNCLOSED_QUOTE, UNCLOSED_PAREN)),
    ("a) b) OR", A(T("a"), T("b")), (STRAY_PAREN, "Ignored a dangling OR.")),
]


@pytest.mark.parametrize(("query", "expected", "notes"), MALFORMED)
def test_malformed(query: str, expected: Node | None, notes: tuple[str, ...]) -> None:
    assert parse_query(query) == ParsedQuery(expected, notes)


def test_deep_nesting_is_flattened() -> None:
    query = "(" * 33 + "x OR y" + ")" * 33 + " z"
    assert parse_query(query) == ParsedQuery(A(O(T("x"), T("y")), T("z")), (TOO_DEEP,))


def test_deep_nesting_keeps_the_shallow_groups() -> None:
    inner = "(" * 40 + "b c" + ")" * 40
    result = parse_query(f"a OR {inner} d")
    assert result.notes == (TOO_DEEP,)
    assert result.words() == ("a", "b", "c", "d")


def test_unclosed_deep_nesting() -> None:
    result = parse_query("(" * 1000 + "x")
    assert result == ParsedQuery(T("x"), (TOO_DEEP, UNCLOSED_PAREN))


def test_long_input_is_truncated() -> None:
    query = "stalin " * 286 + "mao"  # cut after the fifth letter of the 286th "stalin"
    result = parse_query(query)
    assert result.notes == (TRUNCATED,)
    assert result.words() == ("stalin",) * 285 + ("stali",)


def test_input_of_exactly_2000_characters_is_kept() -> None:
    query = "a" * 1999 + "b"
    assert parse_query(query) == ParsedQuery(T(query), ())


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", ()),
        ("stalin", ("stalin",)),
        ('person:"Zhou Enlai" -Khrushchev', ("Zhou", "Enlai")),
        ("a -(b OR c) d", ("a", "d")),
        ("(a OR NOT b) c", ("a", "c")),
        ('NOT "x y" z~1 pre*', ("z", "pre")),
        ("-a", ()),
    ],
)
def test_words(query: str, words: tuple[str, ...]) -> None:
    assert parse_query(query).words() == words


def test_fields() -> None:
    assert (
        frozenset(
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
        == FIELDS
    )
    for name in FIELDS:
        assert parse_query(f"{name}:x") == ParsedQuery(T("x", field=name), ())


def test_nodes_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        T("x").text = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_query("x").node = None  # type: ignore[misc]


# Properties


def walk(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    yield node
    if isinstance(node, And | Or):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, Not):
        yield from walk(node.child)


SYNTAX = st.sampled_from(
    [
        "(",
        ")",
        '"',
        "-",
        "+",
        "*",
        "~",
        "~2",
        "~99",
        ":",
        " ",
        "  ",
        "\t",
        "OR",
        "AND",
        "NOT",
        "or",
        "title:",
        "people:",
        "foo:",
        "12:30",
        "a",
        "b",
        "Stalin",
        "Kai-shek",
        "周恩来",
        "Мао",
        "é",
        ".",
    ]
)
QUERIES = st.one_of(
    st.text(),
    st.text(max_size=5000),
    st.text(alphabet='()"-+*~: aOR', max_size=3000),
    st.lists(SYNTAX, max_size=400).map(" ".join),
    st.lists(SYNTAX, max_size=400).map("".join),
)


@settings(max_examples=500)
@given(QUERIES)
def test_any_text_parses_to_a_well_formed_tree(query: str) -> None:
    result = parse_query(query)
    assert isinstance(result, ParsedQuery)
    assert all(isinstance(note, str) and note for note in result.notes)
    assert len(set(result.notes)) == len(result.notes)
    for node in walk(result.node):
        if isinstance(node, And | Or):
            assert len(node.children) >= 2
            assert not any(isinstance(child, type(node)) for child in node.children)
        elif isinstance(node, Not):
            assert not isinstance(node.child, Not)
        elif isinstance(node, Term):
            assert node.field is None or node.field in FIELDS
            assert 0 <= node.fuzzy <= 2
            assert any(char.isalnum() for char in node.text)
            if node.prefix:
                assert sum(char.isalnum() for char in node.text) >= 2
        else:
            assert node.field is None or node.field in FIELDS
            assert len(node.words) >= 2
            assert 0 <= node.slop <= 50
            assert all(word.strip() == word and word for word in node.words)


@settings(max_examples=500)
@given(QUERIES)
def test_every_word_was_typed(query: str) -> None:
    result = parse_query(query)
    for word in result.words():
        assert word in query
    for node in walk(result.node):
        if isinstance(node, Term):
            assert node.text in query
        elif isinstance(node, Phrase):
            assert all(word in query for word in node.words)


PLAIN_WORDS = st.lists(
    st.text(st.characters(categories=["L", "N"]), min_size=1).filter(lambda w: w not in {"OR", "AND", "NOT"}),
    min_size=1,
    max_size=20,
)


@given(PLAIN_WORDS, st.sampled_from([" ", "  ", "\t", "\n", " \u3000 "]))
def test_plain_words_are_all_required(words: list[str], separator: str) -> None:
    result = parse_query(separator.join(words))
    terms = tuple(Term(word) for word in words)
    assert result == ParsedQuery(terms[0] if len(terms) == 1 else And(terms), ())
    assert result.words() == tuple(words)


@given(PLAIN_WORDS)
def test_or_between_plain_words(words: list[str]) -> None:
    result = parse_query(" OR ".join(words))
    terms = tuple(Term(word) for word in words)
    assert result == ParsedQuery(terms[0] if len(terms) == 1 else Or(terms), ())


@given(PLAIN_WORDS)
def test_excluded_words_are_not_words(words: list[str]) -> None:
    result = parse_query(" ".join("-" + word for word in words))
    nots = tuple(Not(Term(word)) for word in words)
    assert result == ParsedQuery(nots[0] if len(nots) == 1 else And(nots), ())
    assert result.words() == ()
