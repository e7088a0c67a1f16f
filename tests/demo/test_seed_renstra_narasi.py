"""Prove that renja/demo/jambi_2022/10_renstra_narasi.yaml matches the seed document.

Covers the keys that file writes: `renstra` (tujuan, sasaran, IKU), `renja.tempat_tanggal`,
`renja.penandatangan`, `renja.prioritas_daerah` (Tabel 3.1), `renja.sasaran_program` (Tabel 4),
`renja.narasi` (BAB I-V) and its `renja.statements` (tables "BAB I", "BAB II", "BAB III", "BAB V").
Other files add other keys to the same document; these tests look only at the keys above.

Plain pytest: no Django, no database.
"""

import re
from collections import Counter

import pytest

# ---------------------------------------------------------------------------------------------------
# Counted by hand in the seed.
N_TUJUAN = 2  # Tabel 3.2.1: two tujuan ...
N_INDIKATOR_TUJUAN = 4  # ... with 1 + 3 indicators
N_SASARAN = 5  # Tabel 3.2.2: sasaran 1-5 ...
N_INDIKATOR_SASARAN = 6  # ... sasaran 2 has two indicator rows
N_IKU = 6  # Tabel 3.2.3: rows 1, (unnumbered), 2, 3, 4, 5
N_PRIORITAS = 3  # Tabel 3.1
N_SASARAN_PROGRAM = 5  # Tabel 4
N_NARASI = 21  # 4 chapter headings without prose of their own + 15 numbered sections + BAB IV + BAB V
N_PROGRAM_PRIORITAS_3_3 = 7  # the numbered list after "... prioritas daerah ... Tahun 2022, yaitu :"

FOOTER = "Renja 2022 | DPMPPA"
MY_TABLES = {"BAB I", "BAB II", "BAB III", "BAB V"}

# Non-empty, tab-free seed lines inside BAB I-V that are NOT narrative prose (1-based line numbers):
# table titles, and the headings that only introduce a BAB II evaluation table.
NOT_PROSE = {
    # BAB II 2.1: "1. Program Penunjang ..." / "a. Perencanaan ..." headings of the evaluation tables
    160, 162, 176, 178, 189, 191, 200, 202, 215, 217, 226, 228, 237, 239, 251, 253, 262, 264, 274, 283,
    292, 303, 312, 319, 326, 341, 350, 360,
    377, 379,  # "Tabel T-C 29" and its title
    *range(536, 542), *range(558, 563), *range(578, 583),  # Tabel. 1, 2, 3 titles
    648, *range(650, 653), *range(665, 669), *range(703, 707),  # Tabel. 4, 5, 6 titles
    720, *range(722, 725),  # "T-.C.30" and its title
    743, *range(745, 748), 755, *range(757, 761),  # Tabel 7, 8 titles
    816, 818, 820,  # Tabel T-C.31 title
    888, 890, 891,  # Tabel T-C.32 title
    941, 943, 993, 995, 1004, 1006, 1017, 1019,  # Tabel 3.1, 3.2.1, 3.2.2, 3.2.3 titles
    1090,  # T-C.33 title
    1252, 1254, *range(1265, 1269),  # Tabel 4 and Tabel 4.1 titles
}
FIRST_LINE, LAST_LINE = 14, 1286  # "## **BAB I**" ... last paragraph of BAB V (signature follows)


def norm(text):
    """A seed line without the markdown the narrative leaves out: #-headings, ** and *, outer spaces."""
    text = re.sub(r"^#+\s*", "", text.strip())
    return text.replace("**", "").replace("*", "").strip()


def same_words(a, b):
    """Equal but for letter case and a final full stop."""
    return a.strip().rstrip(".").lower() == b.strip().rstrip(".").lower()


@pytest.fixture(scope="module")
def renstra(demo_document):
    return demo_document["renstra"]


@pytest.fixture(scope="module")
def renja(demo_document):
    return demo_document["renja"]


@pytest.fixture(scope="module")
def prose(seed_lines):
    """[(line number, normalised text)] of the non-empty, non-table, non-footer lines, in order."""
    return [
        (i, norm(raw))
        for i, raw in enumerate(seed_lines, start=1)
        if norm(raw) and "\t" not in raw and raw.strip() != FOOTER
    ]


