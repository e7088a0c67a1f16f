"""Files that are not safe workbooks are refused before they are read, with a clear Indonesian message."""

import zipfile

import pytest

from renja.core.errors import InputRefused
from renja.exchange.workbook import read_workbook
from renja.exchange.workbook.safety import OLE_MAGIC

from .test_workbook_support import build, sample_rows


def refused(path, match):
    with pytest.raises(InputRefused, match=match):
        read_workbook(path)


def test_encrypted_workbook(tmp_path):
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(OLE_MAGIC + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500)
    refused(path, "dilindungi kata sandi")


def test_old_xls(tmp_path):
    path = tmp_path / "lama.xlsx"
    path.write_bytes(OLE_MAGIC + b"\0" * 2000)
    refused(path, r"\.xls\) tidak dibaca")


def test_not_a_workbook_and_corrupt(tmp_path):
    text = tmp_path / "teks.xlsx"
    text.write_text("Kode;Program\n", encoding="utf-8")
    refused(text, "bukan buku kerja Excel")
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    refused(empty, "berkas kosong")
    good = build(tmp_path / "baik.xlsx", sample_rows()).read_bytes()
    cut = tmp_path / "potong.xlsx"
    cut.write_bytes(good[: len(good) // 2])
    refused(cut, "rusak")
    other_zip = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "bukan excel")
    refused(other_zip, "isinya bukan lembar kerja")


def test_zip_bomb(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as handle:
            chunk = b"<row/>" * 100000
            for _ in range(80):  # 48 MB of XML that packs into a few tens of kilobytes
                handle.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    refused(path, "bom zip")


def test_too_big_and_too_many_rows(tmp_path, settings):
    path = build(tmp_path / "a.xlsx", sample_rows())
    settings.RENJA_IMPORT_MAX_BYTES = 1000
    refused(path, "terlalu besar")
    settings.RENJA_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    settings.RENJA_IMPORT_MAX_ROWS = 10
    refused(path, "batasnya 10 baris")


def test_file_not_found(tmp_path):
    refused(tmp_path / "tidak-ada.xlsx", "tidak ditemukan")


def test_a_damaged_part_is_refused_not_a_crash(tmp_path):
    good = build(tmp_path / "a.xlsx", sample_rows())
    damaged = tmp_path / "b.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 3]  # XML cut in the middle
            target.writestr(item, data)
    refused(damaged, "rusak")
