"""The Tabel 4.1-style summary of a Renja (`renja summary`): computed figures beside stated ones."""

from decimal import Decimal

from renja.organizations.models import PaguPlafon

from .rollup import NON_URUSAN_KEYS, TOTAL_KEYS, URUSAN_KEYS, renja_totals, statements


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return float(value) if isinstance(value, Decimal) else value


def _stated(items):
    return [
        {"table": s.tabel, "key": s.kunci, "row": s.baris or None, "value": _number(s.nilai), "text": s.teks}
        for s in items
    ]


def _figures(totals):
    return {
        "jumlah_program": totals.jumlah_program,
        "jumlah_kegiatan": totals.jumlah_kegiatan,
        "jumlah_sub_kegiatan": totals.jumlah_sub_kegiatan,
        "pagu_n": totals.pagu_n,
        "pagu_n1": totals.pagu_n1,
    }


def build_summary(renja):
    programs, urusan, non_urusan, total = renja_totals(renja)
    ceiling = PaguPlafon.for_plan(renja.perangkat_daerah_id, renja.tahun, renja.tahap)
    pd = renja.perangkat_daerah
    return {
        "perangkat_daerah": {"kode": pd.kode, "nama": pd.nama, "singkatan": pd.singkatan},
        "pemda": pd.pemda.nama,
        "tahun": renja.tahun,
        "tahun_n1": renja.tahun + 1,
        "tahap": renja.tahap,
        "program": [
            {
                "kode": t.program.kode or None,
                "kode_asli": t.program.kode_asli or None,
                "nama": t.program.nama or None,
                "urusan": t.urusan,
                "jumlah_kegiatan": t.jumlah_kegiatan,
                "jumlah_sub_kegiatan": t.jumlah_sub_kegiatan,
                "pagu_n": t.pagu_n,
                "pagu_n1": t.pagu_n1,
                "stated": _stated(t.stated),
            }
            for t in programs
        ],
        "urusan": {**_figures(urusan), "stated": _stated(statements(renja, URUSAN_KEYS))},
        "non_urusan": {**_figures(non_urusan), "stated": _stated(statements(renja, NON_URUSAN_KEYS))},
        "total": {**_figures(total), "stated": _stated(statements(renja, TOTAL_KEYS))},
        "pagu_plafon": ceiling.pagu if ceiling else None,
    }
