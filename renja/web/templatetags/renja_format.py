"""Numbers as Indonesian users write them: 12.239.200.000 and 6,62 %."""

from django import template

from renja.core.numbers import format_decimal, format_persen, format_rupiah
from renja.web import charts

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


@register.simple_tag
def hbar(bar, mark_x=None, mark_title=""):
    """One horizontal bar (renja.web.charts.HBar) in a table cell, with the planned mark at `mark_x` if given."""
    return charts.hbar_svg(bar, mark_x, mark_title)
