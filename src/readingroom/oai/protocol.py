"""OAI-PMH 2.0 requests, free of HTTP and of the catalogue: which arguments each verb takes, datestamps, identifiers,
set specs and resumption tokens, and the protocol's errors (http://www.openarchives.org/OAI/openarchivesprotocol.html).
"""

import base64
import binascii
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote, unquote

VERBS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    # verb: (required arguments, optional arguments, exclusive argument)
    "Identify": (frozenset(), frozenset(), None),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), None),
    "ListSets": (frozenset(), frozenset(), "resumptionToken"),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken"),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), None),
}
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DATESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# The patterns of the protocol's schema: a value outside them is a bad argument, never echoed back.
_METADATA_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_SECOND = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
# Characters a local identifier may hold as they are (the oai-identifier scheme's); others are %-escaped.
_IDENTIFIER_SAFE = "-_.!~*'();/?:@&=+$,"
# Characters a set spec's part may hold as they are; everything else, "!" and "~" included, is written ~XX.
_SET_SAFE = re.compile(r"[A-Za-z0-9\-_.*'()]")
COLLECTION_SETS = "collection"
_COLLECTION_PREFIX = "collection/"


class OAIError(Exception):
    """One of the protocol's errors; `code` is its name in the protocol."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def echoes_arguments(self) -> bool:
        """The response repeats the request's arguments, unless they were not a request the protocol knows."""
        return self.code not in ("badVerb", "badArgument")


@dataclass(frozen=True)
class OAIRequest:
    verb: str
    arguments: dict[str, str]  # every argument but the verb

    def get(self, name: str) -> str | None:
        return self.arguments.get(name)


def parse_request(arguments: Mapping[str, Sequence[str]]) -> OAIRequest:
    """Check a request's arguments (each name with every value it was given) against its verb's."""
    for name, values in arguments.items():  # no argument of the protocol holds one; PostgreSQL refuses them
        if "\x00" in name or any("\x00" in value for value in values):
            raise OAIError("badArgument", f"the argument {_quoted(name)} contains a NUL character (%00)")
    verbs = arguments.get("verb", [])
    if len(verbs) != 1:
        raise OAIError("badVerb", "the verb argument is missing" if not verbs else "the verb argument is repeated")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"{_quoted(verb)} is not an OAI-PMH verb; the verbs are {', '.join(VERBS)}")
    required, optional, exclusive = VERBS[verb]
    given: dict[str, str] = {}
    for name, values in arguments.items():
        if name == "verb":
            continue
        if name not in required | optional | ({exclusive} if exclusive else set()):
            raise OAIError("badArgument", f"{verb} takes no argument {_quoted(name)}")
        if len(values) != 1:
            raise OAIError("badArgument", f"the argument {name} is repeated")
        if not values[0]:
            raise OAIError("badArgument", f"the argument {name} is empty")
        given[name] = values[0]
    if exclusive and exclusive in given:
        if len(given) > 1:
            raise OAIError("badArgument", f"{exclusive} must be the only argument besides the verb")
        return OAIRequest(verb, given)
    missing = sorted(required - given.keys())
    if missing:
        raise OAIError("badArgument", f"{verb} needs the argument {' and '.join(missing)}")
    if "metadataPrefix" in given and not _METADATA_PREFIX.fullmatch(given["metadataPrefix"]):
        raise OAIError("badArgument", f"{_quoted(given['metadataPrefix'])} is not a metadata prefix")
    if "set" in given and not _SET_SPEC.fullmatch(given["set"]):
        raise OAIError("badArgument", f"{_quoted(given['set'])} is not a set spec")
    return OAIRequest(verb, given)


@dataclass(frozen=True)
class DateRange:
    """Datestamps from `start` (inclusive) to before `end`; either may be open."""

    start: datetime | None = None
    end: datetime | None = None


def date_range(start: str | None, until: str | None) -> DateRange:
    """The `from` and `until` arguments, each a day (YYYY-MM-DD) or a second (YYYY-MM-DDThh:mm:ssZ), both inclusive."""
    first = _datestamp_argument("from", start) if start else None
    last = _datestamp_argument("until", until) if until else None
    if first and last:
        if first[1] != last[1]:
            raise OAIError("badArgument", "from and until must both be days or both be seconds")
        if first[0] > last[0]:
            raise OAIError("badArgument", "from is later than until")
    return DateRange(first[0] if first else None, last[0] + last[1] if last else None)


