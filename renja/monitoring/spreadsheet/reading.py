"""Reading an uploaded workbook: every sheet and row checked first, every error named by sheet, row and
column; nothing is written here."""

import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from renja.core.errors import InputRefused
from renja.core.numbers import NumberError, clean_cell, format_rupiah, is_blank, parse_decimal, parse_rupiah
from renja.core.targets import parse_target
from renja.exchange.workbook.safety import check_upload
from renja.monitoring.models import Triwulan

from .layout import (
    BELANJA_COLUMNS,
    BELANJA_SHEET,
    HEADER_SEARCH_ROWS,
    HUNDREDTH,
    ID_PATTERN,
    INDICATOR_INPUTS,
    KODE_REKENING,
    LEVEL_LABELS,
    MAX_RUPIAH,
    MILLIONTH,
    QUARTER_COLUMNS,
    QUARTER_SHEETS,
    QUARTERS,
    SUB_INPUTS,
    RealisationLoadError,
    kode_of,
    same_kode,
)

# --- reading -----------------------------------------------------------------------------------------------


def _header_key(value):
    return re.sub(r"[^0-9A-Z]+", "", str(value or "").upper())


def _shown(value):
    """A cell's value as a message quotes it."""
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        # a spreadsheet holds 15 digits: 8.78e+268 quoted as 8,78413586857398e+268, not as 269 digits
        return f"{value:.15g}".replace(".", ",")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return clean_cell(value)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").strip()


def number_text(value):
    """A number as Indonesians write it, with only the decimals it has: `45,5`, `1.500`, `20`. A number too large
    to write out (8,78e+268 in a cell) is given as Python writes it, for the message that refuses it."""
    from decimal import InvalidOperation

    from babel.numbers import format_decimal

    number = Decimal(value)
    if not number.is_finite():
        return str(value)
    try:
        return format_decimal(number.normalize(), format="#,##0.######", locale="id_ID")
    except InvalidOperation:
        return str(value)


def _number_format(cell):
    """The cell's number format, or none when a damaged file's cell names a style it does not have."""
    try:
        return getattr(cell, "number_format", None) or ""
    except (IndexError, KeyError, AttributeError):
        return ""


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@dataclass
class _Sheet:
    title: str
    header_row: int
    columns: dict  # key → 0-based index
    meta: dict  # header key of a title row → its value (e.g. "IDRENJA" → 17)
    rows: list  # [(row number, [values], [number formats])]


def open_workbook(file):
    import openpyxl

    source = file
    if isinstance(file, bytes | bytearray):
        source = io.BytesIO(file)
    elif isinstance(file, str | Path):
        if not Path(file).exists():
            raise RealisationLoadError(f"berkas '{file}' tidak ditemukan")
    name = getattr(file, "name", None) or (Path(file).name if isinstance(file, str | Path) else "berkas")
    try:  # size, zip bomb, encryption and row count checked before openpyxl reads anything
        check_upload(file, Path(str(name)).name)
    except InputRefused as exc:
        raise RealisationLoadError(exc.errors) from exc
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # BadZipFile, InvalidFileException, KeyError …
        raise RealisationLoadError(
            f"'{Path(str(name)).name}' tidak dapat dibaca sebagai berkas Excel (.xlsx): {exc}") from exc


def read_sheet(ws, columns, required, errors):
    """The sheet's header and rows; None (after recording why) when its header row cannot be found."""
    known = {}
    for column in columns:
        known[_header_key(column.header)] = column.key
        known.setdefault(_header_key(column.label), column.key)
    id_keys = {_header_key(columns[0].header), _header_key(columns[0].label)}
    meta = {}
    header_row, mapping = None, {}
    rows = []
    for number, cells in enumerate(ws.iter_rows(), start=1):
        values = [c.value for c in cells]
        if header_row is None:
            keys = [_header_key(v) for v in values]
            if any(k in id_keys for k in keys):
                header_row = number
                for index, key in enumerate(keys):
                    if key in known and known[key] not in mapping:
                        mapping[known[key]] = index
                continue
            label = next((k for k in keys if k), None)
            if label:
                rest = [v for v in values[keys.index(label) + 1:] if not is_blank(v)]
                meta[label] = rest[0] if rest else None
            if number >= HEADER_SEARCH_ROWS:
                break
            continue
        formats = [_number_format(c) for c in cells]
        rows.append((number, values, formats))
    if header_row is None:
        errors.append(f"Sheet '{ws.title}': baris judul kolom (dengan kolom '{columns[0].header}') tidak "
                      f"ditemukan di {HEADER_SEARCH_ROWS} baris pertama.")
        return None
    label_of = {c.key: c.header for c in columns}
    missing = [label_of[k] for k in required if k not in mapping]
    if missing:
        errors.append(f"Sheet '{ws.title}', baris {header_row}: kolom " + ", ".join(f"'{m}'" for m in missing)
                      + " tidak ditemukan di baris judul; gunakan templat yang diunduh dari Renja ini.")
        return None
    return _Sheet(ws.title, header_row, mapping, meta, rows)


