"""Placeholder: being written (issue 5)."""

from django.http import Http404


def plan_history(request, **kwargs):
    raise Http404


def row_history(request, **kwargs):
    raise Http404
