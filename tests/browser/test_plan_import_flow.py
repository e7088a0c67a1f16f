"""Bringing a plan in, in a real browser: the operator uploads a T-C.33 workbook from the dashboard, sees the
preview with the unreadable amount named by its cell, confirms, and lands on the new draft's tree."""

import pytest

from renja.organizations.models import Profil
from renja.plans.models import Renja, SubKegiatan
from tests.exchange.test_workbook_support import build, sample_rows
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator():
    renja = load_plan(0, subs=4)
    pd = renja.perangkat_daerah
    make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    return pd


def test_the_operator_uploads_a_workbook_sees_the_problem_and_lands_on_the_draft(operator, new_page, screenshot,
                                                                                 tmp_path):
    rows = sample_rows()
    rows[4]["pagu_n"] = "75O.000.000"  # a letter O for a zero, as typed by hand
    workbook = build(tmp_path / "Renja-2031-T-C.33.xlsx", rows)

    page = new_page()
    sign_in(page, "operator", PASSWORD)
    page.goto(f"/pd/{operator.pk}/")
    with page.expect_navigation():
        page.click("#unggah-renja")
    page.fill("#id_tahun", "2031")
    page.select_option("#id_tahap", "rancangan_awal")
    page.set_input_files("#id_berkas", str(workbook))
    with page.expect_navigation():
        page.click("#unggah button[type=submit]")
    page.wait_for_selector("#masalah")  # the preview (the task ran, or the progress page led here)
    problems = page.locator("#masalah").inner_text()
    assert "sel L12 '75O.000.000': bukan angka" in problems
    assert "2 sub kegiatan" in page.locator("#ringkasan").inner_text()
    screenshot(page, "unggah-renja-pratinjau")
    assert not Renja.objects.filter(tahun=2031).exists()  # nothing kept before the confirmation

    with page.expect_navigation():
        page.click("#konfirmasi button[type=submit]")
    page.wait_for_selector("h1")
    plan = Renja.objects.get(tahun=2031)
    assert page.url.endswith(f"/renja/{plan.pk}/")
    assert (plan.perangkat_daerah, plan.status) == (operator, Renja.Status.DRAFT)
    assert SubKegiatan.objects.filter(kegiatan__program__renja=plan).count() == 2
    assert "dimuat sebagai draf" in page.content()
    screenshot(page, "unggah-renja-draf")
