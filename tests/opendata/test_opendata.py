"""Open data at /data/: only set plans of a Pemda whose open data is on, nothing personal, files that a
Frictionless validator accepts and that reload to the plan's own totals."""

import csv
import io
import json
import zipfile
from decimal import Decimal

import frictionless
import pytest
from django.test import Client
from django.urls import reverse

from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.organizations.models import Pemda
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.plans.rollup import renja_totals
from renja.workflow.models import Transisi
from tests.web.people import OTHER_PEMDA, load_plan

pytestmark = pytest.mark.django_db

S = Renja.Status
NAMA = "Drs. Penanda Tangan Rahasia, M.Si."
NIP = "197001011990031999"
TABLES = ("renja", "sub_kegiatan", "indikator", "realisasi", "realisasi_indikator")


def set_plan(plan, status=S.DITETAPKAN):
    Renja.objects.filter(pk=plan.pk).update(status=status, penandatangan_nama=NAMA, penandatangan_nip=NIP,
                                            tempat_tanggal="Kota Rahasia, 2 Januari 2026")
    if status == S.DITETAPKAN:
        Transisi.objects.create(renja=plan, dari=S.DIVERIFIKASI, ke=S.DITETAPKAN)
    plan.refresh_from_db()
    return plan


def mark(plan, name):
    """Name one sub kegiatan after the plan, so its rows can be looked for in any body."""
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    SubKegiatan.objects.filter(pk=sub.pk).update(nama=f"Penanda {name}", catatan=f"Catatan rahasia {name}",
                                                 raw=f"Baris asli rahasia {name}")
    return sub


@pytest.fixture
def plans():
    """Pemda A: a set plan, a set Renja Final of the same PD, and one plan in each other status; Pemda B: a set
    plan whose Pemda switched open data off."""
    result = {"set": load_plan(0, subs=12), "set_final": load_plan(0, subs=6, tahap="final")}
    for index, status in enumerate((S.DRAFT, S.DIAJUKAN, S.DIKEMBALIKAN, S.DIVERIFIKASI), start=3):
        result[status] = set_plan(load_plan(index, subs=5), status)
    result["set"] = set_plan(result["set"])
    result["set_final"] = set_plan(result["set_final"])
    result["off"] = set_plan(load_plan(2, subs=5, pemda=OTHER_PEMDA))
    Pemda.objects.filter(pk=result["off"].perangkat_daerah.pemda_id).update(data_terbuka=False)
    for name, plan in result.items():
        mark(plan, name.upper())
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=result["set"]).order_by("id").first()
    RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=1, rencana_keuangan=1_000_000, keuangan=750_000,
                                        fisik=Decimal("12.50"), faktor_penghambat="Hambatan rahasia SET")
    RealisasiSubKegiatan.objects.create(sub_kegiatan=sub, triwulan=2, keuangan=250_000, fisik=Decimal("40"))
    indikator = Indikator.objects.filter(sub_kegiatan=sub).first() or Indikator.objects.filter(
        program__renja=result["set"]).first()
    RealisasiIndikator.objects.create(indikator=indikator, triwulan=1, teks="3 dokumen", nilai=Decimal("3"))
    return result


HIDDEN = (S.DRAFT, S.DIAJUKAN, S.DIKEMBALIKAN, S.DIVERIFIKASI, "off")


def plan_urls(plan):
    urls = [reverse("data:renja_csv", args=[plan.pk, t]) for t in TABLES]
    urls += [reverse(f"data:renja_{kind}", args=[plan.pk]) for kind in ("json", "paket", "zip")]
    return urls


def year_urls(pemda_id, tahun):
    urls = [reverse("data:pemda_csv", args=[pemda_id, tahun, t]) for t in TABLES]
    urls += [reverse(f"data:pemda_{kind}", args=[pemda_id, tahun]) for kind in ("json", "paket", "zip")]
    return urls


