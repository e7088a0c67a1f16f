"""Table builders: one pure function per official table, over a `PlanView`, registered with `@builder`.

A builder returns a list of `Table`s (most return one; BAB II has one per evaluation table). `section`
says where the table stands in the whole document: a narrative section number ("2.1", "3.3") or a BAB
("IV"); `order` sorts the tables of the workbook and of the document.
"""

import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Builder:
    id: str
    title: str
    section: str
    order: int
    build: object


BUILDERS = {}


def builder(id, title, section, order):
    def register(function):
        if id in BUILDERS:
            raise ValueError(f"builder {id} registered twice")
        BUILDERS[id] = Builder(id, title, section, order, function)
        return function

    return register


def all_builders():
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(BUILDERS.values(), key=lambda b: b.order)


def build_tables(view, only=None):
    """Every table of the plan in document order (or only those whose builder id is `only`)."""
    tables = []
    for b in all_builders():
        if only is None or b.id == only:
            tables.extend(b.build(view))
    return tables
