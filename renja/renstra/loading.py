"""The Renstra matrix of an exchange document (`renstra.program`), written by the exchange loader with one
bulk insert per table. Values are read by the loader's own readers, so a malformed amount, target or code is
kept as written and reported exactly as in a Renja."""

from renja.core.codes import parse_kode
from renja.exchange import bulk
from renja.exchange.bulk import Row
from renja.exchange.loader import LOADED_FROM_FILE, kode_level, target_without_problem

from .models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

CHILDREN = {"program": ("kegiatan", "kegiatan"), "kegiatan": ("sub_kegiatan", "sub_kegiatan"),
            "sub_kegiatan": (None, None)}
TABLE = "Renstra (matriks)"


def _text(value):
    return "" if value is None else str(value).strip()


# The columns each table's rows are written with (bulk.insert_rows; the others take their defaults). The first
# is the key of the row referred to, filled in once that row is written.
BARIS = ("induk_id", "renstra_id", "tingkat", "urutan", "kode", "kode_asli", "nama", "unit_penanggung_jawab", "lokasi")
PAGU = ("baris_id", "tahun", "pagu", "pagu_teks")
INDIKATOR = ("baris_id", "urutan", "uraian", "satuan", "polaritas", "kondisi_awal_teks", "kondisi_awal",
             "kondisi_akhir_teks", "kondisi_akhir")
TARGET = ("indikator_id", "tahun", "teks", "nilai", "satuan")


def load_matrix(loader, renstra, programs, sasaran_by_nomor):
    """Write the matrix rows of `programs` (the document's list) for `renstra`; returns the count of rows.

    Rows are kept as value tuples, not model instances, and written level by level (a row's parent has its key
    before the row is written), then the tables referring to them, each row's first history record with it."""
    by_level = {"program": [], "kegiatan": [], "sub_kegiatan": []}
    links, pagu_rows, indicators, targets = [], [], [], []
    period = range(renstra.periode_mulai, renstra.periode_selesai + 1)
    order = 0
    rupiah, target, quiet, renstra_id = loader.rupiah, loader.target, target_without_problem, renstra.pk

    def visit(data, level, parent):
        nonlocal order
        order += 1
        label = f"{_text(data.get('kode'))} {_text(data.get('nama'))[:60]}".strip() or f"{level} ke-{order}"
        kode, kode_asli = loader.kode(data.get("kode"), TABLE, label, level=level)
        if kode and kode_level(kode) != level:
            loader.problem(TABLE, label, "kode", kode_asli,
                           f"kode tingkat {parse_kode(kode).level.replace('_', ' ')} dipakai pada baris "
                           f"{level.replace('_', ' ')}")
        row = Row([None, renstra_id, level, order, kode, kode_asli, _text(data.get("nama")),
                   _text(data.get("unit")), _text(data.get("lokasi"))], ((0, parent),))
        to_row = ((0, row),)
        by_level[level].append(row)
        for nomor in data.get("sasaran") or []:
            sasaran = sasaran_by_nomor.get(nomor)
            if sasaran is None:
                loader.problem(TABLE, label, "sasaran", nomor, "sasaran dengan nomor ini tidak ada di Renstra")
            else:
                links.append((row, sasaran))
        for year, value in (data.get("pagu") or {}).items():
            tahun = int(year)
            if tahun not in period:
                loader.problem(TABLE, label, f"pagu {year}", value,
                               f"tahun di luar periode Renstra {renstra.periode_mulai}–{renstra.periode_selesai}")
            amount, text = rupiah(value, TABLE, label, f"pagu {year}")
            pagu_rows.append(Row([None, tahun, amount, text], to_row))
        for position, item in enumerate(data.get("indikator") or []):
            start = loader.target_quietly(item.get("kondisi_awal"))
            end = target(item.get("kondisi_akhir"), TABLE, label, "kondisi akhir")
            satuan = _text(item.get("satuan"))
            indicator = Row([None, position, _text(item.get("uraian")), satuan, item.get("polaritas") or "positif",
                             _text(item.get("kondisi_awal")), start.nilai, end.teks, end.nilai], to_row)
            indicators.append(indicator)
            to_indicator = ((0, indicator),)
            for year, value in (item.get("target") or {}).items():
                parsed = quiet(value) if type(value) is str else None  # as loader.target, no label to write
                if parsed is None:
                    parsed = target(value, TABLE, label, f"target {year}")
                targets.append(Row([None, int(year), parsed.teks, parsed.nilai, parsed.satuan or satuan],
                                   to_indicator))
        key, child_level = CHILDREN[level]
        for child in (data.get(key) or []) if key else []:
            visit(child, child_level, row)

    for program in programs:
        visit(program, "program", None)
    visit = None  # it refers to itself: a cycle that would keep every row alive until the next collection
    for level in ("program", "kegiatan", "sub_kegiatan"):
        _write(BarisRenstra, BARIS, by_level[level])
    BarisRenstra.sasaran.through.objects.bulk_create(
        [BarisRenstra.sasaran.through(barisrenstra_id=row.key, sasaran_id=sasaran.pk) for row, sasaran in links],
        ignore_conflicts=True)
    # each table after the one it refers to; every row's history starts here, as a plan's rows' does
    for model, columns, rows in ((PaguRenstra, PAGU, pagu_rows), (IndikatorRenstra, INDIKATOR, indicators),
                                 (TargetRenstra, TARGET, targets)):
        _write(model, columns, rows)
    return order


