"""BAB II spending per account (Tabel 1, Tabel 3): group and total rows against the account rows."""

import re

from renja.core.numbers import format_rupiah

from ...engine import NotApplicable, rule
from ...readings import Parts, note_of, read_amount, undecided
from .common import amount, is_total_label, money, selisih

# --- BAB II: spending per account (Tabel 1, Tabel 3) ----------------------------------------------------

# First-level groups of the chart of spending accounts (Permendagri 90/2019): 5.1 operasi, 5.2 modal,
# 5.3 tidak terduga, 5.4 transfer.
GROUP_NAMES = {"belanja operasi": "5.1", "belanja modal": "5.2", "belanja tidak terduga": "5.3",
               "belanja transfer": "5.4"}
ACCOUNT_WORDS = (
    ("5.2", ("belanja modal",)),
    ("5.3", ("tidak terduga",)),
    ("5.4", ("bagi hasil", "bantuan keuangan", "transfer")),
    ("5.1", ("pegawai", "barang dan jasa", "bunga", "subsidi", "hibah", "bantuan sosial")),
)


def _words(text):
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", (text or "").lower())  # a word broken at the end of a line
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _account_codes(spending):
    """The code of each spending row: its own; else that of a row with the same name in another table of the
    evaluation; else its group (5.1 …) from the account's name; else None."""
    by_name = {}
    for row in spending:
        code = (row.kode_rekening or "").strip().rstrip(".")
        if code:
            by_name.setdefault(_words(row.uraian), code)
    codes = []
    for row in spending:
        code = (row.kode_rekening or "").strip().rstrip(".") or by_name.get(_words(row.uraian))
        if not code:
            name = _words(row.uraian)
            code = next((group for group, words in ACCOUNT_WORDS if any(w in name for w in words)), None)
        codes.append(code)
    return codes


def _statement_group(statement):
    """What a spending-table statement sums: a code prefix ("5.1"), "" for the whole table, None otherwise."""
    code = (statement.code or "").strip().rstrip(".")
    if code:
        return code
    label = _words(statement.row)
    if label in GROUP_NAMES:
        return GROUP_NAMES[label]
    if is_total_label(statement.row):
        return ""
    return None


def _in_group(code, group):
    return group == "" or (code is not None and (code == group or code.startswith(group + ".")))


SPENDING_KEYS = {"alokasi": "anggaran", "realisasi": "realisasi"}


def _total_from_subtotals(key, groups, rows):
    """The sum of the stated group subtotals, when they are readable, do not overlap and cover every account;
    else (None, None)."""
    covering = sorted(g for (k, g) in groups if k == key)
    values = [money(groups[(key, g)]) for g in covering]
    if not covering or None in values:
        return None, None
    if any(a != b and b.startswith(a + ".") for a in covering for b in covering):
        return None, None
    if not all(any(_in_group(code, g) for g in covering) for _, code in rows):
        return None, None
    what = "subtotal kelompok yang tertulis (" + ", ".join(
        f"{g} Rp {format_rupiah(v)}" for g, v in zip(covering, values)) + ")"
    return sum(values), what


@rule(
    "BELANJA-SUM",
    "Tabel belanja: subtotal dan total = jumlah rekening",
    "Pada tabel belanja per rekening BAB II (Tabel 1, Tabel 3 …), setiap subtotal kelompok (BELANJA OPERASI 5.1, "
    "BELANJA MODAL 5.2 …) dan TOTAL BELANJA, untuk anggaran dan realisasi, harus sama dengan jumlah rekening di "
    "bawahnya menurut awalan kode rekening (rekening tanpa kode dikenali dari kode rekening bernama sama di tabel "
    "lain atau dari namanya). Angka yang salah tulis tetapi hanya dapat dibaca satu cara dibaca dengan perbaikan "
    "yang disebutkan. Bila ada rekening yang nilainya tetap tidak terbaca, total dibandingkan dengan jumlah "
    "subtotal kelompok yang tertulis, bila subtotal itu mencakup semua rekening; selain itu selisih dilaporkan bila "
    "rekening yang terbaca saja sudah melebihinya, atau temuan info menyebut sel yang tidak terbaca. Subtotal "
    "yang salah membuat realisasi per jenis belanja tidak dapat dibandingkan dengan anggarannya. Diharapkan: "
    "jumlah yang dihitung; ditemukan: subtotal atau total yang tertulis.",
    "error", "evaluasi",
)
def belanja_sum(rule_, view):
    if not any(e.spending for e in view.evaluations):
        raise NotApplicable("tidak ada tabel belanja per rekening (BAB II)")
    for evaluation in view.evaluations:
        if not evaluation.spending:
            continue
        codes = _account_codes(evaluation.spending)
        tables = list(dict.fromkeys(row.tabel for row in evaluation.spending))
        for table in tables:
            rows = [(row, code) for row, code in zip(evaluation.spending, codes) if row.tabel == table]
            statements = [s for s in evaluation.statements if s.table == table and s.key in SPENDING_KEYS]
            groups = {}
            for s in statements:
                group = _statement_group(s)
                if group:
                    groups.setdefault((s.key, group), s)
            for statement in statements:
                group = _statement_group(statement)
                relied = []
                found = money(statement, relied)
                if group is None or found is None:
                    continue
                field = SPENDING_KEYS[statement.key]
                if group and any(code is None for _, code in rows):
                    continue  # an account whose group is unknown: the subtotal cannot be checked
                parts = [row for row, code in rows if _in_group(code, group)]
                if not parts:
                    continue
                cells = Parts()
                for r in parts:
                    label = " ".join(p for p in (r.kode_rekening, r.uraian) if p) or "(tanpa uraian)"
                    cells.add(read_amount(getattr(r, field), getattr(r, f"{field}_teks")), table, label, field)
                what = f"{len(parts)} rekening di bawahnya"
                where = statement.row or statement.code
                if not cells.unreadable:
                    expected = cells.total
                    relied += cells.readings
                else:
                    expected = None
                    if group == "":
                        expected, what = _total_from_subtotals(statement.key, groups, rows)
                    if expected is None:
                        yield undecided(rule_, table, f"{where} ({statement.key}) di {table}, evaluasi "
                                        f"{evaluation.tahun},", found, cells, code=statement.code or None,
                                        row=statement.row or None, readings=relied)
                        continue
                if expected == found:
                    continue
                yield rule_.finding(
                    table,
                    f"{where} ({statement.key}) di {table}, evaluasi {evaluation.tahun}, tertulis Rp {format_rupiah(found)}, "
                    f"tetapi jumlah {what} Rp {format_rupiah(expected)} ({selisih(found, expected)}).{note_of(relied)}",
                    code=statement.code or None, row=statement.row or None, expected=expected, found=found,
                    readings=relied,
                )