def _datestamp_argument(name: str, text: str) -> tuple[datetime, timedelta]:
    """The moment a datestamp argument names and the span it covers (a day or a second)."""
    try:
        if day := _DAY.fullmatch(text):
            moment = datetime.combine(date(*map(int, day.groups())), time(), tzinfo=UTC)
            return moment, timedelta(days=1)
        if second := _SECOND.fullmatch(text):
            year, month, day_of_month, hour, minute, seconds = map(int, second.groups())
            return datetime(year, month, day_of_month, hour, minute, seconds, tzinfo=UTC), timedelta(seconds=1)
    except ValueError:
        raise OAIError("badArgument", f"{name}={_quoted(text)} is not a date") from None
    raise OAIError("badArgument", f"{name}={_quoted(text)} is not a datestamp: write YYYY-MM-DD or {GRANULARITY}")


def datestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(DATESTAMP_FORMAT)


def oai_identifier(repository: str, document_id: str) -> str:
    return f"oai:{repository}:{quote(document_id, safe=_IDENTIFIER_SAFE)}"


def document_id(repository: str, identifier: str) -> str | None:
    """The document an identifier of this repository names; None for another repository's or a malformed one."""
    prefix = f"oai:{repository}:"
    if not identifier.startswith(prefix) or identifier == prefix:
        return None
    try:
        return unquote(identifier.removeprefix(prefix), errors="strict")
    except UnicodeDecodeError:
        return None


def collection_set_spec(authority_id: str) -> str:
    """The set of one collection: `collection:` and its id after `collection/` (other ids after `!`), with any
    character a set spec cannot hold written ~XX, so that every collection has a set spec of its own."""
    if authority_id.startswith(_COLLECTION_PREFIX):
        return f"{COLLECTION_SETS}:{_set_escaped(authority_id.removeprefix(_COLLECTION_PREFIX))}"
    return f"{COLLECTION_SETS}:!{_set_escaped(authority_id)}"


def set_collection(set_spec: str) -> str | None:
    """The collection id a set spec of `collection_set_spec` names; None for any other set spec."""
    prefix = f"{COLLECTION_SETS}:"
    local = set_spec.removeprefix(prefix)
    if not set_spec.startswith(prefix) or not local:
        return None
    try:
        unescaped = unquote(local.removeprefix("!").replace("%", "%25").replace("~", "%"), errors="strict")
    except UnicodeDecodeError:
        return None
    authority_id = unescaped if local.startswith("!") else _COLLECTION_PREFIX + unescaped
    return authority_id if unescaped and collection_set_spec(authority_id) == set_spec else None


def _set_escaped(text: str) -> str:
    return "".join(
        character if _SET_SAFE.fullmatch(character) else "".join(f"~{byte:02X}" for byte in character.encode())
        for character in text
    )


@dataclass(frozen=True)
class ResumptionToken:
    """Everything the next page of a list needs, so the server keeps no state: the list's arguments, where the last
    page ended (the exact datestamp and id of its last item) and how many items were sent before."""

    verb: str
    metadata_prefix: str
    start: str | None  # the from and until arguments as given
    until: str | None
    set_spec: str | None
    after_datestamp: datetime
    after_id: str
    cursor: int

    def encode(self) -> str:
        fields: dict[str, Any] = {**asdict(self), "after_datestamp": self.after_datestamp.isoformat()}
        return base64.urlsafe_b64encode(json.dumps(fields, separators=(",", ":")).encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, verb: str) -> "ResumptionToken":
        """The token a previous response gave for `verb`; anything else is a badResumptionToken."""
        try:
            fields = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            token = cls(**fields)
            after = datetime.fromisoformat(fields["after_datestamp"])
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, KeyError):
            raise OAIError("badResumptionToken", "the resumption token is not one this repository gave") from None
        strings = (token.verb, token.metadata_prefix, token.after_id)
        optional = (token.start, token.until, token.set_spec)
        if (
            token.verb != verb
            or not all(isinstance(value, str) for value in strings)
            or not all(value is None or isinstance(value, str) for value in optional)
            or not isinstance(token.cursor, int)
            or isinstance(token.cursor, bool)
            or token.cursor < 0
            or after.tzinfo is None
            or not _METADATA_PREFIX.fullmatch(token.metadata_prefix)
            or (token.set_spec is not None and not _SET_SPEC.fullmatch(token.set_spec))
        ):
            raise OAIError("badResumptionToken", f"the resumption token is not one this repository gave for {verb}")
        return cls(**{**fields, "after_datestamp": after})


def _quoted(text: str) -> str:
    return repr(text[:60] + ("…" if len(text) > 60 else ""))
