"""The Renstra's workflow in a real browser: the operator edits a matrix row and submits the Renstra; the verifier
returns it with a reason; the operator finds the reason, submits again; the verifier verifies and the Pimpinan PD
sets it; the matrix is then read-only, with every step listed."""

import pytest

from renja.organizations.models import Profil
from renja.renstra.models import BarisRenstra
from renja.workflow import renstra as flow
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Target 2027 sub kegiatan pertama belum sesuai RPJMD"


@pytest.fixture
def pd():
    renja = load_plan(0, subs=4)
    pd = renja.perangkat_daerah
    make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    make_user("verifikator", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
    make_user("pimpinan", Profil.Peran.PIMPINAN_PD, pd.pemda, pd)
    return pd


def press(page, text):
    with page.expect_navigation():
        page.click(f"#alur-renstra button:has-text('{text}'), #alur-renstra a:has-text('{text}')")


def test_the_renstra_goes_through_its_workflow_and_is_then_read_only(pd, new_page, screenshot):
    row = BarisRenstra.objects.filter(renstra__perangkat_daerah=pd, tingkat="sub_kegiatan").order_by("id").first()
    operator = new_page()
    sign_in(operator, "operator", PASSWORD)
    operator.goto(f"/pd/{pd.pk}/renstra/")
    assert operator.locator("#status-renstra").inner_text() == "Draf"
    with operator.expect_navigation():
        operator.click(f"#baris-{row.pk} a")
    operator.fill("input[name=lokasi]", "Kecamatan Telanaipura")
    with operator.expect_navigation():
        operator.click("button:has-text('Simpan')")
    press(operator, "Ajukan ke Bappeda")
    assert operator.locator("#status-renstra").inner_text() == "Diajukan"
    assert operator.locator(f"#baris-{row.pk} a").count() == 0  # no longer editable

    verifier = new_page()
    sign_in(verifier, "verifikator", PASSWORD)
    verifier.goto(f"/pd/{pd.pk}/renstra/")
    press(verifier, "Kembalikan untuk diperbaiki")
    verifier.fill("textarea[name=alasan]", REASON)
    with verifier.expect_navigation():
        verifier.click("button:has-text('Kembalikan untuk diperbaiki')")
    assert verifier.locator("#status-renstra").inner_text() == "Dikembalikan"

    operator.reload()
    assert REASON in operator.locator("main").inner_text()
    screenshot(operator, "renstra-dikembalikan")
    press(operator, "Ajukan ke Bappeda")
    verifier.reload()
    press(verifier, "Nyatakan terverifikasi")
    head = new_page()
    sign_in(head, "pimpinan", PASSWORD)
    head.goto(f"/pd/{pd.pk}/renstra/")
    press(head, "Tetapkan")
    assert head.locator("#status-renstra").inner_text() == "Ditetapkan"

    operator.reload()
    assert operator.locator("#alur-renstra").count() == 0 and operator.locator(f"#baris-{row.pk} a").count() == 0
    history = operator.locator("#riwayat-renstra").inner_text()
    assert history.count("Diajukan") >= 2 and REASON in history and "Ditetapkan" in history
    screenshot(operator, "renstra-ditetapkan")
    row.refresh_from_db()
    assert row.lokasi == "Kecamatan Telanaipura"
    assert [s.ke for s in flow.steps(row.renstra)] == ["diajukan", "dikembalikan", "diajukan", "diverifikasi",
                                                      "ditetapkan"]
