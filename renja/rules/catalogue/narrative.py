"""The narrative against the plan: the agency, the year, the funding sources and the stage the text names."""

import re

from ..engine import NotApplicable, clip, rule

# --- text helpers ----------------------------------------------------------------------------------------------

_CONNECTORS = {"dan", "serta", "&"}


def _norm(text):
    """Lower case, '&' as 'dan', punctuation as spaces, one space between words."""
    text = (text or "").lower().replace("&", " dan ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _compact(text):
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def _bab_of(table):
    """'BAB IV' → 'IV', 'BAB II 2.4' → 'II'; None for a table that is not a chapter."""
    match = re.match(r"\s*BAB\s+([IVX]+)\b", table or "", flags=re.IGNORECASE)
    return match.group(1).upper() if match else None


def _section_label(section):
    return " ".join(p for p in (section.nomor, section.judul) if p) or f"BAB {section.bab}"


def _sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text or "") if s.strip()]


def _contains(a, b):
    """One normalised text contains the other (a statement's context and a heading or sentence)."""
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a in b or b in a)


# --- NARASI-INSTANSI -------------------------------------------------------------------------------------------

# Words after which "Dinas", "Kantor" … mean "official" or "office", not an agency ("Kendaraan Dinas Jabatan",
# "Alat Tulis Kantor", "Pakaian Dinas"), and words after the head that do the same ("Dinas Operasional").
_NOT_AGENCY_BEFORE = {
    "kendaraan", "pakaian", "perjalanan", "rumah", "kepala", "mobil", "motor", "alat", "tulis", "gedung",
    "perlengkapan", "peralatan", "bangunan", "kebersihan", "pengaman", "pengamanan", "tugas", "surat", "seragam",
    "jabatan", "keperluan", "rapat", "sewa", "halaman", "operasional", "dinas", "kantor", "tamu", "keamanan",
}
_NOT_AGENCY_AFTER = {"jabatan", "operasional", "luar", "dalam", "harian", "lapangan", "perorangan", "dan", "serta"}
# Capitalised words that end an agency name in running text ("… Kota Jambi Tahun 2022").
_NAME_STOP = {"tahun", "nomor", "no", "per", "periode", "pada", "yang", "untuk", "sebagai", "dalam", "tentang",
              "adalah", "merupakan", "tanggal", "bulan", "anggaran"}
_HEADS = ("Badan", "Dinas", "Kantor", "Sekretariat", "Inspektorat")
_WORD = r"(?:[A-Z][\w'’/-]*|dan|&)"
_AGENCY = re.compile(rf"(?<![\w-])(?P<head>{'|'.join(_HEADS)})(?P<rest>(?:,?[ \t]+{_WORD})+)")
_REGION_WORDS = {"kota", "kabupaten", "kab", "provinsi", "prov"}
# Agencies any Renja cites by their role (the planning agency that verifies it, the statistics office whose data
# it uses, the auditors): a mention of them is not a copied name.
_CITED_AGENCIES = ("perencanaan pembangunan", "pusat statistik", "pemeriksa keuangan",
                   "pengawasan keuangan dan pembangunan")


