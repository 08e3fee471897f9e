"""How names people type are compared: case, accents and whitespace do not matter."""

import re
import unicodedata

# MovieLens (and many catalogues) move a leading article to the end: "Matrix, The".
_TRAILING_ARTICLE = re.compile(
    r"^(?P<rest>.+?), (?P<article>The|A|An|Les|Le|La|L'|Il|Lo|Los|Las|El|Der|Die|Das|Den|Det)"
    r"(?P<tail>\s+\(.*\))?$"
)


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
    title = fold(value)
    match = _TRAILING_ARTICLE.match(title)
    if not match:
        return title
    article = match["article"]
    joiner = "" if article.endswith("'") else " "
    return f"{article}{joiner}{match['rest']}{match['tail'] or ''}"


def title_key(value: str) -> str:
    return normalize_key(display_title(value))
