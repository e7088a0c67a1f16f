"""Table builders: one pure function per official table, over a `PlanView`, registered with `@builder`.

A builder returns a list of `Table`s (most return one; BAB II has one per evaluation table). `section`
says where the table stands in the whole document: a narrative section number ("2.1", "3.3") or a BAB
("IV"); `order` sorts the tables of the workbook and of the document.

`jenis` is the kind of document a builder serves: "renja" (the plan; the default, `BUILDERS`) or
"evaluasi" (the Laporan Evaluasi Hasil Renja from the quarterly realisation, `builders/monitoring.py`).
Ids are unique within a kind.
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
DOCUMENT_KINDS = ("renja", "evaluasi")
REGISTRIES = {"renja": BUILDERS, "evaluasi": {}}


def builder(id, title, section, order, jenis="renja"):
    registry = REGISTRIES[jenis]

    def register(function):
        if id in registry:
            raise ValueError(f"builder {id} registered twice")
        registry[id] = Builder(id, title, section, order, function)
        return function

    return register


def all_builders(jenis="renja"):
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(REGISTRIES[jenis].values(), key=lambda b: b.order)


def build_tables(view, only=None, jenis="renja"):
    """Every table of the document kind `jenis` in document order (or only those whose builder id is `only`)."""
    tables = []
    for b in all_builders(jenis):
        if only is None or b.id == only:
            tables.extend(b.build(view))
    return tables
