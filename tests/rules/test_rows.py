import pytest

from .helpers import clean_document, findings, view_of

pytestmark = pytest.mark.django_db


def kegiatan(document, program=0, index=0):
    return document["renja"]["program"][program]["kegiatan"][index]


def test_clean_plan_has_no_empty_row():
    assert findings("BARIS-KOSONG", view_of(clean_document())) == []


def test_row_with_only_a_code_is_one_finding_listing_what_is_missing():
    document = clean_document()
    kegiatan(document, program=1)["sub_kegiatan"].append({"kode": "2.08.07.2.01.0003", "nama": None})
    [finding] = findings("BARIS-KOSONG", view_of(document))
    assert (finding.code, finding.expected, finding.found) == ("2.08.07.2.01.0003", "nama, indikator, target, pagu",
                                                               "2.08.07.2.01.0003")
    assert finding.severity == "error" and "hanya berisi kode" in finding.message


def test_row_without_code_and_name_names_its_place():
    document = clean_document()
    program = document["renja"]["program"][1]
    program["kegiatan"].insert(0, {"kode": "", "nama": None, "sub_kegiatan": program["kegiatan"].pop(0)["sub_kegiatan"]})
    [finding] = findings("BARIS-KOSONG", view_of(document))
    assert (finding.code, finding.expected, finding.found) == (None, "kode, nama, indikator, target", None)
    assert "di bawah program 2.08.07 PROGRAM PERLINDUNGAN KHUSUS ANAK" in finding.message
    assert "di atas sub kegiatan 2.08.07.2.01.0002 Koordinasi dan Sinkronisasi Pencegahan" in finding.message


def test_row_with_a_name_but_no_indicator_and_no_pagu_is_reported_here_and_not_by_ind_ada():
    document = clean_document()
    kegiatan(document, program=1)["sub_kegiatan"].append({"kode": "2.08.07.2.01.0003", "nama": "Sub kegiatan baru"})
    view = view_of(document)
    [finding] = findings("BARIS-KOSONG", view)
    assert (finding.code, finding.expected) == ("2.08.07.2.01.0003", "indikator, target, pagu")
    assert findings("IND-ADA", view) == []


def test_sub_kegiatan_missing_only_its_pagu_is_left_to_the_money_rules():
    document = clean_document()
    sub = kegiatan(document, program=1)["sub_kegiatan"][0]
    sub["pagu_n"] = sub["pagu_n1"] = None
    assert findings("BARIS-KOSONG", view_of(document)) == []


def test_demo_code_only_rows_and_the_placeholder_kegiatan(demo_view):
    result = findings("BARIS-KOSONG", demo_view)
    # Seed lines 1096-1101: "2 081" and the code-only rows below it; and the kegiatan the document does not write
    # between PROGRAM PEMENUHAN HAK ANAK (line 1160) and its sub kegiatan (line 1161).
    assert [(f.code, f.expected, f.found) for f in result] == [
        ("2.08.01", "nama, indikator, target", "2 081"),
        ("2.08.01.2.01", "nama, indikator, target, pagu", "2 081 02.01"),
        ("2.08.01.2.01.0001", "nama, indikator, target, pagu", "2 081 02.01 01"),
        ("2.08.01.2.01.0006", "nama, indikator, target, pagu", "2 081 02.01 06"),
        ("2.08.01.2.02", "nama, indikator, target", "2 081 02.02"),
        ("2.08.01.2.02.0001", "nama, indikator, target, pagu", "2 081 02.02 01"),
        (None, "kode, nama, indikator, target", None),
    ]
    # A program or kegiatan has a pagu when its sub kegiatan have one (2.08.01.2.02.0003 and 0007 for 2 081 02.02),
    # even though the row itself writes none: only a code.
    assert all("hanya berisi kode" in f.message for f in result[:6])
    assert "di bawah program 2 0 0 PROGRAM PEMENUHAN HAK ANAK" in result[-1].message
