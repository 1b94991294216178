"""English names of the languages archives hold, by BCP 47 tag ("zh-Hans" is Chinese, simplified script)."""

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "cs": "Czech",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "km": "Khmer",
    "ko": "Korean",
    "lo": "Lao",
    "mn": "Mongolian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
SCRIPT_NAMES = {"Hans": "simplified", "Hant": "traditional", "Latn": "Latin script", "Cyrl": "Cyrillic"}


def language_name(tag: str) -> str:
    """ "ru" -> "Russian", "zh-Hant" -> "Chinese (traditional)"; an unknown tag is returned as it is."""
    language, _, rest = tag.partition("-")
    name = LANGUAGE_NAMES.get(language.lower())
    if name is None:
        return tag
    script = SCRIPT_NAMES.get(rest[:4].title()) if rest else None
    return f"{name} ({script})" if script else name
