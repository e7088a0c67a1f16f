"""The `renja` command. Each subcommand is thin: the work is done by the apps' plain functions."""

import json
import logging
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(help="Renja: Rencana Kerja Perangkat Daerah.", no_args_is_help=True, add_completion=False)
nomenclature_app = typer.Typer(help="Data referensi: nomenklatur, sumber dana, akun belanja.", no_args_is_help=True)
app.add_typer(nomenclature_app, name="nomenclature")
realisasi_app = typer.Typer(help="Realisasi triwulanan lewat berkas Excel: templat dan muat.", no_args_is_help=True)
app.add_typer(realisasi_app, name="realisasi")
plan_app = typer.Typer(help="Menyusun Renja: Renja tahun baru dari Renstra.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")
console = Console()
err = Console(stderr=True)


def setup_django(settings="renja.settings.base"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django
    from django.conf import settings as django_settings

    django.setup()
    if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(django_settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def migrate(quiet=True):
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


def fail(message, code=2):
    err.print(f"[bold red]Gagal:[/] {message}")
    raise typer.Exit(code)


def print_report(report):
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.counts.items())
    console.print(f"[green]Dimuat:[/] {report.renja or report.renstra} ({counts})")
    for note in report.notes:
        console.print(f"[yellow]Catatan:[/] {note}")
    if not report.problems:
        console.print("Semua nilai terbaca.")
        return
    console.print(f"[yellow]{len(report.problems)} nilai tidak terbaca[/] (disimpan seperti tertulis):")
    table = Table(show_lines=False, header_style="bold")
    for column in ("Tabel", "Baris", "Kolom", "Tertulis", "Alasan"):
        table.add_column(column, overflow="fold")
    for p in report.problems:
        table.add_row(p.table, p.row, p.field, p.text, p.why)
    console.print(table)


def print_workbook(reading):
    """What a workbook reader found: the layout, the sheet and every cell it could not take as it is."""
    console.print(f"Buku kerja: tata letak [bold]{reading.layout}[/], lembar {escape(reading.sheet or '-')}",
                  highlight=False)
    if not reading.problems:
        return
    console.print(f"[yellow]{len(reading.problems)} catatan dari buku kerja[/] (lembar, baris, kolom):")
    table = Table(show_lines=False, header_style="bold")
    for column in ("Lembar", "Baris", "Kolom", "Tertulis", "Alasan"):
        table.add_column(column, overflow="fold")
    for p in reading.problems:
        table.add_row(escape(p.sheet), str(p.row or ""), p.column, escape(p.value), escape(p.why))
    console.print(table)


def workbook_dict(reading):
    return {"layout": reading.layout, "sheet": reading.sheet, "columns": reading.columns,
            "problems": reading.problem_dicts()}


def print_dry_run(outcome):
    from renja.core.numbers import format_rupiah

    report, data = outcome.report, outcome.summary
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.counts.items())
    if data is None:  # a Renstra matrix only: no plan to sum up
        console.print(f"[bold]Uji muat, tidak ada yang disimpan.[/] Akan dibuat: {escape(str(report.renstra))} "
                      f"({counts})", highlight=False)
        for note in outcome.notes + report.notes:
            console.print(f"[yellow]Catatan:[/] {escape(note)}", highlight=False)
        return
    console.print(f"[bold]Uji muat, tidak ada yang disimpan.[/] Akan dibuat: {escape(str(report.renja))} ({counts})",
                  highlight=False)
    table = Table(header_style="bold")
    for column in ("Kode", "Program", "Keg.", "Sub", f"Pagu {data['tahun']}", f"Pagu {data['tahun_n1']}"):
        table.add_column(column, overflow="fold")
    for p in data["program"]:
        table.add_row(p["kode"] or (p["kode_asli"] or "").replace("\t", " "), escape(p["nama"] or "[tanpa nama]"),
                      str(p["jumlah_kegiatan"]), str(p["jumlah_sub_kegiatan"]), format_rupiah(p["pagu_n"]),
                      format_rupiah(p["pagu_n1"]))
    for label, key in (("Urusan", "urusan"), ("Non urusan", "non_urusan"), ("Total", "total")):
        part = data[key]
        table.add_row("", f"[bold]{label}[/] ({part['jumlah_program']} program)", str(part["jumlah_kegiatan"]),
                      str(part["jumlah_sub_kegiatan"]), format_rupiah(part["pagu_n"]), format_rupiah(part["pagu_n1"]))
    console.print(table)
    for note in outcome.notes + report.notes:
        console.print(f"[yellow]Catatan:[/] {escape(note)}", highlight=False)
    if report.problems:
        console.print(f"[yellow]{len(report.problems)} nilai tidak terbaca[/] (akan disimpan seperti tertulis):")
        for p in report.problems:
            console.print(f"  • {escape(str(p))}", highlight=False, soft_wrap=True)


PD_HELP = "Buku kerja: kode atau singkatan perangkat daerah (bawaan: dari judul)."
YEAR_HELP = "Buku kerja: tahun Renja (bawaan: dari judul)."
STAGE_HELP = "Buku kerja: tahap rancangan_awal, rancangan, final, perubahan (bawaan: dari judul)."
PAGU_HELP = "Buku kerja dengan beberapa kolom pagu: kolom yang menjadi pagu tahun n (rkpd, apbd, rkpd_perubahan …)."


