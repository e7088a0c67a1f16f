"""Counts the document states (programs, kegiatan, sub kegiatan, sasaran, chapters, the evaluated year's
programs and kegiatan) against what the data holds.

What counts: a plan row (program, kegiatan, sub kegiatan) counts when it has a code or a name. A row with
neither is a placeholder the capture keeps to hold its children where the document puts them (a document
that goes straight from a program to a sub kegiatan gets such a kegiatan row); it is not a kegiatan the plan
has, and the messages say how many were left out. "Non urusan" is the Program Penunjang
(code X.XX.01, or a program without a readable code whose name says "Penunjang Urusan"); "urusan" is every
other program.
"""

from renja.core.numbers import format_decimal
from renja.plans.view import LEVEL_LABELS

from ..engine import NotApplicable, rule
from .percentages import is_program_table, kegiatan_summary

SCOPES = (("_non_urusan", "non urusan (Program Penunjang)"), ("_urusan", "urusan"), ("", "seluruh"))


def is_placeholder(node):
    return not (node.kode or node.kode_asli.strip() or (node.nama or "").strip())


def plan_counts(view, level):
    """{suffix: (count, placeholders left out)} for "", "_urusan", "_non_urusan"."""
    counts = {suffix: [0, 0] for suffix, _ in SCOPES}
    for program in view.programs:
        if level == "program":
            nodes = [program]
        elif level == "kegiatan":
            nodes = list(program.children)
        else:
            nodes = [sub for kegiatan in program.children for sub in kegiatan.children]
        scope = "_non_urusan" if program.is_penunjang else "_urusan"
        for node in nodes:
            index = 1 if is_placeholder(node) else 0
            counts[scope][index] += 1
            counts[""][index] += 1
    return {suffix: tuple(value) for suffix, value in counts.items()}


def number(value):
    return int(value) if value == value.to_integral_value() else value


def count_text(value):
    return str(value) if isinstance(value, int) else format_decimal(value, 2)


def _scope_of(key, base):
    for suffix, _ in SCOPES:
        if key == f"{base}{suffix}":
            return suffix
    return None


def _count_findings(rule_, view, level):
    base = f"jumlah_{level}"
    statements = [s for s in view.statements if _scope_of(s.key, base) is not None and s.value is not None]
    if not statements:
        return
    if not view.programs:
        raise NotApplicable("rencana ini belum memuat program, kegiatan dan sub kegiatan (T-C.33)")
    counts = plan_counts(view, level)
    scope_labels = dict(SCOPES)
    for s in statements:
        suffix = _scope_of(s.key, base)
        expected, placeholders = counts[suffix]
        found = number(s.value)
        if found == expected:
            continue
        scope = "" if suffix == "" else f" {scope_labels[suffix]}"
        left_out = (f" ({placeholders} baris {LEVEL_LABELS[level]} tanpa kode dan nama tidak dihitung)"
                    if placeholders else "")
        yield rule_.finding(
            s.table,
            f"{s.table}: jumlah {LEVEL_LABELS[level]}{scope} tertulis {count_text(found)}, "
            f"tetapi T-C.33 memuat {expected} {LEVEL_LABELS[level]}{scope}{left_out}.",
            code=s.code or None, row=s.row or None, expected=expected, found=found)


COUNT_EXPLANATION = (
    "Setiap jumlah {what} yang dinyatakan dokumen (di Tabel 4.1, BAB III, BAB IV atau tabel lain; jumlah "
    "seluruhnya, urusan, atau non urusan/Program Penunjang) harus sama dengan jumlah {what} di T-C.33. Baris "
    "tanpa kode dan tanpa nama tidak dihitung (pesan menyebut berapa). Jumlah yang salah membuat rekapitulasi "
    "dan pagu per urusan tidak dapat dipercaya. Yang diharapkan adalah jumlah hasil hitung; yang ditemukan adalah "
    "yang tertulis."
)


@rule("COUNT-PROGRAM", "Jumlah program yang dinyatakan = jumlah program di T-C.33",
      COUNT_EXPLANATION.format(what="program"), "error", "renja")
def count_program(rule_, view):
    yield from _count_findings(rule_, view, "program")


@rule("COUNT-KEGIATAN", "Jumlah kegiatan yang dinyatakan = jumlah kegiatan di T-C.33",
      COUNT_EXPLANATION.format(what="kegiatan"), "error", "renja")
def count_kegiatan(rule_, view):
    yield from _count_findings(rule_, view, "kegiatan")


@rule("COUNT-SUB-KEGIATAN", "Jumlah sub kegiatan yang dinyatakan = jumlah sub kegiatan di T-C.33",
      COUNT_EXPLANATION.format(what="sub kegiatan"), "error", "renja")
def count_sub_kegiatan(rule_, view):
    yield from _count_findings(rule_, view, "sub_kegiatan")


def renstra_sasaran(view):
    """The Renstra's sasaran, by their number (the view holds indicators; each names its sasaran)."""
    return sorted({i.owner for i in view.renstra if i.jenis == "sasaran" and i.owner})


