"""What changed between two stages (workflow.diff.compare): on views made by hand, with the expectations worked
out by hand, and on a Renja Perubahan edited in the database."""

from renja.plans.models import Indikator, SubKegiatan
from renja.plans.view import IndicatorView, Node, PlanView, build_view, target
from renja.workflow.diff import Change, compare
from renja.workflow.transitions import perform
from tests.workflow.people_and_plans import load_clean, people_for, set_status


def indicator(uraian, n, n1):
    return IndicatorView(uraian=uraian, target_n=target(n), target_n1=target(n1))


def sub(kode, nama, pagu_n, pagu_n1, lokasi="Kota Contoh", sumber="APBD", indicators=()):
    return Node("sub_kegiatan", kode=kode, nama=nama, pagu_n=pagu_n, pagu_n1=pagu_n1, lokasi=lokasi,
                sumber_dana=sumber, indicators=list(indicators))


def tree(*programs):
    """programs: (kode, nama, [(kode, nama, [sub nodes])]); parents wired as build_view wires them."""
    view = PlanView(tahun=2025)
    for p_kode, p_nama, kegiatan in programs:
        program = Node("program", kode=p_kode, nama=p_nama)
        for k_kode, k_nama, subs in kegiatan:
            node = Node("kegiatan", kode=k_kode, nama=k_nama, parent=program)
            for s in subs:
                s.parent = node
                node.children.append(s)
            program.children.append(node)
        view.programs.append(program)
    return view


def old_view():
    return tree(
        ("2.08.01", "PROGRAM PENUNJANG", [("2.08.01.2.02", "Administrasi Keuangan", [
            sub("2.08.01.2.02.0001", "Penyediaan Gaji", 350_000_000, 385_000_000,
                indicators=[indicator("Jumlah Orang", "40 Orang", "40 Orang")]),
            sub("2.08.01.2.02.0007", "Laporan Keuangan", 50_000_000, 55_000_000,
                indicators=[indicator("Jumlah Laporan", "12 Laporan", "12 Laporan")]),
        ])]),
        ("2.08.07", "PROGRAM PERLINDUNGAN KHUSUS ANAK", [("2.08.07.2.01", "Pencegahan Kekerasan", [
            sub("2.08.07.2.01.0002", "Koordinasi Pencegahan", 500_000_000, 550_000_000, sumber="APBD, DAK",
                indicators=[indicator("Jumlah Koordinasi", "5 Kali", "5 Kali"),
                            indicator("Jumlah Peserta", "100 Orang", "100 Orang")]),
            sub("", "Sub kegiatan tanpa kode", 10_000_000, 11_000_000),
        ])]),
    )


def new_view():
    return tree(
        ("2.08.01", "PROGRAM PENUNJANG", [("2.08.01.2.02", "Administrasi Keuangan", [
            sub("2.08.01.2.02.0001", "Penyediaan Gaji", 350_000_000, 385_000_000,
                indicators=[indicator("Jumlah Orang", "40 Orang", "40 Orang")]),
            # 0007 removed; 0008 added
            sub("2.08.01.2.02.0008", "Penyusunan Pelaporan", 20_000_000, 22_000_000),
        ])]),
        ("2.08.07", "PROGRAM PERLINDUNGAN KHUSUS ANAK", [("2.08.07.2.01", "Pencegahan Kekerasan", [
            sub("2.08.07.2.01.0002", "Koordinasi Pencegahan", 450_000_000, 550_000_000, lokasi="Kecamatan Telanaipura",
                sumber="APBD, DAK", indicators=[indicator("Jumlah Koordinasi", "4 Kali", "5 Kali"),
                                                indicator("Jumlah Rapat", "2 Kali", "2 Kali")]),
            # no code: matched by level, parent code and name (spacing and case do not matter)
            sub("", "sub kegiatan  TANPA kode", 10_000_000, 11_000_000),
        ])]),
    )


def test_added_removed_and_changed_rows_by_hand():
    result = compare(old_view(), new_view())
    assert [(r.level, r.code, r.label, r.pagu_n, r.pagu_n1) for r in result.added] == [
        ("sub_kegiatan", "2.08.01.2.02.0008", "Penyusunan Pelaporan", 20_000_000, 22_000_000)]
    assert [(r.level, r.code, r.label, r.pagu_n, r.pagu_n1) for r in result.removed] == [
        ("sub_kegiatan", "2.08.01.2.02.0007", "Laporan Keuangan", 50_000_000, 55_000_000)]
    assert [(r.code, r.changes) for r in result.changed] == [
        ("2.08.07.2.01.0002", [
            Change("Pagu n", 500_000_000, 450_000_000, money=True),
            Change("Lokasi", "Kota Contoh", "Kecamatan Telanaipura"),
            Change("Indikator dihapus", "Jumlah Peserta", ""),
            Change("Target n: Jumlah Koordinasi", "5 Kali", "4 Kali"),
            Change("Indikator ditambahkan", "", "Jumlah Rapat"),
        ]),
        # matched despite the name's spacing and case; the name's new spelling is a change worth seeing
        (None, [Change("Nama", "Sub kegiatan tanpa kode", "sub kegiatan TANPA kode")]),
    ]
    # old: 350 + 50 + 500 + 10 = 910 million (n), 385 + 55 + 550 + 11 = 1001 million (n+1)
    # new: 350 + 20 + 450 + 10 = 830 million (n), 385 + 22 + 550 + 11 = 968 million (n+1)
    assert (result.total_n_old, result.total_n_new, result.diff_n) == (910_000_000, 830_000_000, -80_000_000)
    assert (result.total_n1_old, result.total_n1_new, result.diff_n1) == (1_001_000_000, 968_000_000, -33_000_000)
    assert result.has_changes


