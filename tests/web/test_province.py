"""The province / Pemda dashboard (web:ringkasan) on a small generated province: its figures are those of the SQL
roll-ups (renja/plans/rollups_sql.py) and of a plain sum over the rows, and it reads only the Pemdas of the user's
province (its number of queries: tests/web/test_query_counts.py)."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from renja.core.numbers import format_persen, format_rupiah
from renja.demo.realisation import synthesize_realisation
from renja.demo.synth import pd_document, synthesize_province
from renja.exchange.loader import load_document
from renja.monitoring.models import RealisasiSubKegiatan
from renja.organizations.models import Pemda, Profil
from renja.plans import rollups_sql
from renja.plans.models import Renja, SubKegiatan

from .people import make_user

pytestmark = pytest.mark.django_db

URL = reverse("web:ringkasan")


@pytest.fixture
def province():
    """Province 15 of three kabupaten/kota (15.01, 15.02, 15.71) with two PDs each; realisation on two plans and
    a plan returned; beside it province 16 with a kabupaten (16.01) whose plan must never show."""
    plans = synthesize_province(pemda_count=3, pd_count=2, sub_per_pd=12, provinsi="15", year=2027)
    synthesize_realisation(plans[0], quarters=2)  # sets it ditetapkan
    synthesize_realisation(plans[3], quarters=1)
    Renja.objects.filter(pk=plans[1].pk).update(status=Renja.Status.DIKEMBALIKAN)
    Pemda.objects.create(kode="16", nama="Provinsi Tetangga", jenis="provinsi")
    other = pd_document(5, sub_per_pd=12, year=2027, pemda={"kode": "16.01", "nama": "Kabupaten Tetangga",
                                                             "jenis": "kabupaten"})
    other_plan = load_document(other).renja
    return plans, other_plan


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def pemantau(kode="15"):
    return make_user(f"pemantau_{kode}", Profil.Peran.PEMANTAU_PROVINSI, Pemda.objects.get(kode=kode))


def test_the_province_dashboard_shows_the_sql_rollups_per_pemda(province):
    plans, other = province
    response = client_of(pemantau()).get(URL)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.per == "pemda" and result.tahun == 2027
    by_pemda = {r.kode: r for r in rollups_sql.rollup("pemda", pemda="15", tahun=2027).rows}
    lines = {line.kode: line for line in result.lines}
    assert set(lines) == {"15", "15.01", "15.02", "15.71"}  # the province itself and its kabupaten/kota only
    for kode, row in by_pemda.items():
        figures = lines[kode].figures
        assert (figures.pagu_n, figures.pagu_n1, figures.realisasi, figures.jumlah_sub_kegiatan) == \
            (row.pagu_n, row.pagu_n1, row.realisasi, row.jumlah_sub_kegiatan), kode
    assert lines["15"].jumlah_pd == 0 and lines["15"].figures.pagu_n == 0  # the province has no plan here
    # the totals against a plain sum over the rows of the province's plans (not the code under test)
    ids = [p.pk for p in plans]
    subs = SubKegiatan.objects.filter(kegiatan__program__renja__in=ids)
    sums = subs.aggregate(n=Sum("pagu_n"), n1=Sum("pagu_n1"))
    spent = RealisasiSubKegiatan.objects.filter(sub_kegiatan__in=subs).aggregate(r=Sum("keuangan"))["r"]
    assert spent > 0
    total = result.total
    assert (total.figures.pagu_n, total.figures.pagu_n1, total.figures.realisasi) == (sums["n"], sums["n1"], spent)
    assert (total.jumlah_pd, total.jumlah_renja, total.figures.jumlah_sub_kegiatan) == (6, 6, subs.count())
    statuses = Counter(Renja.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert total.status == dict(statuses) and total.status[Renja.Status.DITETAPKAN] == 2
    assert lines[plans[1].perangkat_daerah.pemda.kode].status.get(Renja.Status.DIKEMBALIKAN) == 1
    # as users write the numbers, and nothing of province 16
    body = response.content.decode()
    assert f"Rp {format_rupiah(sums['n'])}" in body and format_rupiah(spent) in body
    assert "." in format_rupiah(sums["n"])  # thousands with dots: 12.239.200.000
    assert f"({format_persen(Decimal(spent) * 100 / sums['n'])})" in body and "% %" not in body
    assert "Kabupaten Tetangga" not in body and other.perangkat_daerah.nama not in body
    assert "Provinsi Sintetis" in body and "Kota Sintetis 1" in body


def test_the_breakdowns_are_the_sql_rollups(province):
    client = client_of(pemantau())
    for per in ("urusan", "bidang", "sumber_dana"):
        result = client.get(URL, {"per": per}).context["result"]
        expected = rollups_sql.rollup(per, pemda="15", tahun=2027)
        assert [(r.kode, r.nama, r.pagu_n, r.pagu_n1, r.realisasi) for r in result.breakdown] == \
            [(r.kode, r.nama, r.pagu_n, r.pagu_n1, r.realisasi) for r in expected.rows], per
        assert result.breakdown_total.pagu_n == result.total.figures.pagu_n
    body = client.get(URL, {"per": "sumber_dana"}).content.decode()
    assert "Rincian per sumber dana" in body


def test_one_pemda_of_the_province_per_pd(province):
    plans, _ = province
    client = client_of(pemantau())
    response = client.get(URL, {"pemda": "15.71"})
    result = response.context["result"]
    assert result.per == "pd"
    expected = {r.kode: r for r in rollups_sql.rollup("pd", pemda="15.71", tahun=2027).rows}
    pds = [p.perangkat_daerah for p in plans if p.perangkat_daerah.pemda.kode == "15.71"]
    assert len(result.lines) == len(pds) == 2
    for line in result.lines:
        row = expected[f"15.71 {line.kode}"]
        assert (line.figures.pagu_n, line.figures.realisasi, line.jumlah_renja) == (row.pagu_n, row.realisasi, 1)
    body = response.content.decode()
    assert reverse("web:dashboard", args=[pds[0].pk]) in body  # the Pemantau reads the PD's plans
    assert 'id="ke-provinsi"' in body


def test_another_province_does_not_exist_for_the_pemantau(province):
    client = client_of(pemantau())
    for kode in ("16", "16.01", "1", "15.7", "99"):
        assert client.get(URL, {"pemda": kode}).status_code == 404, kode
    other_pemantau = client_of(pemantau("16"))
    result = other_pemantau.get(URL).context["result"]
    assert {line.kode for line in result.lines} == {"16", "16.01"}
    assert other_pemantau.get(URL, {"pemda": "15.01"}).status_code == 404


def test_bappeda_of_the_province_reads_the_province_and_of_a_kota_its_own(province):
    plans, _ = province
    province_15 = Pemda.objects.get(kode="15")
    verifier = client_of(make_user("verifikator_15", Profil.Peran.VERIFIKATOR_BAPPEDA, province_15))
    result = verifier.get(URL).context["result"]
    assert result.per == "pemda" and len(result.lines) == 4
    # the figures of a Pemda of the province, but not its PDs' plans: no link to them
    body = verifier.get(URL, {"pemda": "15.01"}).content.decode()
    pd = next(p.perangkat_daerah for p in plans if p.perangkat_daerah.pemda.kode == "15.01")
    assert pd.nama in body and reverse("web:dashboard", args=[pd.pk]) not in body
    assert verifier.get(reverse("web:dashboard", args=[pd.pk])).status_code == 404
    kota = Pemda.objects.get(kode="15.71")
    kota_verifier = client_of(make_user("verifikator_1571", Profil.Peran.VERIFIKATOR_BAPPEDA, kota))
    response = kota_verifier.get(URL)
    assert response.context["result"].per == "pd" and response.context["pemda"] == kota
    for kode in ("15", "15.01", "16.01"):
        assert kota_verifier.get(URL, {"pemda": kode}).status_code == 404, kode


def test_pd_roles_are_refused_the_dashboard(province):
    plans, _ = province
    pd = plans[0].perangkat_daerah
    operator = client_of(make_user("operator_x", Profil.Peran.OPERATOR_PD, pd.pemda, pd))
    response = operator.get(URL)
    assert response.status_code == 403
    assert "Pemantau Provinsi" in response.content.decode()


def test_the_header_and_home_link_the_dashboard(province):
    body = client_of(pemantau()).get(reverse("web:home")).content.decode()
    assert 'id="nav-ringkasan"' in body and 'id="ringkasan-tautan"' in body
    assert "tidak ada yang dapat Anda ubah" in body
