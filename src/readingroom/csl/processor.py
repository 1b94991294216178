"""One CSL-JSON item rendered by citeproc-py in one of the CSL styles shipped in `styles/`.

The styles are the CSL project's current ones, unchanged. citeproc-py 0.11 implements most of CSL but not three
things these styles rely on, so this module fills them in, in its own element classes (the library is not patched):
- `initialize="false"` on a name (CSL 1.0.1): Chicago and MLA spell given names out, "Karl L. Rankin"; without it
  citeproc-py abbreviates every given name to initials, "K. L. Rankin".
- Variables rendered through a macro inside `<substitute>` are suppressed in the rest of the entry: a document with
  no author starts with its title, which must not then appear a second time.
- The locale's `punctuation-in-quote` (US English): a comma or period after a quoted title goes inside the closing
  quotation mark, "“Title,”", and is left out when the title ends with its own stop.
Stored text can be hostile HTML, and citeproc-py's HTML formatter escapes some variables (titles) but not others
(names, genre, archive). So citeproc-py renders with `_MarkedFormatter`, which writes formatting as marker
characters; the whole entry is then escaped once and only the markers become tags (<i>, <b> ...): the result is
safe to put in a page as it is, and shows every stored character as it was stored.
"""

import html
import io
import json
import re
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import groupby
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, model
from citeproc.frontend import CitationStylesXML
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, String
from lxml import etree

from readingroom.csl.casing import title_case

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
LOCALE = "en-US"
RENDERED_KEPT = 2048  # items kept rendered per process: a page seen again costs nothing


@dataclass(frozen=True)
class Style:
    key: str
    name: str
    file: str


STYLES = {
    style.key: style
    for style in (
        Style("chicago", "Chicago (notes and bibliography)", "chicago-notes-bibliography.csl"),
        Style("mla", "MLA", "modern-language-association.csl"),
        Style("apa", "APA", "apa.csl"),
    )
}


@dataclass(frozen=True)
class Rendered:
    """An item in one style, as HTML: the note or in-text citation, and the bibliography (reference list) entry."""

    citation: str
    bibliography: str


# citeproc-py keeps rendering state on the parsed style (the formatter, the suppressed variables), so one thread
# renders at a time; a render takes 5 to 25 ms.
_lock = threading.Lock()
# While a <substitute> child renders: the variables it rendered, as (element tag, variable name).
_substituted: ContextVar[list[tuple[str, str]] | None] = ContextVar("substituted", default=None)
# Formatting, written by citeproc-py as characters of Unicode's private use area: start, end and their tags.
_MARKS = {
    "italic": ("\ue000", "\ue001", "<i>", "</i>"),
    "bold": ("\ue002", "\ue003", "<b>", "</b>"),
    "underline": ("\ue004", "\ue005", "<u>", "</u>"),
    "superscript": ("\ue006", "\ue007", "<sup>", "</sup>"),
    "subscript": ("\ue008", "\ue009", "<sub>", "</sub>"),
    "small-caps": ("\ue00a", "\ue00b", '<span style="font-variant: small-caps">', "</span>"),
}
_TAGS = {start: opening for start, _, opening, _ in _MARKS.values()}
_TAGS.update({end: closing for _, end, _, closing in _MARKS.values()})
_FORMATTING_MARKS = re.compile("[" + "".join(_TAGS) + "]")
# Written after each text the style renders, so that punctuation is moved into a quotation only where a rendered
# text ends with it, as citeproc-js does, never into one inside a stored text ("labeled “Draft”, was").
_TEXT_END = "\ue00c"
_MARK_CHARACTERS = re.compile("[" + "".join(_TAGS) + _TEXT_END + "]")
_PUNCTUATION_AFTER_QUOTE = re.compile(f"([.?!]?)([”’]){_TEXT_END}+([.,])")
_CLOSING_QUOTE = re.compile(f"[”’]{_TEXT_END}*$")
# The end of a formatting (italics ...) between two full stops: "<i>... p.m.</i>." is written "<i>... p.m.</i>".
_STOP_AFTER_FORMATTING = re.compile("(\\.[" + "".join(end for _, end, _, _ in _MARKS.values()) + "]+)\\.")
_LONE_LETTER = re.compile(r"\b[A-Z]\b(?!\.)")


def render(item: dict[str, Any], style_key: str) -> Rendered:
    """`item` (CSL-JSON) in the style `style_key` (a key of STYLES)."""
    # Cited under a fixed key: citeproc-py lowercases the ids of its sources but not those it is asked to cite.
    return _rendered(json.dumps({**_unmarked(item), "id": "item"}, sort_keys=True), style_key)


