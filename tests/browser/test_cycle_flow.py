"""Bappeda's side of the cycle in a real browser: the verifier opens the status board, closes the stage on the
schedule page; the operator finds the plan read-only with the reason and no submit button; the verifier reopens
it with a reason; the operator submits; the board shows the plan as Diajukan."""

import pytest

from renja.organizations.models import Profil
from renja.plans.models import Pernyataan, Renja
from renja.workflow.models import CatatanJadwal
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan():
    renja = load_plan(0, subs=10)
    Pernyataan.objects.filter(renja=renja).delete()  # an app-made plan: no stated figures to confront
    pd = renja.perangkat_daerah
    make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    make_user("verifikator", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
    load_plan(1, subs=10)  # a second PD on the board
    return renja


def test_bappeda_closes_and_reopens_a_stage_and_reads_the_board(plan, new_page, screenshot):
    verifier = new_page()
    sign_in(verifier, "verifikator", PASSWORD)
    with verifier.expect_navigation():
        verifier.click("#nav-siklus")
    board = verifier.locator("#papan")
    assert plan.perangkat_daerah.nama in board.inner_text()
    assert "Draf" in verifier.locator(f"#pd-{plan.perangkat_daerah_id}").inner_text()
    screenshot(verifier, "papan-status")

    with verifier.expect_navigation():
        verifier.click("#siklus-nav >> text=Jadwal tahapan")
    section = verifier.locator("#tahap-rancangan")
    section.locator("input[name=alasan]").fill("Batas waktu Rancangan Renja")
    with verifier.expect_navigation():
        section.locator("button:has-text('Tutup sekarang')").click()
    assert "Ditutup" in verifier.locator("#tahap-rancangan h2").inner_text()
    screenshot(verifier, "jadwal-ditutup")

    operator = new_page()
    sign_in(operator, "operator", PASSWORD)
    operator.goto(f"/renja/{plan.pk}/")
    body = operator.locator("main").inner_text()
    assert "Jadwal tahap Rancangan Renja tahun 2026 ditutup pada" in body
    assert operator.locator("button:has-text('Ajukan ke Bappeda')").count() == 0
    screenshot(operator, "renja-jadwal-ditutup")

    verifier.reload()
    section = verifier.locator("#tahap-rancangan")
    section.locator("input[name=alasan]").fill("Perbaikan setelah Forum PD")
    with verifier.expect_navigation():
        section.locator("button:has-text('Buka kembali')").click()
    assert "Dibuka kembali" in verifier.locator("#tahap-rancangan").inner_text()
    assert CatatanJadwal.objects.filter(alasan="Perbaikan setelah Forum PD").exists()

    operator.reload()
    with operator.expect_navigation():
        operator.click("button:has-text('Ajukan ke Bappeda')")
    assert Renja.objects.get(pk=plan.pk).status == Renja.Status.DIAJUKAN

    with verifier.expect_navigation():
        verifier.click("#siklus-nav >> text=Papan status")
    assert "Diajukan" in verifier.locator(f"#pd-{plan.perangkat_daerah_id}").inner_text()
    screenshot(verifier, "papan-status-diajukan")