@rule(
    "COUNT-SASARAN",
    "Jumlah sasaran yang dinyatakan = jumlah sasaran Renstra",
    "Jumlah sasaran strategis yang disebut teks (BAB III, juga kalimat evaluasi BAB II tentang tahun yang masih "
    "dalam periode Renstra) harus sama dengan jumlah sasaran Renstra Perangkat Daerah (Tabel 3.2.2), dihitung "
    "dari sasaran yang memiliki indikator. Yang diharapkan adalah jumlah sasaran Renstra; yang ditemukan adalah "
    "yang tertulis. Kalimat evaluasi dilaporkan sebagai peringatan (tahun yang dievaluasi bisa memakai sasaran "
    "sebelum Renstra diubah).",
    "error", "renja",
)
def count_sasaran(rule_, view):
    statements = [(s, None) for s in view.statements if s.key == "jumlah_sasaran" and s.value is not None]
    for evaluation in view.evaluations:
        statements += [(s, evaluation) for s in evaluation.statements
                       if s.key == "jumlah_sasaran" and s.value is not None]
    if not statements:
        return
    sasaran = renstra_sasaran(view)
    if not sasaran:
        raise NotApplicable("Renstra yang berlaku tidak dimuat atau tidak memuat sasaran beserta indikatornya")
    expected = len(sasaran)
    period = view.renstra_period
    for s, evaluation in statements:
        if evaluation is not None and not (period and period[0] <= evaluation.tahun <= period[1]):
            continue
        found = number(s.value)
        if found == expected:
            continue
        about = (f"teks evaluasi {evaluation.tahun} menyebut capaian {count_text(found)} sasaran" if evaluation is not None
                 else f"teks menyebut {count_text(found)} sasaran strategis")
        period_text = f" {period[0]}–{period[1]}" if period else ""
        yield rule_.finding(
            s.table,
            f"{s.table}: {about}, tetapi Renstra{period_text} memuat {expected} sasaran "
            f"(nomor {', '.join(sasaran)}).",
            code=s.code or None, row=s.row or None, expected=expected, found=found,
            severity="warning" if evaluation is not None else None)


@rule(
    "COUNT-BAB",
    "Jumlah bab yang dinyatakan = jumlah bab dokumen",
    "Jumlah bab yang disebut teks (mis. pada Sistematika Penulisan) harus sama dengan jumlah BAB yang ada di "
    "narasi dokumen. Yang diharapkan adalah jumlah BAB yang ada; yang ditemukan adalah yang tertulis.",
    "warning", "dokumen",
)
def count_bab(rule_, view):
    statements = [s for s in view.statements if s.key == "jumlah_bab" and s.value is not None]
    if not statements:
        return
    babs = []
    for section in view.sections:
        bab = " ".join(section.bab.upper().split())
        if bab and bab not in babs:
            babs.append(bab)
    if not babs:
        raise NotApplicable("narasi dokumen (BAB I–V) tidak dimuat")
    for s in statements:
        found = number(s.value)
        if found != len(babs):
            yield rule_.finding(
                s.table,
                f"{s.table}: teks menyebut {count_text(found)} bab, tetapi dokumen memuat {len(babs)} bab "
                f"(BAB {', '.join(babs)}).",
                code=s.code or None, row=s.row or None, expected=len(babs), found=found)


def program_table(evaluation):
    tables = [t for t in evaluation.tables if not t.program and not t.kegiatan and is_program_table(t)]
    return tables[0] if len(tables) == 1 else None


@rule(
    "COUNT-EVALUASI",
    "Jumlah program dan kegiatan tahun yang dievaluasi = baris tabel evaluasinya",
    "Jumlah program dan kegiatan yang disebut teks BAB II tentang tahun yang dievaluasi (mis. \"terdiri dari N "
    "program dan M kegiatan\") harus sama dengan jumlah baris tabel evaluasinya: program = baris tabel realisasi "
    "per program, kegiatan = baris tabel ringkasan realisasi per kegiatan (tabel tanpa judul program/kegiatan "
    "yang barisnya dirinci oleh tabel per kegiatan). Yang diharapkan adalah jumlah baris; yang ditemukan adalah "
    "yang tertulis.",
    "warning", "evaluasi",
)
def count_evaluasi(rule_, view):
    for evaluation in view.evaluations:
        statements = [s for s in evaluation.statements
                      if s.key in ("jumlah_program", "jumlah_kegiatan") and s.value is not None]
        for s in statements:
            if s.key == "jumlah_program":
                table, what = program_table(evaluation), "program"
            else:
                table, what = kegiatan_summary(evaluation), "kegiatan"
            if table is None:
                continue
            expected = len([r for r in table.rows if r.uraian])
            found = number(s.value)
            if found != expected:
                yield rule_.finding(
                    s.table,
                    f"{s.table}: teks evaluasi {evaluation.tahun} menyebut {count_text(found)} {what}, tetapi tabel "
                    f"{table.id} memuat {expected} baris {what}.",
                    code=s.code or None, row=s.row or None, expected=expected, found=found)
