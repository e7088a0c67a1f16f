"""The Renstra's own table "Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan" (Permendagri 86/2017 Renstra
form, T-C.27 in many regions): Tujuan | Sasaran | Kode | Program/Kegiatan/Sub Kegiatan | Indikator Kinerja | Data
capaian awal | per year of the period a pair Target | Rp (under "Tahun 2019", "Tahun-1" or "Tahun ke-1") | Kondisi
kinerja pada akhir periode: Target | Rp | Unit kerja penanggung jawab | Lokasi.

Columns are found by their header texts, never by their letters. An item may take several rows, one per
indicator (code and name on the first only, or repeated). The Tujuan and Sasaran columns (written once, or merged
down over the programs that serve them) give the Renstra's tujuan → sasaran and each program's sasaran; their own
indicator rows (no code, no name) are kept on them. The result is an exchange document holding only `pemda`,
`perangkat_daerah` and `renstra` (its period, `tujuan`, `sasaran` and `program`, the matrix), which the loader
accepts.
"""

import re
from dataclasses import dataclass, field

from renja.core.codes import parse_kode
from renja.core.errors import InputRefused
from renja.core.numbers import clean_cell

from . import cells
from .grid import letter
from .headers import MAX_HEADER_ROWS, MAX_HEADER_SCAN, is_numbering_row, money_scale, normalise, row_texts, scale_note
from .rows import TOTAL_LABEL, Problem

NAME = "renstra"
TITLE = "Renstra: Rencana Program, Kegiatan, Sub Kegiatan dan Pendanaan"

_YEAR = re.compile(r"\b(20\d\d)\b")
_ORDINAL = re.compile(r"\btahun\s*(?:ke\s*)?-?\s*([1-9])\b")
_PERIOD = re.compile(r"\b(20\d\d)\s*(?:-|–|—|/|s\.?\s*d\.?|sampai( dengan)?)\s*(20\d\d)\b", re.IGNORECASE)
_MONEY = re.compile(r"^(rp\.?|pagu( indikatif)?|dana|anggaran|kebutuhan dana)$")
_TARGET = re.compile(r"^(target|k|kinerja|target kinerja)$")
_END = re.compile(r"akhir periode|kondisi (kinerja )?akhir|capaian akhir")
_START = re.compile(r"kondisi (kinerja )?awal|capaian (kinerja )?(pada )?awal|data capaian")


@dataclass
class RenstraHeader:
    first_row: int
    last_row: int
    numbering_row: int | None
    columns: dict  # role → [col]: kode, uraian, indikator, satuan, kondisi_awal, unit, lokasi, tujuan, sasaran
    years: dict  # col → ("target" | "pagu", year or ("ke", k) or "akhir")
    labels: dict  # col → label as written
    title_lines: list = field(default_factory=list)

    @property
    def data_start(self):
        return (self.numbering_row or self.last_row) + 1


def _label(sheet, first, last, col):
    parts = []
    for row in range(first, last + 1):
        value = sheet.shown(row, col)
        text = clean_cell(value) if value is not None else ""
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return parts


def _classify(parts):
    """(role, period) of a column from its header texts, top down."""
    texts = [normalise(p) for p in parts]
    if not texts:
        return None, None
    last, whole = texts[-1], " / ".join(texts)
    kind = "pagu" if _MONEY.match(last) else "target" if _TARGET.match(last) else None
    if kind:
        if any(_END.search(t) for t in texts):
            return kind, "akhir"
        for text in reversed(texts):
            years = _YEAR.findall(text)
            if years:
                return kind, int(years[-1])
            ordinal = _ORDINAL.search(text)
            if ordinal:
                return kind, ("ke", int(ordinal.group(1)))
        if any(_START.search(t) for t in texts):
            return "kondisi_awal", None
        return None, None
    if _START.search(whole):
        return "kondisi_awal", None
    if _END.search(whole):
        return None, None  # an end-of-period group without Target/Rp under it
    if whole.startswith("kode"):
        return "kode", None
    if "indikator" in whole:
        return "indikator", None
    if "satuan" in whole:
        return "satuan", None
    if "lokasi" in whole:
        return "lokasi", None
    if "penanggung jawab" in whole or "unit kerja" in whole or "perangkat daerah" in whole:
        return "unit", None
    if whole.startswith("tujuan"):
        return "tujuan", None
    if whole.startswith("sasaran"):
        return "sasaran", None
    if re.search(r"program|kegiatan|uraian", whole):
        return "uraian", None
    if re.fullmatch(r"no\.?|nomor( urut)?", whole):
        return "nomor", None
    return None, None


