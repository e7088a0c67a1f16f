"""BAB II evaluation tables: Total and JUMLAH rows against their rows, and a program table's rows against
the detail tables of their kegiatan."""

import difflib
import re

from renja.core.numbers import clean_cell, format_rupiah

from ...engine import NotApplicable, clip, rule
from ...readings import Parts, note_of, read_amount, row_items, row_label, undecided
from .common import amount, is_total_label, money, selisih, total_label_kind

# --- BAB II: evaluation tables ---------------------------------------------------------------------------

EVAL_KEYS = (("alokasi", "alokasi"), ("realisasi", "realisasi"))


def table_label(table):
    title = " ".join((table.judul or "").split())
    if title and title != table.id:
        return f"{table.id} ({title[:80]}{'…' if len(title) > 80 else ''})"
    return table.id


def rows_sum(rows, field):
    """Sum of a money column: None when a cell cannot be read or no row writes a value. Blank rows do not
    count (a heading or continuation row)."""
    values = [amount(getattr(r, field), getattr(r, f"{field}_teks")) for r in rows]
    if any(state == "unreadable" for _, state in values):
        return None
    written = [v for v, state in values if state == "ok"]
    return sum(written) if written else None


@rule(
    "EVAL-SUM-TOTAL",
    "Tabel evaluasi BAB II: baris Total = jumlah barisnya",
    "Setiap tabel alokasi dan realisasi BAB II (evaluasi tahun lalu) yang menulis baris Total atau JUMLAH: "
    "alokasi dan realisasi (Rupiah) pada baris itu harus sama dengan jumlah baris-barisnya. Persentase fisik dan "
    "keuangan tidak dijumlahkan di sini. Baris subtotal di dalam tabel (EVAL-SUM-SUBTOTAL) tidak ikut "
    "dijumlahkan. Angka yang salah tulis tetapi hanya dapat dibaca satu cara (titik-strip di "
    "akhir, koma di antara titik ribuan, satu nilai per butir pada baris yang mendaftar beberapa butir) dibaca "
    "dengan perbaikan yang disebutkan. Bila sebuah nilai tetap tidak terbaca, selisih tetap dilaporkan bila bagian "
    "yang terbaca saja sudah melebihi Total; selain itu temuan info menyebut sel yang membuat perbandingan tidak "
    "dapat diputuskan. "
    "Evaluasi tahun lalu menjadi dasar rencana: totalnya harus dapat dipercaya. Diharapkan: jumlah baris; "
    "ditemukan: Total yang tertulis.",
    "error", "evaluasi",
)
def eval_sum_total(rule_, view):
    if not view.evaluations:
        raise NotApplicable("tidak ada evaluasi tahun lalu (BAB II)")
    for evaluation in view.evaluations:
        for table in evaluation.tables:
            subtotals = eval_subtotal_rows(table.rows) if table.total else {}
            rows = [r for r in table.rows if id(r) not in subtotals]
            for key, field in EVAL_KEYS:
                relied = []
                found = money(table.total.get(key), relied, table.id, key)
                if found is None:
                    continue
                parts = Parts()
                for r in rows:
                    reading = read_amount(getattr(r, field), getattr(r, f"{field}_teks"), row_items(r))
                    parts.add(reading, table.id, row_label(r), field)
                if not parts.written:
                    continue
                what = f"Total {key} tabel {table_label(table)}, evaluasi {evaluation.tahun},"
                if parts.unreadable:
                    yield undecided(rule_, table.id, what, found, parts, row="Total", readings=relied)
                    continue
                expected = parts.total
                if expected == found:
                    continue
                relied += parts.readings
                skipped = f"; {len(subtotals)} baris subtotal tidak ikut dijumlahkan" if subtotals else ""
                yield rule_.finding(
                    table.id,
                    f"{what} tertulis Rp {format_rupiah(found)}, tetapi jumlah {len(rows)} barisnya "
                    f"Rp {format_rupiah(expected)} ({selisih(found, expected)}{skipped}).{note_of(relied)}",
                    row="Total", expected=expected, found=found, readings=relied,
                )