def line_no(seed_lines, predicate, start=1):
    for i in range(start, len(seed_lines) + 1):
        if predicate(norm(seed_lines[i - 1])):
            return i
    raise AssertionError("line not found in the seed")


def table_lines(seed_lines, title, next_title):
    """The tab-separated lines between a table title and the next title (both matched normalised)."""
    a = line_no(seed_lines, lambda t: t == title)
    b = line_no(seed_lines, lambda t: t == next_title, a + 1)
    return [seed_lines[i - 1] for i in range(a + 1, b) if "\t" in seed_lines[i - 1]]


def data_rows(seed_lines, title, next_title):
    """Table rows without the header line and the column-number line ("1 2 3 4")."""
    lines = table_lines(seed_lines, title, next_title)
    assert lines[0].startswith("NO\t") and re.fullmatch(r"1(\t\d)+", lines[1])
    return lines[2:]


def bab_of_line(seed_lines, n):
    starts = [
        (line_no(seed_lines, lambda t: t == "BAB I"), "I"),
        (line_no(seed_lines, lambda t: t == "BAB II"), "II"),
        (line_no(seed_lines, lambda t: t == "BAB III"), "III"),
        (line_no(seed_lines, lambda t: t == "BAB IV"), "IV"),
        (line_no(seed_lines, lambda t: t == "BAB V PENUTUP"), "V"),
    ]
    bab = None
    for start, name in starts:
        if n >= start:
            bab = name
    return bab


# =================================================================================== renstra
def test_renstra_counts(renstra):
    assert len(renstra["tujuan"]) == N_TUJUAN
    assert sum(len(t["indikator"]) for t in renstra["tujuan"]) == N_INDIKATOR_TUJUAN
    assert len(renstra["sasaran"]) == N_SASARAN
    assert sum(len(s["indikator"]) for s in renstra["sasaran"]) == N_INDIKATOR_SASARAN
    assert len(renstra["iku"]) == N_IKU


def test_renstra_period_is_the_one_of_the_tujuan_strategik(seed_lines, renstra):
    n = line_no(seed_lines, lambda t: t.startswith("Adapun TUJUAN STRATEGIK"))
    assert "Tahun 2018 - 2023 adalah:" in seed_lines[n - 1]
    assert (renstra["periode_mulai"], renstra["periode_selesai"]) == (2018, 2023)


def test_tujuan_are_the_rows_of_tabel_3_2_1(seed_lines, renstra):
    rows = data_rows(seed_lines, "Tabel 3.2.1", "Tabel 3.2.2")
    captured, raws = [], []
    for t in renstra["tujuan"]:
        for i, ind in enumerate(t["indikator"]):
            captured.append(["", t["uraian"] if i == 0 else "", ind["uraian"], ind["target"]["2022"]])
            raws.append(ind["raw"])
    # texts and targets, row by row, on the same line as each other
    assert captured == [r.split("\t") for r in rows]
    assert raws == rows
    assert captured[0][2:] == ["Persentase Pemberdayaan Masyarakat Dalam Pembangunan", "71 %"]
    assert captured[3][2:] == ["Persentase Indeks Pembangunan Gender (IDG)", "68,11%"]  # sic, kept


def test_tujuan_numbers_are_those_of_the_prose(seed_lines, renstra):
    for t in renstra["tujuan"]:
        n = line_no(seed_lines, lambda x, t=t: x.startswith(f"{t['nomor']}. ") and same_words(x[3:], t["uraian"]))
        assert n > line_no(seed_lines, lambda x: x.startswith("Adapun TUJUAN STRATEGIK"))


def test_sasaran_are_the_rows_of_tabel_3_2_2(seed_lines, renstra):
    rows = data_rows(seed_lines, "Tabel 3.2.2", "Tabel 3.2.3")
    captured, raws = [], []
    for s in renstra["sasaran"]:
        for i, ind in enumerate(s["indikator"]):
            first = i == 0
            captured.append([s["nomor"] if first else "", s["uraian"] if first else "", ind["uraian"],
                             ind["target"]["2022"] or ""])
            raws.append(ind["raw"])
    assert captured == [r.split("\t") for r in rows]
    assert raws == rows
    assert captured[-1] == ["5", "Meningkatnya Perlindungan Terhadap Perempuan",
                            "Penurunan kasus kekerasan terhadap perempuan", "27 Kasus"]


