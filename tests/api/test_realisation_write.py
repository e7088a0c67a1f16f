"""Writing a quarter's realisation over the API: the same function as the web form (monitoring.entry), so the
same validation (the field named, nothing saved), optimistic locking (a stale `versi` is a 409) and history."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from renja.api.tokens import create_token
from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.plans.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from tests.web.people import make_world

pytestmark = pytest.mark.django_db
M = 1_000_000


@pytest.fixture
def world():
    return make_world(subs=2)


@pytest.fixture
def plan(world):
    pd = world.plans["a1"].perangkat_daerah
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2031, status=Renja.Status.DITETAPKAN)
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    sub = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A", pagu_n=100 * M,
                                     urutan=1)
    indikator = Indikator.objects.create(sub_kegiatan=sub, uraian="Jumlah dokumen", target_n=Decimal(12),
                                         target_n_teks="12 Dokumen", target_n_satuan="Dokumen")
    return {"renja": renja, "program": program, "sub": sub, "indikator": indikator}


def client_of(world, role):
    _, raw = create_token(world.users[role])
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


def url(plan, triwulan=1, level="sub-kegiatan", row=None):
    row = row or plan["sub"]
    return f"/api/v1/renja/{plan['renja'].pk}/realisasi/{triwulan}/{level}/{row.pk}/"


def put(client, address, body):
    return client.put(address, json.dumps(body), content_type="application/json")


def test_the_operator_writes_reads_back_and_history_is_kept(world, plan):
    client = client_of(world, "operator_a1")
    response = put(client, url(plan), {"versi": 0, "keuangan": "12.500.000", "fisik": "20,5",
                                       "faktor_pendorong": "cuaca baik",
                                       "indikator": [{"id": plan["indikator"].pk, "teks": "3 Dokumen", "versi": 0}]})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["isian"]["keuangan"] == 12_500_000 and data["isian"]["versi"] == 1
    assert data["indikator"][0]["teks"] == "3 Dokumen"
    record = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["sub"], triwulan=1)
    assert record.fisik == Decimal("20.5")
    history = list(record.history.all())
    assert len(history) == 1 and history[0].history_user == world.users["operator_a1"]
    # the next write sends the version it read
    response = put(client, url(plan), {"versi": 1, "keuangan": 15_000_000})
    assert response.status_code == 200 and response.json()["isian"]["versi"] == 2
    assert record.history.count() == 2
    # the quarter's table over the API shows it
    table = client.get(f"/api/v1/renja/{plan['renja'].pk}/realisasi/1/").json()
    sub_row = next(r for r in table["baris"] if r["tingkat"] == "sub-kegiatan")
    assert sub_row["isian"]["versi"] == 2 and sub_row["realisasi"] == 15_000_000 and table["dapat_diubah"]


def test_a_stale_version_is_refused_with_409_and_nothing_changes(world, plan):
    first, second = client_of(world, "operator_a1"), client_of(world, "operator_a1")
    assert put(first, url(plan), {"versi": 0, "keuangan": "10.000.000"}).status_code == 200
    response = put(second, url(plan), {"versi": 0, "keuangan": "99.000.000"})  # opened before the first save
    assert response.status_code == 409
    error = response.json()["galat"]
    assert error["kode"] == "konflik" and "setelah Anda membukanya" in error["pesan"]
    record = RealisasiSubKegiatan.objects.get(sub_kegiatan=plan["sub"], triwulan=1)
    assert record.keuangan == 10 * M and record.versi == 1 and record.history.count() == 1


@pytest.mark.parametrize("body, field", [
    ({"versi": 0, "keuangan": "dua belas juta"}, "keuangan"),
    ({"versi": 0, "fisik": "150"}, "fisik"),
    ({"versi": 0, "keuangan": "500.000.000"}, "keuangan"),  # more than the pagu in the year
    ({"versi": 0, "keuangan": ["1"]}, "keuangan"),
    ({"keuangan": "1.000"}, "versi"),
    ({"versi": "x"}, "versi"),
])
def test_bad_input_names_the_field_and_saves_nothing(world, plan, body, field):
    client = client_of(world, "operator_a1")
    body = dict(body, indikator=[{"id": plan["indikator"].pk, "teks": "2 Dokumen", "versi": 0}])
    response = put(client, url(plan), body)
    assert response.status_code == 400, response.content
    error = response.json()["galat"]
    assert field in error["rincian"], error
    assert error["pesan"]
    assert not RealisasiSubKegiatan.objects.exists()
    assert not RealisasiIndikator.objects.exists()  # the valid indicator part is not kept either


def test_who_may_write(world, plan):
    for role in ("pimpinan_a1", "verifikator_a", "admin_a"):
        response = put(client_of(world, role), url(plan), {"versi": 0, "keuangan": "1.000"})
        assert response.status_code == 403, role
        assert response.json()["galat"]["kode"] == "ditolak"
    for role in ("operator_a2", "operator_b", "verifikator_b", "tanpa_peran"):
        assert put(client_of(world, role), url(plan), {"versi": 0, "keuangan": "1.000"}).status_code == 404
    # a draft plan: realisation is entered only once it is in force
    draft = world.plans["a1"]
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=draft).first()
    response = put(client_of(world, "operator_a1"), f"/api/v1/renja/{draft.pk}/realisasi/1/sub-kegiatan/{sub.pk}/",
                   {"versi": 0, "keuangan": "1.000"})
    assert response.status_code == 403 and "Ditetapkan" in response.json()["galat"]["pesan"]
    # a row of another plan through this plan's URL
    assert put(client_of(world, "operator_a1"), url(plan, row=sub), {"versi": 0}).status_code == 404
    assert not RealisasiSubKegiatan.objects.exists()


def test_session_writes_need_the_csrf_token(world, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["operator_a1"])
    response = put(client, url(plan), {"versi": 0, "keuangan": "1.000"})
    assert response.status_code == 403
    assert not RealisasiSubKegiatan.objects.exists()
