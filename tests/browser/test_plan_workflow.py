"""The whole life of a plan in a real browser (Debian's chromium driven by Playwright):

an operator signs in, adds a sub kegiatan from the nomenclature, sees the totals change, fixes the checker
error it brings and submits; a verifier returns the plan with a reason; the operator fixes and resubmits; the
verifier and the head of the PD approve; an edit is then refused; an operator of another PD cannot open the
plan by its URL. Screenshots of the main screens land in test-artifacts/screenshots/.
"""

import re

import pytest

from renja.core.numbers import format_rupiah
from renja.organizations.models import Profil
from renja.plans.models import Pernyataan, Renja, SubKegiatan
from renja.reference.models import Nomenklatur
from renja.rules.checker import check_renja
from renja.workflow.models import KomentarBaris, Transisi
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NEW_CODE_SUFFIX = "0099"
NEW_NAME = "Pendampingan Keluarga Rentan Berbasis Kelurahan"


@pytest.fixture
def plan():
    renja = load_plan(0, subs=10)
    # An app-made plan: the figures an imported document stated do not apply to it.
    Pernyataan.objects.filter(renja=renja).delete()
    assert [f for f in check_renja(renja) if f.severity == "error"] == []
    kegiatan = SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("id").last().kegiatan
    parent = Nomenklatur.objects.get(versi=renja.nomenklatur, kode=kegiatan.kode)
    Nomenklatur.objects.create(
        versi=renja.nomenklatur, jenis_pemda=parent.jenis_pemda, tingkat="sub_kegiatan", induk=parent,
        kode=f"{kegiatan.kode}.{NEW_CODE_SUFFIX}", nama=NEW_NAME, indikator="Jumlah Keluarga yang Didampingi",
        satuan="Keluarga")
    pd = renja.perangkat_daerah
    role = Profil.Peran
    make_user("operator", role.OPERATOR_PD, pd.pemda, pd)
    make_user("pimpinan", role.PIMPINAN_PD, pd.pemda, pd)
    make_user("verifikator", role.VERIFIKATOR_BAPPEDA, pd.pemda)
    other = load_plan(1, subs=10)
    make_user("operator_lain", role.OPERATOR_PD, pd.pemda, other.perangkat_daerah)
    return renja


def click_and_wait(page, selector):
    """Click something that loads a new page, and wait for that page (not the one before it)."""
    with page.expect_navigation():
        page.click(selector)


def total_on_page(page):
    return page.locator("tr.total").first.inner_text()