class _Agency:
    """This PD's name in its written forms: full, without the Pemda, its short name and its acronym."""

    def __init__(self, view):
        self.pemda = _norm(view.pemda_nama)
        self.full = _norm(view.pd_nama)
        self.base = self.strip_pemda(self.full)
        self.names = {n for n in (self.full, self.base) if n}
        self.compact_names = {_compact(n) for n in self.names}
        words = [w for w in self.base.split() if w not in _CONNECTORS]
        acronym = "".join(w[0] for w in words) if len(words) > 1 else ""
        self.shorts = {s for s in (_compact(view.pd_singkatan), acronym) if s}
        self.written = view.pd_nama
        self.short_written = view.pd_singkatan or ""

    def strip_pemda(self, name):
        for suffix in (self.pemda, f"pemerintah {self.pemda}"):
            if suffix and name.endswith(" " + suffix):
                return name[: -len(suffix) - 1].strip()
            if suffix and name.startswith(suffix + " "):
                name = name[len(suffix) + 1:].strip()
        return name

    def is_self(self, written, lenient=False):
        """Whether `written` names this PD. `lenient` (running text): a name cut short where the capitalised
        words end ("Dinas Pemberdayaan Masyarakat, Perempuan dan perlindungan …") is accepted."""
        name = self.strip_pemda(_norm(written))
        if not name:
            return True
        if name in self.names or _compact(name) in self.compact_names or _compact(name) in self.shorts:
            return True
        words = name.split()
        if words[0] in ("sekretariat", "bidang") and len(words) > 1 and (
                _compact(" ".join(words[1:])) in self.shorts | self.compact_names):
            return True  # a unit of this PD ("Sekretariat DPMPPA")
        if not lenient or not self.base:
            return False
        base = self.base.split()
        if len(words) >= 2 and base[: len(words)] == words:
            return True
        # The name goes on after this PD's name: accepted unless it goes on with another region.
        return words[: len(base)] == base and (len(words) == len(base) or words[len(base)] not in _REGION_WORDS)

    def near_short(self, written):
        """A short name that is this PD's short name with one letter more, less or different ("DPMPP")."""
        token = _compact(written)
        return any(_edit_distance(token, short) <= 1 for short in self.shorts)


def _edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _agency_mentions(text):
    """Agency names in running text: a head word ("Dinas", "Badan" …) and the capitalised words after it."""
    for line in (text or "").splitlines():
        letters = [ch for ch in line if ch.isalpha()]
        if len(letters) > 3 and all(ch.isupper() for ch in letters):
            line = line.title()  # an upper-case heading: read it word by word like running text
        for match in _AGENCY.finditer(line):
            before = line[: match.start()].split()
            if before and _norm(before[-1]) in _NOT_AGENCY_BEFORE:
                continue
            words = []
            for word in re.findall(r",|[^\s,]+", match.group("rest")):
                if _norm(word) in _NAME_STOP:
                    break
                words.append(word)
            while words and (words[-1] == "," or _norm(words[-1]) in _CONNECTORS):
                words.pop()
            names = [w for w in words if w != ","]
            if not names or _norm(names[0]) in _NOT_AGENCY_AFTER:
                continue
            name = match.group("head") + " " + " ".join(words).replace(" ,", ",")
            yield name.strip(" ,")


