"""Read EAD finding aids (EAD 2002 and EAD3) into collections and documents of the interchange format.

The finding aid's hierarchy (the <archdesc> and its components, <c> or <c01>..<c12>) becomes nested collections,
each naming its parent as `broader`. A component becomes a document when its level is "item", or when it has a
digital object (<dao>) and no components below it; every other component is a collection.

A document names its own collection and every collection above it, so that searching a collection (the search's
`collections` filter) finds the documents of its whole branch, and a collection's count is that of its branch.

Ids are stable across imports: the finding aid's id (<eadid>, <recordid>) and the component's @id. A component
without one gets an id from its position (c2.1.3), with a warning: it changes when components are reordered.

No network and no entities: DTDs are not loaded and a document declaring entities is refused.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.dates.written import read_date
from readingroom.ingest.jsonl import RecordError, Rejection, parse_record
from readingroom.ingest.records import AuthorityRecord, DocumentRecord

EAD2002 = "urn:isbn:1-931666-22-9"
EAD3 = "http://ead3.archivists.org/schema/"
NAMESPACES = ("", EAD2002, EAD3)
XLINK = "{http://www.w3.org/1999/xlink}"
COMPONENT = re.compile(r"c(?:0[1-9]|1[0-2])?")
# Index terms of <controlaccess>, by the document field they fill.
ACCESS_POINTS = {
    "persname": "people",
    "famname": "people",
    "corpname": "organizations",
    "geogname": "places",
    "subject": "topics",
    "function": "topics",
    "occupation": "topics",
}
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._:-]+")
_BASIC_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})?")  # ISO 8601 basic form, often seen in @normal


class EADError(ValueError):
    """The file cannot be read as a finding aid at all; where, when the XML itself is broken."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class FindingAid:
    id: str
    title: str
    collections: list[AuthorityRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    problems: list[Rejection] = field(default_factory=list)  # components not imported, each named by its path
    warnings: list[str] = field(default_factory=list)
    conversions: list[str] = field(default_factory=list)  # dates read from the way people write them


@dataclass
class _Parent:
    """What a component inherits: its ancestors' collection ids, its archival reference so far, its repository."""

    collections: list[str]
    citation: list[str]
    repository: str
    label: str  # the path naming it in messages: "Papers of X > Series 2 > c2.1"
    internal: bool = False


def is_finding_aid(tag: str) -> bool:
    """Whether an XML root element's tag (with its namespace, as lxml writes it) is an EAD 2002 or EAD3 <ead>."""
    name = etree.QName(tag)
    return name.localname == "ead" and (name.namespace or "") in NAMESPACES


def read_finding_aid(path: Path) -> FindingAid:
    root = _parse(path)
    if not is_finding_aid(root.tag):
        raise EADError(f"not an EAD finding aid (its root is <{etree.QName(root).localname}>, not <ead>)")
    _drop_namespaces(root)
    archdesc = root.find("archdesc")
    if archdesc is None:
        raise EADError("the finding aid has no <archdesc>")
    reader = _Reader(path, root)
    reader.read(archdesc)
    return reader.aid


def _parse(path: Path) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = re.sub(r", line [0-9]+, column [0-9]+$", "", error.msg)  # said once, by the caller
        raise EADError(f"not well-formed XML: {message}", line, column) from None
    except OSError as error:
        raise EADError(f"could not be read: {error.strerror or error}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise EADError("declares entities (<!ENTITY>), which are refused; write the text itself")
    return tree.getroot()


def _drop_namespaces(root: Any) -> None:
    """EAD 2002 with or without its namespace and EAD3 share the element names this reader needs."""
    for element in root.iter():
        if isinstance(element.tag, str) and (etree.QName(element).namespace or "") in NAMESPACES:
            element.tag = etree.QName(element).localname


def _text(element: Any) -> str:
    """The element's words, markup and line breaks aside."""
    if element is None:
        return ""
    return " ".join(" ".join(element.itertext()).split())


def _paragraphs(element: Any) -> str:
    """A description's paragraphs (its <head> left out), one after another."""
    if element is None:
        return ""
    paragraphs = [_text(p) for p in element if p.tag in ("p", "list", "chronlist")]
    return "\n\n".join(p for p in paragraphs if p) or _text(element)


def _identifier(text: str) -> str:
    return _NOT_IN_ID.sub("-", text.strip()).strip("-._:")


class _Reader:
    def __init__(self, path: Path, root: Any) -> None:
        self.path = path
        self.aid = FindingAid(id="", title=_text(root.find(".//titleproper")))
        own = _identifier(_text(root.find("eadheader/eadid")) or _text(root.find("control/recordid")))
        if not own:
            own = _identifier(path.stem)
            self.aid.warnings.append(
                f"{path.name}: no <eadid> or <recordid>; its records take ids from the file's name ({own}), "
                "which change if the file is renamed"
            )
        self.aid.id = own
        self.seen: set[str] = set()
        self.internal: set[str] = set()  # collections marked audience="internal", or within one

    def read(self, archdesc: Any) -> None:
        did = archdesc.find("did")
        title = _text(did.find("unittitle")) if did is not None else ""
        title = title or self.aid.title or self.aid.id
        fonds = _Parent([], [], _text(archdesc.find("did/repository")), title)
        collection = self._collection(archdesc, f"collection/{self.aid.id}", title, fonds, title)
        inherited = self._inherit(fonds, archdesc, collection.id, title)
        for position, component in enumerate(_components(archdesc.find("dsc")), start=1):
            self._component(component, str(position), inherited)
        self._drop_empty_internal()

    def _drop_empty_internal(self) -> None:
        """An internal unit's documents are imported unpublished, and the collections that hold them are hidden
        with them; an internal collection holding none would show, and is left out."""
        named = {collection for document in self.aid.documents for collection in document.collections}
        self.aid.collections = [c for c in self.aid.collections if c.id not in self.internal or c.id in named]

    def _component(self, element: Any, position: str, parent: _Parent) -> None:
        did = element.find("did")
        title = _text(did.find("unittitle")) if did is not None else ""
        own_id = _identifier(element.get("id", ""))
        label = f"{parent.label} > {title or 'c' + position}"
        if not own_id:
            own_id = f"c{position}"
            self.aid.warnings.append(
                f"{self.path.name}, {label}: no id; given {self.aid.id}/{own_id}, which changes if components are "
                "reordered"
            )
        record_id = f"{self.aid.id}/{own_id}"
        if record_id in self.seen:
            self._refuse(element, label, record_id, "repeats an earlier component's id; skipped with its contents")
            return
        self.seen.add(record_id)
        children = list(_components(element))
        if element.get("level") == "item" or (not children and _dao(element) is not None):
            if not title:
                self._refuse(element, label, record_id, "an item with no title (<unittitle>); not imported")
                return
            self._document(element, record_id, title, parent, label)
            if children:
                self.aid.warnings.append(f"{self.path.name}, {label}: components below an item are not imported")
            return
        if not title:
            title = f"{(element.get('level') or 'component').capitalize()} {_text(element.find('did/unitid'))}".strip()
            self.aid.warnings.append(f'{self.path.name}, {label}: no title (<unittitle>); named "{title}"')
        try:
            collection = self._collection(element, f"collection/{record_id}", title, parent, label)
        except RecordError as error:
            self._refuse(element, label, record_id, f"{error}; not imported, nor what it holds", error.field)
            return
        inherited = self._inherit(parent, element, collection.id, label)
        for number, child in enumerate(children, start=1):
            self._component(child, f"{position}.{number}", inherited)

    def _inherit(self, parent: _Parent, element: Any, collection_id: str, label: str) -> _Parent:
        return _Parent(
            collections=[*parent.collections, collection_id],
            citation=[*parent.citation, _reference(element)],
            repository=_text(element.find("did/repository")) or parent.repository,
            label=label,
            internal=parent.internal or element.get("audience") == "internal",
        )

    def _collection(self, element: Any, record_id: str, title: str, parent: _Parent, label: str) -> AuthorityRecord:
        data: dict[str, Any] = {"kind": "collection", "id": record_id, "name": title}
        if parent.collections:
            data["broader"] = [parent.collections[-1]]
        description = _description(element)
        if description:
            data["description"] = description
        if date := self._date(element, label):
            data["dates"] = date
        extra = _details(element)
        if parent.internal or element.get("audience") == "internal":
            self.internal.add(record_id)
        if extra:
            data["extra"] = extra
        record = parse_record(data)
        assert isinstance(record, AuthorityRecord)
        self.aid.collections.append(record)
        return record

    def _document(self, element: Any, record_id: str, title: str, parent: _Parent, label: str) -> None:
        data: dict[str, Any] = {"id": record_id, "title": title, "collections": parent.collections}
        if date := self._date(element, label):
            data["date"] = date
        summary = _paragraphs(element.find("did/abstract")) or _paragraphs(element.find("scopecontent"))
        if summary:
            data["summary"] = summary
        languages = [code for code in _language_codes(element) if code]
        if languages:
            data["languages"] = languages
        data.update(_access_points(element))
        if genre := _text(element.find("controlaccess//genreform")):
            data["type"] = genre
        citation = ", ".join(part for part in [*parent.citation, _reference(element)] if part)
        data["source"] = {"repository": parent.repository, "citation": citation}
        if link := _dao(element):
            data["source"]["url"] = link
        if details := _details(element):
            data["extra"] = details
        if parent.internal or element.get("audience") == "internal":
            data["access"] = "unpublished"
        try:
            record = parse_record(data)
        except RecordError as error:
            self._refuse(element, label, record_id, str(error), error.field)
            return
        assert isinstance(record, DocumentRecord)
        self.aid.documents.append(record)

    def _date(self, element: Any, label: str) -> str | None:
        """The unit's date as EDTF: EAD3's @standarddate, EAD 2002's @normal, else its words as people write."""
        did = element.find("did")
        if did is None:
            return None
        structured = did.find("unitdatestructured")
        dates = did.findall("unitdate")
        if structured is not None:
            standard, written = _structured_date(structured)
        elif dates:
            unitdate = next((d for d in dates if d.get("type") == "inclusive"), dates[0])
            standard, written = unitdate.get("normal") or unitdate.get("standarddate") or "", _text(unitdate)
        else:
            return None
        if standard:
            edtf = "/".join(_extended(side) for side in standard.split("/"))
            try:
                parse_edtf(edtf)
                return edtf
            except InvalidDate as error:
                self.aid.warnings.append(f'{self.path.name}, {label}: "{standard}" is not a standard date ({error})')
        if not written:
            return None
        try:
            date = read_date(written)
        except InvalidDate as error:
            self.aid.warnings.append(f'{self.path.name}, {label}: date "{written}" not read ({error}); left undated')
            return None
        if date and date != written:
            self.aid.conversions.append(f'{label}: "{written}" read as {date}')
        return date

    def _refuse(self, element: Any, label: str, record_id: str, message: str, field: str | None = None) -> None:
        self.aid.problems.append(
            Rejection(str(self.path), element.sourceline or 0, f"{label}: {message}", field, record_id)
        )


def _components(container: Any) -> Iterator[Any]:
    if container is None:
        return iter(())
    return (child for child in container if isinstance(child.tag, str) and COMPONENT.fullmatch(child.tag))


def _dao(element: Any) -> str | None:
    """The address of the component's digital object, if it has one ("" when it names none)."""
    for dao in element.iterfind("did/dao"):
        return str(dao.get("href") or dao.get(f"{XLINK}href") or "")
    for dao in element.iterfind("did/daogrp/daoloc"):
        return str(dao.get("href") or dao.get(f"{XLINK}href") or "")
    return None


def _reference(element: Any) -> str:
    """The unit's part of an archival reference: "Series 2" (its level and unitid), or its level and title."""
    unitid = _text(element.find("did/unitid"))
    level = element.get("level") or ""
    if level == "otherlevel":
        level = element.get("otherlevel") or ""
    if not unitid:
        return ""
    return f"{level.capitalize()} {unitid}".strip()


def _description(element: Any) -> str:
    parts = [
        _paragraphs(element.find("did/abstract")),
        _paragraphs(element.find("scopecontent")),
        _paragraphs(element.find("bioghist")),
    ]
    return "\n\n".join(part for part in parts if part)


def _details(element: Any) -> dict[str, str]:
    """What EAD says of a unit that the interchange format has no field for, kept in `extra`."""
    details = {
        "level": element.get("level") or "",
        "unitid": _text(element.find("did/unitid")),
        "extent": _extent(element),
    }
    return {name: value for name, value in details.items() if value}


def _extent(element: Any) -> str:
    structured = element.find("did/physdescstructured")
    if structured is not None:
        return " ".join(
            part for part in (_text(structured.find("quantity")), _text(structured.find("unittype"))) if part
        )
    extents = [_text(extent) for extent in element.iterfind("did/physdesc/extent")]
    return ", ".join(extent for extent in extents if extent) or _text(element.find("did/physdesc"))


def _access_points(element: Any) -> dict[str, list[str]]:
    """The item's creators (<origination>) as authors and its own index terms (<controlaccess>) as people,
    organizations, places and topics. A collection's terms are not handed down
    to every item in it: they describe the whole, and would make each item seem to be about all of them."""
    found: dict[str, list[str]] = {}
    for creator in element.iterfind("did/origination/*"):
        if creator.tag in ("persname", "corpname", "famname") and _text(creator):
            found.setdefault("authors", []).append(_text(creator))
            if creator.tag == "corpname":  # so that a new name becomes an organization, not a person
                found.setdefault("organizations", []).append(_text(creator))
    for term in element.iterfind("controlaccess//*"):
        field = ACCESS_POINTS.get(term.tag)
        if field and _text(term) and _text(term) not in found.get(field, []):
            found.setdefault(field, []).append(_text(term))
    return found


def _language_codes(element: Any) -> list[str]:
    return [str(language.get("langcode") or "") for language in element.iterfind("did/langmaterial//language")]


def _structured_date(structured: Any) -> tuple[str, str]:
    """EAD3's date as its standard form (EDTF, "" when not given) and its words ("1957 - 1959" for a range)."""
    single = structured.find("datesingle")
    if single is not None:
        return single.get("standarddate") or "", _text(single)
    dates = structured.find("daterange")
    if dates is None:
        return "", ""
    ends = [dates.find("fromdate"), dates.find("todate")]
    standard = [end.get("standarddate", "") if end is not None else "" for end in ends]
    written = " - ".join(_text(end) for end in ends if end is not None and _text(end))
    if not any(standard):
        return "", written
    return f"{standard[0] or '..'}/{standard[1] or '..'}", written


def _extended(side: str) -> str:
    """19520922 -> 1952-09-22: EAD 2002 allows ISO 8601's basic form in @normal, EDTF does not."""
    match = _BASIC_DATE.fullmatch(side)
    if not match:
        return side
    year, month, day = match.groups()
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"