@lru_cache(maxsize=RENDERED_KEPT)
def _rendered(item_json: str, style_key: str) -> Rendered:
    item = json.loads(item_json)
    with _lock:
        style = _style(style_key)
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), _MarkedFormatter)
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        cited = str(bibliography.cite(citation, _unknown_item))
        entries = [str(entry) for entry in bibliography.bibliography()]
    quoting = str(style.root.get_locale_option("punctuation-in-quote")).lower() == "true"
    return Rendered(_finished(cited, quoting), _finished(entries[0], quoting))


def _unknown_item(item: CitationItem) -> None:
    raise KeyError(f"no item {item.key} to cite")


def _finished(text: str, punctuation_in_quote: bool) -> str:
    text = _STOP_AFTER_FORMATTING.sub(r"\1", text)
    text = _FORMATTING_MARKS.sub(lambda mark: _TAGS[mark[0]], html.escape(text, quote=False))
    if punctuation_in_quote:
        text = _PUNCTUATION_AFTER_QUOTE.sub(_inside_quote, text)
    return text.replace(_TEXT_END, "")


def _inside_quote(match: re.Match[str]) -> str:
    """A comma or period after a closing quotation mark moved inside it, as citeproc-js moves it: a period is
    dropped where the quotation already ends with a stop (“Who Lost China?” n.d.), a comma kept (“... 2:08 p.m.,”
    and “Who Lost China?,”)."""
    stop, quote, punctuation = match.groups()
    if punctuation == "." and stop:
        return f"{stop}{quote}"
    return f"{stop}{punctuation}{quote}"


def _unmarked(value: Any) -> Any:
    """`value` with any marker characters removed from its text, so that only citeproc-py's formatting makes tags."""
    if isinstance(value, str):
        return _MARK_CHARACTERS.sub("", value)
    if isinstance(value, list):
        return [_unmarked(part) for part in value]
    if isinstance(value, dict):
        return {key: _unmarked(part) for key, part in value.items()}
    return value


def _marking(kind: str) -> Callable[[str], str]:
    start, end, _, _ = _MARKS[kind]
    return lambda text: f"{start}{text}{end}"


class _MarkedFormatter:
    """A citeproc-py formatter (its interface is these names) that leaves text as it is and marks formatting."""

    preformat = staticmethod(str)
    Italic = Oblique = staticmethod(_marking("italic"))
    Bold = staticmethod(_marking("bold"))
    Light = staticmethod(str)
    Underline = staticmethod(_marking("underline"))
    Superscript = staticmethod(_marking("superscript"))
    Subscript = staticmethod(_marking("subscript"))
    SmallCaps = staticmethod(_marking("small-caps"))


@cache
def _style(key: str) -> CitationStylesStyle:
    source = resources.files("readingroom.csl").joinpath("styles", STYLES[key].file).read_bytes()
    return _CompleteStyle(io.BytesIO(source), locale=LOCALE, validate=False)


@cache
def _compiled(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=model.CitationStylesElement.nsmap)


class _CompiledPaths:
    """citeproc-py compiles each XPath expression anew at every use and finds a macro by searching the style for
    its name (a Chicago entry asks for a macro some 500 times): that was nearly all of its rendering time. Here
    expressions are compiled once and macros indexed by name on the style's root element, where citeproc-py keeps
    its own state too (the style object holds that element, so it lives as long as the style)."""

    def xpath_search(self, expression: str) -> Any:
        return _compiled(expression)(self)

    def get_macro(self, name: str) -> Any:
        root = self.get_root()  # type: ignore[attr-defined]
        macros = vars(root).get("macros_by_name")
        if macros is None:
            macros = root.macros_by_name = {macro.get("name"): macro for macro in root.xpath_search("cs:macro")}
        return macros[name]


class _TitleCased:
    """citeproc-js's title case (readingroom.csl.casing) in place of citeproc-py's, which also capitalises words of
    one letter ("2:08 P.m.") and prepositions it does not list ("Conversation Between")."""

    def case(self, text: Any, language: Any = None) -> Any:
        # a term (a label: "eds.") comes without a language: the style's, English
        if self.get("text-case") == "title" and language in (None, "en"):  # type: ignore[attr-defined]
            # a variable's text comes as a MixedString, a list of plain strings unless it holds formatting
            if isinstance(text, MixedString) and all(type(part) is String for part in text):
                text = String("".join(text))
            if isinstance(text, str):
                return String(title_case(text))
        return super().case(text, language)  # type: ignore[misc]


