"""How search reads a query: the same words for every backend."""

import re

from filmrank_catalog.text import normalize_key

MAX_WORDS = 10  # longer queries are cut: every word is one more condition per film
_WORD = re.compile(r"[^\W_]+")

# Relevance of a match, the same scale on every backend.
EXACT = 1.0  # every word of the query matched
FUZZY = 0.5  # matched with typos or partial words


def query_words(text: str) -> list[str]:
    """The words of a query, folded like the catalog's keys (case, accents, punctuation)."""
    return _WORD.findall(normalize_key(text or ""))[:MAX_WORDS]
