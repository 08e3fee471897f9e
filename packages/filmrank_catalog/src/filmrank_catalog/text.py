"""How names people type are compared.

Case, accents, whitespace, invisible characters (zero-width spaces, soft hyphens, byte-order
marks) and the many apostrophes keyboards produce do not matter; other punctuation does.
"""

import re
import unicodedata

# MovieLens (and many catalogues) move a leading article to the end: "Matrix, The".
_TRAILING_ARTICLE_PATTERN = (
    r"^(?P<rest>.+?),\s*(?P<article>The|A|An|Les|Le|La|L'|Il|Lo|Los|Las|El|Der|Die|Das|Den|Det)"
    r"(?P<tail>\s+\(.*\))?$"
)
_TRAILING_ARTICLE = re.compile(_TRAILING_ARTICLE_PATTERN)
# Keys are case-folded, so there "matrix, the" must move its article like "Matrix, The".
_TRAILING_ARTICLE_IN_KEY = re.compile(_TRAILING_ARTICLE_PATTERN, re.IGNORECASE)


# Typographic and look-alike apostrophes, all compared as "'".
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u00b4\u0060\u02bc\u2032\uff07", "'"))


# Letters that Unicode does not decompose into a base letter and an accent, spelt the way
# people without them on their keyboard write them ("Øvredal" is "Ovredal").
_UNDECOMPOSABLE = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}
)


def _visible(value: str) -> str:
    """Drop format characters (category Cf): zero-width spaces and joiners, soft hyphens, BOMs."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def fold(value: str) -> str:
    """Drop invisible characters, collapse whitespace and trim; keep case and accents (the
    form we display)."""
    return " ".join(_visible(value).split())


def normalize_key(value: str) -> str:
    """The comparison key: whitespace and case folded, accents and invisible characters
    stripped, apostrophes unified."""
    decomposed = unicodedata.normalize("NFKD", _visible(value).translate(_APOSTROPHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().translate(_UNDECOMPOSABLE).split())


def display_title(value: str) -> str:
    """Put a trailing article back in front: "Matrix, The" -> "The Matrix"."""
    return _article_to_front(fold(value), _TRAILING_ARTICLE)


def title_key(value: str) -> str:
    """The title's comparison key: "Matrix, The", "matrix, the" and "The Matrix" share one."""
    return _article_to_front(normalize_key(value), _TRAILING_ARTICLE_IN_KEY)


def _article_to_front(title: str, pattern: re.Pattern[str]) -> str:
    match = pattern.match(title)
    if not match:
        return title
    article = match["article"]
    joiner = "" if article.endswith("'") else " "
    return f"{article}{joiner}{match['rest']}{match['tail'] or ''}"
