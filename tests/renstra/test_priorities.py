"""The programs serving each prioritas daerah (renja/renstra/priorities.py) on the demo plan: its Tabel 3.1 names
for priority 1 an indicator that is the Renstra's sasaran 1's, whose Tabel 4 row names a program cut short
("… MASYARAKAT HUKUM"); the two other priorities reach no program (their sasaran PD and indicators are worded
unlike any Renstra sasaran), so the RKPD lists the PD's whole plan under them."""

import pytest
from django.db.models import Sum

from renja.exchange.loader import load_file
from renja.plans.models import Program, SubKegiatan
from renja.plans.rkpd import compile_rkpd
from renja.renstra.priorities import norm, program_links

pytestmark = pytest.mark.django_db


def test_norm_drops_list_numbers_case_spacing_and_trailing_dots():
    assert norm(" 1. Program  Pemenuhan Hak Anak. ") == "program pemenuhan hak anak"
    assert norm("a) Kegiatan X") == "kegiatan x" and norm(None) == ""


def test_the_demo_s_first_priority_gathers_its_program_and_the_others_say_they_cannot():
    renja = load_file("renja/demo/jambi_2022").renja
    rkpd = compile_rkpd(renja.perangkat_daerah.pemda, 2022)
    by_name = {p.nama: p for p in rkpd.prioritas}
    (first,) = by_name["Meningkatkan Partisipasi Dalam Pembangunan"].children
    assert first.linked and [p.kode for p in first.children] == ["2.13.05"]
    own = SubKegiatan.objects.filter(kegiatan__program__renja=renja, kegiatan__program__kode="2.13.05").aggregate(
        n=Sum("pagu_n"))["n"]
    assert first.pagu_n == own and own > 0
    whole = SubKegiatan.objects.filter(kegiatan__program__renja=renja).aggregate(n=Sum("pagu_n"))["n"]
    for name in ("Meningkatkan Kesetaraan Gender", "Pemenuhan Hak dan Perlindungan Anak"):
        (pd,) = by_name[name].children
        assert not pd.linked and pd.pagu_n == whole


def test_a_name_cut_short_that_two_programs_begin_with_links_neither():
    renja = load_file("renja/demo/jambi_2022").renja
    rows = [(p.pk, p.renja_id, p.kode, p.nama) for p in Program.objects.filter(renja=renja)]
    program = next(r for r in rows if r[2] == "2.13.05")
    twin = (program[0] + 10_000, renja.pk, "2.13.06", program[3] + " LAINNYA")  # begins with the same words
    links = program_links([renja], rows + [twin])
    assert links[0][1] == "Meningkatkan Partisipasi Dalam Pembangunan" and links[0][2] == set()