@rule(
    "BELANJA-ANAK",
    "Tabel belanja: TOTAL BELANJA = jumlah subtotal kelompok yang tertulis",
    "Pada tabel belanja per rekening BAB II, TOTAL BELANJA (anggaran dan realisasi) harus sama dengan jumlah "
    "subtotal kelompok yang tertulis (BELANJA OPERASI, BELANJA MODAL …), bila subtotal itu mencakup semua rekening. "
    "Satu temuan untuk setiap ketidaksesuaian nyata: bila subtotal-subtotal itu sama dengan jumlah rekeningnya, "
    "TOTAL itu sendiri yang salah dan dilaporkan sekali oleh BELANJA-SUM; bila ada rekening yang tidak terbaca, "
    "BELANJA-SUM sudah membandingkan TOTAL dengan subtotal. Selain itu (TOTAL sama dengan rekening tetapi tidak "
    "dengan subtotal yang tertulis) temuan ini menyebut subtotal yang tidak sesuai dengan rekeningnya. Diharapkan: "
    "jumlah subtotal yang tertulis; ditemukan: TOTAL yang tertulis.",
    "error", "evaluasi",
)
def belanja_anak(rule_, view):
    if not any(e.spending for e in view.evaluations):
        raise NotApplicable("tidak ada tabel belanja per rekening (BAB II)")
    for evaluation in view.evaluations:
        if not evaluation.spending:
            continue
        codes = _account_codes(evaluation.spending)
        for table in dict.fromkeys(row.tabel for row in evaluation.spending):
            rows = [(row, code) for row, code in zip(evaluation.spending, codes) if row.tabel == table]
            statements = [s for s in evaluation.statements if s.table == table and s.key in SPENDING_KEYS]
            groups = {}
            for s in statements:
                group = _statement_group(s)
                if group:
                    groups.setdefault((s.key, group), s)
            for statement in statements:
                found = money(statement)
                if _statement_group(statement) != "" or found is None:
                    continue
                parts, _ = _total_from_subtotals(statement.key, groups, rows)
                field = SPENDING_KEYS[statement.key]
                cells = [amount(getattr(r, field), getattr(r, f"{field}_teks")) for r, _ in rows]
                if parts is None or parts == found or any(state == "unreadable" for _, state in cells):
                    continue
                accounts = sum(v or 0 for v, _ in cells)
                if parts == accounts:
                    continue  # the TOTAL's own error: BELANJA-SUM
                wrong = []
                for (key, group), s in sorted(groups.items()):
                    if key != statement.key:
                        continue
                    value = money(s)
                    total = sum(v or 0 for (v, _), (_, code) in zip(cells, rows) if _in_group(code, group))
                    if value is not None and value != total:
                        wrong.append(f"{s.row or group} {group} (tertulis Rp {format_rupiah(value)}, rekeningnya "
                                     f"Rp {format_rupiah(total)})")
                message = (f"{statement.row or 'TOTAL'} ({statement.key}) di {table}, evaluasi {evaluation.tahun}, tertulis "
                           f"Rp {format_rupiah(found)}, tetapi jumlah subtotal kelompok yang tertulis Rp {format_rupiah(parts)} "
                           f"({selisih(found, parts)}).")
                if accounts == found:
                    message += " TOTAL sama dengan jumlah rekeningnya: yang tidak sesuai adalah subtotalnya"
                else:
                    message += f" TOTAL juga tidak sama dengan jumlah rekeningnya (Rp {format_rupiah(accounts)}, BELANJA-SUM)"
                message += (": " + "; ".join(wrong) + ".") if wrong else "."
                yield rule_.finding(table, message, row=statement.row or None, expected=parts, found=found)