class _Rows:
    """Reads the cells of one sheet row, recording errors that name sheet, row and column."""

    def __init__(self, sheet, columns, errors):
        self.sheet = sheet
        self.labels = {c.key: c.label for c in columns}
        self.errors = errors

    def where(self, number, key):
        index = self.sheet.columns[key]
        return (f"Sheet '{self.sheet.title}', baris {number}, kolom {get_column_letter(index + 1)} "
                f"({self.labels[key]})")

    def error(self, number, key, message):
        self.errors.append(f"{self.where(number, key)}: {message}.")

    @staticmethod
    def value(values, index):
        return values[index] if index is not None and index < len(values) else None

    def cell(self, values, key):
        return self.value(values, self.sheet.columns.get(key))

    def fmt(self, formats, key):
        return self.value(formats, self.sheet.columns.get(key)) or ""

    def rupiah(self, number, values, key):
        """(amount, text as written, written as a number) or None after an error; (None, "", False) blank."""
        value = self.cell(values, key)
        if is_blank(value):
            return None, "", False
        try:
            amount = parse_rupiah(value)
        except NumberError as exc:
            self.error(number, key, f"'{_shown(value)}' bukan jumlah rupiah yang sah ({exc})")
            return None
        if amount >= MAX_RUPIAH:
            self.error(number, key, f"'{_shown(value)}' terlalu besar untuk jumlah rupiah")
            return None
        written = format_rupiah(amount) if _is_number(value) else clean_cell(value)
        return amount, written, _is_number(value)

    def decimal(self, number, values, formats, key):
        """(value, text, written as a number) for a number that may be typed in a percent-formatted cell."""
        value = self.cell(values, key)
        if is_blank(value):
            return None, "", False
        try:
            result = parse_decimal(value)
        except NumberError as exc:
            self.error(number, key, f"'{_shown(value)}' bukan angka ({exc})")
            return None
        if _is_number(value) and "%" in self.fmt(formats, key):
            result *= 100  # 0,45 in a cell formatted as percent is 45 %
        written = number_text(result) if _is_number(value) else clean_cell(value)
        return result, written, _is_number(value)


@dataclass
class _SubEntry:
    sheet: str
    number: int
    sub: object
    triwulan: int
    values: dict  # model field → value
    numeric: dict  # "keuangan"/"fisik" → the cell held a number (its text is not as written)
    where: dict  # "rencana_keuangan"/"keuangan"/"fisik" → "Sheet '…', baris …, kolom … (…)"

    @property
    def empty(self):
        return all(v in (None, "") for v in self.values.values())


@dataclass
class _IndicatorEntry:
    indicator: object
    triwulan: int
    teks: str
    nilai: Decimal | None
    numeric: bool

    @property
    def empty(self):
        return self.teks == "" and self.nilai is None


@dataclass
class _BelanjaEntry:
    number: int
    sub: object
    kode_rekening: str
    values: dict


def find_sheets(wb, notes):
    wanted = {_header_key(name): name for name in (*QUARTER_SHEETS.values(), BELANJA_SHEET)}
    found = {}
    for ws in wb.worksheets:
        name = wanted.get(_header_key(ws.title))
        if name and name not in found:
            found[name] = ws
        else:
            notes.append(f"Sheet '{ws.title}' tidak dikenal; diabaikan.")
    return found


def check_plan_id(sheet, renja, errors):
    """The template names its plan; a file made for another plan is refused at once (not row by row)."""
    value = sheet.meta.get("IDRENJA")
    if value is None:
        return True
    try:
        plan_id = int(str(value).strip())
    except ValueError:
        plan_id = None
    if plan_id != renja.pk:
        errors.append(f"Sheet '{sheet.title}': berkas ini dibuat untuk Renja lain (ID Renja {_shown(value)}), "
                      f"bukan {renja} (ID Renja {renja.pk}); unduh templat dari Renja ini.")
        return False
    return True


