"""Languages as BCP 47 tags ("ru", "zh-Hans" for Chinese in simplified script): the tag a value stands for, and the
English name a tag is shown by."""

import langcodes

LANGUAGE_NAMES = {
    "am": "Amharic",
    "ar": "Arabic",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ka": "Georgian",
    "km": "Khmer",
    "ko": "Korean",
    "ku": "Kurdish",
    "la": "Latin",
    "lo": "Lao",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mn": "Mongolian",
    "ms": "Malay",
    "my": "Burmese",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "yi": "Yiddish",
    "zh": "Chinese",
}
SCRIPT_NAMES = {"Hans": "simplified", "Hant": "traditional", "Latn": "Latin script", "Cyrl": "Cyrillic"}
# Other English names people write for these languages.
OTHER_NAMES = {"Farsi": "fa", "Mandarin": "zh", "Flemish": "nl", "Castilian": "es", "Magyar": "hu"}


class UnknownLanguage(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(f'"{value}" is not a language tag or a language name')


def _tags_by_name() -> dict[str, str]:
    """Every name `language_name` gives ("Chinese (simplified)" too) and the other names, casefolded, to its tag."""
    tags = {name.casefold(): tag for name, tag in OTHER_NAMES.items()}
    for tag, name in LANGUAGE_NAMES.items():
        tags[name.casefold()] = tag
        for script in SCRIPT_NAMES:
            tags[language_name(f"{tag}-{script}").casefold()] = f"{tag}-{script}"
    return tags


def language_tag(value: str) -> str:
    """The tag `value` stands for: a name as `language_name` writes it or another common English name ("Russian",
    "chinese (traditional)", "Farsi"), or a tag registered with IANA in any case and spelling ("RU", "zh_hans",
    "iw"), written as BCP 47 prefers ("ru", "zh-Hans", "he"). Raises UnknownLanguage for anything else: a facet
    must not count "Russian" and "ru" as two languages, nor keep a word that is no language."""
    text = value.strip()
    tag = TAGS_BY_NAME.get(text.casefold())
    if tag is not None:
        return tag
    if text and langcodes.tag_is_valid(text):
        return langcodes.standardize_tag(text)
    raise UnknownLanguage(value)


def language_name(tag: str) -> str:
    """ "ru" -> "Russian", "zh-Hant" -> "Chinese (traditional)"; an unknown tag is returned as it is."""
    language, _, rest = tag.partition("-")
    name = LANGUAGE_NAMES.get(language.lower())
    if name is None:
        return tag
    script = SCRIPT_NAMES.get(rest[:4].title()) if rest else None
    return f"{name} ({script})" if script else name


TAGS_BY_NAME = _tags_by_name()
