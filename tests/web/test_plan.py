"""The plan tree page: totals computed from the sub kegiatan and written the Indonesian way, the checker's
findings on their rows, read-only states, and who sees what."""

import re
from html import escape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from renja.core.numbers import format_rupiah
from renja.demo.setup import create_demo_users, load_demo_data
from renja.organizations.models import Profil
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.plans.view import build_view
from renja.rules.checker import check_renja
from renja.workflow.models import KomentarBaris, Transisi

from .people import load_plan, make_user

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def tree_page(client, renja):
    response = client.get(reverse("web:renja", args=[renja.id]))
    assert response.status_code == 200
    return response.content.decode()


def tree_rows(html):
    """{anchor: (class, row html)} of every row of the tree."""
    return {anchor: (css, body) for anchor, css, body in
            re.findall(r'<tr id="(baris-[a-z-]+-\d+)" class="([^"]*)">(.*?)</tr>', html, re.S)}


def total_row(html):
    return re.search(r'<tr class="total">(.*?)</tr>', html, re.S).group(1)


def edit_links(html, renja):
    """Links to the edit form of a row (not to its history)."""
    return re.findall(rf'href="/renja/{renja.id}/baris/[a-z-]+/\d+/"', html)


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    return renja


def test_the_demo_tree_shows_its_computed_totals_and_findings(demo):
    html = tree_page(client_for(User.objects.get(username="operator")), demo)
    view = build_view(demo)
    total = total_row(html)
    assert "8.790.527.321" in total and "9.669.580.053" in total  # computed, not what the document states
    assert "10.922.004.616" in html  # the ceiling
    rows = tree_rows(html)
    assert len(rows) == len(list(view.nodes()))

    # every program and kegiatan row shows the sum of its sub kegiatan
    for node in view.nodes():
        if node.level != "sub_kegiatan":
            level = node.level.replace("_", "-")
            assert format_rupiah(node.total_n) in rows[f"baris-{level}-{node.id}"][1], node.label

    # the program whose stated pagu differs from its sub kegiatan carries an error badge to the findings page
    gender = next(n for n in view.programs if n.kode == "2.08.02")
    css, body = rows[f"baris-program-{gender.id}"]
    assert "has-error" in css.split()
    badge = re.search(rf'<a class="badge error" href="/renja/{demo.id}/temuan/#temuan-(\d+)">(\d+) kesalahan</a>', body)
    assert badge and int(badge.group(2)) >= 2
    # programs all coded "2 0 0" are told apart by their names
    perempuan = next(n for n in view.programs if n.nama == "PROGRAM PERLINDUNGAN PEREMPUAN")
    assert "has-error" in rows[f"baris-program-{perempuan.id}"][0]

    # the side panel counts what the checker finds
    errors = sum(1 for f in check_renja(demo) if f.severity == "error")
    assert f'<span class="badge error">{errors} kesalahan</span>' in html
    assert "Semua temuan" in html


def test_program_and_kegiatan_totals_follow_their_sub_kegiatan(demo):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=demo, pagu_n__isnull=False).order_by("id").first()
    SubKegiatan.objects.filter(pk=sub.pk).update(pagu_n=sub.pagu_n + 1_000_000)
    html = tree_page(client_for(User.objects.get(username="operator")), demo)
    assert format_rupiah(8_790_527_321 + 1_000_000) in total_row(html)
    program = sub.kegiatan.program
    program_total = sum(s.pagu_n or 0 for s in SubKegiatan.objects.filter(kegiatan__program=program))
    assert format_rupiah(program_total) in tree_rows(html)[f"baris-program-{program.id}"][1]


@pytest.fixture
def plan():
    return load_plan(0, subs=10)


@pytest.fixture
def people(plan):
    pd = plan.perangkat_daerah
    role = Profil.Peran
    other = load_plan(1, subs=10)
    return {
        "operator": make_user("operator_satu", role.OPERATOR_PD, pd.pemda, pd),
        "pimpinan": make_user("pimpinan_satu", role.PIMPINAN_PD, pd.pemda, pd),
        "verifier": make_user("verifikator", role.VERIFIKATOR_BAPPEDA, pd.pemda),
        "stranger": make_user("operator_lain", role.OPERATOR_PD, pd.pemda, other.perangkat_daerah),
    }


def test_an_operator_of_a_draft_gets_edit_links_on_every_row(plan, people):
    html = tree_page(client_for(people["operator"]), plan)
    rows = tree_rows(html)
    assert len(edit_links(html, plan)) == len(rows) > 10
    assert "Tambah sub kegiatan" in html and "hanya baca" not in html
    assert ">Ajukan ke Bappeda</button>" in html  # the workflow's buttons
    for anchor, (css, body) in rows.items():
        level, row_id = anchor.removeprefix("baris-").rsplit("-", 1)
        assert f'href="/renja/{plan.id}/baris/{level}/{row_id}/"' in body
        assert f'href="/renja/{plan.id}/baris/{level}/{row_id}/riwayat/"' in body