def find_header(sheet):
    """The header of a Renstra matrix in a sheet (at least two years with Target and Rp, and a kondisi awal
    column), or None: a T-C.33 table, with n and n+1 only and no kondisi awal, is not one."""
    for row in range(1, min(sheet.height, MAX_HEADER_SCAN) + 1):
        texts = row_texts(sheet, row)
        if not (any(t.startswith("kode") for t in texts) and any(re.search(r"program|kegiatan", t) for t in texts)
                and any("indikator" in t for t in texts)):
            continue
        last = row
        for c in range(1, sheet.width + 1):
            span = sheet.spans.get((row, c))
            if span:
                last = max(last, min(span[0], row + MAX_HEADER_ROWS - 1))
        while (last + 1 <= sheet.height and last - row + 1 < MAX_HEADER_ROWS and not is_numbering_row(sheet, last + 1)
               and any(re.search(r"^(target|rp\.?|tahun|pagu|k)\b", t) for t in row_texts(sheet, last + 1))):
            last += 1
        columns, years, labels = {}, {}, {}
        for c in range(1, sheet.width + 1):
            parts = _label(sheet, row, last, c)
            role, period = _classify(parts)
            labels[c] = " / ".join(parts)
            if role in ("target", "pagu"):
                years[c] = (role, period)
            elif role:
                columns.setdefault(role, []).append(c)
        # a code split over several columns: the columns without a header right after "Kode"
        for c in list(columns.get("kode", [])):
            while c + 1 <= sheet.width and not labels.get(c + 1) and c + 1 not in years:
                c += 1
                columns["kode"].append(c)
        periods = {p for kind, p in years.values() if p != "akhir" and kind == "target"}
        if len(periods) >= 2 and "kondisi_awal" in columns and "uraian" in columns:
            numbering = last + 1 if last + 1 <= sheet.height and is_numbering_row(sheet, last + 1) else None
            titles = [(r, " ".join(clean_cell(v) for v in sheet.rows[r - 1] if v is not None and clean_cell(v)))
                      for r in range(1, row)]
            return RenstraHeader(row, last, numbering, columns, years, labels, [(r, t) for r, t in titles if t])
    return None


def matches(sheet):
    return find_header(sheet) is not None


def period_of(header, year=None):
    """(periode_mulai, periode_selesai, col → year) from the header's years, else the title ("Renstra 2019–2023"),
    else `year` (--year: the first year) with the number of year columns."""
    absolute = sorted({p for _, p in header.years.values() if isinstance(p, int)})
    ordinal = sorted({p[1] for _, p in header.years.values() if isinstance(p, tuple)})
    title = next((m for _, text in header.title_lines for m in [_PERIOD.search(text)] if m), None)
    if absolute:
        start, end = absolute[0], absolute[-1]
        if ordinal:
            raise InputRefused("judul kolom memakai tahun (20xx) dan urutan tahun (Tahun ke-n) bersama; pakai salah satu")
    elif title:
        start, end = int(title.group(1)), int(title.group(3))
    elif year:
        start, end = int(year), int(year) + (ordinal[-1] if ordinal else 1) - 1
    else:
        raise InputRefused("periode Renstra tidak tertulis di judul kolom (Tahun 2019 …) maupun di judul tabel "
                           "(Renstra 2019–2023); sebutkan tahun pertamanya dengan --year")
    mapping = {}
    for col, (_, p) in header.years.items():
        mapping[col] = p if isinstance(p, int) else (start + p[1] - 1 if isinstance(p, tuple) else "akhir")
    if ordinal and start + ordinal[-1] - 1 != end:
        raise InputRefused(f"judul menyebut periode {start}–{end}, tetapi judul kolom memuat {ordinal[-1]} tahun")
    return start, end, mapping


