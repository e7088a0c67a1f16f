"""The Content Security Policy in a real browser: the main screens raise no violation, and the progress page's
script (a static file, no inline script allowed) still polls and moves on when the work is done."""

import pytest

from renja.organizations.models import Profil
from renja.tasks.models import PlanImport
from tests.web.people import PASSWORD, load_plan, make_user

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator():
    renja = load_plan(0, subs=4)
    pd = renja.perangkat_daerah
    make_user("operator", Profil.Peran.OPERATOR_PD, pd.pemda, pd)
    return renja


def watch(page):
    """Every CSP violation the page reports (the DOM event and the console's message)."""
    seen = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))")
    return seen


def test_the_main_screens_raise_no_violation(operator, new_page):
    page = new_page()
    violations = watch(page)
    sign_in(page, "operator", PASSWORD)
    pd = operator.perangkat_daerah
    for url in ("/", f"/pd/{pd.pk}/", f"/renja/{operator.pk}/", f"/pd/{pd.pk}/unggah-renja/", "/admin/"):
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    assert violations == []


def test_the_upload_progress_script_runs_under_the_policy(operator, new_page):
    pd = operator.perangkat_daerah
    upload = PlanImport.objects.create(perangkat_daerah=pd, tahun=2031, tahap="rancangan_awal",
                                       nama_berkas="renja.xlsx", berkas="x/renja.xlsx",
                                       status=PlanImport.Status.BERJALAN, kemajuan=40, langkah="membaca lembar")
    page = new_page()
    violations = watch(page)
    sign_in(page, "operator", PASSWORD)
    page.goto(f"/unggahan/{upload.pk}/")
    page.wait_for_selector("#pemrosesan")
    PlanImport.objects.filter(pk=upload.pk).update(kemajuan=70, langkah="memeriksa")
    page.wait_for_selector("#langkah:has-text('memeriksa (70%)')")  # polled by the script, not reloaded
    assert page.eval_on_selector("#pemrosesan .bar", "b => b.style.width") == "70%"
    PlanImport.objects.filter(pk=upload.pk).update(status=PlanImport.Status.GAGAL, galat="berkas rusak")
    page.wait_for_selector("text=berkas rusak")  # the script followed the upload to its outcome
    assert violations == []
