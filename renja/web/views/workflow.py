"""Placeholder: being written (issue 5)."""

from django.http import Http404


def act(request, **kwargs):
    raise Http404


def compare(request, **kwargs):
    raise Http404
