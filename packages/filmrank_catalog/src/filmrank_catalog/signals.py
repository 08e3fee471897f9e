"""Signals other apps listen to (search indexing, caches). The catalog imports none of them.

``movies_changed`` is sent with ``movie_ids`` (a list of primary keys) whenever something a
film's public document shows changed: a new film, its credits, or its rating statistics.
It is sent inside the writing transaction; receivers that talk to other systems should defer
their work with ``transaction.on_commit``.
"""

from django.dispatch import Signal

movies_changed = Signal()
