"""How fast are the documents? The demo (one PD) and a synthetic city, in XLSX, DOCX and PDF.

    .venv/bin/python bench/document_bench.py [--pd 40] [--sub 400] [--runs 3] [--pdf-pds 1]

Uses a database of its own like check_bench.py (a temporary SQLite file, or a new database beside the one
RENJA_DATABASE_URL names). Prints figures; asserts nothing. PDF goes through LibreOffice, which costs
seconds per document, so only `--pdf-pds` plans of the city are converted. Then where a PDF's time goes:
LibreOffice starting (a one-line document), and converting the demo's DOCX with a throw-away and with a kept
user profile, each as wall-clock time and as LibreOffice's CPU time (on a shared machine the CPU time is the
steadier figure).
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_bench import median_time, setup_database  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pd", type=int, default=40)
    parser.add_argument("--sub", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-pds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def main():
    args = parse_args()
    description, clean_up = setup_database()
    try:
        from renja.demo.setup import load_demo_data
        from renja.demo.synth import synthesize_city
        from renja.documents.produce import produce
        from renja.plans.view import build_view

        print(f"Renja document benchmark: {description}; median of {args.runs} runs\n")
        demo, _ = load_demo_data()
        start = time.perf_counter()
        city = synthesize_city(pd_count=args.pd, sub_per_pd=args.sub, seed=args.seed)
        print(f"city loaded: {len(city)} PD × ~{args.sub} sub kegiatan in {time.perf_counter() - start:.1f} s\n")
        out = Path(tempfile.mkdtemp(prefix="renja-docs-"))
        print(f"{'':24}{'xlsx':>12}{'docx':>12}{'pdf':>12}")
        demo_view = build_view(demo)
        row = []
        for fmt in ("xlsx", "docx", "pdf"):
            seconds, path = median_time(lambda fmt=fmt: produce(demo_view, fmt, out / f"demo.{fmt}"), args.runs)
            row.append(f"{seconds * 1000:,.0f} ms")
        print(f"{'demo (1 PD)':24}" + "".join(f"{x:>12}" for x in row))
        sizes = {fmt: (out / f"demo.{fmt}").stat().st_size for fmt in ("xlsx", "docx", "pdf")}
        print(f"{'  file size':24}" + "".join(f"{sizes[f] / 1024:>9,.0f} KiB" for f in ("xlsx", "docx", "pdf")))

        views = [build_view(r) for r in city]
        times, cpu_times = {}, {}
        for fmt in ("xlsx", "docx"):
            start, cpu = time.perf_counter(), time.process_time()
            for i, view in enumerate(views):
                produce(view, fmt, out / f"city-{i}.{fmt}")
            times[fmt] = time.perf_counter() - start
            cpu_times[fmt] = time.process_time() - cpu
        start, cpu, own = time.perf_counter(), _children_cpu(), time.process_time()
        for i, view in enumerate(views[: args.pdf_pds]):
            produce(view, "pdf", out / f"city-{i}.pdf")
        pdf_each = (time.perf_counter() - start) / max(1, min(args.pdf_pds, len(views)))
        pdf_cpu = (_children_cpu() - cpu) / max(1, min(args.pdf_pds, len(views)))
        pdf_own = (time.process_time() - own) / max(1, min(args.pdf_pds, len(views)))
        print(f"{f'city ({len(views)} PD), total':24}{times['xlsx']:>10.1f} s{times['docx']:>10.1f} s"
              f"{pdf_each * len(views):>10.0f} s*")
        print(f"{'city, per PD':24}{times['xlsx'] / len(views) * 1000:>9,.0f} ms"
              f"{times['docx'] / len(views) * 1000:>9,.0f} ms{pdf_each * 1000:>9,.0f} ms")
        print(f"{'city, per PD, CPU':24}{cpu_times['xlsx'] / len(views) * 1000:>9,.0f} ms"
              f"{cpu_times['docx'] / len(views) * 1000:>9,.0f} ms{(pdf_own + pdf_cpu) * 1000:>9,.0f} ms")
        print(f"\n* PDF estimated from {min(args.pdf_pds, len(views))} plan(s) converted with LibreOffice "
              f""
              f"(CPU: this process and LibreOffice; LibreOffice alone {pdf_cpu * 1000:,.0f} ms per plan).")
        pdf_steps(demo_view, out, args.runs)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of the process: {peak:,.0f} MiB; files in {out}")
    finally:
        clean_up()


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(function, runs):
    """Median wall-clock and median children's CPU seconds of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]


def pdf_steps(view, out, runs):
    from renja.documents.assemble import Heading, document_outline
    from renja.documents.render import libreoffice
    from renja.documents.render.docx import render_document
    from renja.documents.render.docx.text import PageOf

    if not libreoffice.find_soffice():
        print("\nLibreOffice is not installed: no PDF steps.")
        return
    outline = document_outline(view)
    heads = [part for part in outline if isinstance(part, Heading)]
    source = render_document(view, out / "steps.docx", outline=outline,
                             toc=[(h, PageOf(n)) for n, h in enumerate(heads, 1)])
    tiny = out / "satu-baris.txt"
    tiny.write_text("Renja\n")
    slots = libreoffice.PROFILE_SLOTS
    print(f"\nPDF of the demo, step by step (median of {runs}; wall / LibreOffice CPU):")
    try:
        for label, kept, path in (("LibreOffice start, throw-away profile", False, tiny),
                                  ("LibreOffice start, kept profile", True, tiny),
                                  ("DOCX → PDF, throw-away profile", False, source),
                                  ("DOCX → PDF, kept profile", True, source)):
            libreoffice.PROFILE_SLOTS = slots if kept else 0
            libreoffice.convert_with_libreoffice(path, "pdf", out / "steps")  # the kept profile exists
            wall, cpu = _timed(lambda path=path: libreoffice.convert_with_libreoffice(path, "pdf", out / "steps"),
                               runs)
            print(f"  {label:40}{wall * 1000:>9,.0f} ms{cpu * 1000:>9,.0f} ms")
    finally:
        libreoffice.PROFILE_SLOTS = slots


if __name__ == "__main__":
    main()