@rule(
    "NARASI-INSTANSI",
    "Narasi menyebut nama perangkat daerah ini",
    "Nama instansi yang disebut teks (pernyataan nama_instansi, dan nama 'Badan …', 'Dinas …', 'Kantor …', "
    "'Sekretariat …', 'Inspektorat …' dalam narasi BAB I–V) dibandingkan dengan nama dan singkatan perangkat daerah "
    "ini, tanpa membedakan huruf besar/kecil, tanda baca, '&'/'dan' dan nama Pemda di belakangnya (Bappeda, BPS, "
    "BPK dan BPKP, yang dikutip setiap Renja karena perannya, tidak dilaporkan dari narasi). Nama instansi "
    "lain di tempat nama perangkat daerah menandakan teks yang disalin dari Renja instansi lain (kesalahan untuk "
    "nama yang dicatat sebagai pernyataan). Nama instansi lain yang ditemukan dalam narasi dilaporkan sebagai "
    "peringatan, karena dapat juga disebut dengan sengaja (mitra kerja); singkatan yang hanya berbeda satu huruf "
    "dari singkatan perangkat daerah (terpotong atau salah ketik) juga peringatan. Satu temuan per nama per BAB. "
    "Nilai yang diharapkan adalah nama (atau singkatan) perangkat daerah; yang ditemukan adalah nama yang tertulis.",
    "error", "dokumen",
)
def narasi_instansi(rule_, view):
    if not view.pd_nama:
        raise NotApplicable("nama perangkat daerah tidak ada")
    agency = _Agency(view)
    reported = set()
    for s in view.statements:
        if s.key != "nama_instansi" or not (s.text or "").strip() or agency.is_self(s.text):
            continue
        key = (_bab_of(s.table), agency.strip_pemda(_norm(s.text)))
        if key in reported:
            continue
        reported.add(key)
        context = f" ('{clip(s.context, 120)}')" if s.context and _norm(s.context) != _norm(s.text) else ""
        if " " not in s.text.strip() and agency.near_short(s.text):
            expected = agency.short_written or agency.written
            yield rule_.finding(
                s.table,
                f"{s.table}: singkatan instansi tertulis '{s.text}'{context}, sedangkan singkatan perangkat daerah "
                f"ini '{expected}'.",
                code=s.code, row=s.row or None, expected=expected, found=s.text, severity="warning")
        else:
            yield rule_.finding(
                s.table,
                f"{s.table} menyebut '{s.text}'{context}, bukan perangkat daerah ini ({agency.written}); teks "
                f"tampaknya disalin dari dokumen instansi lain.",
                code=s.code, row=s.row or None, expected=agency.written, found=s.text)
    reported_names = {name for _, name in reported}  # a name a statement reports is not reported again
    for section in view.sections:
        for text in (section.judul, section.teks):
            for name in _agency_mentions(text):
                if agency.is_self(name, lenient=True) or any(c in _norm(name) for c in _CITED_AGENCIES):
                    continue
                normal = agency.strip_pemda(_norm(name))
                if normal in reported_names or (section.bab, normal) in reported:
                    continue
                reported.add((section.bab, normal))
                yield rule_.finding(
                    f"BAB {section.bab}",
                    f"BAB {section.bab} ({clip(_section_label(section), 80)}) menyebut '{name}', bukan perangkat "
                    f"daerah ini ({agency.written}). Periksa apakah teks disalin dari dokumen instansi lain.",
                    row=_section_label(section), expected=agency.written, found=name, severity="warning")


# --- NARASI-TAHUN ----------------------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*(?:-|–|—|s\.?\s*/\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*({_YEAR})(?!\d)",
                    flags=re.IGNORECASE)
_SINGLE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
# Words by which a BAB II text speaks of the evaluation of the previous year.
_EVALUATION_WORDS = ("evaluasi", "realisasi", "capaian", "dicapai", "tahun lalu", "tahun sebelumnya",
                     "telah dilaksanakan", "hasil pelaksanaan")
_FORECAST_WORDS = ("prakiraan", "maju", "n+1")
_MONTHS = ("januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|"
           "desember")
# A year that dates a regulation ("Peraturan Walikota Nomor 63 Tahun 2020", "Permendagri 86/2017"): not checked.
_REGULATION_BEFORE = re.compile(r"(?:\b(?:nomor|nomer|no)\.?\s*[\w.]+\s*,?\s+tahun|\d+\s*/)\s*$", re.IGNORECASE)
# A year that dates something ("pada tahun 2024", "Juli 2024", "tanggal 5 Juli 2024"), not a plan named by its year.
_MONTH_BEFORE = re.compile(rf"\b({_MONTHS})\s*$", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"(?:\bpada(?:\s+tahun)?|\b(?:{_MONTHS})|\btanggal\s+\d{{1,2}}(?:\s+\w+)?)\s*$",
                          re.IGNORECASE)
# Words of the drafting of a plan: a Renja for year n is drafted (disusun, dibahas) in year n-1.
_DRAFTING_WORDS = ("disusun", "menyusun", "penyusunan", "dirumuskan", "perumusan", "dibahas", "pembahasan",
                   "musrenbang", "ditandatangani")
_PERIOD_WORDS = ("renstra", "rpjmd", "rencana strategis", "periode", "lima tahun", "5 tahun")


def _years(text):
    """([(start, end, written) ranges], [(year, what is written just before it)] single years) in `text`."""
    text = text or ""
    ranges = [(int(a), int(b), m.group(0)) for m in _RANGE.finditer(text) for a, b in [m.groups()]]
    rest = _RANGE.sub(lambda m: " " * len(m.group(0)), text)
    singles = [(int(m.group(1)), rest[max(0, m.start() - 60):m.start()]) for m in _SINGLE.finditer(rest)]
    return ranges, singles


