"""How names people type are compared: case, accents and whitespace do not matter."""

import re
import unicodedata

# MovieLens (and many catalogues) move a leading article to the end: "Matrix, The".
_TRAILING_ARTICLE_PATTERN = (
    r"^(?P<rest>.+?), (?P<article>The|A|An|Les|Le|La|L'|Il|Lo|Los|Las|El|Der|Die|Das|Den|Det)"
    r"(?P<tail>\s+\(.*\))?$"
)
_TRAILING_ARTICLE = re.compile(_TRAILING_ARTICLE_PATTERN)
# Keys are case-folded, so there "matrix, the" must move its article like "Matrix, The".
_TRAILING_ARTICLE_IN_KEY = re.compile(_TRAILING_ARTICLE_PATTERN, re.IGNORECASE)


def fold(value: str) -> str:
    """Collapse whitespace and trim; keep case and accents (the form we display)."""
    return " ".join(value.split())


def normalize_key(value: str) -> str:
    """The comparison key: whitespace folded, case folded, accents stripped."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


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
