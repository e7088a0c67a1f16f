"""Rows of T-C.33 that are (nearly) empty: a code with nothing else, or a row with neither code nor name."""

from renja.core.numbers import is_blank
from renja.plans.view import LEVEL_LABELS

from ..engine import rule


def has_pagu(node):
    """The row has a pagu (year n or n+1): entered on a sub kegiatan; on a program or kegiatan, stated by the
    document or computed from its sub kegiatan (a plan entered in the application states no totals)."""
    if node.level == "sub_kegiatan":
        return any(value is not None or not is_blank(text) for value, text in
                   ((node.pagu_n, node.pagu_n_teks), (node.pagu_n1, node.pagu_n1_teks)))
    return writes_pagu(node) or any(has_pagu(sub) for sub in node.subs())


def writes_pagu(node):
    """The row itself writes a pagu (entered on a sub kegiatan, stated on a program or kegiatan)."""
    if node.level == "sub_kegiatan":
        return has_pagu(node)
    return any(s is not None and (s.value is not None or not is_blank(s.text))
               for s in (node.stated.get("pagu_n"), node.stated.get("pagu_n1")))


def named_indicators(node):
    return [i for i in node.indicators if (i.uraian or "").strip()]


def nearly_empty(node):
    """A row without a name, or with a name and neither indicator nor pagu. BARIS-KOSONG reports it as a whole;
    the indicator rules leave it alone so that one empty row gives one finding."""
    return not (node.nama or "").strip() or (not named_indicators(node) and not has_pagu(node))


def missing_parts(node):
    parts = []
    if not node.kode and not node.kode_asli.strip():
        parts.append("kode")
    if not (node.nama or "").strip():
        parts.append("nama")
    indicators = named_indicators(node)
    if not indicators:
        parts.append("indikator")
    if not any(not is_blank(i.target_n.teks) for i in indicators):
        parts.append("target")
    if not has_pagu(node):
        parts.append("pagu")
    return parts


def name_of(node):
    """"program 2.08.07 PROGRAM PERLINDUNGAN KHUSUS ANAK": names a row in a message."""
    return " ".join([LEVEL_LABELS[node.level]] + [p for p in (node.code, node.nama) if p])


def under(node):
    return f" di bawah {name_of(node.parent)}" if node.parent is not None else ""


def where(node):
    """Where a row without code and name stands: under which row, above which."""
    place = under(node)
    if node.children:
        place += f", di atas {name_of(node.children[0])}"
    return place


@rule(
    "BARIS-KOSONG",
    "Baris T-C.33 tidak kosong",
    "Setiap baris program, kegiatan dan sub kegiatan T-C.33 harus berisi kode, nama, indikator, target dan pagu. "
    "Baris yang hanya berisi kode (sering akibat tabel yang terpotong atau baris judul yang kehilangan isinya), "
    "baris tanpa kode dan nama, atau baris yang hanya berisi nama tanpa indikator dan pagu tidak dapat dibaca "
    "sebagai rencana. Satu temuan per baris, menyebut apa saja yang tidak ada; baris yang hanya kurang pagu atau "
    "indikator dilaporkan oleh aturan pagu dan indikator. Program dan kegiatan dianggap berpagu bila sub "
    "kegiatannya berpagu (pagu keduanya dihitung, bukan diisi). Nilai yang diharapkan adalah bagian yang tidak "
    "ada; yang ditemukan adalah kode sebagaimana tertulis (kosong bila tidak ada).",
    "error", "renja",
)
def baris_kosong(rule_, view):
    for node in view.nodes():
        if not nearly_empty(node):
            continue
        missing = missing_parts(node)
        written = " ".join(node.kode_asli.split())
        level = LEVEL_LABELS[node.level]
        if not written and not (node.nama or "").strip():
            what = f"Baris {level} tanpa kode dan nama{where(node)}"
        elif not (node.nama or "").strip():
            only_code = not named_indicators(node) and not writes_pagu(node)
            what = f"Baris {level} '{written}' {'hanya berisi kode' if only_code else 'tanpa nama'}"
        else:
            what = f"Baris {name_of(node)} tidak lengkap"
        yield rule_.finding(
            "T-C.33", f"{what}: tidak ada {', '.join(missing)}.",
            code=node.code, row=node.label if node.code or node.nama else f"[{level}]{under(node)}",
            expected=", ".join(missing), found=written or None)
