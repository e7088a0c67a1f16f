"""Codes of the plan rows: readable in the Permendagri 90/2019 format, consistent with the tree, the level, the
Pemda's level of authority and the official nomenclature, and not repeated."""

import re
from functools import lru_cache

from renja.core.codes import LEVELS, Kode, KodeError, parse_kode
from renja.plans.view import LEVEL_LABELS

from ..engine import NotApplicable, rule

FORMATS = {"program": "U.BB.PP", "kegiatan": "U.BB.PP.K.KK", "sub_kegiatan": "U.BB.PP.K.KK.SSSS"}
AUTHORITY = {"1": "provinsi", "2": "kabupaten/kota"}


def _written(node):
    """The code as the document writes it, cells shown as spaces."""
    return " ".join(node.kode_asli.split())


# A code in normal form, as the loader stores `Node.kode` ("2.08.02.2.01.0007"; X for the Program Penunjang).
_NORMAL_FORM = re.compile(r"[0-9X](\.[0-9X]{2}(\.[0-9X]{2}(\.[0-9X]\.[0-9X]{2}(\.[0-9X]{4})?)?)?)?")


@lru_cache(maxsize=65536)  # the code rules ask it of every code, and of each row's parent's, again and again
def _in_normal_form(text):
    """_NORMAL_FORM.fullmatch(text), as a bool (the pattern costs a few thousand instructions per code)."""
    return _NORMAL_FORM.fullmatch(text) is not None


_NORMAL_KODES = {}  # text in normal form → its Kode, whatever the level asked (cleared past _NORMAL_LIMIT)
_NORMAL_LIMIT = 65536


def read_kode(text, level=None):
    """parse_kode(text, level), at a fraction of its cost for a code already in normal form: parse_kode reads
    that as its segments, with nothing normalised, noted or assumed (whatever the level), and the rules read
    every code of the plan several times (with and without its level: one Kode for both)."""
    kode = _NORMAL_KODES.get(text) if isinstance(text, str) else None
    if kode is not None:
        return kode
    if isinstance(text, str) and _in_normal_form(text):
        if len(_NORMAL_KODES) >= _NORMAL_LIMIT:
            _NORMAL_KODES.clear()
        kode = _NORMAL_KODES[text] = Kode.of_normal_form(text)
        return kode
    return _parse_kode(text, level)


@lru_cache(maxsize=65536)  # a Kode is immutable, and several rules read every code of the plan
def _parse_kode(text, level):
    return parse_kode(text, level=level)


@lru_cache(maxsize=65536)  # several rules read every code of the plan, and each row's parent's; a Kode is immutable
def _kode(text):
    try:
        return read_kode(text)
    except KodeError:
        return None


def _row(node):
    """"sub kegiatan 2.08.01.2.02.0001 Penyediaan Gaji …": names the row in a message."""
    return " ".join([LEVEL_LABELS[node.level]] + [p for p in (node.code, node.nama) if p])


def _sentence(text):
    return text[:1].upper() + text[1:]


def _examples(items, count=3):
    shown = ", ".join(items[:count])
    return shown + (", …" if len(items) > count else "")


# --- KODE-FORMAT ----------------------------------------------------------------------------------------


def _note_kind(note):
    """Group normalisation notes of parse_kode by what was normalised ("kode sub kegiatan '07' …" → its kind)."""
    if note.startswith("kode sub kegiatan"):
        return "nomor sub kegiatan 2 angka (penulisan sebelum 2023) dilengkapi menjadi 4 angka"
    if note.startswith("kode program"):
        return "kode program 1 angka dilengkapi menjadi 2 angka"
    if note.startswith("tingkat kewenangan"):
        return "tingkat kewenangan ditulis 2 angka ('02.01' untuk '2.01')"
    return note.split("'")[0].strip()