def parse_quarter(sheet, q, plan, errors):
    reader = _Rows(sheet, QUARTER_COLUMNS, errors)
    subs, indicators = {}, {}
    seen = {}
    for number, values, formats in sheet.rows:
        if all(is_blank(v) for v in values):
            continue
        raw_id = reader.cell(values, "id")
        if is_blank(raw_id):
            reader.error(number, "id", "baris tanpa ID; sheet triwulan hanya memuat baris Renja dari templat "
                         "(baris baru tidak dapat ditambahkan)")
            continue
        match = ID_PATTERN.match(clean_cell(raw_id).upper())
        if not match:
            reader.error(number, "id", f"'{_shown(raw_id)}' bukan ID baris templat (contoh: S-123)")
            continue
        ident = f"{match.group(1)}-{int(match.group(2))}"
        line = plan.by_ident.get(ident)
        if line is None:
            reader.error(number, "id", f"ID '{ident}' bukan baris Renja ini")
            continue
        if ident in seen:
            reader.error(number, "id", f"ID '{ident}' sudah dipakai di baris {seen[ident]}")
            continue
        seen[ident] = number
        written_kode = reader.cell(values, "kode")
        if same_kode(_text(written_kode)) != same_kode(line.kode):
            reader.error(number, "kode", f"kode '{_shown(written_kode) if not is_blank(written_kode) else ''}' "
                         f"tidak sesuai dengan baris {ident} (kode '{line.kode}', {line.uraian[:60]})")
            continue
        allowed = SUB_INPUTS if line.prefix == "S" else INDICATOR_INPUTS if line.prefix == "I" else []
        refused = False
        for key in SUB_INPUTS + INDICATOR_INPUTS:
            if key not in allowed and not is_blank(reader.cell(values, key)):
                where = {"S": "baris sub kegiatan", "I": "baris indikator"}
                reader.error(number, key, f"'{_shown(reader.cell(values, key))}' tidak diisi pada baris "
                             f"{LEVEL_LABELS[line.prefix].lower()}; kolom ini hanya diisi pada "
                             f"{where['S' if key in SUB_INPUTS else 'I']}")
                refused = True
        if refused:
            continue
        if line.prefix == "S":
            rencana = reader.rupiah(number, values, "rencana")
            keuangan = reader.rupiah(number, values, "keuangan")
            fisik = reader.decimal(number, values, formats, "fisik")
            if fisik is not None and fisik[0] is not None:
                if not (0 <= fisik[0] <= 100):
                    reader.error(number, "fisik", f"'{_shown(reader.cell(values, 'fisik'))}' di luar 0–100")
                    fisik = None
                elif fisik[0] != fisik[0].quantize(HUNDREDTH):
                    reader.error(number, "fisik", f"'{_shown(reader.cell(values, 'fisik'))}' memiliki lebih dari "
                                 "dua angka di belakang koma")
                    fisik = None
            if rencana is None or keuangan is None or fisik is None:
                continue
            fisik_value = fisik[0].quantize(HUNDREDTH) if fisik[0] is not None else None
            subs[line.obj.pk] = _SubEntry(
                sheet=sheet.title, number=number, sub=line.obj, triwulan=q,
                values={"rencana_keuangan": rencana[0], "keuangan": keuangan[0], "keuangan_teks": keuangan[1],
                        "fisik": fisik_value, "fisik_teks": fisik[1],
                        "faktor_pendorong": _text(reader.cell(values, "pendorong")),
                        "faktor_penghambat": _text(reader.cell(values, "penghambat")),
                        "tindak_lanjut": _text(reader.cell(values, "tindak_lanjut"))},
                numeric={"keuangan": keuangan[2], "fisik": fisik[2]},
                where={"rencana_keuangan": reader.where(number, "rencana"),
                       "keuangan": reader.where(number, "keuangan"), "fisik": reader.where(number, "fisik")})
        elif line.prefix == "I":
            value = reader.cell(values, "indikator")
            if is_blank(value):
                entry = _IndicatorEntry(line.obj, q, "", None, False)
            elif _is_number(value):
                parsed = reader.decimal(number, values, formats, "indikator")
                if parsed is None:
                    continue
                entry = _IndicatorEntry(line.obj, q, parsed[1], parsed[0], True)
            else:
                target = parse_target(value)
                if target.nilai is None:
                    reason = (target.masalah or "tidak berisi angka").replace("target ", "")
                    if re.match(r"-\s*\d", target.teks):
                        reason = "angka negatif tidak dapat dicatat"
                    reader.error(number, "indikator", f"'{target.teks}' tidak dapat dibaca ({reason}); tulis satu "
                                 "angka, boleh dengan satuannya, misalnya '45 %' atau '12 Dokumen'")
                    continue
                entry = _IndicatorEntry(line.obj, q, target.teks, target.nilai, False)
            if entry.nilai is not None and entry.nilai < 0:
                reader.error(number, "indikator", f"'{_shown(value)}' negatif; angka negatif tidak dapat dicatat")
                continue
            if entry.nilai is not None and abs(entry.nilai) >= Decimal(10) ** 18:
                reader.error(number, "indikator", f"'{_shown(value)}' terlalu besar")
                continue
            if entry.nilai is not None:
                entry.nilai = entry.nilai.quantize(MILLIONTH, rounding=ROUND_HALF_UP)
            indicators[line.obj.pk] = entry
    return subs, indicators


