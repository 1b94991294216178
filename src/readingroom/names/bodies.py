"""Whether an author's or recipient's name is that of a body or an office rather than a person.

Authors and recipients may be either ("Embassy in Poland", "Department of State", "Secretary of State" send and
receive telegrams as often as people do). When such a name matches no authority, the importer must create one of
the right kind, and the name is all it has. The rule, kept to words that name no person:
- a word that names a body: Embassy, Department, Ministry, Committee ... ("Embassy in Poland");
- a title followed by "of", "to", "in", "at" or "for": an office ("Secretary of State", "Ambassador in Moscow"),
  where a title before a name is a person ("Secretary Dulles", "Chairman Mao").
"""

from readingroom.names.normalize import name_key

# As name keys: lower case, accents and punctuation gone ("Chargé" is "charge").
BODY_WORDS = frozenset(
    {
        "administration",
        "agency",
        "assembly",
        "board",
        "bureau",
        "cabinet",
        "chancellery",
        "command",
        "commission",
        "committee",
        "congress",
        "consulate",
        "council",
        "delegation",
        "department",
        "embassy",
        "government",
        "headquarters",
        "legation",
        "ministry",
        "mission",
        "office",
        "parliament",
        "party",
        "politburo",
        "presidium",
        "secretariat",
        "senate",
    }
)
TITLES = frozenset(
    {
        "ambassador",
        "attache",
        "chairman",
        "charge",
        "chief",
        "chiefs",
        "commander",
        "commissioner",
        "consul",
        "counselor",
        "director",
        "governor",
        "minister",
        "premier",
        "president",
        "representative",
        "secretary",
    }
)
LINKS = frozenset({"of", "to", "in", "at", "for"})


def names_a_body(name: str) -> bool:
    """True for "Embassy in Poland", "Department of State", "Secretary of State", "Chargé in the Soviet Union";
    False for "Mao Zedong", "Secretary Dulles", "Chairman Mao"."""
    words = name_key(name).split()
    if BODY_WORDS.intersection(words):
        return True
    return any(word in TITLES and LINKS.intersection(words[position + 1 :]) for position, word in enumerate(words))