@rule(
    "KODE-FORMAT",
    "Kode program/kegiatan/sub kegiatan dapat dibaca",
    "Setiap baris T-C.33 harus memiliki kode yang dapat dibaca dalam format Permendagri 90/2019 "
    "(U.BB.PP untuk program, U.BB.PP.K.KK untuk kegiatan, U.BB.PP.K.KK.SSSS untuk sub kegiatan). Kode yang tidak "
    "terbaca (mis. angka yang hilang pada konversi PDF) atau tidak ada membuat baris tidak dapat dicocokkan dengan "
    "nomenklatur, RKPD dan DPA (kesalahan). Kode yang hanya dapat dibaca dengan anggapan, mis. dua sel kode yang "
    "menyatu ('081' dibaca '08' dan '1'), dilaporkan sebagai peringatan agar diperiksa. Penulisan yang dinormalkan "
    "(nomor sub kegiatan 2 angka, kode program 1 angka) dilaporkan sekali per Renja sebagai info, dan kode T-C.29 "
    "yang tidak mengikuti format ini (biasanya kode nomenklatur lama) sekali per tabel. Nilai yang diharapkan "
    "adalah format kode (atau kode hasil pembacaan); yang ditemukan adalah kode sebagaimana tertulis.",
    "error", "renja",
)
def kode_format(rule_, view):
    normalised = {}
    for node in view.nodes():
        source = node.kode_asli or node.kode
        if source and _in_normal_form(source):
            continue  # read as it is written, whatever the level: nothing assumed, nothing normalised
        written = _written(node) or node.kode
        if not written:
            if node.nama:  # a row without any name is reported by BARIS-KOSONG
                yield rule_.finding(
                    "T-C.33", f"{_sentence(_row(node))} tidak memiliki kode (seharusnya {FORMATS[node.level]}).",
                    code=None, row=node.label, expected=FORMATS[node.level], found=None)
            continue
        try:
            kode = read_kode(source, level=node.level)
        except KodeError as reason:
            yield rule_.finding(
                "T-C.33",
                f"Kode {LEVEL_LABELS[node.level]} '{written}' ({node.nama or 'tanpa nama'}) tidak dapat dibaca: "
                f"{reason}. Format yang benar: {FORMATS[node.level]}.",
                code=node.code, row=node.label, expected=FORMATS[node.level], found=written)
            continue
        for assumption in kode.assumptions:
            yield rule_.finding(
                "T-C.33",
                f"Kode {LEVEL_LABELS[node.level]} '{written}' ({node.nama or 'tanpa nama'}) hanya dapat dibaca "
                f"sebagai {kode} dengan anggapan: {assumption}. Periksa dan tulis kode dengan pemisah yang jelas.",
                code=str(kode), row=node.label, expected=str(kode), found=written, severity="warning")
        for note in () if kode.assumptions else kode.notes:  # an assumed reading is reported above
            normalised.setdefault(_note_kind(note), []).append(f"'{written}' → {kode}")
    if normalised:
        parts = [f"{len(examples)} kode: {kind} (mis. {_examples(examples, 2)})" for kind, examples in normalised.items()]
        total = len({e for examples in normalised.values() for e in examples})
        yield rule_.finding(
            "T-C.33",
            f"Sebagian kode di T-C.33 ditulis tidak baku dan dibaca setelah dinormalkan: {'; '.join(parts)}.",
            expected=None, found=total, severity="info")
    yield from _tc29_codes(rule_, view)


def _tc29_codes(rule_, view):
    for evaluation in view.evaluations:
        written = [r for r in evaluation.tc29 if (r.get("kode_asli") or "").strip()]
        unreadable = [" ".join(r["kode_asli"].split()) for r in written if not r.get("kode")]
        if not unreadable:
            continue
        examples = _examples([f"'{code}'" for code in dict.fromkeys(unreadable)])
        yield rule_.finding(
            "T-C.29",
            f"T-C.29 (evaluasi {evaluation.tahun}): {len(unreadable)} dari {len(written)} kode tidak mengikuti format "
            f"Permendagri 90/2019 (U.BB.PP.K.KK.SSSS), mis. {examples}. Biasanya tabel evaluasi memakai kode "
            f"nomenklatur lama; baris-baris ini tidak dapat dicocokkan dengan T-C.33 melalui kodenya.",
            expected=None, found=len(unreadable), severity="info")


# --- KODE-INDUK -----------------------------------------------------------------------------------------


def _same_segment(a, b):
    return a == b or set(a) == {"X"} or set(b) == {"X"}


def _starts_with(child, ancestor):
    """The child's segments begin with the ancestor's (X.XX of the Program Penunjang matches any bidang)."""
    segments = ancestor.segments
    head = child.segments[:len(segments)]
    if head == segments:  # the usual case, without comparing segment by segment
        return True
    return len(head) == len(segments) and all(_same_segment(a, b) for a, b in zip(head, segments))


def _readable_ancestor(node):
    parent = node.parent
    while parent is not None:
        kode = _kode(parent.kode) if parent.kode else None
        if kode is not None:
            return parent, kode
        parent = parent.parent
    return None, None


