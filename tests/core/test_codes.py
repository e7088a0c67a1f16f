import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.core.codes import KodeError, parse_kode


@pytest.mark.parametrize(
    "text, normalised, level",
    [
        ("2.08.02.2.01.0007", "2.08.02.2.01.0007", "sub_kegiatan"),
        ("2.08.02.2.01.07", "2.08.02.2.01.0007", "sub_kegiatan"),
        ("2\t08\t01\t02.02\t03", "2.08.01.2.02.0003", "sub_kegiatan"),
        ("2\t1 3\t5\t02.0 1\t0 3", "2.13.05.2.01.0003", "sub_kegiatan"),
        ("2\t08\t03", "2.08.03", "program"),
        ("2 08 03", "2.08.03", "program"),
        ("X.XX.01", "X.XX.01", "program"),
        ("2.08.03.2.01", "2.08.03.2.01", "kegiatan"),
        ("<b>2.08</b>", "2.08", "bidang_urusan"),
    ],
)
def test_reads_codes_as_documents_write_them(text, normalised, level):
    kode = parse_kode(text)
    assert str(kode) == normalised
    assert kode.level == level


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2\t0\t0\t2.01\t0", "bidang urusan '0'"),
        ("2\t081", "bidang urusan '081'"),
        ("2\t08\t01\t2.0", "kegiatan '0'"),
        ("2.08.02.2", "tidak lengkap"),
        ("2.08.02.2.01.7", "sub kegiatan '7'"),
        ("", "kosong"),
        ("2.0a.01", "bukan angka"),
    ],
)
def test_unreadable_codes_say_why(text, reason):
    with pytest.raises(KodeError, match=reason):
        parse_kode(text)


def test_normalisations_are_noted():
    assert parse_kode("2.08.02.2.01.07").notes
    assert not parse_kode("2.08.02.2.01.0007").notes


def test_parent_and_penunjang():
    kode = parse_kode("2.08.01.2.02.0003")
    assert str(kode.parent) == "2.08.01.2.02"
    assert str(kode.parent.parent) == "2.08.01"
    assert kode.is_penunjang
    assert not parse_kode("2.08.03").is_penunjang


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@given(u=st.integers(1, 9), b=st.integers(0, 99), p=st.integers(0, 99), k=st.integers(1, 8),
       kk=st.integers(0, 99), s=st.integers(0, 9999))
def test_any_wellformed_code_round_trips(u, b, p, k, kk, s):
    text = f"{u}.{b:02d}.{p:02d}.{k}.{kk:02d}.{s:04d}"
    assert str(parse_kode(text)) == text
    assert str(parse_kode(text.replace(".", "\t"))) == text


@pytest.mark.parametrize(
    "text, level, normalised",
    [("2\t081", "program", "2.08.01"), ("2\t081\t02.01", "kegiatan", "2.08.01.2.01"),
     ("2\t081\t02.02\t01", "sub_kegiatan", "2.08.01.2.02.0001")],
)
def test_merged_cells_are_split_by_the_rows_level_and_the_guess_is_recorded(text, level, normalised):
    kode = parse_kode(text, level=level)
    assert str(kode) == normalised
    assert kode.assumptions and "081" in kode.assumptions[0]


def test_merged_cells_are_not_guessed_without_a_level_or_when_digits_are_lost():
    with pytest.raises(KodeError):
        parse_kode("2\t081")
    with pytest.raises(KodeError, match="bidang urusan '0'"):
        parse_kode("2\t0\t0", level="program")
    assert not parse_kode("2.08.01", level="program").assumptions