def test_identical_views_have_no_changes():
    result = compare(old_view(), old_view())
    assert (result.added, result.removed, result.changed, result.diff_n, result.has_changes) == ([], [], [], 0,
                                                                                                  False)


def test_a_removed_program_lists_its_rows_and_sumber_dana_and_n1_changes_show():
    old = old_view()
    new = tree(("2.08.01", "PROGRAM PENUNJANG", [("2.08.01.2.02", "Administrasi Keuangan", [
        sub("2.08.01.2.02.0001", "Penyediaan Gaji", 350_000_000, 400_000_000, sumber="APBD, DAU",
            indicators=[indicator("Jumlah Orang", "40 Orang", "42 Orang")]),
        sub("2.08.01.2.02.0007", "Laporan Keuangan", 50_000_000, 55_000_000,
            indicators=[indicator("Jumlah Laporan", "12 Laporan", "12 Laporan")]),
    ])]))
    result = compare(old, new)
    assert [(r.level, r.code) for r in result.removed] == [
        ("program", "2.08.07"), ("kegiatan", "2.08.07.2.01"), ("sub_kegiatan", "2.08.07.2.01.0002"),
        ("sub_kegiatan", None)]
    assert result.removed[0].pagu_n == 510_000_000  # the program's total: 500 + 10 million
    assert result.added == []
    assert [(r.code, r.changes) for r in result.changed] == [("2.08.01.2.02.0001", [
        Change("Pagu n+1", 385_000_000, 400_000_000, money=True),
        Change("Sumber dana", "APBD", "APBD, DAU"),
        Change("Target n+1: Jumlah Orang", "40 Orang", "42 Orang"),
    ])]


def test_a_perubahan_edited_in_the_database():
    final = set_status(load_clean(tahap="final"), "ditetapkan")
    perubahan = perform(final, people_for(final)["operator"], "perubahan")
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=perubahan)
    changed = subs.get(kode="2.08.07.2.01.0002")
    changed.pagu_n = 480_000_000
    changed.save()
    Indikator.objects.filter(sub_kegiatan=changed).update(target_n_teks="6 Kali")
    removed = subs.get(kode="2.08.01.2.02.0007")
    removed.delete()

    result = compare(build_view(final), build_view(perubahan))
    assert [r.code for r in result.removed] == ["2.08.01.2.02.0007"]
    assert result.added == []
    assert [(r.code, r.changes) for r in result.changed] == [("2.08.07.2.01.0002", [
        Change("Pagu n", 500_000_000, 480_000_000, money=True),
        Change("Target n: Jumlah Koordinasi", "5 Kali", "6 Kali"),
    ])]
    # the clean plan: 350 + 50 + 500 = 900 million; then - 50 (removed) - 20 (changed) = 830 million
    assert (result.total_n_old, result.total_n_new) == (900_000_000, 830_000_000)


def test_every_field_and_the_stated_totals_are_compared():
    from renja.plans.view import StatementView

    old, new = old_view(), old_view()
    old_sub, new_sub = old.programs[0].children[0].children[0], new.programs[0].children[0].children[0]
    new_sub.catatan = "prioritas"
    new_sub.pagu_sebelum, new_sub.pagu_sebelum_teks = 300_000_000, "300.000.000"
    old_sub.pagu_kolom = {"apbd": (340_000_000, "340.000.000")}
    new_sub.pagu_kolom = {"apbd": (345_000_000, "345.000.000")}
    new_sub.indicators[0].polaritas = "negatif"
    new_sub.indicators[0].target_renstra = target("45 Orang")
    old.programs[0].stated = {"pagu_n": StatementView("T-C.33", "pagu_n", text="400.000.000"),
                              "pagu_n1": StatementView("T-C.33", "pagu_n1", text="440.000.000")}
    new.programs[0].stated = {"pagu_n": StatementView("T-C.33", "pagu_n", text="410.000.000")}  # n+1: not stated
    result = compare(old, new)
    changes = {c.label: (c.old, c.new) for row in result.changed for c in row.changes}
    assert changes == {
        "Catatan": ("", "prioritas"),
        "Pagu sebelum perubahan": (None, 300_000_000),
        "Pagu APBD": (340_000_000, 345_000_000),
        "Polaritas: Jumlah Orang": ("positif", "negatif"),
        "Target akhir Renstra: Jumlah Orang": ("", "45 Orang"),
        "Dinyatakan: pagu n": ("400.000.000", "410.000.000"),
    }