def test_sasaran_are_not_linked_to_a_tujuan(renstra):
    # neither Tabel 3.2.2 nor the 3.2 prose says which tujuan a sasaran serves
    assert [s["tujuan"] for s in renstra["sasaran"]] == [None] * N_SASARAN


def test_iku_are_the_rows_of_tabel_3_2_3(seed_lines, renstra):
    rows = data_rows(seed_lines, "Tabel 3.2.3", "3.3 PROGRAM DAN KEGIATAN DINAS PEMBERDAYAAN MASYARAKAT, "
                     "PEREMPUAN DAN PERLINDUNGAN ANAK KOTA JAMBI TAHUN 2022.")
    captured = [[k["nomor"] or "", k["uraian"], k["target"]["2022"]] for k in renstra["iku"]]
    assert captured == [r.split("\t") for r in rows]
    assert [k["raw"] for k in renstra["iku"]] == rows


def test_iku_link_to_sasaran_by_the_table_number(renstra):
    nomor_sasaran = {s["nomor"] for s in renstra["sasaran"]}
    for k in renstra["iku"]:
        assert k["sasaran"] == k["nomor"]
        assert k["sasaran"] is None or k["sasaran"] in nomor_sasaran
    assert [k["sasaran"] for k in renstra["iku"]] == ["1", None, "2", "3", "4", "5"]


def test_polarity_negative_only_for_the_decrease_of_violence(renstra):
    indicators = [i for t in renstra["tujuan"] for i in t["indikator"]]
    indicators += [i for s in renstra["sasaran"] for i in s["indikator"]]
    indicators += renstra["iku"]
    for ind in indicators:
        expected = "negatif" if ind["uraian"] == "Penurunan kasus kekerasan terhadap perempuan" else "positif"
        assert ind["polaritas"] == expected, ind["uraian"]
    assert sum(ind["polaritas"] == "negatif" for ind in indicators) == 2  # sasaran 5 and IKU 5


# =================================================================================== title data
def test_place_date_and_signatory(seed_lines, renja):
    texts = [norm(x) for x in seed_lines]
    assert renja["tempat_tanggal"] == "Jambi, Juli 2021" and "Jambi, Juli 2021" in texts
    p = renja["penandatangan"]
    assert p["nama"] == "drg. IRAWATI SUKANDAR, M.Kes" and p["nama"] in texts
    assert p["pangkat"] == "Pembina Utama Muda" and p["pangkat"] in texts
    assert p["nip"] == "19640413 199302 2 001" and f"NIP. {p['nip']}" in texts
    n = line_no(seed_lines, lambda t: t.startswith("Pit. KEPALA DINAS"))
    assert p["jabatan"] == " ".join(texts[n - 1:n + 2]).rstrip(",")
    assert p["jabatan"].startswith("Pit. KEPALA DINAS PEMBERDAYAAN MASYARAKAT,")


# =================================================================================== Tabel 3.1
def records(lines):
    """Group table lines into rows: a row starts with its number in column 1, then continuation lines."""
    rows = []
    for line in lines:
        if re.fullmatch(r"1(\t\d)+", line):  # the column-number line
            continue
        if re.match(r"\d+\t", line):
            rows.append([line])
        elif rows and line.startswith("\t"):
            rows[-1].append(line)
    return rows


def column(lines, k):
    return " ".join(c for c in (line.split("\t")[k] for line in lines) if c)


