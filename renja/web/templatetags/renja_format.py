"""Numbers as Indonesian users write them: 12.239.200.000 and 6,62 %."""

from django import template

from renja.core.numbers import format_decimal, format_persen, format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    return "" if value is None or value == "" else format_rupiah(value)


@register.filter
def desimal(value, places=2):
    return "" if value is None or value == "" else format_decimal(value, places)


@register.filter
def persen(value, places=2):
    return "" if value is None or value == "" else format_persen(value, places)
