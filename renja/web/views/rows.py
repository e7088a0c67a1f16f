"""Placeholder: being written (issue 5)."""

from django.http import Http404


def add_sub_kegiatan(request, **kwargs):
    raise Http404


def edit_row(request, **kwargs):
    raise Http404


def delete_row(request, **kwargs):
    raise Http404