def check_across_quarters(plan, entries, errors):
    """Physical progress does not go down; the year's spending (and planned spending) stays within the pagu.
    Quarters not in the file, or rows missing from a sheet, count with their stored values."""
    sub_ids = set()
    for by_sub in entries.values():
        sub_ids |= set(by_sub)
    order = {line.obj.pk: n for n, line in enumerate(plan.lines) if line.prefix == "S"}
    for sub_id in sorted(sub_ids, key=order.get):
        sub = plan.subs[sub_id]
        effective = []  # (quarter, {field: value}, entry or None)
        for q in QUARTERS:
            entry = entries.get(q, {}).get(sub_id)
            stored = plan.sub_realisation.get((sub_id, q))
            source = entry.values if entry is not None else {
                f: getattr(stored, f) if stored is not None else None
                for f in ("fisik", "keuangan", "rencana_keuangan")}
            effective.append((q, source, entry))
        previous = None
        for q, values, entry in effective:
            fisik = values["fisik"]
            if fisik is None:
                continue
            if previous is not None and fisik < previous[1]:
                pq, pfisik, pentry = previous
                if entry is not None:
                    source = "di berkas" if pentry is not None else "yang tercatat"
                    errors.append(f"{entry.where['fisik']}: '{number_text(fisik)}' lebih rendah dari realisasi fisik "
                                  f"{Triwulan(pq).label} {source} ({number_text(pfisik)} %); realisasi fisik "
                                  "kumulatif tidak boleh turun.")
                else:
                    errors.append(f"{pentry.where['fisik']}: '{number_text(pfisik)}' lebih tinggi dari realisasi "
                                  f"fisik {Triwulan(q).label} yang tercatat ({number_text(fisik)} %); realisasi "
                                  "fisik kumulatif tidak boleh turun.")
            previous = (q, fisik, entry)
        for key, label in (("keuangan", "realisasi keuangan"), ("rencana_keuangan", "rencana keuangan")):
            total = 0
            for q, values, entry in effective:
                total += values[key] or 0
                if total > (sub.pagu_n or 0):
                    blame = entry or next((e for _, _, e in reversed(effective[:q]) if e is not None), None) \
                        or next(e for _, _, e in effective if e is not None)
                    if sub.pagu_n is None:
                        errors.append(f"{blame.where[key]}: pagu sub kegiatan {kode_of(sub)} belum terbaca "
                                      f"('{sub.pagu_n_teks}'), sehingga {label} tidak dapat diperiksa terhadapnya; "
                                      "perbaiki pagu melalui Renja Perubahan.")
                    else:
                        errors.append(f"{blame.where[key]}: {label} kumulatif sampai {Triwulan(q).label} "
                                      f"Rp {format_rupiah(total)} melebihi pagu sub kegiatan {kode_of(sub)} "
                                      f"Rp {format_rupiah(sub.pagu_n)}.")
                    break