def _expected_years(view, chapter, text, evaluation_year):
    """(the year expected, the years accepted, is an evaluation context). The evaluation of BAB II speaks of the
    year it evaluates and of the year before it (n-2, whose realisation is complete), and of the plan year."""
    n = view.tahun
    lowered = (text or "").lower()
    if evaluation_year is not None:
        return evaluation_year, {evaluation_year, n - 2, n - 1, n}, True
    if chapter == "II" and any(word in lowered for word in _EVALUATION_WORDS):
        return n - 1, {n - 2, n - 1, n}, True
    accepted = {n}
    if any(word in lowered for word in _FORECAST_WORDS):
        accepted.add(n + 1)
    return n, accepted, False


def _period(start, end):
    return f"{start}–{end}"


def _fits(view, year, before, context, accepted, expected, evaluation):
    """None when a single year fits where it is written, else why it does not."""
    lowered = (context or "").lower()
    month = _MONTH_BEFORE.search(before)
    if evaluation:
        if month and year < expected and year in accepted and month.group(1).lower() != "desember":
            # A progress date before the evaluated year that is not the end of a year: copied from an older
            # evaluation ("per Februari 2020" in the evaluation of 2021).
            return (f"tanggal {month.group(1)} {year} tidak dalam tahun yang dievaluasi ({expected}) dan bukan "
                    f"akhir tahun {year}")
        return None if year in accepted else f"evaluasi ini tentang tahun {expected}"
    if year in accepted:
        return None
    n = view.tahun
    if year == n - 1 and _DATE_BEFORE.search(before) and (
            month or any(word in lowered for word in _DRAFTING_WORDS)):
        return None  # the year the Renja is drafted in ("disusun … pada tahun n-1", "Jambi, Juli n-1")
    if view.renstra_period and year in view.renstra_period and any(w in lowered for w in _PERIOD_WORDS):
        return None  # the first or last year of the Renstra period
    return f"Renja ini untuk tahun {n}"


def _check_years(view, chapter, value_text, context, evaluation_year):
    """(expected, found, explanation, is evaluation) for the first year in `value_text` that does not fit; years
    are text, as written (never "2.021")."""
    ranges, singles = _years(value_text)
    expected, accepted, evaluation = _expected_years(view, chapter, context or value_text, evaluation_year)
    for start, end, written in ranges:
        if not start <= expected <= end:
            return (_period(*view.renstra_period) if view.renstra_period else str(expected), written,
                    f"rentang {written} tidak mencakup tahun {expected}", evaluation)
        if view.renstra_period and end - start >= 3 and (start, end) != tuple(view.renstra_period):
            return (_period(*view.renstra_period), written,
                    f"periode {written} bukan periode Renstra {_period(*view.renstra_period)}", evaluation)
    in_context = _years(context)[1] if context and context != value_text else []
    for year, before in singles:
        # What stands before the year is read where the sentence writes it (a statement's value is the year alone).
        places = [b for y, b in in_context if y == year] or [before]
        for place in places:
            if _REGULATION_BEFORE.search(place):
                continue
            why = _fits(view, year, place, context or value_text, accepted, expected, evaluation)
            if why is not None:
                return str(expected), str(year), why, evaluation
    return None