@rule(
    "KODE-INDUK",
    "Kode diawali kode induknya",
    "Kode kegiatan harus diawali kode programnya dan kode sub kegiatan diawali kode kegiatannya (mis. sub kegiatan "
    "2.08.02.2.01.0001 di bawah kegiatan 2.08.02.2.01). Kode yang tidak sesuai menandakan baris salah tempat atau "
    "salah kode. Bila kode induk tidak terbaca, kode dibandingkan dengan induk terdekat yang kodenya terbaca. "
    "Program Penunjang yang ditulis X.XX cocok dengan bidang mana pun. Nilai yang diharapkan adalah kode induk "
    "(awal kode yang seharusnya); yang ditemukan adalah kode baris.",
    "error", "renja",
)
def kode_induk(rule_, view):
    normal = _in_normal_form
    for node in view.nodes():
        if node.level == "program" or not node.kode:
            continue
        parent = node.parent
        if (parent is not None and parent.kode and node.kode.startswith(parent.kode + ".") and normal(node.kode)
                and normal(parent.kode)):
            continue  # both in normal form, the child's segments begin with the parent's: the usual case
        kode = _kode(node.kode)
        ancestor, ancestor_kode = _readable_ancestor(node)
        if kode is None or ancestor is None or _starts_with(kode, ancestor_kode):
            continue
        yield rule_.finding(
            "T-C.33",
            f"Kode {_row(node)} tidak diawali kode {LEVEL_LABELS[ancestor.level]} induknya "
            f"({' '.join(p for p in (ancestor.kode, ancestor.nama) if p)}).",
            code=node.code, row=node.label, expected=ancestor.kode, found=node.kode)


# --- KODE-TINGKAT ---------------------------------------------------------------------------------------


@rule(
    "KODE-TINGKAT",
    "Tingkat kode sesuai tingkat baris",
    "Baris program harus berkode program (U.BB.PP), baris kegiatan berkode kegiatan (U.BB.PP.K.KK) dan baris sub "
    "kegiatan berkode sub kegiatan (U.BB.PP.K.KK.SSSS). Kode dengan tingkat lain menandakan kode terpotong atau "
    "baris pada tingkat yang salah. Nilai yang diharapkan adalah tingkat baris; yang ditemukan adalah tingkat "
    "kode yang tertulis.",
    "error", "renja",
)
def kode_tingkat(rule_, view):
    for node in view.nodes():
        text = node.kode
        if text and _in_normal_form(text) and LEVELS[text.count(".") + 1] == node.level:
            continue  # the usual row: a code in normal form, whose level its segments say, at its level
        kode = _kode(text) if text else None
        if kode is None or kode.level == node.level:
            continue
        found = kode.level.replace("_", " ")
        yield rule_.finding(
            "T-C.33",
            f"Baris {_row(node)} memakai kode tingkat {found} ({kode}); seharusnya kode {LEVEL_LABELS[node.level]} "
            f"({FORMATS[node.level]}).",
            code=node.code, row=node.label, expected=LEVEL_LABELS[node.level], found=found)


# --- KODE-KEWENANGAN ------------------------------------------------------------------------------------


@rule(
    "KODE-KEWENANGAN",
    "Tingkat kewenangan pada kode kegiatan sesuai jenis Pemda",
    "Angka pertama kode kegiatan (K pada U.BB.PP.K.KK) menyatakan tingkat kewenangan: 1 provinsi, 2 kabupaten/kota "
    "(3–8 kewenangan khusus). Pemda kabupaten/kota hanya melaksanakan kegiatan berkode 2, provinsi berkode 1. "
    "Kegiatan dan sub kegiatan dengan angka lain tidak dapat dianggarkan oleh Pemda ini. Sub kegiatan hanya "
    "dilaporkan bila angkanya berbeda dengan kegiatannya (yang sudah dilaporkan). Nilai yang diharapkan adalah "
    "angka kewenangan Pemda; yang ditemukan adalah angka pada kode.",
    "error", "renja",
)
def kode_kewenangan(rule_, view):
    expected = view.kewenangan
    for node in view.nodes():
        if node.level not in ("kegiatan", "sub_kegiatan") or not node.kode:
            continue
        text = node.kode
        if text.count(".") >= 4 and _in_normal_form(text) and text[8] == expected:
            continue  # the usual row: in normal form ("U.BB.PP.K…"), the digit K is the 9th character
        kode = _kode(text)
        if kode is None or kode.tingkat_kewenangan is None or kode.tingkat_kewenangan == expected:
            continue
        if node.level == "sub_kegiatan" and node.parent is not None and node.parent.kode:
            parent = _kode(node.parent.kode)
            if parent is not None and parent.tingkat_kewenangan == kode.tingkat_kewenangan:
                continue  # the kegiatan carries the same digit and is reported
        found = kode.tingkat_kewenangan
        meaning = AUTHORITY.get(found, "kewenangan khusus")
        yield rule_.finding(
            "T-C.33",
            f"Kode {_row(node)} bertingkat kewenangan {found} ({meaning}), padahal {view.pemda_nama or 'Pemda ini'} "
            f"adalah {view.pemda_jenis}: seharusnya {expected} ({AUTHORITY[expected]}).",
            code=node.code, row=node.label, expected=expected, found=found,
            severity=None if found in AUTHORITY else "warning")