def parse_belanja(sheet, plan, errors):
    reader = _Rows(sheet, BELANJA_COLUMNS, errors)
    result = []
    seen = {}
    for number, values, _ in sheet.rows:
        inputs = ["kode_rekening", "uraian", "anggaran", "tw1", "tw2", "tw3", "tw4"]
        if all(is_blank(reader.cell(values, key)) for key in inputs):
            continue  # a sub kegiatan listed without any account, or an empty line
        raw_id, raw_kode = reader.cell(values, "sub_id"), reader.cell(values, "kode_sub")
        sub = None
        if not is_blank(raw_id):
            match = ID_PATTERN.match(clean_cell(raw_id).upper())
            line = plan.by_ident.get(f"S-{int(match.group(2))}") if match and match.group(1) == "S" else None
            if line is None:
                reader.error(number, "sub_id", f"'{_shown(raw_id)}' bukan ID sub kegiatan Renja ini")
                continue
            if not is_blank(raw_kode) and same_kode(_text(raw_kode)) != same_kode(line.kode):
                reader.error(number, "kode_sub", f"kode '{_shown(raw_kode)}' tidak sesuai dengan sub kegiatan "
                             f"{line.ident} (kode '{line.kode}')")
                continue
            sub = line.obj
        elif is_blank(raw_kode):
            reader.error(number, "kode_sub", "isi ID atau kode sub kegiatan")
            continue
        else:
            found = plan.subs_by_kode.get(same_kode(_text(raw_kode)), [])
            if len(found) != 1:
                why = "tidak ada di Renja ini" if not found else (
                    f"dipakai {len(found)} sub kegiatan di Renja ini; isi kolom ID sub kegiatan")
                reader.error(number, "kode_sub", f"sub kegiatan '{_shown(raw_kode)}' {why}")
                continue
            sub = found[0]
        kode_rekening = same_kode(_text(reader.cell(values, "kode_rekening")))
        if not kode_rekening:
            reader.error(number, "kode_rekening", "kode rekening wajib diisi")
            continue
        if not KODE_REKENING.match(kode_rekening) or len(kode_rekening) > 40:
            reader.error(number, "kode_rekening", f"'{kode_rekening}' bukan kode rekening (contoh: 5.1.02.01.01.0024)")
            continue
        key = (sub.pk, kode_rekening)
        if key in seen:
            reader.error(number, "kode_rekening", f"kode rekening '{kode_rekening}' untuk sub kegiatan "
                         f"{kode_of(sub)} sudah ada di baris {seen[key]}")
            continue
        seen[key] = number
        amounts = {k: reader.rupiah(number, values, k) for k in ("anggaran", "tw1", "tw2", "tw3", "tw4")}
        if any(a is None for a in amounts.values()):
            continue
        anggaran = amounts["anggaran"][0] or 0
        realisasi = sum(amounts[f"tw{q}"][0] or 0 for q in QUARTERS)
        if realisasi > anggaran:
            reader.error(number, "anggaran", f"realisasi TW I–IV berjumlah Rp {format_rupiah(realisasi)}, melebihi "
                         f"anggaran Rp {format_rupiah(anggaran)}")
            continue
        result.append(_BelanjaEntry(number, sub, kode_rekening, {
            "uraian": _text(reader.cell(values, "uraian")), "anggaran": anggaran,
            **{f"realisasi_tw{q}": amounts[f"tw{q}"][0] or 0 for q in QUARTERS}}))
    check_budget(plan, result, reader)
    return result


def check_budget(plan, entries, reader):
    """The accounts of a sub kegiatan may not budget more than its pagu, as in the app (monitoring.entry): the
    accounts break down the pagu of the plan in force; more needs a Renja Perubahan. Accounts stored and not in
    the file count too. Reported on the sub kegiatan's last account row of the file."""
    in_file = {(e.sub.pk, e.kode_rekening) for e in entries}
    budget, last_row = {}, {}
    for (sub_id, kode), stored in plan.belanja.items():
        if (sub_id, kode) not in in_file:
            budget[sub_id] = budget.get(sub_id, 0) + stored.anggaran
    for e in entries:
        budget[e.sub.pk] = budget.get(e.sub.pk, 0) + e.values["anggaran"]
        last_row[e.sub.pk] = e.number
    for sub_id, number in last_row.items():
        sub = plan.subs[sub_id]
        if sub.pagu_n is not None and budget[sub_id] > sub.pagu_n:
            reader.error(number, "anggaran", f"anggaran rekening sub kegiatan {kode_of(sub)} berjumlah "
                         f"Rp {format_rupiah(budget[sub_id])}, melebihi pagunya Rp {format_rupiah(sub.pagu_n)}")