def body(response):
    data = response.content
    if response["Content-Type"] == "application/zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(n) for n in archive.namelist())
    return data


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_index_lists_only_set_plans_of_open_pemdas_with_their_totals(plans, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = Client().get(reverse("data:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Data terbuka Renja" in page
    for name in ("set", "set_final"):
        plan = plans[name]
        assert f'id="renja-{plan.pk}"' in page
        total = renja_totals(plan)[3]
        assert f"{total.pagu_n:,}".replace(",", ".") in page  # Indonesian thousands
    for name in HIDDEN:
        assert f'id="renja-{plans[name].pk}"' not in page
        assert reverse("data:renja_zip", args=[plans[name].pk]) not in page
    assert OTHER_PEMDA["nama"] not in page  # its open data is off
    assert NAMA not in page and NIP not in page
    for name in (S.DRAFT, S.DIAJUKAN, S.DIKEMBALIKAN, S.DIVERIFIKASI):
        assert plans[name].perangkat_daerah.nama not in page


def test_the_index_queries_do_not_grow_with_the_plans(plans):
    client = Client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("data:index"))
    for index in (7, 8, 9):
        set_plan(load_plan(index, subs=5))
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("data:index")).status_code == 200
    assert len(more) == len(few)


def test_plans_not_set_and_pemdas_with_open_data_off_are_404_everywhere(plans):
    client = Client()
    for name in HIDDEN:
        plan = plans[name]
        for url in plan_urls(plan):
            assert client.get(url).status_code == 404, (name, url)
    off = plans["off"]
    for url in year_urls(off.perangkat_daerah.pemda_id, off.tahun):
        assert client.get(url).status_code == 404, url
    a = plans["set"].perangkat_daerah.pemda_id
    assert client.get(reverse("data:pemda_csv", args=[a, 1990, "sub_kegiatan"])).status_code == 404
    assert client.get(reverse("data:renja_csv", args=[plans["set"].pk, "catatan"])).status_code == 404
    assert client.post(reverse("data:renja_json", args=[plans["set"].pk])).status_code == 405


def test_no_download_holds_a_hidden_plan_or_personal_data(plans):
    client = Client()
    set_ = plans["set"]
    urls = plan_urls(set_) + plan_urls(plans["set_final"]) + year_urls(set_.perangkat_daerah.pemda_id, set_.tahun)
    forbidden = [NAMA, NIP, "Kota Rahasia", "Catatan rahasia", "Baris asli rahasia", "Hambatan rahasia",
                 *(f"Penanda {n.upper()}" for n in HIDDEN)]
    seen_marker = False
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        data = body(response)
        for text in forbidden:
            assert text.encode() not in data, (url, text)
        seen_marker |= b"Penanda SET" in data
    assert seen_marker  # the markers do reach the bodies they may
    # the year's files hold both set plans of Pemda A and nothing else
    year = rows(client.get(reverse("data:pemda_csv", args=[set_.perangkat_daerah.pemda_id, set_.tahun, "renja"])))
    assert sorted(int(r["renja_id"]) for r in year) == sorted([set_.pk, plans["set_final"].pk])


@pytest.mark.parametrize("name", ["set", "set_final"])
def test_the_csvs_reload_to_the_rollup_totals(plans, name):
    plan = plans[name]
    client = Client()
    subs = rows(client.get(reverse("data:renja_csv", args=[plan.pk, "sub_kegiatan"])))
    _, _, _, total = renja_totals(plan)
    assert len(subs) == total.jumlah_sub_kegiatan
    assert sum(int(r["pagu_n"] or 0) for r in subs) == total.pagu_n
    assert sum(int(r["pagu_n1"] or 0) for r in subs) == total.pagu_n1
    assert all("." not in r["pagu_n"] for r in subs)  # plain numbers, no thousands dots
    summary = rows(client.get(reverse("data:renja_csv", args=[plan.pk, "renja"])))
    assert summary == [{**summary[0], "renja_id": str(plan.pk), "pagu_n": str(total.pagu_n),
                        "pagu_n1": str(total.pagu_n1), "jumlah_sub_kegiatan": str(total.jumlah_sub_kegiatan)}]
    assert summary[0]["ditetapkan_pada"][:4].isdigit() and summary[0]["ditetapkan_pada"][4] == "-"  # ISO date
    indicators = rows(client.get(reverse("data:renja_csv", args=[plan.pk, "indikator"])))
    assert len(indicators) == Indikator.objects.filter(program__renja=plan).count() + Indikator.objects.filter(
        kegiatan__program__renja=plan).count() + Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=plan).count()
    # JSON: the same rows
    document = json.loads(client.get(reverse("data:renja_json", args=[plan.pk])).content)
    assert sum(r["pagu_n"] or 0 for r in document["sub_kegiatan"]) == total.pagu_n
    assert len(document["indikator"]) == len(indicators)


