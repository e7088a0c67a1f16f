"""The 500 page: says what happened in Indonesian and gives a code that is also in the log."""

import secrets

from django.http import HttpResponseServerError
from django.template import loader
from django.utils import timezone


def server_error(request):
    # Django logs the error after this view has run, so the log line carries the same code.
    request.kode_kejadian = secrets.token_hex(4).upper()
    context = {"kode": request.kode_kejadian, "waktu": timezone.localtime().strftime("%d-%m-%Y %H:%M:%S")}
    # No context processors, no database: the page must render even when the database is the fault.
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def not_found(request, exception=None):
    """Django's 404 page; under /api/ (an id no route matches, e.g. negative) the API's JSON error instead."""
    if request.path.startswith("/api/"):
        from renja.api.errors import not_found as api_not_found

        return api_not_found(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
