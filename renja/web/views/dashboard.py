"""Placeholder: being written (issue 5)."""

from django.http import Http404


def dashboard(request, **kwargs):
    raise Http404
