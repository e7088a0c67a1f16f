"""Roll-ups: every total a table states against the sum of its parts, computed from the sub kegiatan."""

from ..engine import rule
from ..view import LEVEL_LABELS

YEAR_KEYS = (("pagu_n", "n"), ("pagu_n1", "n+1"))


def _rupiah(value):
    from renja.core.numbers import format_rupiah

    return format_rupiah(value)


def _stated_vs_computed(rule_, view, level):
    for node in view.nodes(level):
        for key, year in YEAR_KEYS:
            statement = node.stated.get(key)
            if statement is None or statement.value is None:
                continue
            computed = node.total(key)
            if statement.value != computed:
                tahun = view.tahun if year == "n" else view.tahun + 1
                yield rule_.finding(
                    "T-C.33",
                    f"Pagu {tahun} {LEVEL_LABELS[level]} tertulis Rp {_rupiah(statement.value)}, tetapi jumlah "
                    f"pagu sub kegiatannya Rp {_rupiah(computed)} (selisih Rp {_rupiah(abs(statement.value - computed))}).",
                    code=node.code, row=node.label, expected=computed, found=statement.value,
                )


@rule(
    "PAGU-SUM-PROGRAM",
    "Pagu program = jumlah pagu sub kegiatannya",
    "Pagu yang tertulis pada baris program di T-C.33 (tahun n dan n+1) harus sama dengan jumlah pagu semua sub "
    "kegiatan di bawahnya. Nilai yang diharapkan adalah jumlah yang dihitung; yang ditemukan adalah yang tertulis.",
    "error", "program",
)
def pagu_sum_program(rule_, view):
    yield from _stated_vs_computed(rule_, view, "program")


@rule(
    "PAGU-SUM-KEGIATAN",
    "Pagu kegiatan = jumlah pagu sub kegiatannya",
    "Pagu yang tertulis pada baris kegiatan di T-C.33 (tahun n dan n+1) harus sama dengan jumlah pagu sub "
    "kegiatannya.",
    "error", "kegiatan",
)
def pagu_sum_kegiatan(rule_, view):
    yield from _stated_vs_computed(rule_, view, "kegiatan")