@rule(
    "NARASI-TAHUN",
    "Tahun dalam judul dan kalimat sesuai tahun Renja",
    "Tahun yang tertulis dalam judul, subjudul dan kalimat (pernyataan 'tahun', judul bagian narasi dan judul tabel "
    "evaluasi) harus sesuai tahun Renja n. Untuk Renja tahun n: tahun n benar pada judul dan kalimat tentang rencana, "
    "RKPD, T-C.31, T-C.32 dan T-C.33 (n+1 juga diterima bila teks berbicara tentang prakiraan maju). Renja tahun n "
    "disusun pada tahun n-1: tahun n-1 sebagai tanggal ('disusun … pada tahun n-1', 'dibahas … Maret n-1', tanggal "
    "penandatanganan 'Juli n-1') benar, tetapi bukan sebagai tahun rencana ('Renja Tahun n-1'). Di BAB II, bila "
    "teks berbicara tentang evaluasi, realisasi atau capaian, tahun yang dievaluasi (n-1, atau tahun evaluasi yang "
    "dicatat) dan tahun sebelumnya (n-2, yang realisasinya sudah lengkap) benar, dan n juga diterima; tanggal "
    "kemajuan sebelum tahun yang dievaluasi selain akhir tahun ('per Februari n-2') menandakan teks evaluasi lama. "
    "Tahun awal dan akhir periode Renstra benar pada kalimat tentang Renstra atau periodenya. Rentang tahun harus "
    "mencakup tahun itu, dan rentang empat tahun atau lebih (periode rencana lima tahunan) harus sama dengan "
    "periode Renstra bila diketahui. Tahun peraturan ('Nomor 12 Tahun 2019', '86/2017') tidak diperiksa. Tahun "
    "yang salah menandakan teks yang disalin dari Renja tahun lain (kesalahan); di bagian evaluasi menjadi "
    "peringatan. Satu temuan per kalimat. Nilai yang diharapkan adalah tahun (atau periode) yang seharusnya; yang "
    "ditemukan adalah yang tertulis (keduanya teks, ditulis tanpa titik ribuan).",
    "error", "dokumen",
)
def narasi_tahun(rule_, view):
    if not view.tahun:
        raise NotApplicable("tahun Renja tidak ada")
    seen = []  # (normalised context, text of the year) already reported or covered by a statement

    def covered(context, value):
        return any(value == v and _contains(context, c) for c, v in seen)

    statements = [(s, None) for s in view.statements] + [
        (s, e.tahun) for e in view.evaluations for s in e.statements]
    for s, evaluation_year in statements:
        if s.key != "tahun" or not (s.text or "").strip():
            continue
        context = s.context or s.row or s.text
        value = " ".join(s.text.split())
        if covered(context, value):
            continue
        seen.append((context, value))
        chapter = _bab_of(s.table) or ("II" if evaluation_year is not None else None)
        problem = _check_years(view, chapter, value, context, evaluation_year)
        if problem is None:
            continue
        expected, found, why, evaluation = problem
        where = f"Evaluasi {evaluation_year}, {s.table}" if evaluation_year is not None else s.table
        yield rule_.finding(
            s.table,
            f"{where}: tahun {found if found.isdecimal() else repr(found)} dalam '{clip(context, 120)}' tidak "
            f"sesuai ({why}); seharusnya {expected}.",
            code=s.code, row=s.row or None, expected=expected, found=found,
            severity="warning" if evaluation else None)

    headings = [(f"BAB {sec.bab}", sec.bab, _section_label(sec), sec.judul, None) for sec in view.sections]
    headings += [(t.id, "II", t.judul, t.judul, e.tahun) for e in view.evaluations for t in e.tables]
    for table, chapter, label, title, evaluation_year in headings:
        if not title:
            continue
        ranges, singles = _years(title)
        values = [w for _, _, w in ranges] + [str(y) for y, _ in singles]
        if not values or any(covered(title, v) for v in values):
            continue
        seen.extend((title, v) for v in values)
        problem = _check_years(view, chapter, title, title, evaluation_year)
        if problem is None:
            continue
        expected, found, why, evaluation = problem
        yield rule_.finding(
            table,
            f"Judul '{clip(label, 120)}': tahun {found} tidak sesuai ({why}); seharusnya {expected}.",
            row=clip(label, 120), expected=expected, found=found, severity="warning" if evaluation else None)


# --- NARASI-SUMBER-DANA ----------------------------------------------------------------------------------------

