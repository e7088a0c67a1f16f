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
