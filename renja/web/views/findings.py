"""Placeholder: being written (issue 5)."""

from django.http import Http404


def findings(request, **kwargs):
    raise Http404