# Funding sources as planners write them → the name used in findings. Long names are replaced by their short
# names before the text is split at "," / "dan" (which long names contain); then the first pattern that matches
# a part names it.
_LONG_SOURCES = (
    (r"anggaran\s+pendapatan\s+(?:dan|&)\s+belanja\s+daerah", "APBD"),
    (r"anggaran\s+pendapatan\s+(?:dan|&)\s+belanja\s+negara", "APBN"),
    (r"dana\s+alokasi\s+khusus", "DAK"),
    (r"dana\s+alokasi\s+umum", "DAU"),
    (r"dana\s+bagi\s+hasil", "DBH"),
    (r"dana\s+insentif\s+daerah", "DID"),
    (r"pendapatan\s+asli\s+daerah", "PAD"),
    (r"bantuan\s+operasional\s+sekolah", "BOS"),
    (r"badan\s+layanan\s+umum(?:\s+daerah)?", "BLUD"),
    (r"bantuan\s+keuangan", "BANKEU"),
    (r"otonomi\s+khusus", "OTSUS"),
)
_SOURCES = (
    (r"\bdak\b", "DAK"),
    (r"\bdau\b", "DAU"),
    (r"\bdbh\b", "DBH"),
    (r"\bdid\b", "DID"),
    (r"\bbos\b", "BOS"),
    (r"\bblud\b", "BLUD"),
    (r"\bpad\b", "PAD"),
    (r"dana\s+desa", "Dana Desa"),
    (r"\botsus\b", "Otsus"),
    (r"\bbankeu\b", "Bantuan Keuangan"),
    (r"\bhibah\b", "Hibah"),
    (r"\bcsr\b", "CSR"),
    (r"\bapbn\b", "APBN"),
    (r"\bapbd\b", "APBD"),
)


def _sources(text):
    """The funding sources a text names, as canonical names (text that matches none is kept, upper-cased)."""
    text = text or ""
    for pattern, short in _LONG_SOURCES:
        text = re.sub(pattern, short, text, flags=re.IGNORECASE)
    found = []
    for part in re.split(r"[,;/+&]|\bdan\b|\bserta\b", text, flags=re.IGNORECASE):
        part = part.strip(" .-")
        if not part:
            continue
        lowered = part.lower()
        name = next((canonical for pattern, canonical in _SOURCES if re.search(pattern, lowered)), None)
        name = name or " ".join(part.upper().split())
        if name not in found:
            found.append(name)
    return found


def _examples(items, count=3):
    shown = ", ".join(items[:count])
    return shown + (f", dan {len(items) - count} lainnya" if len(items) > count else "")


@rule(
    "NARASI-SUMBER-DANA",
    "Sumber dana dalam narasi sesuai tabel",
    "Sumber dana yang disebut narasi (pernyataan 'sumber_dana', mis. 'seluruhnya berasal dari APBD Kota Jambi') "
    "dibandingkan dengan sumber dana sub kegiatan di T-C.33. Teks yang menyebut satu sumber sementara tabel memakai "
    "sumber lain (mis. DAK pada sebagian sub kegiatan) menyesatkan pembaca tentang asal dana; begitu juga sumber "
    "yang disebut teks tetapi tidak dipakai satu sub kegiatan pun. Nama sumber dibaca dari singkatan dan "
    "kepanjangannya (APBD, APBN, DAK, DAU, DBH, DID, PAD, BLUD, BOS, Dana Desa, Otsus, Bantuan Keuangan, Hibah); "
    "nama Pemda di belakangnya diabaikan. Peringatan, karena dana transfer (DAK, DAU) juga menjadi bagian APBD. Nilai "
    "yang diharapkan adalah sumber dana yang dipakai tabel; yang ditemukan adalah yang tertulis dalam teks.",
    "warning", "dokumen",
)
def narasi_sumber_dana(rule_, view):
    claims = [s for s in view.statements if s.key == "sumber_dana" and (s.text or "").strip()]
    if not claims:
        return
    used = {}
    for sub in view.subs():
        for source in _sources(sub.sumber_dana):
            used.setdefault(source, []).append(" ".join(p for p in (sub.code, sub.nama) if p) or sub.label)
    if not used:
        raise NotApplicable("tidak ada sub kegiatan T-C.33 yang mencantumkan sumber dana")
    table_sources = ", ".join(sorted(used))
    for s in claims:
        named = _sources(s.text)
        missing = [source for source in sorted(used) if source not in named]
        unused = [source for source in named if source not in used]
        if not missing and not unused:
            continue
        parts = []
        for source in missing:
            rows = used[source]
            parts.append(f"T-C.33 memakai {source} pada {len(rows)} sub kegiatan ({_examples(rows)})")
        if unused:
            parts.append(f"{', '.join(unused)} tidak dipakai satu sub kegiatan pun")
        context = f" ('{clip(s.context, 120)}')" if s.context else ""
        yield rule_.finding(
            s.table,
            f"{s.table} menyebut sumber dana '{s.text}'{context}, tetapi {'; '.join(parts)}.",
            code=s.code, row=s.row or None, expected=table_sources, found=s.text)


