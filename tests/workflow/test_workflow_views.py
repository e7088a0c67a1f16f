"""The workflow's screens through the Django test client: each action as each role, the return form, the
comparison page, isolation (404), methods (405) and CSRF (403)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.rules.checker import check_renja
from renja.web.views.workflow import actions_context
from renja.workflow.models import KomentarBaris, Transisi
from renja.workflow.transitions import perform
from tests.workflow.people_and_plans import load_clean, people_for, set_status

# the status each action starts from, and who may take it then (by hand, from the issue)
FROM = {"ajukan": "draft", "kembalikan": "diajukan", "verifikasi": "diajukan", "tetapkan": "diverifikasi",
        "perubahan": "ditetapkan"}
AFTER = {"ajukan": "diajukan", "kembalikan": "dikembalikan", "verifikasi": "diverifikasi",
         "tetapkan": "ditetapkan", "perubahan": "ditetapkan"}
MAY = {"ajukan": "operator", "kembalikan": "verifikator", "verifikasi": "verifikator", "tetapkan": "pimpinan",
       "perubahan": "operator"}
SUCCESS = {
    "ajukan": "Renja diajukan ke Bappeda.",
    "kembalikan": "Renja dikembalikan kepada Operator PD untuk diperbaiki.",
    "verifikasi": "Renja dinyatakan terverifikasi; selanjutnya ditetapkan oleh Pimpinan PD.",
    "tetapkan": "Renja ditetapkan. Sejak sekarang Renja ini hanya dapat dibaca.",
    "perubahan": "Renja Perubahan dibuat sebagai Draf, disalin dari Renja yang ditetapkan.",
}
SEES = {"operator", "pimpinan", "verifikator", "admin"}  # the others are of another PD or Pemda, or have no role


@pytest.fixture
def plan():
    return load_clean()


@pytest.fixture
def people(plan):
    return people_for(plan)


def client_of(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def url(plan, action):
    return reverse("web:alur", kwargs={"renja_id": plan.pk, "action": action})


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def plan_url(renja_id):
    return reverse("web:renja", kwargs={"renja_id": renja_id})


@pytest.mark.parametrize("action", list(FROM))
@pytest.mark.parametrize("role", ["operator", "pimpinan", "verifikator", "admin", "operator_lain",
                                  "verifikator_lain", "tanpa_peran"])
def test_each_action_as_each_role(plan, people, role, action):
    set_status(plan, FROM[action])
    before = (Renja.objects.count(), Transisi.objects.count())
    response = client_of(people[role]).post(url(plan, action), {"alasan": "Perlu diperbaiki."})
    if role not in SEES:
        assert response.status_code == 404
        assert (Renja.objects.get(pk=plan.pk).status, Renja.objects.count(), Transisi.objects.count()) == (
            FROM[action], *before)
        return
    assert response.status_code == 302
    if role == MAY[action]:
        assert Renja.objects.get(pk=plan.pk).status == AFTER[action]
        if action == "perubahan":
            new = Renja.objects.get(asal=plan)
            assert response["Location"] == plan_url(new.pk)
        else:
            assert response["Location"] == plan_url(plan.pk)
        assert messages_of(response) == [("success", SUCCESS[action])]
    else:
        assert response["Location"] == plan_url(plan.pk)
        assert Renja.objects.get(pk=plan.pk).status == FROM[action]
        assert (Renja.objects.count(), Transisi.objects.count()) == before
        [(level, text)] = messages_of(response)
        # the head of the PD returns a plan too, but only once it is verified
        why = "tidak dapat dikembalikan" if (role, action) == ("pimpinan", "kembalikan") else "hanya dapat dilakukan"
        assert level == "error" and why in text, text


def test_the_head_of_the_pd_returns_a_verified_plan(plan, people):
    set_status(plan, "diverifikasi")
    response = client_of(people["pimpinan"]).post(url(plan, "kembalikan"), {"alasan": "Kaji ulang pagu."})
    assert response.status_code == 302 and messages_of(response) == [("success", SUCCESS["kembalikan"])]
    assert Renja.objects.get(pk=plan.pk).status == "dikembalikan"
    assert Transisi.objects.get().peran == "pimpinan_pd"


def test_ajukan_with_checker_errors_says_how_many(plan, people):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    Indikator.objects.filter(sub_kegiatan=sub).update(target_n_teks="", target_n=None)  # a target missing
    errors = [f for f in check_renja(plan) if f.severity == "error"]
    assert errors
    response = client_of(people["operator"]).post(url(plan, "ajukan"))
    assert response.status_code == 302 and response["Location"] == plan_url(plan.pk)
    assert messages_of(response) == [("error", f"Renja belum dapat diajukan: pemeriksa menemukan {len(errors)} "
                                               "kesalahan. Perbaiki dulu; daftarnya ada di halaman Temuan.")]
    assert Renja.objects.get(pk=plan.pk).status == "draft"


def test_the_return_form_lists_every_row_with_a_comment_box(plan, people):
    set_status(plan, "diajukan")
    response = client_of(people["verifikator"]).get(url(plan, "kembalikan"))
    assert response.status_code == 200
    page = response.content.decode()
    names = set(re.findall(r'name="(komentar-[a-z-]+-\d+)"', page))
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=plan)
    expected = {f"komentar-program-{p.pk}" for p in plan.program.all()}
    expected |= {f"komentar-kegiatan-{k.pk}" for p in plan.program.all() for k in p.kegiatan.all()}
    expected |= {f"komentar-sub-kegiatan-{s.pk}" for s in subs}
    assert names == expected and len(names) == 2 + 2 + 3
    assert 'name="alasan"' in page and "required" in page
    assert "tidak ada kesalahan" in page  # the checker's count, for the verifier
    assert "Kembalikan untuk diperbaiki</button>" in page


def test_the_return_form_shows_why_to_someone_who_may_not_return(plan, people):
    response = client_of(people["operator"]).get(url(plan, "kembalikan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="alasan"' not in page and "Anda tidak dapat melakukan" in page
    assert "hanya dapat dilakukan oleh Verifikator Bappeda" in page


def test_returning_without_a_reason_shows_the_form_again(plan, people):
    set_status(plan, "diajukan")
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).first()
    field = f"komentar-sub-kegiatan-{sub.pk}"
    response = client_of(people["verifikator"]).post(url(plan, "kembalikan"), {"alasan": "  ", field: "Periksa."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Alasan wajib diisi" in page
    assert re.search(rf'name="{field}"[^>]*>Periksa\.</textarea>', page)  # what was typed is kept
    assert Renja.objects.get(pk=plan.pk).status == "diajukan" and not Transisi.objects.exists()


def test_returning_with_a_reason_and_comments(plan, people):
    set_status(plan, "diajukan")
    sub = SubKegiatan.objects.get(kegiatan__program__renja=plan, kode="2.08.07.2.01.0002")
    program = plan.program.get(kode="2.08.01")
    other = load_clean(tahap="final")
    foreign = SubKegiatan.objects.filter(kegiatan__program__renja=other).first()
    client = client_of(people["verifikator"])
    # a comment on another plan's row (a crafted form) is refused, and nothing is stored
    response = client.post(url(plan, "kembalikan"), {"alasan": "Perbaiki.",
                                                     f"komentar-sub-kegiatan-{foreign.pk}": "Bukan milik Renja ini"})
    assert response.status_code == 302
    assert "bukan bagian dari Renja ini" in messages_of(response)[0][1]
    assert not Transisi.objects.exists()

    response = client.post(url(plan, "kembalikan"), {
        "alasan": "Pagu belum sesuai musrenbang.", f"komentar-sub-kegiatan-{sub.pk}": "Turunkan pagu.",
        f"komentar-program-{program.pk}": "  ", "komentar-sub-kegiatan-x": "diabaikan"})
    assert response.status_code == 302 and response["Location"] == plan_url(plan.pk)
    step = Transisi.objects.get()
    assert (step.dari, step.ke, step.alasan, step.oleh) == ("diajukan", "dikembalikan",
                                                            "Pagu belum sesuai musrenbang.", people["verifikator"])
    assert list(KomentarBaris.objects.values_list("sub_kegiatan", "kode", "teks")) == [
        (sub.pk, "2.08.07.2.01.0002", "Turunkan pagu.")]


@pytest.mark.parametrize("action", ["ajukan", "verifikasi", "tetapkan", "perubahan"])
def test_get_on_a_post_only_action_is_405(plan, people, action):
    response = client_of(people[MAY[action]]).get(url(plan, action))
    assert response.status_code == 405
    assert Renja.objects.get(pk=plan.pk).status == "draft"


def test_an_unknown_action_is_404(plan, people):
    client = client_of(people["operator"])
    assert client.post(url(plan, "hapus")).status_code == 404
    assert client.get(url(plan, "hapus")).status_code == 404


def test_a_plan_of_another_pd_is_404(plan, people):
    set_status(plan, "diajukan")
    client = client_of(people["operator_lain"])
    for action in FROM:
        assert client.get(url(plan, action)).status_code == 404
        assert client.post(url(plan, action), {"alasan": "x"}).status_code == 404
    assert Renja.objects.get(pk=plan.pk).status == "diajukan"


def test_signed_out_visitors_go_to_the_login_page(plan):
    response = Client().post(url(plan, "ajukan"))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]
    assert Renja.objects.get(pk=plan.pk).status == "draft"


def test_csrf_is_enforced(plan, people):
    set_status(plan, "diajukan")
    client = client_of(people["verifikator"], enforce_csrf_checks=True)
    assert client.post(url(plan, "verifikasi")).status_code == 403
    assert client.post(url(plan, "kembalikan"), {"alasan": "x"}).status_code == 403
    assert Renja.objects.get(pk=plan.pk).status == "diajukan"
    # with the token of the form page, the same request goes through
    page = client.get(url(plan, "kembalikan")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(url(plan, "verifikasi"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Renja.objects.get(pk=plan.pk).status == "diverifikasi"


@pytest.fixture
def stages(people):
    """The clean plan's Renja Final, Ditetapkan, and its Renja Perubahan with one pagu changed and one row
    removed."""
    final = set_status(load_clean(tahap="final"), "ditetapkan")
    perubahan = perform(final, people["operator"], "perubahan")
    subs = SubKegiatan.objects.filter(kegiatan__program__renja=perubahan)
    changed = subs.get(kode="2.08.07.2.01.0002")
    changed.pagu_n = 480_000_000
    changed.save()
    subs.get(kode="2.08.01.2.02.0007").delete()
    return final, perubahan


def test_the_comparison_page(people, stages):
    final, perubahan = stages
    client = client_of(people["operator"])
    page_url = reverse("web:banding", kwargs={"renja_id": perubahan.pk, "other_id": final.pk})
    response = client.get(page_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Perbandingan Renja Final → Renja Perubahan" in page
    # totals: 900.000.000 → 830.000.000, difference -70.000.000
    assert "900.000.000" in page and "830.000.000" in page and "-70.000.000" in page
    assert re.search(r'<tr class="diff-del">.*?2\.08\.01\.2\.02\.0007', page, re.S)
    assert re.search(r'<tr class="diff-chg">.*?2\.08\.07\.2\.01\.0002.*?Pagu n.*?Rp 500\.000\.000.*?'
                     r'Rp 480\.000\.000', page, re.S)
    assert "diff-add" not in page
    # the earlier stage is "old" whichever order the URL names them in
    reverse_page = client.get(reverse("web:banding", kwargs={"renja_id": final.pk, "other_id": perubahan.pk}))
    assert "Perbandingan Renja Final → Renja Perubahan" in reverse_page.content.decode()


def test_the_comparison_needs_both_plans_visible(people, stages):
    final, perubahan = stages
    from renja.organizations.models import Pemda, PerangkatDaerah, Profil
    from tests.workflow.people_and_plans import make_user

    pemda = Pemda.objects.get(kode="77.77")
    foreign_pd = PerangkatDaerah.objects.create(pemda=pemda, kode="1.01", nama="Dinas Seberang")
    foreign = Renja.objects.create(perangkat_daerah=foreign_pd, tahun=2025)
    make_user("operator_seberang", Profil.Peran.OPERATOR_PD, pemda, foreign_pd)
    client = client_of(people["operator"])
    assert client.get(reverse("web:banding", kwargs={"renja_id": final.pk, "other_id": foreign.pk})).status_code == 404
    assert client.get(reverse("web:banding", kwargs={"renja_id": foreign.pk, "other_id": final.pk})).status_code == 404
    assert client_of(people["operator_lain"]).get(
        reverse("web:banding", kwargs={"renja_id": final.pk, "other_id": perubahan.pk})).status_code == 404


def render_actions(renja, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("web/workflow/actions.html", actions_context(renja, user), request=request)


def test_the_actions_include(plan, people):
    html = render_actions(plan, people["operator"])
    assert f'action="{url(plan, "ajukan")}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "Ajukan ke Bappeda</button>" in html
    assert "Bandingkan" not in html  # no other stage yet
    assert render_actions(plan, people["verifikator"]).strip() == ""  # nothing for the verifier on a draft

    final = load_clean(tahap="final")
    set_status(plan, "diajukan")
    html = render_actions(plan, people["verifikator"])
    assert f'<a class="button danger" href="{url(plan, "kembalikan")}">Kembalikan untuk diperbaiki</a>' in html
    assert f'action="{url(plan, "verifikasi")}"' in html and "Nyatakan terverifikasi</button>" in html
    assert "ajukan" not in html
    banding = reverse("web:banding", kwargs={"renja_id": plan.pk, "other_id": final.pk})
    assert f'href="{banding}">Bandingkan dengan Renja Final</a>' in html


def test_the_pages_do_not_grow_their_queries_with_the_plan():
    """The return form and the comparison over a 400-row plan issue no more queries than over a 10-row
    plan, within a small constant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renja.demo.synth import pd_document
    from renja.exchange.loader import load_document
    from tests.workflow.people_and_plans import Peran, make_user

    counts = {}
    for index, size in enumerate((10, 400)):
        stages = []
        for tahap in ("rancangan", "final"):
            document = pd_document(index, sub_per_pd=size)
            document["renja"]["tahap"] = tahap
            stages.append(load_document(document).renja)
        plan, other = stages
        assert SubKegiatan.objects.filter(kegiatan__program__renja=plan).count() >= size
        set_status(plan, "diajukan")
        client = client_of(make_user(f"verifikator_{size}", Peran.VERIFIKATOR_BAPPEDA,
                                     plan.perangkat_daerah.pemda))
        counts[size] = []
        for page in (url(plan, "kembalikan"), reverse("web:banding", kwargs={"renja_id": plan.pk,
                                                                             "other_id": other.pk})):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            counts[size].append(len(queries))
    assert all(large <= small + 5 for small, large in zip(counts[10], counts[400], strict=True)), counts
