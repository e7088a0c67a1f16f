"""The monitoring screens, read as rendered HTML: a plan's progress (pemantauan), the city's ranking of PDs
(peringkat), the demo's 2021 evaluation measured again (evaluasi), and the early warning on the dashboard and
home pages. Every figure below is computed by hand in the comments."""

import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from renja.demo.setup import create_demo_users, load_demo_data
from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.organizations.models import Profil
from renja.plans.models import Indikator, Program, Renja, SubKegiatan

from .people import OTHER_PEMDA, load_plan, make_user

pytestmark = pytest.mark.django_db

M = 1_000_000
ROLE = Profil.Peran


def in_force(renja):
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.DITETAPKAN)
    renja.refresh_from_db()
    return renja


def subs_of(renja):
    return list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by(
        "kegiatan__program__urutan", "kegiatan__program__id", "urutan", "id"))


def set_pagu(renja, amounts):
    subs = subs_of(renja)
    assert len(subs) == len(amounts)
    for sub, amount in zip(subs, amounts, strict=True):
        sub.pagu_n = amount
        sub.save()
    return subs


def enter(sub, triwulan, keuangan, fisik):
    RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=triwulan, keuangan=keuangan,
                                        keuangan_teks=str(keuangan), fisik=D(fisik), fisik_teks=str(fisik))