def test_a_plan_from_draft_to_ditetapkan(plan, new_page, screenshot):
    total_before = sum(s.pagu_n or 0 for s in SubKegiatan.objects.filter(kegiatan__program__renja=plan))

    # --- the operator adds a sub kegiatan and sees the totals change --------------------------------------
    operator = new_page()
    sign_in(operator, "operator", PASSWORD)
    screenshot(operator, "01-beranda-operator")
    click_and_wait(operator, f"a[href='/renja/{plan.id}/']")
    assert format_rupiah(total_before) in total_on_page(operator)
    screenshot(operator, "02-pohon-renja")

    click_and_wait(operator, "text=Tambah sub kegiatan")
    operator.fill("input[name=q]", "keluarga rentan")
    with operator.expect_navigation():
        operator.keyboard.press("Enter")
    screenshot(operator, "03-cari-nomenklatur")
    click_and_wait(operator, "button:has-text('Tambahkan')")
    new_sub = SubKegiatan.objects.get(kegiatan__program__renja=plan, kode__endswith=NEW_CODE_SUFFIX)

    operator.fill("input[name=pagu_n]", "75.000.000")
    operator.fill("input[name=pagu_n1]", "82.500.000")
    operator.fill("textarea[name=lokasi], input[name=lokasi]", "Kecamatan Sukamaju")
    screenshot(operator, "04-ubah-sub-kegiatan")
    click_and_wait(operator, "button:has-text('Simpan')")
    assert format_rupiah(total_before + 75_000_000) in total_on_page(operator)
    # the new row's indicator has no target yet: the checker says so on the row
    row = operator.locator(f"#baris-sub-kegiatan-{new_sub.id}")
    assert "has-error" in (row.get_attribute("class") or "")
    screenshot(operator, "05-pohon-dengan-temuan")

    # submission is refused while the checker reports errors
    click_and_wait(operator, "button:has-text('Ajukan')")
    assert "kesalahan" in operator.locator(".messages").inner_text().lower()
    assert Renja.objects.get(pk=plan.pk).status == "draft"

    # fix it: give the indicator its targets
    with operator.expect_navigation():
        row.locator("a:has-text('Ubah')").click()
    target_inputs = operator.locator("input[name$='target_n_teks']")
    target_inputs.first.fill("120 Keluarga")
    operator.locator("input[name$='target_n1_teks']").first.fill("130 Keluarga")
    click_and_wait(operator, "button:has-text('Simpan')")
    assert "has-error" not in (operator.locator(f"#baris-sub-kegiatan-{new_sub.id}").get_attribute("class") or "")
    click_and_wait(operator, "button:has-text('Ajukan')")
    assert Renja.objects.get(pk=plan.pk).status == "diajukan"
    screenshot(operator, "06-diajukan")

    # --- the verifier returns it with a reason and a comment on the new row ---------------------------
    verifier = new_page()
    sign_in(verifier, "verifikator", PASSWORD)
    screenshot(verifier, "07-beranda-verifikator")
    click_and_wait(verifier, f"a[href='/renja/{plan.id}/']")
    click_and_wait(verifier, "a:has-text('Kembalikan untuk diperbaiki')")
    verifier.click("button:has-text('Kembalikan')")  # without a reason: the form does not go (required)
    assert verifier.locator("textarea[name=alasan]").evaluate("e => !e.validity.valid")
    assert Renja.objects.get(pk=plan.pk).status == "diajukan"
    verifier.fill("textarea[name=alasan]", "Pagu sub kegiatan pendampingan keluarga belum sesuai hasil musrenbang.")
    verifier.fill(f"textarea[name=komentar-sub-kegiatan-{new_sub.id}]", "Turunkan menjadi Rp 60.000.000.")
    screenshot(verifier, "08-form-kembalikan")
    click_and_wait(verifier, "button:has-text('Kembalikan')")
    assert Renja.objects.get(pk=plan.pk).status == "dikembalikan"
    assert KomentarBaris.objects.filter(sub_kegiatan=new_sub).count() == 1

    # --- the operator reads why, fixes and resubmits ------------------------------------------------------
    operator.goto("/")
    assert "belum sesuai hasil musrenbang" in operator.content()
    operator.goto(f"/renja/{plan.id}/baris/sub-kegiatan/{new_sub.id}/")
    operator.fill("input[name=pagu_n]", "60.000.000")
    click_and_wait(operator, "button:has-text('Simpan')")
    assert format_rupiah(total_before + 60_000_000) in total_on_page(operator)
    click_and_wait(operator, "button:has-text('Ajukan')")
    assert Renja.objects.get(pk=plan.pk).status == "diajukan"

    # --- the verifier and the head of the PD approve --------------------------------------------------------
    verifier.goto(f"/renja/{plan.id}/")
    click_and_wait(verifier, "button:has-text('terverifikasi')")
    assert Renja.objects.get(pk=plan.pk).status == "diverifikasi"
    leader = new_page()
    sign_in(leader, "pimpinan", PASSWORD)
    screenshot(leader, "09-beranda-pimpinan")
    leader.goto(f"/renja/{plan.id}/")
    click_and_wait(leader, "button:has-text('Tetapkan')")
    assert Renja.objects.get(pk=plan.pk).status == "ditetapkan"
    screenshot(leader, "10-ditetapkan")

    # --- a Ditetapkan plan is read-only -----------------------------------------------------------------------
    operator.goto(f"/renja/{plan.id}/")
    assert operator.locator("a:has-text('Ubah')").count() == 0
    operator.goto(f"/renja/{plan.id}/baris/sub-kegiatan/{new_sub.id}/")
    assert operator.locator("button:has-text('Simpan')").count() == 0
    # a save forced past the page (a stale form, a crafted request) is refused by the server
    csrf = operator.context.cookies()
    token = next(c["value"] for c in csrf if c["name"] == "csrftoken")
    response = operator.request.post(f"/renja/{plan.id}/baris/sub-kegiatan/{new_sub.id}/",
                                     form={"pagu_n": "1", "csrfmiddlewaretoken": token},
                                     headers={"Referer": operator.url})
    assert response.status == 403
    assert SubKegiatan.objects.get(pk=new_sub.pk).pagu_n == 60_000_000

    # the workflow history tells the story with the reason
    operator.goto(f"/renja/{plan.id}/riwayat/")
    history = operator.content()
    assert "belum sesuai hasil musrenbang" in history and "Ditetapkan" in history
    screenshot(operator, "11-riwayat")
    assert Transisi.objects.filter(renja=plan).count() == 5

    # --- a Renja Perubahan starts as a copy; the app shows what changed between the two stages -------------
    operator.goto(f"/renja/{plan.id}/")
    click_and_wait(operator, "button:has-text('Buat Renja Perubahan')")
    revision = Renja.objects.get(perangkat_daerah=plan.perangkat_daerah, tahun=plan.tahun, tahap="perubahan")
    assert revision.status == "draft" and revision.asal_id == plan.id
    assert f"/renja/{revision.id}/" in operator.url
    copied = SubKegiatan.objects.get(kegiatan__program__renja=revision, kode=new_sub.kode)
    operator.goto(f"/renja/{revision.id}/baris/sub-kegiatan/{copied.id}/")
    operator.fill("input[name=pagu_n]", "65.000.000")
    click_and_wait(operator, "button:has-text('Simpan')")
    click_and_wait(operator, "text=Bandingkan dengan")
    comparison = operator.content()
    assert new_sub.kode in comparison and "60.000.000" in comparison and "65.000.000" in comparison
    screenshot(operator, "12-perbandingan-tahap")
    operator.goto(f"/pd/{plan.perangkat_daerah_id}/")
    assert format_rupiah(total_before + 65_000_000) in operator.content()  # the latest stage: the Perubahan
    screenshot(operator, "13-dasbor-pd")
    operator.goto(f"/renja/{revision.id}/temuan/")
    screenshot(operator, "14-temuan")

    # --- an operator of another PD cannot open the plan by its URL ------------------------------------------
    stranger = new_page()
    sign_in(stranger, "operator_lain", PASSWORD)
    response = stranger.goto(f"/renja/{plan.id}/")
    assert response.status == 404
    assert plan.perangkat_daerah.nama not in stranger.content()
    assert re.search(r"tidak ditemukan", stranger.content(), re.IGNORECASE)