def test_prioritas_daerah_is_tabel_3_1(seed_lines, renja):
    rows = records(table_lines(seed_lines, "Tabel 3.1", "3.2. TUJUAN DAN SASARAN PERANGKAT DAERAH"))
    data = renja["prioritas_daerah"]
    assert len(rows) == len(data) == N_PRIORITAS
    for row, p in zip(rows, data):
        assert p["raw"] == "\n".join(row)
        assert p["nomor"] == row[0].split("\t")[0]
        assert p["prioritas"] == column(row, 1)
        assert p["sasaran_daerah"] == column(row, 2)
        assert " ".join(p["indikator_sasaran_daerah"]) == column(row, 3)
        assert p["sasaran_pd"] == column(row, 4)
        assert " ".join(p["indikator_sasaran_pd"]) == column(row, 5)
    assert data[1]["indikator_sasaran_pd"] == ["Indeks Pembangunan Gender (IPG)", "Indeks Pemberdayaan Gender (IDG)"]
    assert data[2]["indikator_sasaran_daerah"] == []  # the cell is blank


# =================================================================================== Tabel 4
def test_sasaran_program_is_tabel_4(seed_lines, renja):
    rows = records(table_lines(seed_lines, "Sasaran dan Program/Kegiatan/Sub Kegiatan", "Tabel 4.1"))
    data = renja["sasaran_program"]
    assert len(rows) == len(data) == N_SASARAN_PROGRAM
    for (row,), sp in zip(rows, data):
        nomor, sasaran, html = row.split("\t")
        assert sp["raw"] == row
        assert (sp["nomor"], sp["sasaran"]) == (nomor, sasaran)
        paragraphs = re.findall(r"<p>(.*?)</p>", html)
        items = re.findall(r"<li>(.*?)</li>", html)
        assert paragraphs[0] == f"{nomor}. {sp['program']}"
        assert [f"{chr(ord('a') + i)}. {k}" for i, k in enumerate(sp["kegiatan"])] == paragraphs[1:]
        assert [("-" if s == "-" else f"- {s}") for s in sp["sub_kegiatan"]] == items
    assert data[0]["sub_kegiatan"][-1] == "-"  # the empty bullet is kept
    assert len(data[4]["kegiatan"]) == 2 and len(data[4]["sub_kegiatan"]) == 2
    # and the sasaran of Tabel 4 are the sasaran of the Renstra
    assert [sp["sasaran"] for sp in data] == [s["uraian"] for s in renja_sasaran(seed_lines)]


def renja_sasaran(seed_lines):
    rows = data_rows(seed_lines, "Tabel 3.2.2", "Tabel 3.2.3")
    return [{"uraian": r.split("\t")[1]} for r in rows if r.split("\t")[0]]


# =================================================================================== narasi
def paragraphs(section):
    return [p.split("\n") for p in section["teks"].split("\n\n")] if section["teks"] else []


def find_run(prose, lines, start):
    """Index in `prose` where `lines` occur consecutively, searching from `start`; None if nowhere."""
    texts = [t for _, t in prose]
    for i in range(start, len(texts) - len(lines) + 1):
        if texts[i:i + len(lines)] == lines:
            return i
    return None


def heading_index(prose, section, start):
    """Where the section's heading is (first match at or after `start`) and how many lines it takes."""
    texts = [t for _, t in prose]
    if section["nomor"] is not None:
        wanted = [f"{section['nomor']} {section['judul']}"]
    else:
        wanted = [section["judul"], f"BAB {section['bab']} {section['judul']}"]
    for i in range(start, len(texts)):
        for k in (1, 2):
            if " ".join(texts[i:i + k]) in wanted:
                return i, k
    raise AssertionError(f"heading not found: {section['nomor']} {section['judul']}")


@pytest.fixture(scope="module")
def layout(prose, renja):
    """For each section: (heading index, heading length, [paragraph start indices]) in `prose`."""
    result, start = [], 0
    for section in renja["narasi"]:
        h, k = heading_index(prose, section, start)
        starts = []
        for para in paragraphs(section):
            i = find_run(prose, para, h + k)
            assert i is not None, f"{section['nomor']} {section['judul']}: not in the seed: {para[0][:80]}"
            starts.append(i)
        result.append((h, k, starts))
        start = h + k
    return result


