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
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, model
from citeproc.frontend import CitationStylesXML
from citeproc.source.json import CiteProcJSON
from lxml import etree

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
_MARK_CHARACTERS = re.compile("[" + "".join(_TAGS) + "]")
_PUNCTUATION_AFTER_QUOTE = re.compile(r"([.?!]?)”([.,])")


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
    text = _MARK_CHARACTERS.sub(lambda mark: _TAGS[mark[0]], html.escape(text, quote=False))
    return _PUNCTUATION_AFTER_QUOTE.sub(_inside_quote, text) if punctuation_in_quote else text


def _inside_quote(match: re.Match[str]) -> str:
    """A comma or period after a closing quotation mark moved inside it, or dropped where the quotation already ends
    with a stop: “Who Lost China?” rather than “Who Lost China?,”."""
    stop, punctuation = match.groups()
    return f"{stop}”" if stop else f"{punctuation}”"


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


class _Name(_CompiledPaths, model.Name):
    def initialize(self, given: str, mark: str, context: Any) -> str:
        if not self._initializes(context):
            return given
        return str(super().initialize(given, mark, context))

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


class _Text(_CompiledPaths, model.Text):
    def _variable(self, item: Any, context: Any) -> Any:
        text = super()._variable(item, context)
        rendered = _substituted.get()
        if rendered is not None and text:
            rendered.append((self.tag, self.get("variable")))
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
        namespace.update({"name": _Name, "text": _Text, "substitute": _Substitute})
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(lookup)
        self.xml = etree.parse(source, parser)
        self.root = self.xml.getroot()


@cache
def _element_class(cls: type) -> type:
    return type(cls.__name__, (_CompiledPaths, cls), {})


class _CompleteStyle(CitationStylesStyle, _ElementClasses):
    """CitationStylesStyle's __init__ parses through super(), which in this class's method order is
    _ElementClasses.__init__."""

    def __init__(self, source: Any, locale: str, validate: bool) -> None:
        CitationStylesStyle.__init__(self, source, locale=locale, validate=validate)
