"""Every request that may write is one transaction; reading requests take no write lock.

Django's ATOMIC_REQUESTS would wrap every view, and on SQLite a transaction begins with `BEGIN IMMEDIATE`
(see settings): every page view would then queue behind every other one. So only unsafe methods are
wrapped, and a view that must not hold the lock for its whole run (the login, whose password hashing is
slow) opts out with Django's own `transaction.non_atomic_requests`.
"""

from django.db import transaction
from django.urls import Resolver404, resolve

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS or _opted_out(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            # Django has already turned an exception into the 500 page: roll back what the view wrote.
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response


def _opted_out(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return "default" in getattr(match.func, "_non_atomic_requests", ())