def test_narasi_count_and_keys(renja):
    assert len(renja["narasi"]) == N_NARASI
    for section in renja["narasi"]:
        assert set(section) == {"bab", "nomor", "judul", "teks"}
        assert section["bab"] in {"I", "II", "III", "IV", "V"}
    assert [s["nomor"] for s in renja["narasi"] if s["nomor"]] == [
        "1.1.", "1.2.", "1.3.", "1.4.", "2.1", "2.2.", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.3", "2.4", "2.5",
        "3.1", "3.2.", "3.3"]


def test_every_paragraph_is_in_the_seed_inside_its_own_section_in_order(layout, prose, seed_lines, renja):
    previous = -1
    for i, ((h, k, starts), section) in enumerate(zip(layout, renja["narasi"])):
        assert h > previous, "sections out of document order"
        assert bab_of_line(seed_lines, prose[h][0]) == section["bab"]
        end = layout[i + 1][0] if i + 1 < len(layout) else len(prose)
        assert starts == sorted(starts), "paragraphs out of order"
        for s, para in zip(starts, paragraphs(section)):
            assert h < s and s + len(para) <= end, f"paragraph outside its section: {para[0][:80]}"
        previous = h


def test_no_prose_is_missing(layout, prose, renja):
    covered = set()
    for (h, k, starts), section in zip(layout, renja["narasi"]):
        covered.update(range(h, h + k))
        for s, para in zip(starts, paragraphs(section)):
            covered.update(range(s, s + len(para)))
    texts = [t for _, t in prose]
    covered.update(i for i, t in enumerate(texts) if re.fullmatch(r"BAB (I|II|III|IV)", t))
    missing = [
        (n, t) for i, (n, t) in enumerate(prose)
        if FIRST_LINE <= n <= LAST_LINE and n not in NOT_PROSE and i not in covered
    ]
    assert missing == []


def test_narasi_has_no_tables_footers_or_markdown(renja):
    table_titles = {"Tabel. 1", "Tabel 3.1", "Tabel 3.2.1", "Tabel 3.2.2", "Tabel 3.2.3", "Tabel 4.", "Tabel 4.1",
                    "Tabel T-C 29", "T-.C.30", "Tabel T-C.31", "Tabel T-C.32", "Tabel 7", "Tabel. 8"}
    for section in renja["narasi"]:
        for line in section["teks"].split("\n"):
            assert "\t" not in line and "**" not in line and "*" not in line and "<" not in line.replace("< 55", "")
            assert not line.startswith("#") and line == line.strip()
            assert line != FOOTER and line not in table_titles
        assert "\n\n\n" not in section["teks"]


SAMPLE = [  # (bab, nomor, a sentence of the seed that must be in that section's teks)
    ("I", "1.1.", "sehingga mampu memenuhi kebutuhan dasar dan memecahkan berbagai permasalahan sosial yang timbul"),
    ("I", "1.2.", "27. Perda No 7 tahun 2019 Tentang RPJMD Kota Jambi 2018-2023"),
    ("I", "1.3.", "- f. Sebagai tolak ukur dan alat kendali untuk mengevaluasi / penilaian kinerja DPMPPA Kota Jambi "
                  "sampai dengan tahun 2022."),
    ("I", "1.4.", "- BAB V.PENUTUP"),
    ("II", "2.1", "Berdasarkan SKB 3 Menteri Kota Jambi melakukan refocussing sebesar Rp 930.710.829,- untuk "
                  "penanganan covid-19 dan bantuan sosial."),
    ("II", "2.1", "Capaian kegiatan sampai dengan Per Maret 2021 sebagai berikut :"),
    ("II", "2.2.2", "Kegiatan tersebut dievaluasi sampai dengan Per Desember 2020."),
    ("II", "2.2.3", "dapat dilihat pada Daftar Lampiran II : Tabel T-.C.30"),
    ("II", "2.2.4", "DENGAN NILAI CAPAIAN KINERJA SEBESAR : 95,20 %"),
    ("II", "2.3", "17. Belum adanya unit pelayanan khusus yang menangani kasus kekerasan terhadap perempuan dan anak."),
    ("II", "2.5", "tidak ada yang diusulkan dalam bentuk program dan kegiatan tambahan oleh pemangku kepentingan"),
    ("III", "3.1", "Kesemuanya itu diarahkan pada pencapaian kesejahteraan masyarakat."),
    ("III", "3.2.", "Indikator sasaran: Penurunan kasus kekerasan terhadap perempuan"),
    ("III", "3.3", "7. Program Pemberdayaan Lembaga Kemasyarakatan, Lembaga Adat, dan Masyarakat Hukum Adat"),
    ("IV", None, "dengan total anggaran sebesar Rp 12.239.200.000 (Dua Belas Milyar Dua Ratus Tiga Puluh Sembilan "
                 "Juta Dua Ratus Ribu Rupiah)"),
    ("IV", None, "Program Urusan Wajib :"),
    ("V", None, "semoga dapat bermanfaat dan dalam menjalankan tugas kedepannya mempunyai pedoman"),
    ("V", None, "sebagai penjabaran Permendagri Nomor 86 Tahun 2017 tentang Sistem Perencanaan Pembangunan Nasional"),
]