@app.command()
def load(
    path: Path = typer.Argument(..., help="Berkas pertukaran (JSON/YAML), folder berisi beberapa berkas, atau buku "
                                "kerja Excel (.xlsx: T-C.33, Renja Perubahan, buku kerja Renja)."),
    replace: bool = typer.Option(False, "--replace", help="Ganti Renja yang sudah ada (PD, tahun, tahap sama)."),
    as_json: bool = typer.Option(False, "--json", help="Cetak laporan sebagai JSON."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Uji muat: laporkan yang akan dibuat, simpan apa pun tidak."),
    pd: str = typer.Option(None, "--pd", help=PD_HELP),
    year: int = typer.Option(None, "--year", help=YEAR_HELP),
    stage: str = typer.Option(None, "--stage", help=STAGE_HELP),
    pagu: str = typer.Option(None, "--pagu", help=PAGU_HELP),
):
    """Muat satu Renja dari berkas pertukaran atau buku kerja Excel, seluruhnya atau tidak sama sekali."""
    setup_django()
    migrate()
    from renja.exchange.loader import LoadError
    from renja.exchange.workbook.loading import load_path

    try:
        with console.status("Memuat berkas…"):
            outcome = load_path(path, replace=replace, dry_run=dry_run, pd=pd, year=year, stage=stage, pagu=pagu)
    except LoadError as exc:
        if as_json:
            print(json.dumps({"errors": exc.errors}, ensure_ascii=False, indent=2))
            raise typer.Exit(1)
        err.print(f"[bold red]Berkas tidak dimuat; basis data tidak berubah.[/] {len(exc.errors)} kesalahan:")
        for message in exc.errors:
            err.print(f"  • {message}")
        raise typer.Exit(1)
    report, reading = outcome.report, outcome.reading
    if as_json:
        data = report.as_dict()
        if dry_run:
            data = {"dry_run": True, **data, "renja": data["renja"] and {**data["renja"], "id": None},
                    "summary": outcome.summary,
                    "notes": outcome.notes + data["notes"]}
        if reading is not None:
            data["workbook"] = workbook_dict(reading)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if reading is not None:
        print_workbook(reading)
    if dry_run:
        print_dry_run(outcome)
    else:
        print_report(report)


def find_renja(pd, year, stage):
    from renja.plans.models import Renja

    plans = Renja.objects.select_related("perangkat_daerah__pemda")
    if pd:
        plans = plans.filter(perangkat_daerah__kode=pd) | plans.filter(perangkat_daerah__singkatan=pd)
    if year:
        plans = plans.filter(tahun=year)
    if stage:
        plans = plans.filter(tahap=stage)
    plans = list(plans.order_by("-tahun", "perangkat_daerah__kode", "-dibuat_pada"))
    if not plans:
        fail("tidak ada Renja yang cocok; muat dulu dengan `renja load` atau `renja demo --no-serve`.")
    if len({(r.perangkat_daerah_id, r.tahun) for r in plans}) > 1 and not (pd and year):
        choices = ", ".join(sorted({f"{r.perangkat_daerah.kode} {r.tahun}" for r in plans}))
        fail(f"ada beberapa Renja ({choices}); pilih dengan --pd dan --year.")
    return plans[0]


@app.command()
def summary(
    pd: str = typer.Option(None, "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(None, "--year", help="Tahun Renja."),
    stage: str = typer.Option(None, "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan."),
    as_json: bool = typer.Option(False, "--json", help="Cetak sebagai JSON."),
):
    """Rekapitulasi ala Tabel 4.1: pagu per program dihitung dari sub kegiatan, di samping yang tertulis."""
    setup_django()
    from renja.core.numbers import format_rupiah
    from renja.plans.summary import build_summary, extra_lines

    data = build_summary(find_renja(pd, year, stage))
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    n, n1 = data["tahun"], data["tahun_n1"]
    table = Table(title=f"{data['perangkat_daerah']['nama']} · Renja {n} ({data['tahap']})", header_style="bold")
    for column in ("Kode", "Program", "Keg.", "Sub", f"Pagu {n}", f"Tertulis {n}", f"Pagu {n1}", f"Tertulis {n1}"):
        table.add_column(column, overflow="fold", justify="right" if column[:1] in "KSPT" and column != "Kode" else "left")

    def stated(items, key):
        return " / ".join(f"{format_rupiah(s['value']) if s['value'] is not None else s['text']} ({s['table']})"
                          for s in items if s["key"] == key)

    for p in data["program"]:
        table.add_row(p["kode"] or (p["kode_asli"] or "").replace("\t", " "), p["nama"] or "[tanpa nama]", str(p["jumlah_kegiatan"]),
                      str(p["jumlah_sub_kegiatan"]), format_rupiah(p["pagu_n"]), stated(p["stated"], "pagu_n"),
                      format_rupiah(p["pagu_n1"]), stated(p["stated"], "pagu_n1"))
    for label, key, keys in (("Urusan", "urusan", "pagu_urusan"), ("Non urusan", "non_urusan", "pagu_non_urusan"),
                             ("Total", "total", "total_pagu_n")):
        part = data[key]
        table.add_row("", f"[bold]{label}[/] ({part['jumlah_program']} program)", str(part["jumlah_kegiatan"]),
                      str(part["jumlah_sub_kegiatan"]), format_rupiah(part["pagu_n"]), stated(part["stated"], keys),
                      format_rupiah(part["pagu_n1"]), "", end_section=key == "urusan")
    console.print(table)
    if data["pagu_plafon"] is not None:
        console.print(f"Pagu plafon {n}: Rp {format_rupiah(data['pagu_plafon'])}")
    for line in extra_lines(data):  # only for a plan with a pagu before the change or further pagu columns
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def check(
    path: Path = typer.Argument(None, help="Berkas pertukaran atau buku kerja Excel untuk diperiksa tanpa dimuat "
                                "(bawaan: Renja yang dimuat)."),
    pd: str = typer.Option(None, "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(None, "--year", help="Tahun Renja."),
    stage: str = typer.Option(None, "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan."),
    pagu: str = typer.Option(None, "--pagu", help=PAGU_HELP),
    as_json: bool = typer.Option(False, "--json", help="Cetak temuan sebagai daftar JSON."),
    pemda: str = typer.Option(None, "--pemda", help="Periksa semua Renja sebuah Pemda (mis. 15.71) atau provinsi "
                                                   "(mis. 15) sekaligus dan simpan temuannya."),
    workers: int = typer.Option(None, "--workers", help="Dengan --pemda: jumlah proses pemeriksa (bawaan: jumlah "
                                                        "inti prosesor)."),
):
    """Jalankan semua aturan pada satu Renja, atau dengan --pemda pada semua Renja sebuah Pemda atau provinsi.
    Status keluar: 0 tanpa kesalahan, 1 ada kesalahan, 2 gagal jalan."""
    setup_django()
    migrate()
    if pemda is not None:
        if path is not None or pd is not None:
            fail("--pemda memeriksa semua Renja Pemda itu: jangan disertai berkas atau --pd.")
        check_pemda(pemda, year, stage, workers, as_json)
    from renja.exchange.loader import LoadError
    from renja.exchange.workbook import is_workbook
    from renja.exchange.workbook.loading import plan_view
    from renja.plans.view import build_view
    from renja.rules.engine import has_errors, run

    reading = None
    try:
        if path is not None and is_workbook(path):
            view, reading = plan_view(path, pd=pd, year=year, stage=stage, pagu=pagu)
        elif path is not None:
            view, _ = plan_view(path)  # an exchange file names its PD and year itself
        else:
            view = build_view(find_renja(pd, year, stage))
    except LoadError as exc:
        err.print("[bold red]Tidak dapat diperiksa:[/] berkas tidak dapat dibaca sebagai Renja.")
        for message in exc.errors:
            err.print(f"  • {message}")
        raise typer.Exit(2)
    findings = run(view)
    if as_json:
        items = [f.as_json() for f in findings]
        if reading is not None:  # the workbook's own notes, as findings of the table they were read from
            items += [{"rule": "BUKU-KERJA", "severity": "warning", "table": p.sheet, "code": None,
                       "row": f"baris {p.row}" if p.row else None, "column": p.column, "message": p.why,
                       "expected": None, "found": p.value, "readings": []} for p in reading.problems]
        print(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        if reading is not None:
            print_workbook(reading)
        print_findings(view, findings)
    raise typer.Exit(1 if has_errors(findings) else 0)


SEVERITY_STYLE = {"error": ("✗", "bold red"), "warning": ("!", "yellow"), "info": ("·", "dim")}


def check_pemda(pemda, year, stage, workers, as_json):
    """`renja check --pemda`: every PD's plan of the year (the stage asked for, else its latest) of a Pemda or a
    province, checked in parallel processes; a line per Pemda, the time and the peak memory."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from renja.core.numbers import format_decimal
    from renja.plans.rollups_sql import chosen_plans, scope_pemda
    from renja.rules.batch import check_plans

    try:
        tahun, ids = chosen_plans(scope_pemda(pemda), year, stage)
    except ValueError as error:
        fail(str(error))
    if not ids:
        fail(f"Tidak ada Renja{f' tahun {year}' if year else ''} untuk {pemda}. Muat dulu dengan `renja load` atau "
             "`renja synth`.")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task(f"Memeriksa {len(ids)} Renja {tahun}", total=len(ids))
        result = check_plans(ids, workers, on_done=lambda _: progress.advance(task))
    per_pemda = {}
    for plan in result.plans:
        line = per_pemda.setdefault(plan.pemda, {"renja": 0, "kesalahan": 0, "peringatan": 0, "info": 0,
                                                 "renja_dengan_kesalahan": 0})
        line["renja"] += 1
        line["kesalahan"] += plan.errors
        line["peringatan"] += plan.warnings
        line["info"] += plan.infos
        line["renja_dengan_kesalahan"] += 1 if plan.errors else 0
    if as_json:
        print(json.dumps({"tahun": tahun, "pemda": per_pemda, "renja": [vars(p) for p in result.plans],
                          "proses": result.workers, "detik": round(result.seconds, 3),
                          "memori_puncak_pekerja_mib": round(result.peak_worker_mib, 1),
                          "memori_puncak_utama_mib": round(result.peak_caller_mib, 1)}, ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"Pemeriksaan Renja {tahun} · {pemda} · {len(ids)} Renja", header_style="bold")
        for column in ("Pemda", "Renja", "Renja dengan kesalahan", "Kesalahan", "Peringatan", "Info"):
            table.add_column(column, justify="left" if column == "Pemda" else "right")
        for kode, line in sorted(per_pemda.items()):
            table.add_row(kode, *(f"{line[k]:,}".replace(",", ".") for k in (
                "renja", "renja_dengan_kesalahan", "kesalahan", "peringatan", "info")))
        console.print(table)
        console.print(f"Waktu: {format_decimal(result.seconds, 1)} detik dengan {result.workers} proses "
                      f"({format_decimal(result.seconds * 1000 / len(ids), 0)} ms per Renja); memori puncak: "
                      f"{format_decimal(result.peak_worker_mib, 0)} MiB per proses pemeriksa, "
                      f"{format_decimal(result.peak_caller_mib, 0)} MiB proses utama. Temuan disimpan; halaman "
                      f"membacanya.")
        for plan in result.failed:
            err.print(f"[bold red]Renja {plan.renja_id} (PD {plan.pd}, Pemda {plan.pemda}) tidak dapat diperiksa:[/] "
                      f"{escape(plan.failure)}")
    raise typer.Exit(2 if result.failed else 1 if result.errors else 0)


def print_findings(view, findings):
    from renja.rules.engine import SEVERITIES, SEVERITY_LABELS, reading_line, shown


    console.print(f"[bold]{view.pd_nama}[/] · Renja {view.tahun} ({view.tahap})")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    tables = []
    for finding in findings:
        if finding.table not in tables:
            tables.append(finding.table)
    for table in tables:
        console.rule(f"[bold]{table}[/]", align="left")
        for finding in (f for f in findings if f.table == table):
            mark, style = SEVERITY_STYLE[finding.severity]
            where = " · ".join(x for x in (finding.code, finding.row) if x)
            console.print(f"[{style}]{mark} {finding.rule}[/] {where}", highlight=False)
            console.print(f"    {finding.message}", highlight=False)
            if finding.expected is not None or finding.found is not None:
                console.print(f"    [dim]seharusnya:[/] {escape(shown(finding.expected))}  "
                              f"[dim]tertulis:[/] {escape(shown(finding.found))}", highlight=False)
            for cell in finding.readings:
                console.print(f"    [dim]{escape(reading_line(cell))}[/]", highlight=False)
    summary = ", ".join(f"{counts[s]} {SEVERITY_LABELS[s].lower()}" for s in SEVERITIES)
    console.print(f"\n[bold]Hasil:[/] {summary}.")
    if counts["error"]:
        console.print("[bold red]Renja ini belum dapat diajukan selama masih ada kesalahan.[/]")


@app.command()
def document(
    fmt: str = typer.Option(..., "--format", help="xlsx, docx atau pdf."),
    output: Path = typer.Option(..., "-o", "--output", help="Berkas yang ditulis."),
    table: str = typer.Option(None, "--table", help="Hanya satu tabel, mis. T-C.33 (bawaan: semua); RENSTRA: matriks Renstra PD."),
    pd: str = typer.Option(None, "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(None, "--year", help="Tahun Renja."),
    stage: str = typer.Option(None, "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan."),
    jenis: str = typer.Option("renja", "--jenis", help="renja (dokumen Renja) atau evaluasi (Laporan Evaluasi "
                              "Hasil Renja dari realisasi triwulan Renja yang ditetapkan)."),
):
    """Tulis tabel resmi (XLSX) atau seluruh dokumen Renja (DOCX, PDF) dari data; dengan --jenis evaluasi,
    Laporan Evaluasi Hasil Renja (realisasi triwulan I–IV)."""
    setup_django()
    from renja.documents.builders import DOCUMENT_KINDS, all_builders
    from renja.documents.produce import DocumentError, evaluation_view, plan_in_force, produce
    from renja.plans.view import build_view

    fmt = fmt.lower()
    if fmt not in ("xlsx", "docx", "pdf"):
        fail(f"format '{fmt}' tidak dikenal; pilih xlsx, docx atau pdf.")
    if table is not None and table.upper() == "RENSTRA":  # the PD's Renstra matrix, not a table of the Renja
        _renstra_document(fmt, output, pd, year)
        return
    jenis = jenis.lower()
    if jenis not in DOCUMENT_KINDS:
        fail(f"jenis dokumen '{jenis}' tidak dikenal; pilih {' atau '.join(DOCUMENT_KINDS)}.")
    if table is not None and table not in {b.id for b in all_builders(jenis)}:
        fail(f"tabel '{table}' tidak dikenal; pilihan: {', '.join(b.id for b in all_builders(jenis))}.")
    renja = find_renja(pd, year, stage)
    if jenis == "evaluasi" and not stage:
        renja = plan_in_force(renja)
    try:
        with console.status(f"Menyusun {fmt.upper()} {renja}…"):
            view = evaluation_view(renja) if jenis == "evaluasi" else build_view(renja)
            path = produce(view, fmt, output, only=table, jenis=jenis)
    except DocumentError as exc:
        fail(str(exc))
    console.print(f"[green]Ditulis:[/] {path}")


def _find_renstra(pd, year):
    """The Renstra with a matrix of the PD (`--pd`) covering `year` (the latest when None); fails clearly."""
    from django.db.models import Q

    from renja.plans.models import Renstra

    plans = Renstra.objects.select_related("perangkat_daerah__pemda").filter(baris__isnull=False).distinct()
    if pd:
        plans = plans.filter(Q(perangkat_daerah__kode=pd) | Q(perangkat_daerah__singkatan=pd))
    if year:
        plans = plans.filter(periode_mulai__lte=year, periode_selesai__gte=year)
    plans = list(plans.order_by("-periode_mulai", "perangkat_daerah__kode"))
    if not plans:
        fail("tidak ada Renstra dengan matriks program yang cocok; muat dulu buku kerja atau berkas Renstra-nya "
             "dengan `renja load`.")
    if len({r.perangkat_daerah_id for r in plans}) > 1 and not pd:
        fail("ada Renstra beberapa perangkat daerah; pilih dengan --pd.")
    return plans[0]


def _renstra_document(fmt, output, pd, year):
    from renja.documents.produce import DocumentError, produce_renstra

    renstra = _find_renstra(pd, year)
    try:
        path = produce_renstra(renstra, fmt, output)
    except DocumentError as exc:
        fail(str(exc))
    console.print(f"[green]Ditulis:[/] {path} ({renstra})")


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", help="yaml atau json (berkas pertukaran), xlsx (buku kerja Renja)."),
    output: Path = typer.Option(..., "-o", "--output", help="Berkas yang ditulis."),
    pd: str = typer.Option(None, "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(None, "--year", help="Tahun Renja."),
    stage: str = typer.Option(None, "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan."),
    renstra: bool = typer.Option(False, "--renstra", help="Renstra PD saja (tujuan, sasaran, IKU dan matriksnya), "
                                 "tanpa Renja; xlsx: matriks Renstra yang dapat dimuat kembali."),
):
    """Keluarkan satu Renja sebagai data: berkas pertukaran (YAML/JSON) atau buku kerja Excel Renja; dengan
    --renstra, Renstra PD."""
    setup_django()
    from renja.exchange.export import export_document, export_renstra, write_document
    from renja.exchange.workbook.own import WorkbookError

    fmt = fmt.lower()
    if fmt not in ("yaml", "json", "xlsx"):
        fail(f"format '{fmt}' tidak dikenal; pilih yaml, json atau xlsx.")
    if renstra:
        found = _find_renstra(pd, year)
        if fmt == "xlsx":  # the Renstra's own matrix layout, which the Renstra workbook reader reads back
            _renstra_document(fmt, output, pd, year)
            return
        try:
            write_document(export_renstra(found), output, fmt)
        except OSError as exc:
            fail(f"berkas {output} tidak dapat ditulis: {exc}")
        console.print(f"[green]Ditulis:[/] {output} ({found}, {fmt.upper()})")
        return
    renja = find_renja(pd, year, stage)
    try:
        write_document(export_document(renja), output, fmt)
    except WorkbookError as exc:
        fail(f"buku kerja tidak ditulis: {exc}")
    except OSError as exc:
        fail(f"berkas {output} tidak dapat ditulis: {exc}")
    console.print(f"[green]Ditulis:[/] {output} ({renja}, {fmt.upper()})")


@app.command()
def rules(markdown: bool = typer.Option(False, "--markdown", help="Cetak katalog sebagai Markdown (docs/rules.md).")):
    """Daftar aturan pemeriksa."""
    setup_django()
    from renja.rules.docs import catalogue_markdown
    from renja.rules.engine import all_rules

    if markdown:
        print(catalogue_markdown())
        return
    table = Table(header_style="bold")
    for column in ("Aturan", "Tingkat", "Pada", "Judul"):
        table.add_column(column, overflow="fold")
    for rule_ in all_rules():
        table.add_row(rule_.id, rule_.severity, rule_.level.replace("_", " "), rule_.title)
    console.print(table)


@app.command()
def synth(
    pd_count: int = typer.Option(40, "--pd", help="Jumlah perangkat daerah (per Pemda)."),
    sub_per_pd: int = typer.Option(400, "--sub", help="Kira-kira jumlah sub kegiatan per perangkat daerah."),
    pemda_count: int = typer.Option(0, "--pemda", min=0,
                                    help="Jumlah Pemda kabupaten/kota sebuah provinsi sintetis (kode 99.01 …, kota "
                                         "99.71 …). Bawaan 0: satu kota sintetis (99.99)."),
    provinsi: str = typer.Option("99", "--provinsi", help="Kode provinsi sintetis (dengan --pemda)."),
    seed: int = typer.Option(1, "--seed", help="Benih acak (hasil sama untuk benih yang sama)."),
    year: int = typer.Option(2026, "--year", help="Tahun Renja."),
    quarters: int = typer.Option(0, "--realisasi", min=0, max=4,
                                 help="Triwulan realisasi sintetis (0–4); Renja lalu ditetapkan. Bawaan: 0."),
    workers: int = typer.Option(None, "--workers", min=1,
                                help="Proses yang memuat Pemda (dengan --pemda) dan mengisi realisasi bersamaan, "
                                     "di PostgreSQL; bawaan: jumlah inti. SQLite menulis satu per satu."),
):
    """Buat kota sintetis (untuk tolok ukur): Renja yang bersih dengan kode dan jumlah yang benar, Renstra dengan
    matriks yang sesuai dengan Renja, dan pagu plafon setiap PD. Dengan --pemda: sebuah provinsi sintetis."""
    setup_django()
    migrate()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from renja.demo.synth import synthesize_city, synthesize_province

    if pemda_count and not (provinsi.isdecimal() and len(provinsi) == 2):
        fail(f"Kode provinsi {provinsi!r} tidak sah: dua angka, mis. 15 (Jambi).")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        if pemda_count:
            task = progress.add_task("Membuat provinsi sintetis…", total=pemda_count * pd_count)
            plans = synthesize_province(pemda_count=pemda_count, pd_count=pd_count, sub_per_pd=sub_per_pd, seed=seed,
                                        year=year, provinsi=provinsi, workers=workers,
                                        progress=lambda done, total: progress.update(task, completed=done))
        else:
            task = progress.add_task("Membuat kota sintetis…", total=pd_count)
            plans = synthesize_city(pd_count=pd_count, sub_per_pd=sub_per_pd, seed=seed, year=year,
                                    progress=lambda done, total: progress.update(task, completed=done, total=total))
    where = f" di {pemda_count} Pemda provinsi {provinsi}" if pemda_count else ""
    console.print(f"[green]Dibuat:[/] {len(plans)} Renja sintetis tahun {year}{where}.")
    if quarters:
        from renja.demo.realisation import synthesize_realisation_of

        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Mengisi realisasi sintetis…", total=len(plans))
            synthesize_realisation_of(plans, quarters=quarters, seed=seed, workers=workers,
                                      progress=lambda done, total: progress.update(task, completed=done))
        console.print(f"[green]Realisasi:[/] {quarters} triwulan untuk {len(plans)} Renja (ditetapkan).")


@app.command()
def rollup(
    pemda: str = typer.Option(None, "--pemda", help="Kode Pemda (mis. 15.71) atau provinsi (mis. 15); bawaan: semua."),
    year: int = typer.Option(None, "--year", help="Tahun Renja; bawaan: tahun terakhir yang ada."),
    stage: str = typer.Option(None, "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan; bawaan: "
                                                   "tahap terakhir setiap PD."),
    by: str = typer.Option("urusan", "--by", help="Kelompok: urusan, bidang, program, sumber_dana, prioritas, pd, "
                                                  "pemda, provinsi."),
    as_json: bool = typer.Option(False, "--json", help="Cetak sebagai JSON."),
):
    """Rekapitulasi pagu n, n+1 dan realisasi lintas Renja sebuah Pemda atau provinsi, dihitung oleh basis data."""
    setup_django()
    from decimal import Decimal

    from renja.core.numbers import format_persen, format_rupiah
    from renja.plans.rollups_sql import BY, LABELS
    from renja.plans.rollups_sql import rollup as compute

    if by not in BY:
        fail(f"--by {by!r} tidak dikenal; pilih salah satu: {', '.join(BY)}.")
    try:
        result = compute(by, pemda=pemda, tahun=year, tahap=stage)
    except ValueError as error:
        fail(str(error))
    if not result.plans:
        fail(f"Tidak ada Renja{f' tahun {year}' if year else ''} untuk {pemda or 'basis data ini'}. "
             "Muat dulu dengan `renja load` atau `renja synth`.")
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    n = result.tahun
    scope = f"Pemda {pemda}" if pemda else f"{len(result.pemda)} Pemda"
    table = Table(title=f"Rekapitulasi per {LABELS[by].lower()} · {scope} · Renja {n} ({result.plans} Renja)",
                  header_style="bold")
    for column in ("Kode", LABELS[by], "Sub", f"Pagu {n}", f"Pagu {n + 1}", "Realisasi", "%"):
        table.add_column(column, overflow="fold", justify="left" if column in ("Kode", LABELS[by]) else "right")

    def percent(row):
        return format_persen(Decimal(row.realisasi) * 100 / row.pagu_n) if row.pagu_n and row.realisasi else "-"

    for row in [*result.rows, result.total]:
        table.add_row(row.kode if row is not result.total else "", row.nama if row is not result.total else
                      "[bold]Jumlah[/]", str(row.jumlah_sub_kegiatan), format_rupiah(row.pagu_n),
                      format_rupiah(row.pagu_n1), format_rupiah(row.realisasi), percent(row),
                      end_section=row is result.rows[-1] if result.rows else False)
    console.print(table)
    if by == "prioritas":
        console.print("Satu program dapat melayani beberapa prioritas: kolom prioritas bukan penjumlahan.")


@nomenclature_app.command("load")
def nomenclature_load(
    path: Path = typer.Argument(..., help="Berkas Excel resmi: nomenklatur sub kegiatan, sumber dana, atau akun."),
    name: str = typer.Option(None, "--name", help="Nama versi nomenklatur (bawaan: nama berkas)."),
):
    """Muat data referensi dari berkas Excel resmi (seluruhnya atau tidak sama sekali)."""
    setup_django()
    migrate()
    from rich.progress import Progress

    from renja.reference import loaders

    if not path.exists():
        fail(f"berkas tidak ditemukan: {path}")
    try:
        kind = loaders.detect_kind(path)
        if kind == "nomenklatur":
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Memuat nomenklatur…", total=None)
                result = loaders.load_nomenclature(
                    path, nama_versi=name, progress=lambda done, total: progress.update(task, completed=done, total=total)
                )
        elif kind == "sumber_dana":
            result = loaders.load_sumber_dana(path)
        else:
            result = loaders.load_akun_belanja(path)
    except loaders.ReferenceLoadError as exc:
        err.print("[bold red]Berkas tidak dimuat; basis data tidak berubah.[/]")
        for message in exc.errors:
            err.print(f"  • {message}")
        raise typer.Exit(1)
    console.print(f"[green]Dimuat:[/] {result}")


# --- plan: starting a Renja ---------------------------------------------------------------------------------


def find_pd(pd):
    from renja.organizations.models import PerangkatDaerah

    found = list(PerangkatDaerah.objects.select_related("pemda").filter(kode=pd)
                 | PerangkatDaerah.objects.select_related("pemda").filter(singkatan=pd))
    if not found:
        fail(f"perangkat daerah '{pd}' tidak dikenal; muat dulu Renstra atau Renja-nya dengan `renja load`.")
    if len(found) > 1:
        fail(f"'{pd}' cocok dengan beberapa perangkat daerah ({', '.join(str(p) for p in found)}); pakai kodenya.")
    return found[0]


@plan_app.command("new")
def plan_new(
    pd: str = typer.Option(..., "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(..., "--year", help="Tahun Renja yang disusun."),
    from_renstra: bool = typer.Option(False, "--from-renstra", help="Susun Rancangan Awal dari matriks Renstra "
                                      "(bawaan bila tahun itu belum memiliki Renja)."),
    from_plan: bool = typer.Option(False, "--from-plan", help="Susun tahap berikutnya (Rancangan, lalu Final) dari "
                                   "tahap terakhir tahun itu."),
    as_json: bool = typer.Option(False, "--json", help="Cetak laporan sebagai JSON."),
):
    """Susun Renja: Rancangan Awal tahun N dari Renstra (target dan pagu tahun N dan N+1, target akhir Renstra,
    realisasi N-2, prakiraan N-1, sumber dana dan narasi awal; dilaporkan apa yang tidak dapat diisi), atau tahap
    berikutnya dari tahap sebelumnya."""
    setup_django()
    migrate()
    from renja.core.errors import InputRefused
    from renja.plans.models import Renja
    from renja.renstra.start import start_from_renstra
    from renja.workflow.revision import STAGES, start_next_stage

    if from_renstra and from_plan:
        fail("pilih salah satu: --from-renstra atau --from-plan.")
    target = find_pd(pd)
    try:
        if from_plan:
            stages = sorted(Renja.objects.filter(perangkat_daerah=target, tahun=year, tahap__in=STAGES),
                            key=lambda r: STAGES.index(r.tahap))
            if not stages:
                raise InputRefused([f"{target} belum memiliki Renja tahun {year}; susun dulu dari Renstra "
                                    "(tanpa --from-plan)."])
            started = start_next_stage(stages[-1])
            report = {"renja": started, "counts": {}, "filled": [f"Disalin dari {stages[-1]}."], "unfilled": []}
        else:
            found = start_from_renstra(target, year)
            report = {"renja": found.renja, "counts": found.counts, "filled": found.lines()[1:],
                      "unfilled": found.unfilled}
    except InputRefused as exc:
        err.print("[bold red]Renja tidak disusun:[/] tidak ada yang diubah.")
        for message in exc.errors:
            err.print(f"  • {escape(message)}")
        raise typer.Exit(1)
    renja = report["renja"]
    if as_json:
        print(json.dumps({"renja": {"id": renja.pk, "perangkat_daerah": target.kode, "tahun": year,
                                    "tahap": renja.tahap},
                          "counts": report["counts"], "filled": report["filled"], "unfilled": report["unfilled"]},
                         ensure_ascii=False, indent=2))
        return
    counts = report["counts"]
    sizes = (f": {counts['program']} program, {counts['kegiatan']} kegiatan, {counts['sub_kegiatan']} sub kegiatan, "
             f"{counts['indikator']} indikator" if counts else "")
    console.print(f"[green]Disusun:[/] {escape(str(renja))} ({renja.get_status_display()}){sizes}.")
    for line in report["filled"]:
        console.print(f"  · {escape(line)}")
    if report["unfilled"]:
        console.print(f"[yellow]Belum terisi ({len(report['unfilled'])}):[/]")
        for line in report["unfilled"]:
            console.print(f"  • {escape(line)}")


# --- realisasi: quarterly realisation by spreadsheet ---------------------------------------------------------


def plan_for_realisation(pd, year, stage):
    """The plan as `find_renja` picks it; without --tahap, the plan in force (the latest stage ditetapkan) of
    that PD and year when there is one."""
    from renja.documents.produce import plan_in_force

    renja = find_renja(pd, year, stage)
    return renja if stage else plan_in_force(renja)


@realisasi_app.command("templat")
def realisasi_templat(
    path: Path = typer.Argument(..., help="Berkas .xlsx yang ditulis."),
    pd: str = typer.Option(None, "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(None, "--tahun", "--year", help="Tahun Renja."),
    stage: str = typer.Option(None, "--tahap", "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan."),
):
    """Tulis templat realisasi (sheet TW I–IV dan Belanja), terisi dengan realisasi yang sudah tercatat."""
    setup_django()
    from renja.monitoring.spreadsheet import write_template

    renja = plan_for_realisation(pd, year, stage)
    with console.status(f"Menyusun templat realisasi {renja}…"):
        content = write_template(renja)
    try:
        path.write_bytes(content)
    except OSError as exc:
        fail(f"berkas tidak dapat ditulis: {path} ({exc.strerror or exc})")
    console.print(f"[green]Ditulis:[/] {path} ({renja}, status {renja.get_status_display()})", highlight=False,
                  soft_wrap=True)


@realisasi_app.command("muat")
def realisasi_muat(
    path: Path = typer.Argument(..., help="Berkas .xlsx realisasi (dari `renja realisasi templat`)."),
    pd: str = typer.Option(None, "--pd", help="Kode atau singkatan perangkat daerah."),
    year: int = typer.Option(None, "--tahun", "--year", help="Tahun Renja."),
    stage: str = typer.Option(None, "--tahap", "--stage", help="Tahap: rancangan_awal, rancangan, final, perubahan."),
):
    """Muat realisasi dari berkas Excel, seluruhnya atau tidak sama sekali. Status keluar 1 bila ditolak."""
    setup_django()
    migrate()
    from rich.progress import Progress

    from renja.monitoring.spreadsheet import RealisationLoadError, load_workbook

    if not path.exists():
        fail(f"berkas tidak ditemukan: {path}")
    renja = plan_for_realisation(pd, year, stage)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Memeriksa berkas…", total=None)

            def step(sheet, done, total):
                progress.update(task, description=f"Sheet {sheet}", completed=done, total=total)

            report = load_workbook(renja, path, progress=step, source=path.name)
    except RealisationLoadError as exc:
        err.print(f"[bold red]Berkas tidak dimuat; basis data tidak berubah.[/] {len(exc.errors)} kesalahan:",
                  highlight=False)
        for message in exc.errors:
            err.print(f"  • {message}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"[green]Dimuat:[/] realisasi {report.renja}", highlight=False, soft_wrap=True)
    for line in report.lines():
        console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    for note in report.notes:
        console.print(f"[yellow]Catatan:[/] {escape(note)}", highlight=False, soft_wrap=True)


WORKERS_HELP = "Jumlah proses pekerja (bawaan: dari jumlah inti CPU dan basis data)."
THREADS_HELP = "Jumlah thread per proses (bawaan: dari basis data)."


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(None, "--workers", min=1, help=WORKERS_HELP),
    threads: int = typer.Option(None, "--threads", min=1, help=THREADS_HELP),
):
    """Layani aplikasi web dengan server produksi (gunicorn) dan berkas statis (WhiteNoise).
    SIGHUP memuat ulang proses pekerja; SIGTERM menyelesaikan permintaan yang berjalan lalu berhenti."""
    setup_django()
    migrate()
    run_server(host, port, workers, threads)


def server_shape(workers=None, threads=None, vendor="sqlite"):
    """(workers, threads) for this machine and database (`vendor`: Django's name of it), unless given: on
    SQLite two processes per core of 4 threads each, on PostgreSQL one per core of 8 threads.

    Processes use every core (one Python process is held to one core by the GIL); threads cover the time spent
    waiting on the database. A save's 30–40 ms of Python holds the GIL, and the other threads of its process wait
    behind it; but each process keeps its own copy of what the pages reuse (a plan's view, its tree, its
    progress) and builds it again after a save, which costs more where every query costs the database's CPU
    too. bench/load_bench.py measured it (2 cores, 50 users at a person's pace, 180–300 s, bench/README.md): on
    SQLite 4 × 4 gave a p95 of 35–205 ms at 33.8 ms of CPU per request, 2 × 8 35–354 ms at 35.5 ms, 6 × 3
    30–276 ms at 37.3 ms; on PostgreSQL 2 × 8 51–248 ms at 35.6 ms, 4 × 4 61–353 ms at 41.3 ms. WAL, IMMEDIATE
    transactions and the busy timeout make several processes safe on SQLite.
    """
    cores = os.cpu_count() or 1
    if vendor == "sqlite":
        return workers or 2 * cores, threads or 4
    return workers or cores, threads or 8


def start_background_worker():
    """The background worker's start, when renja.tasks.worker offers one (another part of Renja); else nothing."""
    try:
        from renja.tasks.worker import start_background_worker as start
    except ImportError:
        return None
    return start()


def run_server(host, port, workers=None, threads=None):
    from django.core.management import call_command
    from django.db import connections
    from gunicorn.app.base import BaseApplication
    from gunicorn.glogging import Logger

    call_command("collectstatic", interactive=False, verbosity=0)
    workers, threads = server_shape(workers, threads, connections["default"].vendor)
    connections.close_all()  # the workers are forked from this process: none may inherit its connections
    start_background_worker()

    class StderrLogger(Logger):
        """gunicorn's logger with the access log on stderr, beside the error log (gunicorn puts it on stdout)."""

        def setup(self, cfg):
            super().setup(cfg)
            for handler in self.access_log.handlers:
                if getattr(handler, "_gunicorn", False) and isinstance(handler, logging.StreamHandler):
                    handler.setStream(sys.stderr)

    class Server(BaseApplication):
        def load_config(self):
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",  # threads even when there is one: keep-alive, and the same code path
                # documents are made by the background worker, but an upload of a large workbook may still take
                # a while: such a request is neither killed nor cut by a restart
                "timeout": 120,
                "graceful_timeout": 60,
                # a browser keeps its connection between clicks: with gunicorn's 2 s a user's next click races the
                # server closing it (the load test saw resets at 50 users); behind nginx this is nginx's side
                "keepalive": 15,
                "accesslog": "-",
                "errorlog": "-",
                "logger_class": StderrLogger,
                "proc_name": "renja",
                # gunicorn's control socket lives in one place per user: two servers would fight over it
                "control_socket_disable": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            # in each worker, after collectstatic: WhiteNoise indexes the static files when it starts
            from renja.wsgi import application

            return application

    console.print(f"Renja berjalan di [bold]http://{host}:{port}/[/] (gunicorn: {workers} proses × {threads} thread; "
                  "Ctrl+C untuk berhenti)", highlight=False)
    sys.stdout.flush()
    Server(prog="renja").run()


@app.command()
def demo(
    no_serve: bool = typer.Option(False, "--no-serve", help="Hanya siapkan basis data dan data demo."),
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(None, "--workers", min=1, help=WORKERS_HELP),
    threads: int = typer.Option(None, "--threads", min=1, help=THREADS_HELP),
):
    """Siapkan basis data, muat Renja 2022 DPMPPA Kota Jambi, buat akun demo, lalu layani aplikasi."""
    setup_django()
    from django.conf import settings

    from renja.demo import setup as demo_setup

    with console.status("Menyiapkan basis data…"):
        migrate()
    with console.status("Memuat data demo…"):
        renja, report = demo_setup.load_demo_data()
        users = demo_setup.create_demo_users()
    if report is None:
        console.print(f"Data demo sudah dimuat: {renja}")
    else:
        print_report(report)
    database = settings.DATABASES["default"]
    console.print(f"Basis data: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    console.print(f"Akun demo (kata sandi [bold]{demo_setup.PASSWORD}[/]):")
    for username, (role, *_) in users.items():
        console.print(f"  • {username:<12} {role}")
    if not no_serve:
        run_server(host, port, workers, threads)


@app.command()
def worker(
    interval: float = typer.Option(1.0, "--interval", help="Detik menunggu sebelum memeriksa antrean lagi."),
):
    """Jalankan pekerja latar (dokumen unduhan) sampai dihentikan; SIGTERM menuntaskan tugas yang sedang berjalan."""
    setup_django()
    from renja.tasks.worker import run_worker

    console.print("Pekerja latar Renja berjalan (Ctrl+C untuk berhenti)")
    run_worker(interval=interval)


@app.command()
def token(
    username: str = typer.Argument(..., help="Nama pengguna pemilik token."),
    nama: str = typer.Option("", "--nama", help="Nama / keperluan token."),
):
    """Buat token API pribadi untuk pengguna dan cetak tokennya (hanya sekali ini; yang disimpan sidiknya)."""
    setup_django()
    from django.contrib.auth.models import User

    from renja.api.tokens import create_token

    user = User.objects.filter(username=username).first()
    if user is None or not user.is_active:
        fail(f"Pengguna «{username}» tidak ditemukan atau tidak aktif.")
    _, raw = create_token(user, nama or "dibuat dengan renja token")
    print(raw)


# --- backup and restore ---------------------------------------------------------------------------------------


def seconds(started):
    import time

    return f"{time.perf_counter() - started:.1f}".replace(".", ",")


def _row_progress(progress, task, verb):
    def step(done, total, what):
        progress.update(task, completed=done, total=total, description=f"{verb} {what}")

    return step


@app.command()
def backup(
    output: Path = typer.Option(..., "-o", "--output", help="Berkas arsip yang ditulis (.zip)."),
    documents: bool = typer.Option(False, "--dokumen", help="Sertakan dokumen yang sudah disusun (bisa dibuat ulang)."),
):
    """Cadangkan seluruh basis data (Renja, realisasi, riwayat, akun dengan hash kata sandinya, pengaturan) dan berkas
    unggahan ke satu arsip, dibaca dalam satu transaksi (potret yang utuh sementara aplikasi tetap berjalan)."""
    setup_django()
    migrate()
    import time

    from rich.progress import Progress

    from renja import backup as archive
    from renja.core.numbers import format_rupiah

    started = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Mencadangkan…", total=None)
        manifest = archive.backup(output, documents=documents, progress=_row_progress(progress, task, "Mencadangkan"))
    rows = sum(t["baris"] for t in manifest["tabel"])
    files = ", ".join(f"{kind} {n}" for kind, n in manifest["berkas"].items())
    console.print(f"[green]Dicadangkan:[/] {output} ({len(manifest['tabel'])} tabel, {format_rupiah(rows)} baris; "
                  f"berkas: {files}; {format_rupiah(output.stat().st_size // 1024)} KB; "
                  f"{seconds(started)} detik)")


@app.command()
def restore(
    path: Path = typer.Argument(..., help="Arsip yang dibuat oleh `renja backup`."),
    replace: bool = typer.Option(False, "--replace", help="Ganti seluruh isi basis data yang tidak kosong (isi "
                                 "sekarang dicadangkan dahulu ke RENJA_HOME/cadangan/)."),
):
    """Pulihkan arsip `renja backup` ke basis data kosong dengan skema yang sama; seluruhnya atau tidak sama sekali."""
    setup_django()
    migrate()
    import time

    from rich.progress import Progress

    from renja import backup as archive
    from renja.core.numbers import format_rupiah

    started = time.perf_counter()
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Memulihkan…", total=None)
            manifest, saved = archive.restore(path, replace=replace,
                                              progress=_row_progress(progress, task, "Memulihkan"))
    except archive.BackupError as exc:
        fail(str(exc), code=1)
    if saved:
        console.print(f"[yellow]Isi sebelumnya dicadangkan ke[/] {saved}")
    rows = sum(t["baris"] for t in manifest["tabel"])
    console.print(f"[green]Dipulihkan:[/] {path} dari {manifest['dibuat']} ({len(manifest['tabel'])} tabel, "
                  f"{format_rupiah(rows)} baris; {seconds(started)} detik). Mulai ulang renja dan "
                  f"renja-worker.")


def main():
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
