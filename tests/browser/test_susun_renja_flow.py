"""Starting next year's Renja in a real browser: the operator of a PD whose Renstra has a matrix clicks "Susun Renja
tahun 2027" on the dashboard, lands on the new draft's tree, changes a sub kegiatan's lokasi and submits the plan;
the verifier finds it Diajukan on Bappeda's status board."""

import pytest

from renja.organizations.models import Profil
from renja.plans.models import Renja, SubKegiatan
from renja.renstra.models import BarisRenstra
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_LOKASI = "Kecamatan Sukamaju dan Kecamatan Mekarsari"


@pytest.fixture
def plan():
    """The PD's 2026 plan in force (its sumber dana are what the started plan copies), its Renstra 2025–2029 with a
    matrix mirroring it (renja.demo.synth), and a second PD on the board without a 2027 plan."""
    renja = load_plan(0, subs=10)
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
    pd = renja.perangkat_daerah
    assert BarisRenstra.objects.filter(renstra__perangkat_daerah=pd, renstra__periode_selesai__gte=2027).exists()
    make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    make_user("verifikator", Profil.Peran.VERIFIKATOR_BAPPEDA, pd.pemda)
    load_plan(1, subs=10)
    return renja


def test_the_operator_starts_edits_and_submits_next_year_s_renja_and_bappeda_sees_it(plan, new_page, screenshot):
    pd = plan.perangkat_daerah
    operator = new_page()
    sign_in(operator, "operator", PASSWORD)
    operator.goto(f"/pd/{pd.pk}/")
    button = operator.locator("#susun-renja button")
    assert button.inner_text() == "Susun Renja tahun 2027"
    screenshot(operator, "susun-renja-dasbor")
    with operator.expect_navigation():
        button.click()

    started = Renja.objects.get(perangkat_daerah=pd, tahun=2027)
    assert (started.tahap, started.status) == (Renja.Tahap.RANCANGAN_AWAL, Renja.Status.DRAFT)
    assert operator.url.endswith(f"/renja/{started.pk}/")
    messages = operator.locator(".messages").inner_text()
    assert "disusun dari" in messages and "10 sub kegiatan" in messages
    assert "realisasi tahun 2025 tidak tercatat" in messages  # what could not be filled is said
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=started).order_by("urutan", "id")
    before = {s.kode: s.pagu_n for s in subs}
    assert before == dict(SubKegiatan.objects.filter(kegiatan__program__renja=plan).values_list("kode", "pagu_n1"))
    assert all(s.sumber_dana.exists() for s in subs)  # copied from the plan in force of 2026
    screenshot(operator, "susun-renja-draf")

    sub = subs.last()
    row = operator.locator(f"#baris-sub-kegiatan-{sub.pk}")
    with operator.expect_navigation():
        row.locator("a:has-text('Ubah')").click()
    operator.fill("textarea[name=lokasi], input[name=lokasi]", NEW_LOKASI)
    with operator.expect_navigation():
        operator.click("button:has-text('Simpan')")
    assert NEW_LOKASI in operator.locator(f"#baris-sub-kegiatan-{sub.pk}").inner_text()
    sub.refresh_from_db()
    assert sub.lokasi == NEW_LOKASI and sub.history.first().lokasi == NEW_LOKASI

    with operator.expect_navigation():
        operator.click("button:has-text('Ajukan ke Bappeda')")
    started.refresh_from_db()
    assert started.status == Renja.Status.DIAJUKAN, operator.locator(".messages").inner_text()

    verifier = new_page()
    sign_in(verifier, "verifikator", PASSWORD)
    with verifier.expect_navigation():
        verifier.click("#nav-siklus")
    assert verifier.url.endswith(f"/pemda/{pd.pemda_id}/papan/2027/")
    line = verifier.locator(f"#pd-{pd.pk}").inner_text()
    assert "Diajukan" in line and "Rancangan Awal" in line
    assert "Belum ada Renja" in verifier.locator("#papan").inner_text()  # the second PD has no 2027 plan
    screenshot(verifier, "papan-status-susun-renja")
