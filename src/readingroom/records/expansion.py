"""Query-time name expansion: a name the reader types stands for every name of its authority.

"Chou En-lai" in a query also searches "Zhou Enlai", "周恩来" and the authority's other names in the full text, so
documents that mention the person by another name in their text, without the volume's markup linking them to
the person, are found too. Runs of words are matched against the authorities' name keys, longest first.
A place the shipped gazetteer knows stands for its names there too (places/gazetteer.py).
Readers' queries are expanded with the names of the authorities that exist for them alone (authorities.
public_authorities): an authority only hidden documents name would otherwise widen and reorder their results.
"""

from readingroom.names.normalize import name_key
from readingroom.places.gazetteer import find_place
from readingroom.records.authorities import public_authorities
from readingroom.records.models import NameVariant
from readingroom.search.compile import WRITTEN
from readingroom.search.query import And, Node, Not, Or, Phrase, Term

MAX_NAME_WORDS = 6
MAX_NAMES = 40  # names of one authority added to a query; beyond that the index's name fields still match


MAX_CACHED_KEYS = 50_000
# Names found for name keys, per version of the index: authorities change only through the change log, and the
# index moves on after every change, so its version tells when these may be stale.
_caches: dict[bool, dict[str, list[str]]] = {False: {}, True: {}}  # readers' and staff's, apart
_cache_version: object = None


def expand_names(node: Node | None, version: object = None, include_restricted: bool = False) -> Node | None:
    """The query with each name in it standing also for its authority's other names (of the authorities readers
    know of, unless `include_restricted`). `version` identifies the state of the catalogue (the index's commit):
    look-ups are remembered until it changes; None remembers nothing."""
    global _cache_version
    if node is None:
        return None
    if version is None or version != _cache_version or sum(map(len, _caches.values())) > MAX_CACHED_KEYS:
        for cache in _caches.values():
            cache.clear()
        _cache_version = version
    names = _caches[include_restricted] if version is not None else {}
    return _Expander(names, include_restricted).expand(node)


class _Expander:
    def __init__(self, names: dict[str, list[str]], include_restricted: bool) -> None:
        self._names = names  # name key -> every name of the authorities that have it; [] for none
        self._include_restricted = include_restricted

    def expand(self, node: Node) -> Node:
        if isinstance(node, Term):
            return self._span([node]) if _plain(node) else node
        if isinstance(node, Phrase):
            return self._named(node, " ".join(node.words)) if node.field is None and node.slop == 0 else node
        if isinstance(node, Or):
            return Or(tuple(self.expand(child) for child in node.children))
        if isinstance(node, Not):
            return node  # an exclusion keeps to the words typed
        return And(tuple(self._expand_runs(node.children)))

    def _expand_runs(self, children: tuple[Node, ...]) -> list[Node]:
        """Consecutive plain words are tried as names, the longest run first: "Chou En-lai Bandung"."""
        self._load(children)
        expanded: list[Node] = []
        position = 0
        while position < len(children):
            child = children[position]
            if not (isinstance(child, Term) and _plain(child)):
                expanded.append(self.expand(child))
                position += 1
                continue
            run = 1
            while position + run < len(children) and run < MAX_NAME_WORDS:
                following = children[position + run]
                if not (isinstance(following, Term) and _plain(following)):
                    break
                run += 1
            for length in range(run, 0, -1):
                words = [term for term in children[position : position + length] if isinstance(term, Term)]
                if self._names.get(name_key(" ".join(term.text for term in words))) or length == 1:
                    expanded.append(self._span(words))
                    position += length
                    break
        return expanded

    def _span(self, terms: list[Term]) -> Node:
        original: Node = terms[0] if len(terms) == 1 else Phrase(tuple(term.text for term in terms))
        return self._named(original, " ".join(term.text for term in terms))

    def _named(self, original: Node, text: str) -> Node:
        names = self._lookup(name_key(text))
        others = [name for name in names if name_key(name) != name_key(text)]
        if not others:
            return original
        # The other names are looked for in what the documents say; their name fields already match the original.
        alternatives = [
            Phrase(tuple(name.split()), field=WRITTEN) if " " in name else Term(name, field=WRITTEN)
            for name in others[:MAX_NAMES]
        ]
        return Or((original, *alternatives))

    def _load(self, children: tuple[Node, ...]) -> None:
        """Look up every run of words of these children at once."""
        words = [child.text if isinstance(child, Term) and _plain(child) else None for child in children]
        keys = set()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
                if None in words[start:end]:
                    break
                keys.add(name_key(" ".join(word for word in words[start:end] if word)))
        self._fetch(keys - set(self._names))

    def _lookup(self, key: str) -> list[str]:
        if key not in self._names:
            self._fetch({key})
        return self._names.get(key, [])

    def _fetch(self, keys: set[str]) -> None:
        keys = {key for key in keys if key}
        if not keys:
            return
        variants = NameVariant.objects.filter(key__in=keys)
        if not self._include_restricted:
            variants = variants.filter(authority__in=public_authorities())
        matches = variants.values_list("key", "authority_id")
        authorities: dict[str, list[str]] = {}
        for key, authority_id in matches:
            authorities.setdefault(key, []).append(authority_id)
        names: dict[str, list[str]] = {}
        for variant in NameVariant.objects.filter(
            authority_id__in={a for ids in authorities.values() for a in ids}
        ).order_by("authority_id", "position"):
            names.setdefault(variant.authority_id, []).append(variant.name)
        for key in keys:
            found = [name for authority in authorities.get(key, []) for name in names.get(authority, [])]
            self._names[key] = list(dict.fromkeys([*found, *_gazetteer_names(key)]))


def _gazetteer_names(key: str) -> list[str]:
    """A place's names in the gazetteer, the curated ones first: "Beijing" finds the documents that say "Peking"
    even where no authority of the archive has both names (a volume that marks up no place)."""
    place = find_place(key)
    return [name.name for name in place.names] if place else []


def _plain(term: Term) -> bool:
    return term.field is None and not term.prefix and not term.fuzzy
