"""How fast is a Renstra matrix written as its table (XLSX) and read back by the Renstra workbook reader?

No database: a synthetic matrix (programs × kegiatan × sub kegiatan, two indicators each, one Target|Rp pair per
year of a five-year period) is built as a `RenstraView`, written with `renstra_table` + `render_workbook`, then
read with `read_workbook`. Prints the median of `--runs` runs of each step.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from renja.documents.builders.renstra import MatrixNode, RenstraView, renstra_table
from renja.documents.render.xlsx import render_workbook
from renja.exchange.workbook import read_workbook


def synthetic(subs, start=2019, years=5):
    view = RenstraView("Dinas Contoh Kota Contoh", "Kota Contoh", start, start + years - 1)
    per_kegiatan, per_program = 5, 4
    made = 0
    program_no = 0
    while made < subs:
        program_no += 1
        program = MatrixNode("program", f"2.08.{program_no:02d}", f"PROGRAM CONTOH {program_no}", "Bidang A")
        view.programs.append(program)
        for k in range(1, per_program + 1):
            kegiatan = MatrixNode("kegiatan", f"{program.kode}.2.{k:02d}", f"Kegiatan contoh {program_no}.{k}")
            program.children.append(kegiatan)
            for s in range(1, per_kegiatan + 1):
                if made >= subs:
                    break
                made += 1
                sub = MatrixNode("sub_kegiatan", f"{kegiatan.kode}.{s:04d}", f"Sub kegiatan contoh {made}",
                                 "Bidang A", "Kota Contoh")
                sub.pagu = {y: (100_000_000 + made * 1000 + y, "") for y in range(start, start + years)}
                sub.indicators = [{"uraian": f"Jumlah dokumen {made}", "kondisi_awal": "2 Dokumen",
                                   "kondisi_akhir": "5 Dokumen",
                                   "target": {y: f"{i + 1} Dokumen" for i, y in enumerate(range(start, start + years))}},
                                  {"uraian": f"Persentase layanan {made}", "kondisi_awal": "60 %",
                                   "kondisi_akhir": "85 %", "target": {y: "70 %" for y in range(start, start + years)}}]
                kegiatan.children.append(sub)
    return view


def timed(function, runs):
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sub", type=int, default=400, help="sub kegiatan in the matrix (400)")
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the median is printed (3)")
    args = parser.parse_args()
    view = synthetic(args.sub)
    path = Path(tempfile.mkdtemp()) / "renstra.xlsx"
    build, table = timed(lambda: renstra_table(view), args.runs)
    write, _ = timed(lambda: render_workbook([table], path, title=view.judul), args.runs)
    read, reading = timed(lambda: read_workbook(path), args.runs)
    subs = sum(len(k["sub_kegiatan"]) for p in reading.document["renstra"]["program"] for k in p["kegiatan"])
    print(f"matriks Renstra: {args.sub} sub kegiatan, {len(table.rows)} baris tabel, {path.stat().st_size // 1024} KB")
    print(f"  susun tabel      {build * 1000:8.1f} ms")
    print(f"  tulis XLSX       {write * 1000:8.1f} ms")
    print(f"  baca buku kerja  {read * 1000:8.1f} ms  ({subs} sub kegiatan terbaca, {len(reading.problems)} catatan)")


if __name__ == "__main__":
    main()