# --- NARASI-TAHAP ----------------------------------------------------------------------------------------------

STAGE_LABELS = {"rancangan_awal": "Rancangan Awal Renja", "rancangan": "Rancangan Renja", "final": "Renja (final)",
                "perubahan": "Renja Perubahan"}
_STAGE_IN_TEXT = re.compile(r"\b(?:rencana\s+kerja|renja)\s*(?:\(\s*renja\s*\)\s*)?perubahan\b", flags=re.IGNORECASE)


def _stage(text):
    """The stage a text names, or None when it names none that can be told."""
    lowered = (text or "").lower()
    if "perubahan" in lowered:
        return "perubahan"
    if "rancangan awal" in lowered:
        return "rancangan_awal"
    if "rancangan" in lowered:
        return "rancangan"
    if any(word in lowered for word in ("final", "penetapan", "ditetapkan", "definitif", "akhir")):
        return "final"
    return None


@rule(
    "NARASI-TAHAP",
    "Tahap yang disebut teks sesuai tahap Renja",
    "Judul dan kalimat yang menyebut tahap dokumen (pernyataan 'tahap', dan sebutan 'Rencana Kerja Perubahan' / "
    "'Renja Perubahan' dalam narasi) harus sesuai tahap Renja ini (rancangan awal, rancangan, final atau "
    "perubahan). Renja final yang menyebut dirinya 'Rencana Kerja Perubahan' biasanya disalin dari dokumen "
    "perubahan tahun lalu, dan membingungkan pembaca tentang dokumen mana yang berlaku. Sebutan 'rancangan awal' "
    "dalam narasi tidak diperiksa karena BAB II membahas rancangan awal RKPD dengan sah. Nilai yang diharapkan adalah "
    "tahap Renja ini; yang ditemukan adalah yang tertulis.",
    "error", "dokumen",
)
def narasi_tahap(rule_, view):
    if view.tahap not in STAGE_LABELS:
        raise NotApplicable("tahap Renja tidak diketahui")
    expected = STAGE_LABELS[view.tahap]
    contexts = []
    for s in view.statements:
        if s.key != "tahap" or not (s.text or "").strip():
            continue
        contexts.append(s.context or s.text)
        stage = _stage(s.text)
        if stage is None or stage == view.tahap:
            continue
        context = f" ('{clip(s.context, 120)}')" if s.context else ""
        yield rule_.finding(
            s.table,
            f"{s.table} menyebut dokumen ini '{s.text}'{context}, padahal Renja ini tahap "
            f"{STAGE_LABELS[view.tahap]}.",
            code=s.code, row=s.row or None, expected=expected, found=s.text)
    if view.tahap == "perubahan":
        return
    for section in view.sections:
        for sentence in _sentences(section.judul) + _sentences(section.teks):
            match = _STAGE_IN_TEXT.search(sentence)
            if not match or any(_contains(sentence, c) for c in contexts):
                continue
            contexts.append(sentence)
            yield rule_.finding(
                f"BAB {section.bab}",
                f"BAB {section.bab} ({clip(_section_label(section), 80)}) menyebut '{match.group(0)}' "
                f"('{clip(sentence, 120)}'), padahal Renja ini tahap {expected}.",
                row=_section_label(section), expected=expected, found=match.group(0))
