"""How fast is a workbook import? Writes a T-C.33 print-layout workbook of a synthetic plan and reads it back.

    .venv/bin/python bench/import_bench.py [--sub 400] [--runs 3] [--seed 1]

Figures: openpyxl reading the same cells alone (the floor), the neutral grid (safety checks + openpyxl with merged
cells), read_workbook (grid, header recognition, rows, exchange document), and the load of that document into the
database in a transaction that is rolled back. The database is a temporary SQLite file, or a database of its
own beside RENJA_DATABASE_URL's. Prints figures, asserts nothing; see bench/README.md.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.check_bench import median_time, ms, setup_database  # noqa: E402

# The SIPD-like T-C.33 header: (group, column) pairs; the code takes five columns under one merged "Kode".
HEADER = [("Kode", None)] * 5 + [
    (None, "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan"), (None, "Indikator Kinerja"),
    (None, "Target Akhir Renstra"), (None, "Realisasi Capaian Kinerja (n-2)"), (None, "Prakiraan Capaian (n-1)"),
    ("Rencana Tahun {n}", "Target Capaian Kinerja"), ("Rencana Tahun {n}", "Pagu Indikatif"),
    ("Rencana Tahun {n}", "Lokasi"), ("Rencana Tahun {n}", "Sumber Dana"),
    ("Rencana Tahun {n}", "Prioritas Nasional/Daerah"), ("Rencana Tahun {n}", "Kelompok Sasaran"),
    ("Prakiraan Maju Rencana Tahun {n1}", "Target Capaian Kinerja"),
    ("Prakiraan Maju Rencana Tahun {n1}", "Kebutuhan Dana/Pagu Indikatif"), (None, "PD Penanggung Jawab"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan in the plan (400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic plan (1)")
    return parser.parse_args()


def code_cells(code):
    parts = str(code).split(".")
    cells = parts[:3] + ([".".join(parts[3:5])] if len(parts) >= 5 else []) + parts[5:6]
    return cells + [None] * (5 - len(cells))


def rupiah(value):
    return None if value in (None, "") else f"{int(str(value).replace('.', '')):,}".replace(",", ".")


def write_workbook(document, path):
    """The synthetic plan as planners' systems print T-C.33: title, merged two-row header, numbering row, rows
    with the code split over five cells, indicators of a node in one cell (one per line), amounts as text."""
    from openpyxl import Workbook

    n = document["renja"]["tahun"]
    book = Workbook()
    ws = book.active
    ws.title = "T-C.33"
    ws.append(["RENCANA PROGRAM, KEGIATAN DAN PENDANAAN"])
    ws.append([document["perangkat_daerah"]["nama"]])
    ws.append([f"TAHUN {n}"])
    ws.append([])
    groups = [(g.format(n=n, n1=n + 1) if g else None, t) for g, t in HEADER]
    ws.append([g if g else t for g, t in groups])
    ws.append([t if g else None for g, t in groups])
    ws.merge_cells("A5:E6")
    for c, (group, _) in enumerate(groups, start=1):
        if group is None:
            ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    ws.merge_cells("K5:P5")
    ws.merge_cells("Q5:R5")
    ws.append(list(range(1, len(HEADER) + 1)))

    def node_row(node, pagu_n=None, pagu_n1=None):
        indicators = node.get("indikator") or []
        return code_cells(node["kode"]) + [
            node.get("nama"), "\n".join(i.get("uraian") or "" for i in indicators) or None, None, None, None,
            "\n".join(str(i.get("target_n") or "-") for i in indicators) or None, rupiah(pagu_n),
            node.get("lokasi"), node.get("sumber_dana"), None, None,
            "\n".join(str(i.get("target_n1") or "-") for i in indicators) or None, rupiah(pagu_n1), None]

    for program in document["renja"]["program"]:
        stated = program.get("stated") or {}
        ws.append(node_row(program, stated.get("pagu_n"), stated.get("pagu_n1")))
        for kegiatan in program.get("kegiatan") or []:
            stated = kegiatan.get("stated") or {}
            ws.append(node_row(kegiatan, stated.get("pagu_n"), stated.get("pagu_n1")))
            for sub in kegiatan.get("sub_kegiatan") or []:
                ws.append(node_row(sub, sub.get("pagu_n"), sub.get("pagu_n1")))
    book.save(path)
    return ws.max_row


def openpyxl_floor(path):
    """openpyxl alone, reading every value of every cell (read-only mode: no merged cells, no styles)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for row in book.active.iter_rows(values_only=True) for value in row if value is not None)
    book.close()
    return count


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        from django.db import transaction

        from renja.demo.synth import pd_document
        from renja.exchange.loader import load_document
        from renja.exchange.workbook import read_workbook
        from renja.exchange.workbook.grid import read_grid

        document = pd_document(0, sub_per_pd=args.sub, seed=args.seed)
        with tempfile.TemporaryDirectory(prefix="renja-import-") as folder:
            path = Path(folder) / "tc33.xlsx"
            rows = write_workbook(document, path)
            size = path.stat().st_size
            floor_s, cells = median_time(lambda: openpyxl_floor(path), args.runs)
            grid_s, _ = median_time(lambda: read_grid(path), args.runs)
            read_s, reading = median_time(lambda: read_workbook(path, pd="SYN", year=document["renja"]["tahun"]),
                                          args.runs)

            def load():
                with transaction.atomic():
                    report = load_document(reading.document, replace=True)
                    transaction.set_rollback(True)
                return report

            load_s, report = median_time(load, args.runs)
        subs = report.counts["sub_kegiatan"]
        print(f"Database: {description}")
        print(f"Workbook: T-C.33 print layout, {rows} rows, {cells} filled cells, {size / 1024:.0f} KB; "
              f"{subs} sub kegiatan read, {len(reading.problems)} problems; median of {args.runs} runs")
        print(f"  openpyxl alone, values only (read-only mode)  {ms(floor_s)}")
        print(f"  grid: safety checks + openpyxl, merged cells  {ms(grid_s)}")
        print(f"  read_workbook (grid → exchange document)       {ms(read_s)}")
        print(f"  load of that document (rolled back)            {ms(load_s)}")
        print(f"  import = read + load                           {ms(read_s + load_s)}  (target ≤ 2 s)")
    finally:
        clean_up()


if __name__ == "__main__":
    main()