def test_a_row_with_a_checker_error_is_marked(plan, people):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    anchor = f"baris-sub-kegiatan-{sub.id}"
    assert "has-error" not in tree_rows(tree_page(client_for(people["operator"]), plan))[anchor][0]
    for indikator in Indikator.objects.filter(sub_kegiatan=sub):  # saved as the row editor saves it
        indikator.target_n_teks, indikator.target_n = "", None
        indikator.save()
    html = tree_page(client_for(people["operator"]), plan)
    css, body = tree_rows(html)[anchor]
    assert "has-error" in css and "1 kesalahan" in body
    assert "has-error" not in tree_rows(html)[f"baris-kegiatan-{sub.kegiatan_id}"][0]
    # the side panel lists the error with a link to the row
    assert f'<a href="#{anchor}">{sub.kode}</a>' in html


def test_a_ditetapkan_plan_is_read_only(plan, people):
    Renja.objects.filter(pk=plan.pk).update(status=Renja.Status.DITETAPKAN)
    client = client_for(people["operator"])
    html = tree_page(client, plan)
    assert edit_links(html, plan) == []
    assert "Tambah sub kegiatan" not in html
    assert "hanya baca" in html and "berstatus Ditetapkan" in html
    assert '<span class="status status-ditetapkan">Ditetapkan</span>' in html

    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    url = reverse("web:baris", args=[plan.id, "sub-kegiatan", sub.id])
    page = client.get(url).content.decode()
    assert "Simpan" not in page and format_rupiah(sub.pagu_n) in page
    response = client.post(url, {"versi": sub.versi, "pagu_n": "1"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Tindakan ini tidak diizinkan" in body and "berstatus Ditetapkan: tidak dapat diubah" in body
    saved = SubKegiatan.objects.get(pk=sub.pk)
    assert (saved.pagu_n, saved.versi) == (sub.pagu_n, sub.versi)
    assert client.post(reverse("web:tambah_sub", args=[plan.id]), {"nomenklatur_id": "1"}).status_code == 403


@pytest.mark.parametrize("who", ["verifier", "pimpinan"])
def test_a_verifier_or_the_head_of_the_pd_views_without_edit_links(plan, people, who):
    html = tree_page(client_for(people[who]), plan)
    assert edit_links(html, plan) == [] and "Tambah sub kegiatan" not in html
    assert "hanya baca" in html and "Hanya operator PD ini yang dapat mengubah rencananya." in html
    assert format_rupiah(build_view(plan).total_n) in total_row(html)


def test_an_operator_of_another_pd_gets_404(plan, people):
    response = client_for(people["stranger"]).get(reverse("web:renja", args=[plan.id]))
    assert response.status_code == 404
    assert plan.perangkat_daerah.nama not in response.content.decode()


def test_the_other_stages_of_the_year_are_linked(plan, people):
    final = load_plan(0, subs=10, tahap="final")
    html = tree_page(client_for(people["operator"]), plan)
    assert f'<a href="/renja/{final.id}/">Renja Final</a>' in html
    assert f'href="/renja/{plan.id}/banding/{final.id}/"' in html


def test_a_returned_plan_says_why_and_links_the_commented_rows(plan, people):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    Renja.objects.filter(pk=plan.pk).update(status=Renja.Status.DIKEMBALIKAN)
    step = Transisi.objects.create(renja=plan, dari="diajukan", ke="dikembalikan", oleh=people["verifier"],
                                   peran="verifikator_bappeda", alasan="Pagu belum sesuai musrenbang.")
    KomentarBaris.objects.create(transisi=step, sub_kegiatan=sub, kode=sub.kode, nama=sub.nama,
                                 teks="Turunkan menjadi Rp 60.000.000.")
    html = tree_page(client_for(people["operator"]), plan)
    assert "Pagu belum sesuai musrenbang." in html and "Turunkan menjadi Rp 60.000.000." in html
    assert f'<a href="#baris-sub-kegiatan-{sub.id}">{sub.kode}</a>' in html
    assert len(edit_links(html, plan)) > 0  # a returned plan is edited like a draft


def test_both_variants_of_the_rows_are_the_rows_formatted_whole(plan):
    """render_both formats each row once and joins the two variants from its parts: the same HTML as the
    whole row template formatted for each variant, with text that needs escaping and an unreadable amount."""
    from renja.rules import stored
    from renja.web.views import plan as tree

    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    SubKegiatan.objects.filter(pk=sub.pk).update(lokasi='Desa <A> & "B"', pagu_n=None, pagu_n_teks="1.2.3,x")
    renja = Renja.objects.get(pk=plan.pk)
    rows = tree.tree_rows(build_view(renja), stored.findings(renja), renja.id)
    assert any(row.errors for row in rows) and any(row.pagu_n is None for row in rows)
    for editable in (True, False):
        whole = "".join(tree._ROW.format(
            anchor=escape(r.anchor), css=escape(r.css), code=escape(r.code), label=escape(r.label),
            indicators="".join(tree._INDICATOR.format(*map(escape, i)) for i in r.indicators),
            lokasi=escape(r.lokasi), sumber_dana=escape(r.sumber_dana),
            pagu_n=tree._amount(r.pagu_n, r.pagu_n_teks), pagu_n1=tree._amount(r.pagu_n1, r.pagu_n1_teks),
            errors=tree._ERRORS.format(escape(r.error_href), r.errors) if r.errors else "",
            warnings=tree._WARNINGS.format(escape(r.warning_href), r.warnings) if r.warnings else "",
            edit=tree._EDIT.format(escape(r.edit_url)) if editable else "", history_url=escape(r.history_url))
            for r in rows)
        assert tree.render_both(rows)[editable] == whole == tree.render_rows(rows, editable)
    assert "Desa &lt;A&gt; &amp; &quot;B&quot;" in whole
