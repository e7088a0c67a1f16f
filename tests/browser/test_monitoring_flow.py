"""Monitoring a plan in force in a real browser (Debian's chromium driven by Playwright):

an operator enters a quarter's realisation through the form (Indonesian amounts, a fisik that may not fall),
downloads the realisation template, fills a later quarter in it and uploads it (and a bad file, refused with its
sheet, row and column, changing nothing); the monitoring page draws the S-curve; a verifier ranks the PDs and
may read but not write the realisation; the demo's operator reads the 2021 evaluation measured again. Screenshots
land in test-artifacts/screenshots/monitoring-*.png.
"""

import io

import openpyxl
import pytest

from renja.demo.setup import PASSWORD as DEMO_PASSWORD
from renja.demo.setup import create_demo_users, load_demo_data
from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.monitoring.spreadsheet import QUARTER_COLUMNS
from renja.organizations.models import Profil
from renja.plans.models import Indikator, Renja, SubKegiatan
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

COL = {c.key: i for i, c in enumerate(QUARTER_COLUMNS, start=1)}
SUB_CODE = "1.01.03.2.02.0001"  # the only sub kegiatan of its kegiatan and of its program
SUB_PAGU = 50_000_000


@pytest.fixture
def plan():
    """The synthetic plan 0 with 6 sub kegiatan, in force (set directly), the chosen sub kegiatan's pagu set to
    Rp 50.000.000; an operator of its PD and a verifier of its Pemda."""
    renja = load_plan(0, subs=6)
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
    renja.refresh_from_db()
    sub = SubKegiatan.objects.get(kegiatan__program__renja=renja, kode=SUB_CODE)
    sub.pagu_n = SUB_PAGU
    sub.save()
    pd = renja.perangkat_daerah
    make_user("operator_pd", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    make_user("verifikator_pd", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
    return renja


def click_and_wait(page, selector):
    """Click something that loads a new page, and wait for that page (not the one before it)."""
    with page.expect_navigation():
        page.click(selector)


def cells(page, row_selector):
    """The texts of a table row's cells, spaces collapsed."""
    return [" ".join(t.split()) for t in page.locator(f"{row_selector} > td").all_inner_texts()]


def fits_the_window(page, selector):
    """Whether the table is shown whole, without scrolling its box sideways, in the 1366 px window."""
    return page.locator(selector).evaluate(
        "t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"
        " && t.getBoundingClientRect().right <= window.innerWidth")


def fill_quarter(content, sheet, sub, **values):
    """The downloaded template with `values` (column key → value) written on the sub kegiatan's row of `sheet`."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb[sheet]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, COL["id"]).value == f"S-{sub.pk}")
    for key, value in values.items():
        ws.cell(row, COL[key]).value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), row


def upload(page, name, content):
    page.set_input_files("#berkas", files=[{
        "name": name, "buffer": content,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    click_and_wait(page, "button:has-text('Unggah dan muat')")


def test_realisation_entry_upload_monitoring_and_ranking(plan, new_page, screenshot):
    sub = SubKegiatan.objects.get(kegiatan__program__renja=plan, kode=SUB_CODE)
    indikator = Indikator.objects.get(sub_kegiatan=sub)
    sub_row = f"#baris-sub-kegiatan-{sub.id}"

    # --- 1. the operator enters TW I through the form -------------------------------------------------------
    operator = new_page()
    sign_in(operator, "operator_pd", PASSWORD)
    click_and_wait(operator, f"a[href='/renja/{plan.id}/']")
    click_and_wait(operator, "a.button:has-text('Realisasi')")
    assert operator.url.endswith(f"/renja/{plan.id}/realisasi/1/")
    assert operator.locator("nav.quarter-tabs a.active").inner_text() == "TW I"
    with operator.expect_navigation():
        operator.locator(sub_row).locator("a:has-text('Isi realisasi')").click()
    operator.fill("#id_keuangan", "12.500.000")
    operator.fill("#id_fisik", "20,5")
    operator.fill(f"input[name=indikator-{indikator.id}-teks]", "5 Dokumen")
    operator.fill("#id_faktor_penghambat", "Pengadaan narasumber baru selesai akhir Maret.")
    click_and_wait(operator, "button:has-text('Simpan')")
    assert f"/renja/{plan.id}/realisasi/1/" in operator.url
    assert f"Realisasi Triwulan I sub kegiatan {SUB_CODE} disimpan." in operator.locator(".messages").inner_text()
    # Kode, nama, pagu, rencana TW ini, realisasi TW ini, kumulatif, % pagu, fisik, indikator, aksi.
    # No rencana was entered: the Pemda's default profile plans 25 % of the pagu in TW I = 12.500.000;
    # 12.500.000 of a pagu of 50.000.000 = 25,00 %.
    row = cells(operator, sub_row)
    assert row[0] == SUB_CODE and row[2] == "50.000.000"
    assert row[3:8] == ["12.500.000", "12.500.000", "12.500.000", "25,00 %", "20,50 %"]
    assert "realisasi: 5 Dokumen" in row[8] and "target: 19 Dokumen" in row[8]
    # its kegiatan and program hold only this sub kegiatan: the same figures one level up
    program_id = sub.kegiatan.program_id
    assert cells(operator, f"#baris-program-{program_id}")[5:8] == ["12.500.000", "25,00 %", "20,50 %"]
    # the plan's total: 12.500.000 of 16.120.000.000 + 691.875.000 + 369.203.000 + 50.000.000 + 385.830.000
    # + 593.106.000 = 18.210.014.000 → 0,0686 % → 0,07 %
    assert operator.locator("#total-kumulatif").inner_text() == "12.500.000"
    assert operator.locator("#total-persen").inner_text() == "0,07 %"
    record = RealisasiSubKegiatan.objects.get(sub_kegiatan=sub, triwulan=1)
    assert (record.keuangan, str(record.fisik), record.keuangan_teks) == (12_500_000, "20.50", "12.500.000")
    assert RealisasiIndikator.objects.get(indikator=indikator, triwulan=1).teks == "5 Dokumen"
    assert fits_the_window(operator, "table.realisation")  # the row's links are not pushed off the screen
    screenshot(operator, "monitoring-01-realisasi-tw1")

    # TW II: a fisik below TW I's is refused beside the field, in Indonesian, and nothing is stored
    operator.goto(f"/renja/{plan.id}/realisasi/2/sub-kegiatan/{sub.id}/")
    operator.fill("#id_keuangan", "10.000.000")
    operator.fill("#id_fisik", "10")
    click_and_wait(operator, "button:has-text('Simpan')")
    fisik_field = operator.locator(".field.field-error", has=operator.locator("#id_fisik"))
    assert fisik_field.count() == 1
    assert ("realisasi fisik 10 % lebih rendah dari realisasi fisik kumulatif Triwulan I (20,5 %)"
            in fisik_field.locator(".errorlist").inner_text())
    assert operator.locator(".field.field-error", has=operator.locator("#id_keuangan")).count() == 0
    assert operator.input_value("#id_fisik") == "10"  # the form keeps what was typed
    assert not RealisasiSubKegiatan.objects.filter(sub_kegiatan=sub, triwulan=2).exists()
    screenshot(operator, "monitoring-02-fisik-ditolak")
    operator.fill("#id_fisik", "35")
    click_and_wait(operator, "button:has-text('Simpan')")
    # cumulative 12.500.000 + 10.000.000 = 22.500.000 of 50.000.000 = 45,00 %
    assert cells(operator, sub_row)[4:8] == ["10.000.000", "22.500.000", "45,00 %", "35,00 %"]

    # --- 2. the template, filled for TW III, uploaded; then a bad file ------------------------------------------
    click_and_wait(operator, "a:has-text('Unggah realisasi (Excel)')")
    with operator.expect_download() as info:
        operator.click("a.button:has-text('Unduh Realisasi-')")
    download = info.value
    assert download.suggested_filename == f"Realisasi-{plan.tahun}-Disdik-{plan.tahap}.xlsx"
    with open(download.path(), "rb") as file:
        template = file.read()
    wb = openpyxl.load_workbook(io.BytesIO(template))
    assert wb.sheetnames[:4] == ["TW I", "TW II", "TW III", "TW IV"]
    good, _ = fill_quarter(template, "TW III", sub, keuangan="15.000.000", fisik="60")
    upload(operator, "realisasi-tw3.xlsx", good)
    assert operator.url.endswith(f"/renja/{plan.id}/realisasi/1/")
    message = operator.locator(".messages").inner_text()
    # TW I holds the sub kegiatan's record and its indicator's, TW II the sub kegiatan's: all as the template
    # wrote them, so unchanged; TW III gets one new row
    assert "Realisasi dari 'realisasi-tw3.xlsx' dimuat." in message
    assert "TW I: 0 baris baru, 0 diperbarui, 2 tidak berubah" in message
    assert "TW II: 0 baris baru, 0 diperbarui, 1 tidak berubah" in message
    assert "TW III: 1 baris baru, 0 diperbarui, 0 tidak berubah" in message
    stored = RealisasiSubKegiatan.objects.get(sub_kegiatan=sub, triwulan=3)
    assert (stored.keuangan, str(stored.fisik)) == (15_000_000, "60.00")

    operator.goto(f"/renja/{plan.id}/realisasi/unggah/")
    bad, bad_row = fill_quarter(template, "TW III", sub, keuangan="15.000.000", fisik=120)
    before = list(RealisasiSubKegiatan.objects.order_by("id").values_list("id", "triwulan", "keuangan", "fisik",
                                                                          "versi"))
    upload(operator, "realisasi-salah.xlsx", bad)
    errors = operator.locator("#kesalahan").inner_text()
    assert "Berkas tidak dimuat; tidak ada yang diubah." in errors and "1 kesalahan ditemukan" in errors
    assert f"Sheet 'TW III', baris {bad_row}, kolom H (Realisasi fisik): '120' di luar 0–100." in errors
    after = list(RealisasiSubKegiatan.objects.order_by("id").values_list("id", "triwulan", "keuangan", "fisik",
                                                                         "versi"))
    assert after == before and len(after) == 3
    screenshot(operator, "monitoring-03-unggah-ditolak")

    # --- 3. the monitoring page -------------------------------------------------------------------------------
    operator.goto(f"/renja/{plan.id}/")
    click_and_wait(operator, "a.button:has-text('Pemantauan')")
    chart = operator.locator("svg#grafik-kurva-s")
    assert chart.is_visible()
    assert chart.locator("title").first.text_content() == (
        f"Kurva S penyerapan anggaran Dinas Pendidikan Kota Sintetis {plan.tahun}")
    tabs = operator.locator("nav#triwulan")
    assert tabs.locator(".tab").all_inner_texts()[:3] == ["Triwulan I", "Triwulan II", "Triwulan III"]
    assert tabs.locator("[aria-current=page]").inner_text() == "Triwulan III"  # the latest quarter reported
    # TW III cumulative: 12.500.000 + 10.000.000 + 15.000.000 = 37.500.000 of 50.000.000
    program_line = cells(operator, f"#program-{program_id}")
    assert program_line[1:3] == ["50.000.000", "37.500.000"]
    assert operator.locator("#per-program tr.program-line").count() == 5
    screenshot(operator, "monitoring-04-pemantauan")

    # --- the verifier ranks the PDs, reads the realisation and cannot write it ----------------------------------
    verifier = new_page()
    sign_in(verifier, "verifikator_pd", PASSWORD)
    click_and_wait(verifier, "#nav-peringkat")
    ranking_line = verifier.locator(f"#pd-{plan.perangkat_daerah_id}")
    assert "Dinas Pendidikan Kota Sintetis" in ranking_line.inner_text()
    assert ranking_line.locator("td.place").inner_text() == "1"
    # 37.500.000 of the plan's 18.210.014.000
    assert "37.500.000" in ranking_line.inner_text()
    assert fits_the_window(verifier, "table.ranking")  # the early warning column included
    screenshot(verifier, "monitoring-05-peringkat")
    verifier.goto(f"/renja/{plan.id}/realisasi/1/")
    assert verifier.locator(sub_row).is_visible()
    assert verifier.locator("a:has-text('Isi realisasi')").count() == 0
    assert verifier.locator("a:has-text('Unggah realisasi')").count() == 0
    assert "hanya baca" in verifier.locator(".plan-meta").inner_text()
    token = next(c["value"] for c in verifier.context.cookies() if c["name"] == "csrftoken")
    response = verifier.request.post(f"/renja/{plan.id}/realisasi/1/sub-kegiatan/{sub.id}/",
                                     form={"versi": str(record.versi), "keuangan": "1", "fisik": "99",
                                           "csrfmiddlewaretoken": token},
                                     headers={"Referer": verifier.url})
    assert response.status == 403
    assert RealisasiSubKegiatan.objects.get(pk=record.pk).keuangan == 12_500_000


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    return renja


def test_the_demo_operator_reads_the_2021_evaluation(demo, new_page, screenshot):
    operator = new_page()
    sign_in(operator, "operator", DEMO_PASSWORD)
    click_and_wait(operator, f"a[href='/renja/{demo.id}/']")
    click_and_wait(operator, "a.button:has-text('Evaluasi 2021')")
    assert operator.url.endswith(f"/renja/{demo.id}/evaluasi/2021/")
    # the summary's row 6 states 17,23 (= 7,69 + 9,54, a sum of percentages); weighted by the kegiatan's
    # alokasi it is (58.448.400 × 7,69 + 265.000.000 × 9,54) / 323.448.400 = 9,21 %
    flagged = operator.locator("tr.check-row li.check-error", has_text="tertulis 17,23 %, dihitung 9,21 %")
    assert flagged.count() >= 1
    assert flagged.first.is_visible()
    assert flagged.first.locator(".badge").inner_text() == "selisih"
    # the flag sits right under the row it concerns: the summary's row 6, stating 17,23 for fisik and keuangan
    stated_row = flagged.first.locator("xpath=ancestor::tr[1]/preceding-sibling::tr[1]")
    assert "Penyediaan Jasa Penunjang Urusan Pemerintah Daerah" in stated_row.inner_text()
    assert stated_row.locator("td").all_inner_texts()[-2:] == ["17,23", "17,23"]
    assert operator.locator("#fisik-tertimbang").inner_text() == "6,06 %"
    # the page runs to some 38.000 px (every table of BAB II): the window around the flag is the picture
    flagged.first.evaluate("e => e.scrollIntoView({block: 'center'})")
    screenshot(operator, "monitoring-06-evaluasi-2021", full_page=False)