# --- KODE-NOMENKLATUR -----------------------------------------------------------------------------------


def _in_nomenclature(kode, codes):
    if kode in codes:
        return True
    parts = kode.split(".")
    # The Program Penunjang is X.XX.01… in the nomenclature; documents write it with the PD's own bidang.
    return len(parts) >= 3 and ".".join(["X", "XX"] + parts[2:]) in codes


@rule(
    "KODE-NOMENKLATUR",
    "Kode terdapat dalam nomenklatur resmi",
    "Dengan versi nomenklatur resmi (Kepmendagri) yang dimuat untuk Renja ini, setiap kode program, kegiatan dan "
    "sub kegiatan T-C.33 harus ada dalam versi itu; kode yang tidak ada tidak dapat dianggarkan (mungkin kode lama "
    "yang sudah diganti). Program Penunjang yang ditulis dengan bidang PD (mis. 2.08.01) dicocokkan dengan "
    "X.XX.01. Bila kode induk sudah tidak ada, kode di bawahnya tidak dilaporkan terpisah. Tanpa versi resmi yang "
    "dimuat, aturan ini tidak dapat diterapkan. Nilai yang diharapkan adalah versi nomenklatur; yang ditemukan "
    "adalah kode.",
    "error", "renja",
)
def kode_nomenklatur(rule_, view):
    if not view.nomenclature_official or not view.nomenclature_codes:
        version = f" (Renja ini mencatat '{view.nomenclature_version}', yang bukan versi resmi yang dimuat)" \
            if view.nomenclature_version else ""
        raise NotApplicable(f"belum ada versi nomenklatur resmi yang dimuat{version}, sehingga kode tidak dapat "
                            f"dicocokkan dengan nomenklatur")
    missing = {node for node in view.nodes()
               if node.kode and not _in_nomenclature(node.kode, view.nomenclature_codes)}
    for node in view.nodes():
        if node not in missing or any(_is_below(node, other) for other in missing):
            continue
        below = [n for n in missing if _is_below(n, node)]
        more = f" {len(below)} baris di bawahnya juga tidak ada." if below else ""
        yield rule_.finding(
            "T-C.33",
            f"Kode {_row(node)} tidak terdapat dalam nomenklatur {view.nomenclature_version}.{more}",
            code=node.code, row=node.label, expected=view.nomenclature_version, found=node.kode)


def _is_below(node, ancestor):
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


# --- KODE-DUPLIKAT --------------------------------------------------------------------------------------


def _repeated_with_parent(nodes, rows):
    """Rows that repeat because their parent row is repeated (a whole block written twice): the parent's
    finding covers them."""
    parents = [n.parent for n in nodes]
    if any(p is None or not p.kode for p in parents) or len({id(p) for p in parents}) != len(nodes):
        return False
    return len({p.kode for p in parents}) == 1 and len(rows.get(parents[0].kode, ())) > 1


@rule(
    "KODE-DUPLIKAT",
    "Kode tidak dipakai dua kali",
    "Satu kode program, kegiatan atau sub kegiatan hanya boleh muncul pada satu baris T-C.33; kode yang sama pada "
    "dua baris menandakan baris ganda atau salah kode, dan pagunya tidak dapat dipisahkan di RKPD/DPA. Kode yang "
    "tidak terbaca tidak dibandingkan (dilaporkan oleh KODE-FORMAT). Satu temuan per kode; bila satu blok "
    "(program atau kegiatan beserta isinya) tertulis dua kali, hanya baris teratas yang dilaporkan. Nilai yang diharapkan "
    "adalah 1 baris; yang ditemukan adalah jumlah baris berkode itu.",
    "error", "renja",
)
def kode_duplikat(rule_, view):
    rows = {}
    for node in view.nodes():
        if node.kode:
            rows.setdefault(node.kode, []).append(node)
    for kode, nodes in rows.items():
        if len(nodes) < 2 or _repeated_with_parent(nodes, rows):
            continue
        names = "; ".join(f"{LEVEL_LABELS[n.level]} {n.nama or '(tanpa nama)'}" for n in nodes)
        yield rule_.finding(
            "T-C.33",
            f"Kode {kode} dipakai pada {len(nodes)} baris: {names}.",
            code=kode, row="; ".join(n.label for n in nodes), expected=1, found=len(nodes))