def test_the_realisation_by_quarter(plans):
    plan = plans["set"]
    client = Client()
    quarters = rows(client.get(reverse("data:renja_csv", args=[plan.pk, "realisasi"])))
    assert [(r["triwulan"], r["rencana_keuangan"], r["realisasi_keuangan"], r["realisasi_fisik"]) for r in quarters] \
        == [("1", "1000000", "750000", "12.5"), ("2", "", "250000", "40")]
    indicators = rows(client.get(reverse("data:renja_csv", args=[plan.pk, "realisasi_indikator"])))
    assert [(r["triwulan"], r["realisasi"], r["realisasi_teks"]) for r in indicators] == [("1", "3", "3 dokumen")]


def validate(path):
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return report


def test_every_package_is_valid_frictionless(plans, tmp_path):
    """The ZIPs (package + CSVs) and the served datapackage.json with the CSVs its paths name, per plan and per
    Pemda-year, are each valid; the budget columns are typed as the Fiscal Data Package does."""
    client = Client()
    set_ = plans["set"]
    packages = [("renja", set_.pk), ("renja", plans["set_final"].pk),
                ("pemda", set_.perangkat_daerah.pemda_id, set_.tahun)]
    validated = 0
    for index, (kind, *args) in enumerate(packages):
        unpacked = tmp_path / f"zip{index}"
        with zipfile.ZipFile(io.BytesIO(client.get(reverse(f"data:{kind}_zip", args=args)).content)) as archive:
            archive.extractall(unpacked)
            assert sorted(archive.namelist()) == sorted(["datapackage.json", *(f"{t}.csv" for t in TABLES)])
        validate(unpacked / "datapackage.json")
        served = tmp_path / f"served{index}"
        served.mkdir()
        response = client.get(reverse(f"data:{kind}_paket", args=args))
        package = json.loads(response.content)
        (served / "datapackage.json").write_bytes(response.content)
        for resource in package["resources"]:  # the paths are relative to the package's URL
            url = reverse(f"data:{kind}_paket", args=args).rsplit("/", 1)[0] + "/" + resource["path"]
            (served / resource["path"]).write_bytes(client.get(url).content)
        validate(served / "datapackage.json")
        validated += 2
        subs = next(r for r in package["resources"] if r["name"] == "sub_kegiatan")
        pagu = {f["name"]: f for f in subs["schema"]["fields"]}["pagu_n"]
        assert pagu["type"] == "integer" and pagu["columnType"] == "value" and pagu["currency"] == "IDR"
        assert package["model"]["measures"]["sub_kegiatan.pagu_n"]["currency"] == "IDR"
    assert validated == 6


def test_a_broken_value_fails_the_validation(plans, tmp_path):
    """The validation above can fail: a pagu written the Indonesian way is not an integer."""
    client = Client()
    with zipfile.ZipFile(io.BytesIO(client.get(reverse("data:renja_zip", args=[plans["set"].pk])).content)) as z:
        z.extractall(tmp_path)
    path = tmp_path / "sub_kegiatan.csv"
    lines = path.read_text().splitlines()
    reader = next(csv.reader([lines[1]]))
    header = next(csv.reader([lines[0]]))
    reader[header.index("pagu_n")] = "1.000.000"
    out = io.StringIO()
    csv.writer(out).writerow(reader)
    path.write_text("\n".join([lines[0], out.getvalue().strip(), *lines[2:]]) + "\n")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_the_flag_is_editable_in_the_admin(plans):
    from django.contrib import admin

    model_admin = admin.site._registry[Pemda]
    assert "data_terbuka" in model_admin.get_fields(None)
    assert "data_terbuka" in model_admin.list_display
    assert Pemda._meta.get_field("data_terbuka").default is True
