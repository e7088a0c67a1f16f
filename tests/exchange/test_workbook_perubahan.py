"""The Renja Perubahan layout: target and pagu before and after the change, and several pagu columns."""

import pytest

from renja.core.errors import InputRefused
from renja.exchange.workbook import read_workbook

from .test_workbook_support import PERUBAHAN_COLUMNS, build

TITLE = ["RENCANA KERJA PERUBAHAN PERANGKAT DAERAH", "Perangkat Daerah : DINAS SOSIAL KOTA CONTOH", "TAHUN 2026"]


def rows():
    return [
        {"kode": "1.06.02", "uraian": "PROGRAM REHABILITASI SOSIAL", "pagu_sebelum": "900.000.000",
         "pagu_n": "950.000.000"},
        {"kode": "1.06.02.2.01", "uraian": "Rehabilitasi Sosial Dasar"},
        {"kode": "1.06.02.2.01.0001", "uraian": "Pemberian Permakanan", "indikator": "Jumlah penerima",
         "target_sebelum": "100 Orang", "target_n": "120 Orang", "pagu_sebelum": "900.000.000",
         "pagu_n": "950.000.000", "rkpd": "880.000.000", "apbd": "900.000.000", "rkpd_perubahan": "950.000.000",
         "lokasi": "Kota Contoh", "sumber_dana": "APBD"},
    ]


def sub(document):
    return document["renja"]["program"][0]["kegiatan"][0]["sub_kegiatan"][0]


def test_before_and_after_and_each_pagu_column(tmp_path, monkeypatch):
    monkeypatch.setattr("renja.exchange.workbook._known_keys", lambda: None)  # the document as read, whole
    reading = read_workbook(build(tmp_path / "p.xlsx", rows(), columns=PERUBAHAN_COLUMNS, title=TITLE))
    assert reading.layout == "perubahan"
    document = reading.document
    assert document["renja"]["tahap"] == "perubahan"
    assert document["perangkat_daerah"]["nama"] == "DINAS SOSIAL KOTA CONTOH"
    node = sub(document)
    assert node["pagu_n"] == "950.000.000" and node["pagu_sebelum"] == "900.000.000"
    assert node["pagu_kolom"] == {"rkpd": "880.000.000", "apbd": "900.000.000", "rkpd_perubahan": "950.000.000"}
    assert node["indikator"] == [{"uraian": "Jumlah penerima", "target_n": "120 Orang", "target_sebelum": "100 Orang"}]
    program = document["renja"]["program"][0]
    assert program["stated"] == {"pagu_n": "950.000.000"}
    assert {"table": "T-C.33", "key": "pagu_sebelum", "code": "1.06.02", "row": "PROGRAM REHABILITASI SOSIAL",
            "value": "900.000.000"} in document["renja"]["statements"]


def test_keys_the_loader_does_not_know_are_reported_not_dropped_silently(tmp_path):
    from renja.exchange.workbook import _known_keys

    reading = read_workbook(build(tmp_path / "p.xlsx", rows(), columns=PERUBAHAN_COLUMNS, title=TITLE))
    known = _known_keys()
    for key in ("pagu_sebelum", "pagu_kolom"):
        if key in known["sub_kegiatan"]:
            assert key in sub(reading.document)
        else:
            assert key not in sub(reading.document)
            assert any(p.value == key and "tidak dimuat" in p.why for p in reading.problems)
    from renja.exchange.loader import load_document

    report = load_document(reading.document)  # whatever this version knows, the document loads
    assert report.counts["sub_kegiatan"] == 1


def without_pagu_n():
    columns = [c for c in PERUBAHAN_COLUMNS if c[0] not in ("pagu_n", "pagu_sebelum")]
    return columns, [{k: v for k, v in r.items() if k not in ("pagu_n", "pagu_sebelum")} for r in rows()]


def test_several_pagu_columns_and_none_for_n_is_refused_with_the_columns_listed(tmp_path):
    columns, data = without_pagu_n()
    path = build(tmp_path / "p.xlsx", data, columns=columns, title=TITLE)
    with pytest.raises(InputRefused) as refused:
        read_workbook(path)
    message = str(refused.value)
    assert "--pagu" in message and "rkpd" in message and "apbd" in message and "rkpd_perubahan" in message
    with pytest.raises(InputRefused, match="tidak cocok"):
        read_workbook(path, pagu="dak")


def test_pagu_option_chooses_the_pagu_n_column(tmp_path, monkeypatch):
    monkeypatch.setattr("renja.exchange.workbook._known_keys", lambda: None)
    columns, data = without_pagu_n()
    path = build(tmp_path / "p.xlsx", data, columns=columns, title=TITLE)
    assert sub(read_workbook(path, pagu="apbd").document)["pagu_n"] == "900.000.000"
    assert sub(read_workbook(path, pagu="RKPD Perubahan").document)["pagu_n"] == "950.000.000"
