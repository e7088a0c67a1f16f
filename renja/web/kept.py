"""What a page makes from a plan's data and findings, kept in Django's cache (settings.CACHES) per data version.

A page's read-model depends only on the plan's data (renja/plans/versions.py raises its number at every change a
check or a document can see, inside the writing transaction) and on the checker's code (`stored.rules_version`).
Both are in the key, and the version is read before the data, as for stored findings: a race can only keep a
newer result under an older number, which is never read again. Whatever depends on the user must be passed in
`extra`, or stay outside what is kept (the tree keeps its rows both with and without the edit links). Tests inside
a transaction that is rolled back keep nothing; the tests of kept pages commit (`django_db(transaction=True)`).
"""

from django.core.cache import cache
from django.db import transaction

from renja.plans import versions
from renja.rules import stored

# Raise when what any page keeps changes shape, so that a cache shared by several deployments of different
# code never hands one the other's objects.
LAYOUT = 1
SECONDS = 3600  # a version's entries are never read again once the data changes: they age out


def kept(renja, what, make, *extra, version=versions.checked):
    """`make()` for `renja`, made once per data version of the plan and kept; `what` names the read-model,
    `extra` (strings or numbers) whatever else it depends on. `version`: `versions.checked` for what shows
    findings (they read the PD's other years too), `versions.current` for what reads the plan's year alone."""
    key = ":".join(str(part) for part in (
        "renja", LAYOUT, what, renja.pk, version(renja), stored.rules_version(), *extra))
    value = cache.get(key)
    if value is None:
        value = make()
        # Kept once committed: a transaction that rolls back gives its version number back, and later data would
        # share it. A reading request has no transaction (web/middleware.py): it is kept at once.
        transaction.on_commit(lambda: cache.set(key, value, SECONDS))
    return value