def merge_goals(loader, renstra, data):
    """The tujuan and sasaran a matrix document names (a Renstra workbook's Tujuan and Sasaran columns), matched by
    their text with the Renstra's own: a new one is added with its indicators, one already there is kept as it is
    (its indicators and the IKU stay). Returns the document's sasaran nomor → Sasaran, for the programs' links."""
    from renja.plans.models import IndikatorKinerja, Sasaran, TargetKinerja, Tujuan

    def key(text):
        return " ".join((text or "").split()).casefold()

    tujuan_of = {key(t.uraian): t for t in renstra.tujuan.all()}
    sasaran_of = {key(s.uraian): s for s in renstra.sasaran.all()}
    used = {"tujuan": {t.nomor for t in tujuan_of.values()}, "sasaran": {s.nomor for s in sasaran_of.values()}}

    def nomor(kind, wanted):
        number, count = wanted, len(used[kind])
        while not number or number in used[kind]:
            count += 1
            number = str(count)
        used[kind].add(number)
        return number

    loader.renstra_rows = {Tujuan: [], Sasaran: [], IndikatorKinerja: [], TargetKinerja: []}
    by_nomor_tujuan, by_nomor_sasaran, kept = {}, {}, 0
    for item in data.get("tujuan") or []:
        tujuan = tujuan_of.get(key(item["uraian"]))
        if tujuan is None:
            tujuan = Tujuan(renstra=renstra, urutan=len(tujuan_of), nomor=nomor("tujuan", item.get("nomor")),
                            uraian=item["uraian"])
            tujuan_of[key(item["uraian"])] = tujuan
            loader.renstra_rows[Tujuan].append(tujuan)
            loader.renstra_indicators(renstra, item.get("indikator"), jenis="tujuan", tujuan=tujuan)
        else:
            kept += 1
        by_nomor_tujuan[item.get("nomor")] = tujuan
    for item in data.get("sasaran") or []:
        sasaran = sasaran_of.get(key(item["uraian"]))
        if sasaran is None:
            sasaran = Sasaran(renstra=renstra, tujuan=by_nomor_tujuan.get(item.get("tujuan")), urutan=len(sasaran_of),
                              nomor=nomor("sasaran", item.get("nomor")), uraian=item["uraian"])
            sasaran_of[key(item["uraian"])] = sasaran
            loader.renstra_rows[Sasaran].append(sasaran)
            loader.renstra_indicators(renstra, item.get("indikator"), jenis="sasaran", sasaran=sasaran)
        else:
            kept += 1
        by_nomor_sasaran[item.get("nomor")] = sasaran
    for model, rows in loader.renstra_rows.items():
        bulk.insert(model, rows)
    added = len(loader.renstra_rows[Tujuan]) + len(loader.renstra_rows[Sasaran])
    if added or kept:
        loader.notes.append(f"tujuan dan sasaran: {added} ditambahkan, {kept} sudah ada di {renstra} dan tidak "
                            "diubah (indikatornya dan IKU tetap).")
    return by_nomor_sasaran


def _write(model, columns, rows):
    bulk.write_rows(model, columns, rows, LOADED_FROM_FILE)
