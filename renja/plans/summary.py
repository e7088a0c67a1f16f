"""The Tabel 4.1-style summary of a Renja (`renja summary`): computed figures beside stated ones."""

from decimal import Decimal

from renja.core.numbers import format_rupiah
from renja.organizations.models import PaguPlafon

from .models import PaguKolom
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


def _extra_keys(total):
    """The further money figures of a plan that has them: "pagu_sebelum" and the pagu columns, in order."""
    keys = ["pagu_sebelum"] if total.pagu_sebelum is not None else []
    return keys + [kolom for kolom in PaguKolom.Kolom.values if kolom in total.pagu_kolom]


def _extra(totals, keys):
    """The further money figures of one part ({} for a plan without them: its summary stays as it was)."""
    result = {}
    if "pagu_sebelum" in keys:
        result["pagu_sebelum"] = totals.pagu_sebelum or 0
    columns = {kolom: totals.pagu_kolom.get(kolom, 0) for kolom in keys if kolom != "pagu_sebelum"}
    if columns:
        result["pagu_kolom"] = columns
    return result


def build_summary(renja):
    programs, urusan, non_urusan, total = renja_totals(renja)
    keys = _extra_keys(total)
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
                **_extra(t, keys),
                "stated": _stated(t.stated),
            }
            for t in programs
        ],
        "urusan": {**_figures(urusan), **_extra(urusan, keys), "stated": _stated(statements(renja, URUSAN_KEYS))},
        "non_urusan": {**_figures(non_urusan), **_extra(non_urusan, keys),
                       "stated": _stated(statements(renja, NON_URUSAN_KEYS))},
        "total": {**_figures(total), **_extra(total, keys), "stated": _stated(statements(renja, TOTAL_KEYS))},
        "pagu_plafon": ceiling.pagu if ceiling else None,
    }


def extra_lines(data):
    """Lines `renja summary` prints under its table for a plan with a pagu before the change or further pagu
    columns (none otherwise): each figure per program and in total, computed, with the stated total."""
    total = data["total"]
    figures = []
    if "pagu_sebelum" in total:
        figures.append(("pagu_sebelum", f"Pagu {data['tahun']} sebelum perubahan", lambda part: part["pagu_sebelum"]))
    for kolom in total.get("pagu_kolom", {}):
        figures.append((f"pagu_{kolom}", PaguKolom.Kolom(kolom).label,
                        lambda part, kolom=kolom: part["pagu_kolom"][kolom]))
    lines = []
    for key, label, value in figures:
        stated = [s for s in total["stated"] if s["key"] == f"total_{key}"]
        written = "".join(f"; tertulis {format_rupiah(s['value']) if s['value'] is not None else s['text']} "
                          f"({s['table']})" for s in stated)
        lines.append(f"{label} (dihitung): total Rp {format_rupiah(value(total))}{written}")
        for program in data["program"]:
            code = program["kode"] or (program["kode_asli"] or "").replace("\t", " ")
            lines.append(f"  {code} {program['nama'] or '[tanpa nama]'}: Rp {format_rupiah(value(program))}")
    return lines