def _adds_up(row, parts):
    """Whether a row's alokasi or realisasi is the sum of at least two rows (not zero: a blank sum proves
    nothing)."""
    if len(parts) < 2:
        return False
    for field in ("alokasi", "realisasi"):
        value, state = amount(getattr(row, field), getattr(row, f"{field}_teks"))
        if state == "ok" and value and rows_sum(parts, field) == value:
            return True
    return False


def _subtotal_label(text):
    return bool(clean_cell(text or "")) and (is_total_label(text) or total_label_kind(text) == "subtotal")


def eval_subtotal_rows(rows):
    """{id(row): [rows it sums]} for the rows of an evaluation table that are subtotals of the rows above them
    since the previous subtotal: a row without a number that says so (Jumlah, Sub Total …) or, without a
    label, whose alokasi or realisasi is the sum of at least two rows above it. Linear in the rows."""
    found, group = {}, []
    for row in rows:
        if not clean_cell(row.nomor or "") and (_subtotal_label(row.uraian) or (
                not _has_label(row) and _adds_up(row, group))):
            found[id(row)] = group
            group = []
            continue
        group.append(row)
    return found


def _has_label(row):
    return bool(clean_cell(row.uraian or "")) and not _subtotal_label(row.uraian)


@rule(
    "EVAL-SUM-SUBTOTAL",
    "Tabel evaluasi BAB II: baris subtotal = jumlah baris di atasnya",
    "Baris subtotal di dalam tabel alokasi dan realisasi BAB II (tanpa nomor, berlabel Jumlah atau Sub Total) harus "
    "sama dengan jumlah baris di atasnya sejak subtotal sebelumnya, untuk alokasi dan realisasi (Rupiah). Baris "
    "tanpa nomor dan tanpa label yang nilainya sama dengan jumlah dua baris atau lebih di atasnya dikenali sebagai "
    "subtotal menurut jumlahnya; baris subtotal tidak ikut dijumlahkan ke baris Total (EVAL-SUM-TOTAL), sehingga "
    "tidak terhitung dua kali. Bila ada nilai yang tidak terbaca, perbandingan kolom itu dilewati. Diharapkan: "
    "jumlah baris di atasnya; ditemukan: subtotal yang tertulis.",
    "error", "evaluasi",
)
def eval_sum_subtotal(rule_, view):
    tables = [(e, t) for e in view.evaluations for t in e.tables]
    if not tables:
        raise NotApplicable("tidak ada evaluasi tahun lalu (BAB II)")
    for evaluation, table in tables:
        by_id = {id(r): r for r in table.rows}
        for row_id, parts in eval_subtotal_rows(table.rows).items():
            row = by_id[row_id]
            for key, field in EVAL_KEYS:
                found, state = amount(getattr(row, field), getattr(row, f"{field}_teks"))
                expected = rows_sum(parts, field)
                if state != "ok" or expected is None or expected == found:
                    continue
                label = clip(row.uraian, 60) or "subtotal"
                yield rule_.finding(
                    table.id,
                    f"Baris {label} ({key}) tabel {table_label(table)}, evaluasi {evaluation.tahun}, tertulis "
                    f"Rp {format_rupiah(found)}, tetapi jumlah {len(parts)} baris di atasnya sejak subtotal sebelumnya "
                    f"Rp {format_rupiah(expected)} ({selisih(found, expected)}).",
                    row=row.uraian or "subtotal", expected=expected, found=found,
                )


# --- BAB II: a program table's rows against the detail tables of their kegiatan ---------------------------

PROGRAM_MATCH, PROGRAM_MARGIN, PROGRAM_DOUBT = 0.85, 0.03, 0.75