class _MarkedEnd:
    """Quotes as citeproc-py's, and _TEXT_END after a text that ends with a closing quotation mark: the punctuation
    that follows a rendered text is moved into a quotation that ends it, never into one inside a stored text."""

    def quote(self, string: Any) -> Any:
        if self.get("quotes", "false").lower() == "true":  # type: ignore[attr-defined]
            opening = self.get_single_term(name="open-quote")  # type: ignore[attr-defined]
            string = opening + string + self.get_single_term(name="close-quote")  # type: ignore[attr-defined]
        return string + _TEXT_END if _CLOSING_QUOTE.search(str(string)) else string


class _If(_CompiledPaths, model.If):
    """citeproc-py's condition with the `disambiguate` test, which it ignores (so MLA always added the title to an
    in-text citation). A page cites one document alone, never ambiguously: the test is false."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if "disambiguate" not in self.attrib:
            return super().render(item, context=context, delimiter=delimiter, **kwargs)
        results = [False, *self._other_tests(item, context)]
        match = self.get("match")
        passed = any(results) if match == "any" else not any(results) if match == "none" else all(results)
        if not passed:
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def _other_tests(self, item: Any, context: Any) -> list[bool]:
        tests: dict[str, Callable[[], list[bool]]] = {
            "type": lambda: self._type(item),
            "variable": lambda: self._variable(item),
            "is-numeric": lambda: self._is_numeric(item),
            "is-uncertain-date": lambda: self._is_uncertain_date(item),
            "locator": lambda: self._locator(item),
            "position": lambda: self._position(item, context),
        }
        return [result for name, test in tests.items() if name in self.attrib for result in test()]


class _ElseIf(_If, model.Else_If):
    pass


class _Date(_CompiledPaths, model.Date):
    """A date range as CSL and citeproc-js write it: the parts the two dates share once, in the style's order, and
    the parts that differ as a range in their place ("July 16–17, 1955", "16–17 July 1955"; APA's "(1955)").
    citeproc-py appended the shared parts after the range ("16,–17, July 1955") and wrote nothing when every part
    shown was shared, such as APA's year."""

    def render_date_range(self, date_range: Any, show_parts: Any = None, context: Any = None) -> Any:
        begin, end = date_range.begin, date_range.end
        shown = [part for part in ("year", "month", "day") if part in show_parts and _part(begin, part) is not None]
        differing = shown[next((i for i, part in enumerate(shown) if _part(begin, part) != _part(end, part)), 3) :]
        if end.is_nil() or not differing:
            return self.render_single_date(begin, show_parts, context)
        style_context = context if self.is_locale_date() else self
        output: list[Any] = []
        elements = [element for element in self.iterchildren() if element.get("name") in shown]
        for same, run in groupby(elements, key=lambda element: element.get("name") not in differing):
            parts = list(run)
            if same:
                output.extend(filter(None, (element.render(begin, context) for element in parts)))
            else:
                output.append(self._range(parts, begin, end, context))
        return style_context.join(output)

    def _range(self, run: list[Any], begin: Any, end: Any, context: Any) -> str:
        """The differing parts of both dates, "16–17, ": the first date's last suffix and the second's first prefix
        left out around the range delimiter (that of the largest part that differs)."""
        first = "".join(str(element.render(begin, context) or "") for element in run)
        second = "".join(str(element.render(end, context) or "") for element in run)
        suffix, prefix = run[-1].get("suffix", ""), run[0].get("prefix", "")
        first = first[: -len(suffix)] if suffix and first.endswith(suffix) else first
        second = second[len(prefix) :] if prefix and second.startswith(prefix) else second
        return first + str(run[0].get("range-delimiter", "\u2013")) + second


def _part(date: Any, name: str) -> Any:
    """A date's year, month or day; None where it has none (citeproc-py's dates raise VariableError)."""
    try:
        return getattr(date, name)
    except model.VariableError:
        return None


class _Name(_CompiledPaths, model.Name):
    """citeproc-py's name with CSL's `initialize` option, and three details as citeproc-js writes them."""

    def process(self, item: Any, variable: Any, context: Any = None, sort_options: Any = None, **kwargs: Any) -> Any:
        names = item.reference.get(variable, [])
        # citeproc-js writes no delimiter before "and" when the second of two names is an organisation or a name
        # in its own order ("Rankin, Karl and Department of State"), whatever delimiter-precedes-last says.
        self._literal_second = len(names) == 2 and "literal" in names[1]
        return super().process(item, variable, context, sort_options, **kwargs)

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "delimiter-precedes-last" and vars(self).get("_literal_second"):
            return "contextual"
        return super().get_option(name, context, sort_options)

    def initialize(self, given: str, mark: str, context: Any) -> str:
        """Initials as citeproc-js writes them: given names spelled out where `initialize` is false, but a lone
        letter given as an initial ("U Nu" as "U. Nu"); where names are initialised, no stray mark after a word
        that is not initialised ("C. E. (“Chip”)", where citeproc-py wrote "C. E. (“Chip”) .")."""
        if not self._initializes(context):
            return _LONE_LETTER.sub(lambda letter: letter[0] + mark.strip(), given)
        initials = str(super().initialize(given, mark, context))
        stray = " " + mark.strip()
        return initials[: -len(stray)] if stray.strip() and initials.endswith(stray) else initials

    def _initializes(self, context: Any) -> bool:
        """The inheritable `initialize` option: this name's, else its citation's or bibliography's, else the style's."""
        scopes = (context if context is not None else self).xpath_search(
            "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
        )
        for element in (self, *scopes, self.get_root()):
            value = element.get("initialize")
            if value is not None:
                return bool(value.lower() != "false")
        return True


class _Text(_CompiledPaths, _TitleCased, _MarkedEnd, model.Text):
    def _variable(self, item: Any, context: Any) -> Any:
        text = super()._variable(item, context)
        rendered = _substituted.get()
        if rendered is not None and text:
            rendered.append((self.tag, self.get("variable")))
        return text


class _Names(_CompiledPaths, model.Names):
    """citeproc-py's names, with two rules of CSL's `<substitute>` it keeps only for a names element that is the
    substitute's own child: an empty `<names variable="editor"/>` anywhere inside a substitute takes its name and
    label from the names element substituted for ("Harriet D. Schwar and John P. Glennon, eds.", not "H. D. Schwar,
    J. P. Glennon"), and names rendered in place of another are not repeated later in the entry (MLA's "edited by")."""

    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        if names_context is None and self.name is None and not len(self):
            substituted_for = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            names_context = substituted_for[0] if substituted_for else None
        roles = [role for role in self.get("variable").split() if role in item.reference]
        repressed = (context if context is not None else self).get_layout().repressed.get(self.tag, [])
        if roles and all(role in repressed for role in roles):
            raise model.VariableError
        text = super().process(item, names_context=names_context, context=context, **kwargs)
        rendered = _substituted.get()
        if rendered is not None and text:
            rendered.extend((self.tag, role) for role in roles)
        return text


class _Substitute(_CompiledPaths, model.Substitute):
    """citeproc-py's substitute, which also suppresses what its children render through macros."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        for child in self.getchildren():
            token = _substituted.set([])
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            finally:
                rendered = _substituted.get() or []
                _substituted.reset(token)
            if text:
                self.add_to_repressed_list(child, context)
                repressed = context.get_layout().repressed
                for tag, variable in rendered:
                    repressed.setdefault(tag, []).append(variable)
                return text
        return None


class _ElementClasses(CitationStylesXML):
    """Parses a style as citeproc-py does, with the element classes above in place of the library's own."""

    def __init__(self, source: Any, validate: bool = True) -> None:
        lookup = etree.ElementNamespaceClassLookup()
        namespace = lookup.get_namespace(CSL_NAMESPACE)
        namespace[None] = _element_class(model.CitationStylesElement)
        namespace.update(
            {
                cls.__name__.replace("_", "-").lower(): _element_class(cls)
                for cls in model.CitationStylesElement.__subclasses__()
                if not issubclass(cls, _CompiledPaths)  # the classes made here are subclasses too
            }
        )
        namespace.update(
            {
                "name": _Name,
                "text": _Text,
                "substitute": _Substitute,
                "if": _If,
                "else-if": _ElseIf,
                "date": _Date,
                "names": _Names,
            }
        )
        self.parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        self.parser.set_element_class_lookup(lookup)
        self.xml = etree.parse(source, self.parser)
        self.root = self.xml.getroot()


@cache
def _element_class(cls: type) -> type:
    cased = (_TitleCased,) if issubclass(cls, model.TextCased) else ()
    return type(cls.__name__, (_CompiledPaths, *cased, cls), {})


class _CompleteStyle(CitationStylesStyle, _ElementClasses):
    """CitationStylesStyle's __init__ parses through super(), which in this class's method order is
    _ElementClasses.__init__."""

    def __init__(self, source: Any, locale: str, validate: bool) -> None:
        CitationStylesStyle.__init__(self, source, locale=locale, validate=validate)
        # citeproc-py parses the locale files with its own classes; a style's localized dates are the locale's
        # date elements, so they are parsed again with the classes above.
        self.root.locales = [
            locale if locale.getroottree() is self.xml else etree.fromstring(etree.tostring(locale), self.parser)
            for locale in self.root.locales
        ]
        for locale in self.root.locales:
            locale.style = self.root  # type: ignore[attr-defined]