@pytest.mark.parametrize("bab,nomor,sentence", SAMPLE)
def test_sample_sentences_are_captured_in_their_section(seed_text, renja, bab, nomor, sentence):
    assert sentence in seed_text.replace("**", "")
    sections = [s for s in renja["narasi"] if s["bab"] == bab and s["nomor"] == nomor]
    assert len(sections) == 1
    assert sentence in sections[0]["teks"]


def test_the_page_break_inside_a_sentence_of_2_3_is_not_a_paragraph_break(renja):
    (section,) = [s for s in renja["narasi"] if s["nomor"] == "2.3"]
    assert "permasalahan ataupun\nisu yang dihadapi" in section["teks"]


# =================================================================================== statements
EXPECTED_STATEMENTS = [  # (table, key, value)
    ("BAB I", "tahun", "2021"),
    ("BAB I", "tahap", "Perubahan"),
    ("BAB I", "jumlah_bab", "4 (empat)"),
    ("BAB II", "tahun", "2020"),
    ("BAB II", "nama_instansi", "DPMPP"),
    ("BAB II", "tahun", "2021"),
    ("BAB II", "tahun", "2021"),
    ("BAB II", "tahun", "2020"),
    ("BAB III", "tahun", "2021 – 2024"),
    ("BAB III", "jumlah_sasaran", "6 (enam)"),
    ("BAB III", "jumlah_program_urusan", 7),
    ("BAB III", "tahun", "2021"),
    ("BAB III", "indikator_tujuan", "Persentase Pemenuhan Hak dan Perlindungan Anak"),
    ("BAB III", "indikator_tujuan", "Persentase Indeks Pemberdayaan Gender (IDG)"),
    ("BAB III", "indikator_sasaran", "Persentase peningkatan sarana dan prasarana kelurahan dan persentase "
                                     "pemberdayaan masyarakat dalam pengembangan usaha ekonomi dan teknologi tepat guna"),
    ("BAB III", "uraian_sasaran", "Tercapainya standar kota layak anak"),
    ("BAB III", "indikator_sasaran", "Persentase standar Kota layak anak yang terpenuhi"),
]


@pytest.fixture(scope="module")
def my_statements(renja):
    expected = Counter(EXPECTED_STATEMENTS)
    mine = [s for s in renja.get("statements", [])
            if s["table"] in MY_TABLES and (s["table"], s["key"], s["value"]) in expected]
    assert Counter((s["table"], s["key"], s["value"]) for s in mine) == expected
    return mine


def test_statements_are_sentences_of_the_seed_in_their_chapter(my_statements, seed_lines):
    texts = [norm(x) for x in seed_lines]
    for s in my_statements:
        assert set(s) == {"table", "key", "code", "row", "value", "context"}
        where = [n for n, t in enumerate(texts, start=1) if s["context"] in t and "\t" not in seed_lines[n - 1]]
        assert where, f"context not in the seed: {s['context'][:80]}"
        assert "BAB " + bab_of_line(seed_lines, where[0]) == s["table"]
        if isinstance(s["value"], str):
            assert s["value"] in s["context"]


def test_no_bab_iv_statements_here(my_statements):
    assert all(s["table"] != "BAB IV" for s in my_statements)