def _program_name(text):
    text = re.sub(r"^\s*[0-9a-z]{1,3}[.)]?\s+(?=program)", "", clean_cell(text or "").lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def program_name_score(a, b):
    """How alike two program names are (0–1); a heading may shorten the name ("Program Pengelolaan Sistem Data
    Gender" for "… Data Gender dan Anak"), so the shorter is also compared with the start of the longer."""
    a, b = _program_name(a), _program_name(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    whole = difflib.SequenceMatcher(None, a, b).ratio()
    start = difflib.SequenceMatcher(None, short, long_[:len(short)]).ratio() if len(short.split()) >= 3 else 0.0
    return max(whole, start)


def program_tables(evaluation):
    """[(table, row, [detail tables])]: the rows of each table of programs (no heading, every row a program)
    with the tables of one kegiatan whose program heading names that row. A detail table goes to the row it
    names best, when clearly (≥ PROGRAM_MATCH and PROGRAM_MARGIN ahead of the next); a table that cannot be
    placed makes every row it might belong to unchecked."""
    details = [t for t in evaluation.tables if t.program and t.kegiatan]
    found = []
    for table in evaluation.tables:
        rows = [r for r in table.rows if clean_cell(r.uraian or "")]
        if table.program or table.kegiatan or not rows or not details or not all(
                _program_name(r.uraian).startswith("program") for r in rows):
            continue
        assigned, doubtful = {id(r): [] for r in rows}, set()
        for detail in details:
            scores = sorted(((program_name_score(detail.program, r.uraian), i) for i, r in enumerate(rows)),
                            reverse=True)
            best, second = scores[0], scores[1] if len(scores) > 1 else (0.0, None)
            if best[0] >= PROGRAM_MATCH and best[0] - second[0] >= PROGRAM_MARGIN:
                assigned[id(rows[best[1]])].append(detail)
            else:
                doubtful.update(id(rows[i]) for score, i in scores if score >= PROGRAM_DOUBT)
        found += [(table, r, assigned[id(r)]) for r in rows if assigned[id(r)] and id(r) not in doubtful]
    return found


def _detail_sums(details, key, field):
    """(computed, stated, [(detail, stated total, rows sum)]) over the detail tables: computed from their rows
    (subtotal rows left out), stated from their Total rows (a table without one counts by its rows); None when a
    value needed cannot be read."""
    computed, stated, each = 0, 0, []
    for detail in details:
        subtotals = eval_subtotal_rows(detail.rows)
        rows = rows_sum([r for r in detail.rows if id(r) not in subtotals], field)
        total = money(detail.total.get(key))
        written = total if total is not None else rows
        computed = None if computed is None or rows is None else computed + rows
        stated = None if stated is None or written is None else stated + written
        each.append((detail, total, rows))
    return computed, stated, each


def _program_rows(view):
    tables = [(e, t, r, d) for e in view.evaluations for t, r, d in program_tables(e)]
    if not tables:
        raise NotApplicable("tidak ada tabel program BAB II yang kegiatannya dirinci dalam tabel per kegiatan")
    for evaluation, table, row, details in tables:
        for key, field in EVAL_KEYS:
            found, state = amount(getattr(row, field), getattr(row, f"{field}_teks"))
            if state != "ok":
                continue
            computed, stated, each = _detail_sums(details, key, field)
            yield evaluation, table, row, details, key, found, computed, stated, each


def _program_where(evaluation, table, row, key):
    return (f"{key[0].upper()}{key[1:]} program '{clip(row.uraian, 70)}' di {table_label(table)}, evaluasi "
            f"{evaluation.tahun}")


@rule(
    "EVAL-SUM-PROGRAM",
    "Tabel program BAB II: alokasi program = jumlah baris tabel rincian kegiatannya",
    "Pada tabel per program BAB II (misalnya Tabel 2: setiap baris sebuah program), alokasi dan realisasi (Rupiah) "
    "setiap program harus sama dengan jumlah baris tabel-tabel rincian per kegiatan yang judul programnya menyebut "
    "program itu (dicocokkan menurut nama; tabel yang tidak jelas programnya membuat program yang mungkin "
    "dilewati). Pesan menyebut apakah angka program sama dengan jumlah baris Total tabel rinciannya (selisihnya "
    "lalu berasal dari tabel rincian yang Totalnya tidak sama dengan barisnya, EVAL-SUM-TOTAL) atau Total-total "
    "itu benar dan baris program ini yang perlu diperbaiki. Peringatan, karena keanggotaan tabel rincian "
    "disimpulkan dari judulnya. Diharapkan: jumlah baris tabel rincian; ditemukan: angka program.",
    "warning", "evaluasi",
)
def eval_sum_program(rule_, view):
    for evaluation, table, row, details, key, found, computed, stated, each in _program_rows(view):
        if computed is None or computed == found:
            continue
        names = ", ".join(d.id for d in details)
        message = (f"{_program_where(evaluation, table, row, key)} tertulis Rp {format_rupiah(found)}, tetapi jumlah "
                   f"baris {len(details)} tabel rincian kegiatannya ({names}) Rp {format_rupiah(computed)} "
                   f"({selisih(found, computed)}).")
        if stated == found:
            wrong = [f"{d.id} (Total Rp {format_rupiah(total)}, barisnya Rp {format_rupiah(rows)})"
                     for d, total, rows in each if total is not None and rows is not None and total != rows]
            if wrong:
                message += (" Angka program sama dengan jumlah Total tabel rinciannya: selisihnya berasal dari "
                            + "; ".join(wrong) + ".")
        elif stated == computed:
            message += " Total tabel-tabel rinciannya sama dengan barisnya: yang perlu diperbaiki adalah baris program ini."
        yield rule_.finding(table.id, message, row=row.uraian, expected=computed, found=found)


@rule(
    "EVAL-ANAK-PROGRAM",
    "Tabel program BAB II: alokasi program = jumlah Total tabel rincian kegiatannya",
    "Alokasi dan realisasi setiap program pada tabel per program BAB II harus sama dengan jumlah baris Total "
    "tabel-tabel rincian per kegiatannya (yang dipasangkan seperti pada EVAL-SUM-PROGRAM). Satu temuan untuk setiap "
    "ketidaksesuaian nyata: bila Total-total itu sama dengan baris-barisnya, baris program itu sendiri yang salah "
    "dan dilaporkan sekali oleh EVAL-SUM-PROGRAM; temuan ini muncul bila program dan Total rinciannya berbeda "
    "sementara Total rincian itu juga tidak sama dengan barisnya (atau barisnya tidak terbaca), dan menyebut "
    "tabelnya. Peringatan, seperti EVAL-SUM-PROGRAM. Diharapkan: jumlah Total tabel rincian; ditemukan: angka "
    "program.",
    "warning", "evaluasi",
)
def eval_anak_program(rule_, view):
    for evaluation, table, row, details, key, found, computed, stated, each in _program_rows(view):
        if stated is None or stated == found or stated == computed:
            continue
        wrong = [f"{d.id} (Total Rp {format_rupiah(total)}, barisnya Rp {format_rupiah(rows)})"
                 for d, total, rows in each if total is not None and rows is not None and total != rows]
        message = (f"{_program_where(evaluation, table, row, key)} tertulis Rp {format_rupiah(found)}, tetapi jumlah "
                   f"Total {len(details)} tabel rincian kegiatannya Rp {format_rupiah(stated)} ({selisih(found, stated)}).")
        if computed is None:
            message += " Jumlah baris tabel rinciannya tidak dapat dihitung (ada nilai yang tidak terbaca)."
        if wrong:
            message += " Tabel rincian yang Totalnya tidak sama dengan barisnya: " + "; ".join(wrong) + "."
        yield rule_.finding(table.id, message, row=row.uraian, expected=stated, found=found)