class RenstraReader:
    def __init__(self, sheet, header, year_of):
        self.sheet, self.header, self.year_of = sheet, header, year_of
        self.problems = []
        self.programs = []
        self.by_code = {}  # normalised code → node
        self.norms = {}  # id(node) → its normalised code ("" when unreadable)
        self.current = {"program": None, "kegiatan": None}
        self.last = None  # the node the next indicator row belongs to
        self.col = {role: cols[0] for role, cols in header.columns.items()}
        # Rp columns printed in thousands or millions ("Rp (000)", "dalam ribuan rupiah" in the title)
        table_scale = max((money_scale(text) for _, text in header.title_lines), default=1)
        self.scale = {col: money_scale(header.labels.get(col)) if money_scale(header.labels.get(col)) > 1
                      else table_scale for col, (kind, _) in header.years.items() if kind == "pagu"}
        self.scaled = set()  # the columns whose scale was noted
        self.tujuan, self.sasaran = [], []  # the goals the Tujuan and Sasaran columns name, in order
        self.goal_now = {"tujuan": None, "sasaran": None}
        self.last_goal = None  # a tujuan or sasaran just started: the indicator rows below it without code are its

    def problem(self, row, col, value, why):
        self.problems.append(Problem(self.sheet.title, row, letter(col) if col else "",
                                     "" if value is None else str(value), why))

    def text(self, row, role):
        col = self.col.get(role)
        text = cells.text_of(self.sheet.value(row, col)) if col else None
        return None if text is None or cells.is_blank(text) else text

    def read(self):
        header_rows = {tuple(row_texts(self.sheet, r)) for r in range(self.header.first_row, self.header.last_row + 1)}
        for r in range(self.header.data_start, self.sheet.height + 1):
            values = self.sheet.rows[r - 1]
            if all(cells.is_blank(v) for v in values) or is_numbering_row(self.sheet, r):
                continue
            if not any(isinstance(v, int | float) for v in values) and tuple(row_texts(self.sheet, r)) in header_rows:
                continue  # the header printed again after a page break
            self.read_row(r)
        return self

    def shown_text(self, r, role):
        """The cell's text as a reader sees it: a Tujuan or Sasaran merged down over its programs shows on each."""
        col = self.col.get(role)
        text = cells.text_of(self.sheet.shown(r, col)) if col else None
        return None if text is None or cells.is_blank(text) else " ".join(text.split())

    def read_goals(self, r):
        """The tujuan and sasaran this row is under. A goal is written once (or merged down) and holds for the
        rows below until another is written; a new tujuan starts without a sasaran. The same text met again is the
        same goal. Returns the goal the row starts, if any."""
        started = None
        text = self.shown_text(r, "tujuan")
        now = self.goal_now["tujuan"]
        if text and (now is None or now["uraian"] != text):
            now = next((t for t in self.tujuan if t["uraian"] == text), None)
            if now is None:
                now = {"nomor": str(len(self.tujuan) + 1), "uraian": text}
                self.tujuan.append(now)
            self.goal_now = {"tujuan": now, "sasaran": None}
            started = now
        text = self.shown_text(r, "sasaran")
        current = self.goal_now["sasaran"]
        if text and (current is None or current["uraian"] != text):
            tujuan = self.goal_now["tujuan"]
            owner = tujuan["nomor"] if tujuan else None
            current = next((s for s in self.sasaran if s["uraian"] == text and s["tujuan"] == owner), None)
            if current is None:
                current = {"nomor": str(len(self.sasaran) + 1), "tujuan": owner, "uraian": text}
                self.sasaran.append(current)
            self.goal_now["sasaran"] = current
            started = current
        if started is not None:
            self.last_goal = started
        return started

    def goal_indicator(self, r, goal, indicator):
        """An indicator row of a tujuan or sasaran (no code, no name): kept on the goal, kondisi awal as its
        baseline; a kondisi akhir is the last year's target in the Renstra's own tables, so it is not kept twice."""
        item = {"uraian": indicator.get("uraian") or ""}
        if indicator.get("kondisi_awal") is not None:
            item["baseline"] = {"nilai": indicator["kondisi_awal"]}
        if indicator.get("target"):
            item["target"] = indicator["target"]
        goal.setdefault("indikator", []).append(item)
        if self.amounts(r):
            self.problem(r, None, "", "pagu pada baris indikator tujuan/sasaran tidak dimuat: pagu direncanakan pada "
                         "sub kegiatan")

    def code(self, r):
        parts = [cells.code_of(self.sheet.value(r, c)) for c in self.header.columns.get("kode", [])]
        parts = [p for p in parts if p and not cells.is_blank(p)]
        return "\t".join(parts) if parts else None

    def read_row(self, r):
        started = self.read_goals(r)
        kode, nama = self.code(r), self.text(r, "uraian")
        if not kode and nama:
            split_code, split_name = cells.split_code_name(nama)
            if split_code:
                kode, nama = split_code, split_name
        indicator = self.indicator(r)
        if not kode and not nama and self.last_goal is not None:
            if indicator:  # an indicator of the tujuan or sasaran above (Indikator Kinerja Tujuan, Sasaran, …)
                self.goal_indicator(r, self.last_goal, indicator)
            return
        if started is not None and not kode and not nama:
            return
        if not kode and nama and TOTAL_LABEL.match(nama):
            self.problem(r, self.col.get("uraian"), nama, "baris jumlah tidak dimuat: pagu program dan kegiatan "
                         "dihitung dari sub kegiatannya")
            return
        node = None
        if kode:
            level, norm, note = cells.read_code(kode)
            if level is None:
                self.problem(r, self.col.get("kode"), kode.replace("\t", " "), f"kode tidak terbaca: {note}")
            elif note:
                self.problem(r, self.col.get("kode"), kode.replace("\t", " "), f"kode dibaca {norm} ({note})")
            if level in ("urusan", "bidang_urusan"):
                self.current, self.last = {"program": None, "kegiatan": None}, None
                if self.amounts(r) or indicator:
                    self.problem(r, self.col.get("kode"), kode.replace("\t", " "), "baris urusan/bidang urusan: "
                                 "indikator dan pagunya tidak dimuat (matriks dimulai dari program)")
                return
            if level is None:
                level = self.guess_level(nama)
                self.problem(r, self.col.get("kode"), kode.replace("\t", " "), "tingkat baris tidak dapat dibaca dari "
                             f"kode; ditempatkan sebagai {level.replace('_', ' ')} di bawah baris sebelumnya")
            if self.last is not None and kode == self.last.get("kode") and nama in (None, self.last.get("nama")):
                node = self.last  # code and name repeated on the item's next indicator row
            else:
                node = self.add(r, level, kode, norm, nama)
        elif nama:
            if self.last is not None and not indicator and not self.amounts(r):
                self.last["nama"] = f"{self.last.get('nama') or ''} {nama}".strip()
                self.problem(r, self.col.get("uraian"), nama, "baris tanpa kode dan tanpa isi lain: dibaca sebagai "
                             "lanjutan nama baris di atasnya")
                return
            self.problem(r, self.col.get("uraian"), nama, "baris tanpa kode: tingkatnya tidak diketahui; tidak dimuat")
            return
        else:
            node = self.last
            if node is None:
                self.problem(r, None, "", "baris indikator sebelum baris program/kegiatan/sub kegiatan mana pun: "
                             "tidak dimuat")
                return
        if indicator:
            node.setdefault("indikator", []).append(indicator)
        self.merge_amounts(r, node)
        for role in ("unit", "lokasi"):
            value = self.text(r, role)
            if value is not None:
                if node.get(role) is None:
                    node[role] = value
                elif node[role] != value:
                    self.problem(r, self.col[role], value, f"{role} sudah tertulis '{node[role]}' di baris "
                                 "pertama butir ini; yang pertama dipakai")
        node["raw"] = (node.get("raw", "") + "\n" if node.get("raw") else "") + "\t".join(
            cells.text_of(v) or "" for v in self.sheet.rows[r - 1])

    def guess_level(self, nama):
        if (nama or "").lower().startswith("program") or self.current["program"] is None:
            return "program"
        if self.current["kegiatan"] is None or (nama or "").lower().startswith("kegiatan"):
            return "kegiatan"
        return "sub_kegiatan"

    def add(self, r, level, kode, norm, nama):
        node = {"kode": kode, "nama": nama}
        self.last_goal = None
        if level == "program":
            if self.goal_now["sasaran"] is not None:  # the sasaran it is written under is the one it serves
                node["sasaran"] = [self.goal_now["sasaran"]["nomor"]]
            self.programs.append(node)
            self.current = {"program": node, "kegiatan": None}
        else:
            wanted = "program" if level == "kegiatan" else "kegiatan"
            parent_code = str(parse_kode(norm).parent) if norm else None
            parent = self.by_code.get(parent_code) if norm else self.current[wanted]
            current = self.current[wanted]
            if parent is None and current is not None and not self.norms.get(id(current)):
                # the row above it has a code that could not be read (as the seed's "2 0 0"): it is taken as
                # the parent, as a printout places it, and said
                parent = current
                self.problem(r, self.col.get("kode"), kode.replace("\t", " "),
                             f"{level.replace('_', ' ')} tanpa baris {wanted} {parent_code}; ditempatkan di bawah "
                             f"{wanted} di atasnya (kodenya tidak terbaca)")
            if parent is None:  # never under whatever row came last: its parent is made from the code, and said
                self.problem(r, self.col.get("kode"), kode.replace("\t", " "),
                             f"{level.replace('_', ' ')} tanpa baris {wanted} {parent_code} di atasnya; "
                             f"{wanted} {parent_code} dibuat tanpa nama")
                parent = self.add(r, wanted, parent_code, parent_code, None)
            parent.setdefault("kegiatan" if level == "kegiatan" else "sub_kegiatan", []).append(node)
            if level == "kegiatan":
                self.current["kegiatan"] = node
        self.norms[id(node)] = norm
        if norm:
            if norm in self.by_code:
                self.problem(r, self.col.get("kode"), kode.replace("\t", " "),
                             f"kode {norm} sudah dipakai di atas; baris ini dimuat sebagai butir tersendiri")
            self.by_code[norm] = node
        self.last = node
        return node

    def amounts(self, r):
        return any(not cells.is_blank(self.sheet.value(r, c)) for c, (kind, _) in self.header.years.items()
                   if kind == "pagu")

    def merge_amounts(self, r, node):
        for col, (kind, _) in self.header.years.items():
            if kind != "pagu":
                continue
            raw = self.sheet.value(r, col)
            if raw is None and (r, col) in self.sheet.uncached:
                self.problem(r, col, "(rumus)", "sel berisi rumus tanpa nilai tersimpan: nilainya tidak diketahui; "
                             "buka dan simpan ulang berkasnya di Excel/LibreOffice")
                continue
            value, why = cells.amount(raw, percent=(r, col) in self.sheet.percent, scale=self.scale.get(col, 1))
            if why:
                self.problem(r, col, cells.text_of(raw), why)
            if value is None:
                continue
            if self.scale.get(col, 1) > 1 and col not in self.scaled:
                self.scaled.add(col)
                self.problem(self.header.last_row, col, self.header.labels.get(col), scale_note(self.scale[col]))
            year = self.year_of[col]
            if year == "akhir":
                continue  # the end-of-period Rp is the period's total, computed from the years
            pagu = node.setdefault("pagu", {})
            key = str(year)
            if key in pagu and str(pagu[key]) != str(value):
                self.problem(r, col, cells.text_of(raw), f"pagu {year} butir ini sudah tertulis {pagu[key]} di baris "
                             "sebelumnya; yang pertama dipakai")
            pagu.setdefault(key, value)

    def indicator(self, r):
        uraian = self.text(r, "indikator")
        found = {}
        for role in ("kondisi_awal",):
            col = self.col.get(role)
            if col:
                found[role] = self.target(r, col)
        targets = {}
        for col, (kind, _) in sorted(self.header.years.items()):
            if kind == "target":
                value = self.target(r, col)
                if value is not None:
                    year = self.year_of[col]
                    if year == "akhir":
                        found["kondisi_akhir"] = value
                    else:
                        targets[str(year)] = value
        satuan = self.text(r, "satuan")
        if uraian is None and not targets and not any(found.values()):
            return None
        indicator = {"uraian": uraian or ""}
        if uraian is None:
            self.problem(r, self.col.get("indikator"), "", "target tanpa uraian indikator")
        if satuan:
            indicator["satuan"] = satuan
        for key in ("kondisi_awal", "kondisi_akhir"):
            if found.get(key) is not None:
                indicator[key] = found[key]
        if targets:
            indicator["target"] = targets
        return indicator

    def target(self, r, col):
        raw = self.sheet.value(r, col)
        if cells.is_blank(raw):
            return None
        written, why = cells.target(raw, percent=(r, col) in self.sheet.percent)
        if why:
            self.problem(r, col, cells.text_of(raw), why)
        return written