def test_year_statements_do_not_fit_2022(my_statements):
    for s in my_statements:
        if s["key"] == "tahun":
            years = {int(y) for y in re.findall(r"\d{4}", s["value"])}
            assert years and (2022 not in years or len(years) > 1)
            assert not re.search(r"\b(Undang-Undang|Peraturan|Perda|Permendagri)\b.*" + s["value"], s["context"])


def test_counted_statements_disagree_with_what_the_text_lists(my_statements, renja, renstra, seed_lines):
    by_key = {s["key"]: s for s in my_statements}
    (s14,) = [s for s in renja["narasi"] if s["nomor"] == "1.4."]
    listed_bab = set(re.findall(r"\bBAB (I|II|III|IV|V)\b", s14["teks"]))
    assert listed_bab == {"I", "II", "III", "IV", "V"}
    assert by_key["jumlah_bab"]["value"].startswith("4 ")
    # six sasaran announced, five listed in the prose and in Tabel 3.2.2
    a = line_no(seed_lines, lambda t: t.startswith("Untuk mencapai Tujuan Strategi"))
    b = line_no(seed_lines, lambda t: t.startswith("Kemudian, pada masing-masing sasaran"), a)
    listed = [norm(x) for x in seed_lines[a:b - 1] if re.match(r"\d\. ", norm(x))]
    assert len(listed) == len(renstra["sasaran"]) == 5
    assert by_key["jumlah_sasaran"]["value"].startswith("6 ")
    # the priority programs of 3.3: the numbered list right after the context sentence
    n = line_no(seed_lines, lambda t: t == by_key["jumlah_program_urusan"]["context"])
    items = []
    for raw in seed_lines[n:]:
        t = norm(raw)
        if not t:
            continue
        m = re.match(r"(\d+)\. Program ", t)
        if not m:
            break
        items.append(int(m.group(1)))
    assert items == list(range(1, N_PROGRAM_PRIORITAS_3_3 + 1))
    assert by_key["jumlah_program_urusan"]["value"] == N_PROGRAM_PRIORITAS_3_3


def prose_renstra(seed_lines):
    """The tujuan and sasaran of the 3.2 prose: [(nomor, uraian, [indikator])] twice."""
    def block(first, stop):
        a = line_no(seed_lines, lambda t: t.startswith(first))
        b = line_no(seed_lines, lambda t: t.startswith(stop), a)
        return [norm(x) for x in seed_lines[a:b - 1] if norm(x)]

    def parse(lines):
        items = []
        for t in lines:
            if m := re.fullmatch(r"(\d)\. (.+)", t):
                items.append((m.group(1), m.group(2), []))
            elif m := re.fullmatch(r"Indikator (?:Tujuan|sasaran): (.+)", t):
                items[-1][2].append(m.group(1))
            elif m := re.fullmatch(r"- \d\) (.+)", t):
                items[-1][2].append(m.group(1))
        return items

    return (parse(block("Adapun TUJUAN STRATEGIK", "Sasaran strategik Dinas")),
            parse(block("Untuk mencapai Tujuan Strategi", "Kemudian, pada masing-masing sasaran")))


def test_prose_wordings_that_differ_from_the_tables_are_statements(seed_lines, renstra, my_statements):
    tujuan, sasaran = prose_renstra(seed_lines)
    assert len(tujuan) == N_TUJUAN and len(sasaran) == N_SASARAN
    expected = []
    for kind, prose_items, data in (("tujuan", tujuan, renstra["tujuan"]), ("sasaran", sasaran, renstra["sasaran"])):
        for (nomor, uraian, indikator), item in zip(prose_items, data):
            assert nomor == item["nomor"]
            if not same_words(uraian, item["uraian"]):
                expected.append((f"uraian_{kind}", uraian))
            for text, ind in zip(indikator, item["indikator"]):
                if not same_words(text, ind["uraian"]):
                    expected.append((f"indikator_{kind}", text))
    got = [(s["key"], s["value"]) for s in my_statements
           if s["key"] in {"uraian_tujuan", "indikator_tujuan", "uraian_sasaran", "indikator_sasaran"}]
    assert sorted(got) == sorted(expected)
    assert len(expected) == 5