def enter_indicator(indikator, triwulan, value):
    RealisasiIndikator.objects.create(indikator=indikator, triwulan=triwulan, teks=str(value), nilai=D(value))


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def text_of(html, element_id):
    """The text inside the element with this id (tags removed, spaces collapsed)."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:div|section|tr|p|li)>', html, re.S)
    assert match, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def plan():
    """The synthetic plan 0 (5 programs, one kegiatan and one sub kegiatan each) in force, with pagu set to
    400, 100, 200, 200 and 100 million (1.000.000.000 in all) and two quarters of realisation:

    TW I  keuangan 60 + 10 + 20 + 0 + 10 = 100 M → 10,00 % of pagu (cumulative)
          fisik (400×20 + 100×10 + 200×15 + 200×0 + 100×30) / 1000 = 15,00 % (weighted by pagu)
    TW II keuangan 140 + 40 + 80 + 0 + 40 = 300 M → cumulative 400 M = 40,00 %
          fisik (400×45 + 100×50 + 200×40 + 200×50 + 100×60) / 1000 = 47,00 %
    Planned (the defaults): 25 % and 50 %, tolerance 10 points → floors 15 % and 40 %.
    TW I is late (keuangan 10 < 15; fisik 15 sits on the edge, not late); TW II is on the edge, not late.
    """
    renja = in_force(load_plan(0, subs=4))
    s1, s2, s3, s4, s5 = set_pagu(renja, [400 * M, 100 * M, 200 * M, 200 * M, 100 * M])
    for sub, keuangan, fisik in ((s1, 60, 20), (s2, 10, 10), (s3, 20, 15), (s4, 0, 0), (s5, 10, 30)):
        enter(sub, 1, keuangan * M, fisik)
    for sub, keuangan, fisik in ((s1, 140, 45), (s2, 40, 50), (s3, 80, 40), (s4, 0, 50), (s5, 40, 60)):
        enter(sub, 2, keuangan * M, fisik)
    return renja


def operator_of(renja, name="operator_uji"):
    pd = renja.perangkat_daerah
    user = make_user(name, ROLE.OPERATOR_PD, pd.pemda, pd)
    client = Client()
    client.force_login(user)
    return client


def test_pemantauan_shows_cumulative_keuangan_and_pagu_weighted_fisik_per_quarter(plan):
    client = operator_of(plan)
    url = reverse("web:pemantauan", args=[plan.id])
    latest = page(client, url)  # opens on the latest quarter reported: TW II
    assert text_of(latest, "keuangan-kumulatif") == "40,00 %"
    assert text_of(latest, "fisik-kumulatif") == "47,00 %"
    assert 'aria-current="page">Triwulan II<' in latest
    # the chart's data table: cumulative Rp and %, TW III and IV not reported yet
    assert text_of(latest, "data-tw1") == "1 250.000.000 25,00 % 100.000.000 10,00 % 15,00 %"
    assert text_of(latest, "data-tw2") == "2 500.000.000 50,00 % 400.000.000 40,00 % 47,00 %"
    assert text_of(latest, "data-tw3") == "3 750.000.000 75,00 % belum ada data"
    # on the edge (keuangan 40 = 50 − 10): not late
    assert 'class="early-warning on-track"' in latest and "early-warning late" not in latest
    first = page(client, url + "?triwulan=1")
    assert text_of(first, "keuangan-kumulatif") == "10,00 %"
    assert text_of(first, "fisik-kumulatif") == "15,00 %"
    assert 'class="early-warning late"' in first
    banner = text_of(first, "peringatan-dini")
    # keuangan is named late; fisik (15 on the floor of 15) is not
    assert "keuangan 10,00 % di bawah rencana 25,00 %" in banner
    assert "fisik 15,00 % di bawah" not in banner


def test_pemantauan_draws_the_s_curve_with_title_and_the_program_lines(plan):
    client = operator_of(plan)
    html = page(client, reverse("web:pemantauan", args=[plan.id]) + "?sumbu=persen")
    svg = re.search(r'<svg class="chart line-chart".*?</svg>', html, re.S).group(0)
    assert "<title" in svg and "<desc" in svg and "Kurva S penyerapan anggaran" in svg
    # realised 10 % and 40 % on a 0..100 axis over y 266..16: 241 and 166; x at the middle of TW I and II
    assert 'd="M 146.0 241.0 L 282.0 166.0"' in svg
    assert "," not in re.sub(r"<text.*?</text>|<title.*?</title>|<desc.*?</desc>", "", svg, flags=re.S)
    # program 1 (sub 1, pagu 400 M): 200 M spent = 50,00 %, fisik 45,00 %
    program = Program.objects.filter(renja=plan).order_by("urutan", "id").first()
    line = text_of(html, f"program-{program.id}")
    assert "400.000.000" in line and "200.000.000" in line and "50,00 %" in line and "45,00 %" in line


def test_capaian_per_indicator_grouped_by_category_with_reasons(plan):
    programs = list(Program.objects.filter(renja=plan).order_by("urutan", "id"))
    subs = subs_of(plan)
    gaji = Indikator.objects.get(sub_kegiatan=subs[0])  # "Jumlah Orang …", target 155
    gaji.akumulasi = "akhir"  # people paid: a level, the last quarter's value
    gaji.save()
    dokumen = Indikator.objects.get(sub_kegiatan=subs[1])  # "Jumlah Dokumen …", target 18: adds up
    dasar = Indikator.objects.get(program=programs[1])  # "Persentase …", target 76 %
    kurikulum = Indikator.objects.get(program=programs[2])  # target 64 %
    pendidik = Indikator.objects.get(program=programs[3])  # target 87 %, made lower-is-better
    pendidik.polaritas = "negatif"
    pendidik.save()
    perizinan = Indikator.objects.get(program=programs[4])  # target set to 0
    perizinan.target_n = D(0)
    perizinan.save()
    enter_indicator(gaji, 1, 150)
    enter_indicator(gaji, 2, 155)       # last value 155 / 155 = 100,00 % → Sangat Tinggi
    enter_indicator(dokumen, 1, 6)
    enter_indicator(dokumen, 2, 3)      # 6 + 3 = 9; 9 / 18 = 50,00 % → Sangat Rendah (≤ 50)
    enter_indicator(dasar, 2, "91.2")   # 91,2 / 76 = 120,00 % → Sangat Tinggi, above the scale
    enter_indicator(kurikulum, 2, 48)   # 48 / 64 = 75,00 % → Sedang
    enter_indicator(pendidik, 2, 100)   # (2×87 − 100) / 87 = 85,06 % → Tinggi
    enter_indicator(perizinan, 2, 5)    # target 0, higher is better: no capaian
    html = page(operator_of(plan), reverse("web:pemantauan", args=[plan.id]))
    section = html[html.index('id="capaian-indikator"'):]
    headings = re.findall(r'<h3 class="category-heading"[^>]*>.*?</span>\s*([^<]+?)\s*<span', section, re.S)
    assert headings == ["Sangat Tinggi", "Tinggi", "Sedang", "Sangat Rendah"]  # the scale's order, top first

    def row(indikator):
        return text_of(section, f"indikator-{indikator.id}")

    assert "100,00 %" in row(gaji) and "nilai terakhir" in row(gaji)
    assert "50,00 %" in row(dokumen) and "jumlah triwulan" in row(dokumen) and " 9 " in f" {row(dokumen)} "
    assert "120,00 %" in row(dasar) and "di atas skala" in row(dasar)
    assert "75,00 %" in row(kurikulum) and "di atas skala" not in row(kurikulum)
    assert "85,06 %" in row(pendidik) and "makin rendah makin baik" in row(pendidik)
    without = section[section.index('id="tanpa-capaian"'):]
    assert f'id="indikator-{perizinan.id}"' in without
    assert "target 0: capaian tidak dapat dihitung" in row(perizinan)
    unentered = Indikator.objects.filter(program=programs[0]).first()
    assert f'id="indikator-{unentered.id}"' in without and "belum ada realisasi" in row(unentered)
    # the legend shows the Pemda's scale (the default, Permendagri 86/2017)
    assert "91 ≤ x ≤ 100" in section and "≤ 50" in section
    # capaian bars run to 120 %: 120,00 % reaches the axis' end without passing it, so no cut-off arrow
    dasar_row = section[section.index(f'id="indikator-{dasar.id}"'):]
    dasar_row = dasar_row[:dasar_row.index("</tr>")]
    assert 'class="over"' not in dasar_row


def test_pemantauan_says_why_there_is_nothing_to_show():
    draft = load_plan(0, subs=4)
    client = operator_of(draft)
    html = page(client, reverse("web:pemantauan", args=[draft.id]))
    assert 'id="belum-ditetapkan"' in html and "hanya untuk Renja yang sudah ditetapkan" in html
    fixed = in_force(draft)
    html = page(client, reverse("web:pemantauan", args=[fixed.id]))
    assert 'id="belum-ada-realisasi"' in html and "<svg" not in html


@pytest.fixture
def city(plan):
    """Pemda A: PD 0 (the plan above: 40,00 % at TW II), PD 1 (30,00 % at TW II: late), PD 3 (in force,
    nothing entered), PD 4 (a draft only: not in force); Pemda B: PD 2 (in force, 90 %)."""
    second = in_force(load_plan(1, subs=2))
    subs = set_pagu(second, [100 * M] * len(subs_of(second)))
    for sub in subs:
        enter(sub, 1, 10 * M, 10)
        enter(sub, 2, 20 * M, 35)  # cumulative 30 M of 100 M each: 30,00 %; fisik 35 < 40 too
    silent = in_force(load_plan(3, subs=2))
    draft = load_plan(4, subs=2)
    other = in_force(load_plan(2, subs=2, pemda=OTHER_PEMDA))
    for sub in set_pagu(other, [100 * M] * len(subs_of(other))):
        enter(sub, 1, 90 * M, 90)
    return {"first": plan, "second": second, "silent": silent, "draft": draft, "other": other}


def test_peringkat_ranks_pds_by_cumulative_keuangan_and_lists_those_without_a_plan(city):
    pemda = city["first"].perangkat_daerah.pemda
    client = Client()
    client.force_login(make_user("bappeda_uji", ROLE.VERIFIKATOR_BAPPEDA, pemda))
    html = page(client, reverse("web:peringkat"))
    names = [city[k].perangkat_daerah.nama for k in ("first", "second", "silent")]
    ranking = html[html.index('id="peringkat"'):html.index("</table>", html.index('id="peringkat"'))]
    positions = [ranking.index(n) for n in names]
    assert positions == sorted(positions)  # 40 % before 30 %, then the PD that reported nothing
    first = text_of(html, f"pd-{city['first'].perangkat_daerah_id}")
    second = text_of(html, f"pd-{city['second'].perangkat_daerah_id}")
    silent = text_of(html, f"pd-{city['silent'].perangkat_daerah_id}")
    assert first.startswith("1 ") and "40,00 %" in first and "47,00 %" in first and "Sesuai rencana" in first
    assert second.startswith("2 ") and "30,00 %" in second and "35,00 %" in second and "Terlambat" in second
    assert silent.startswith("— ") and "belum ada data" in silent
    assert "50,00 %" in first  # the planned cumulative % of TW II
    without = html[html.index('id="tanpa-renja-berlaku"'):]
    assert city["draft"].perangkat_daerah.nama in without
    assert city["other"].perangkat_daerah.nama not in html  # another Pemda
    # TW I: 10 % for PD 0 and PD 1 alike: tie broken by name; PD 0 late (10 < 15) as is PD 1
    html = page(client, reverse("web:peringkat") + f"?tahun={city['first'].tahun}&triwulan=1")
    assert "Terlambat" in text_of(html, f"pd-{city['first'].perangkat_daerah_id}")
    assert "10,00 %" in text_of(html, f"pd-{city['first'].perangkat_daerah_id}")


def test_a_pd_operator_sees_only_their_own_line_with_its_place(city):
    second = city["second"]
    html = page(operator_of(second, "operator_kedua"), reverse("web:peringkat"))
    line = text_of(html, f"pd-{second.perangkat_daerah_id}")
    assert line.startswith("2 ") and "30,00 %" in line
    for key in ("first", "silent", "draft", "other"):
        assert city[key].perangkat_daerah.nama not in html
    assert 'id="nav-peringkat"' not in html  # the nav link is for Pemda roles


def test_a_user_without_a_role_may_not_open_the_ranking(city):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_user("tanpa_peran_uji", password="x"))
    assert client.get(reverse("web:peringkat")).status_code == 403


def test_home_pages_flag_the_lagging(city):
    pemda = city["first"].perangkat_daerah.pemda
    client = Client()
    client.force_login(make_user("admin_uji", ROLE.ADMIN_PEMDA, pemda))
    html = page(client, reverse("web:home"))
    assert 'id="nav-peringkat"' in html
    lagging = html[html.index('id="pd-terlambat"'):]
    lagging = lagging[:lagging.index("</section>")]
    # at TW II only PD 1 is late (PD 0 sits on the edge)
    assert city["second"].perangkat_daerah.nama in lagging
    assert city["first"].perangkat_daerah.nama not in lagging
    # the operator of PD 1 sees their own flag; the dashboard shows it too, with a link to pemantauan
    operator = operator_of(city["second"], "operator_kedua")
    own = page(operator, reverse("web:home"))
    card = own[own.index('id="pemantauan-pd"'):]
    card = card[:card.index("</section>")]
    assert 'class="early-warning late"' in card and "keuangan 30,00 % dan fisik 35,00 % di bawah" in card
    assert reverse("web:pemantauan", args=[city["second"].id]) in own
    board = page(operator, reverse("web:dashboard", args=[city["second"].perangkat_daerah_id]))
    assert 'class="early-warning late"' in board and reverse("web:pemantauan", args=[city["second"].id]) in board
    on_track = page(operator_of(city["first"], "operator_pertama"), reverse("web:home"))
    assert 'class="early-warning on-track"' in on_track


def test_monitoring_pages_of_another_pemda_are_404(city):
    client = Client()
    client.force_login(make_user("bappeda_seberang", ROLE.VERIFIKATOR_BAPPEDA, city["other"].perangkat_daerah.pemda))
    plan = city["first"]
    for url in (reverse("web:pemantauan", args=[plan.id]), reverse("web:evaluasi", args=[plan.id, plan.tahun - 1])):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    # and their ranking shows only their own PD
    html = page(client, reverse("web:peringkat"))
    assert city["other"].perangkat_daerah.nama in html and plan.perangkat_daerah.nama not in html


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    return renja


def test_the_demo_2021_evaluation_is_measured_again(demo):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="verifikator"))
    html = page(client, reverse("web:evaluasi", args=[demo.id, 2021]))
    # the summary table's 19 kegiatan, fisik weighted by alokasi: Σ(alokasi × fisik) / Σ alokasi
    # over Σ alokasi 10.921.753.816 = 6,0611 % (the document states no total %; its text says 5,76 %)
    assert text_of(html, "fisik-tertimbang") == "6,06 %"
    assert text_of(html, "keuangan-tertimbang") == "6,06 %"
    # row 6 states 17,23 = 7,69 + 9,54; weighted: (58.448.400 × 7,69 + 265.000.000 × 9,54) / 323.448.400
    # = 2.977.568.196 / 323.448.400 = 9,21 %
    assert "tertulis <strong>17,23 %</strong>, dihitung <strong>9,21 %</strong>" in html
    assert "7,69 + 9,54 = 17,23" in html
    # the Total the document states (10.922.004.616) beside the sum of its rows (10.921.753.816), flagged
    assert re.search(r'<td class="num differs"[^>]*>10\.922\.004\.616</td>', html)
    assert "10.921.753.816" in html
    # computed cells are marked with how they were computed
    assert 'class="num computed" title="Dihitung: rata-rata tertimbang pagu' in html
    # spending: 246.646.704 of the accounts' 7.462.833.383 = 3,31 %, not the 22,74 % written
    assert "tertulis <strong>22,74 %</strong>, dihitung <strong>3,31 %</strong>" in html
    # the stated verdict against the computed one, on the document's 4-band scale and the Pemda's
    verdict = html[html.index('id="kesimpulan"'):]
    verdict = verdict[:verdict.index("</table>")]
    assert "95,20 %" in verdict and "SANGAT BERHASIL" in verdict
    assert "Kurang Berhasil" in verdict and "Sangat Rendah" in verdict
    assert 'id="skala-dokumen"' in html and "85 s/d 100" in html
    # a year the plan does not evaluate
    other = page(client, reverse("web:evaluasi", args=[demo.id, 2019]))
    assert 'id="tanpa-evaluasi"' in other and reverse("web:evaluasi", args=[demo.id, 2021]) in other


def test_the_dashboard_and_the_plan_link_the_evaluation_years(demo):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="operator"))
    html = page(client, reverse("web:dashboard", args=[demo.perangkat_daerah_id]))
    assert reverse("web:evaluasi", args=[demo.id, 2021]) in html
    assert "Belum ada Renja 2022 yang ditetapkan" in html
    tree = page(client, reverse("web:renja", args=[demo.id]))
    assert reverse("web:evaluasi", args=[demo.id, 2021]) in tree
    assert reverse("web:pemantauan", args=[demo.id]) not in tree  # not in force: nothing to monitor yet


def test_the_verifier_home_does_not_call_the_pemda_on_time_before_anything_is_reported(demo):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="verifikator"))
    html = page(client, reverse("web:home"))
    assert 'id="belum-ada-realisasi"' in html
    assert "Tidak ada PD yang realisasinya di bawah rencana" not in html