def read(path, sheet, header, *, pd=None, year=None):
    """(document, problems, identity) of a Renstra matrix sheet."""
    from .identity import resolve

    start, end, year_of = period_of(header, year=year)
    reader = RenstraReader(sheet, header, year_of).read()
    identity = resolve(header.title_lines, pd=pd, header_year=start)
    problems = list(reader.problems)
    if "unit" not in header.columns:
        problems.append(Problem(sheet.title, header.last_row, "", "", "tidak ada kolom unit kerja penanggung jawab: "
                                "unit matriks Renstra dibiarkan kosong"))
    if not reader.programs:
        problems.append(Problem(sheet.title, header.data_start, "", "",
                                "tidak ada baris program, kegiatan atau sub kegiatan di bawah judul kolom"))
    document = {
        "format": "renja-exchange", "version": 1,
        "source": {"document": f"{path.name} (lembar {sheet.title}, {TITLE})"},
        "pemda": identity.pemda, "perangkat_daerah": identity.perangkat_daerah,
        "renstra": {"periode_mulai": start, "periode_selesai": end, "program": reader.programs},
    }
    if reader.tujuan:
        document["renstra"]["tujuan"] = reader.tujuan
    if reader.sasaran:
        document["renstra"]["sasaran"] = reader.sasaran
    return document, problems, identity


def columns_of(header):
    """The columns as the preview lists them (kolom, judul, peran, arti)."""
    rows = []
    for col, label in sorted(header.labels.items()):
        role = next((r for r, cols in header.columns.items() if col in cols), None)
        if col in header.years:
            kind, period = header.years[col]
            role = f"{kind}:{period if not isinstance(period, tuple) else 'tahun ke-%d' % period[1]}"
        if label or role:
            rows.append({"kolom": letter(col), "judul": label, "peran": role or "",
                         "arti": "" if role else "tidak dimuat"})
    return rows
