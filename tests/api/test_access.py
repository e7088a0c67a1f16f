"""Every API endpoint × every role × own PD / other PD / other Pemda / anonymous: a token sees exactly what its
user sees in the app (404 beyond), and no body carries the name of a PD the user may not see."""

import json

import pytest
from django.test import Client

from renja.api.tokens import create_token
from renja.plans.models import SubKegiatan
from tests.web.people import make_world

from .urls import api_urls_of_plan, api_urls_without_plan

pytestmark = pytest.mark.django_db

# by hand, from the rules (renja/organizations/scoping.py): which plans' PDs each role sees
SEES = {"operator_a1": {"a1"}, "pimpinan_a1": {"a1"}, "operator_a2": {"a2"}, "verifikator_a": {"a1", "a2"},
        "admin_a": {"a1", "a2"}, "operator_b": {"b"}, "verifikator_b": {"b"}, "tanpa_peran": set(),
        "pemantau_p": {"a1", "a2"}}  # the Pemantau Provinsi of 99, the province of Pemda A (99.99), not of B
PLAN_PD = {"a1": "a1", "a1_final": "a1", "a2": "a2", "b": "b"}


@pytest.fixture
def world():
    world = make_world(subs=3)
    for name, plan in world.plans.items():
        sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
        SubKegiatan.objects.filter(pk=sub.pk).update(nama=f"Penanda Rahasia Sub {name.upper()}")
    return world


def markers_hidden_from(world, role):
    seen = SEES[role]
    hidden = set()
    for name, plan in world.plans.items():
        if PLAN_PD[name] not in seen:
            hidden |= {f"Penanda Rahasia Sub {name.upper()}", plan.perangkat_daerah.nama}
    return hidden - {world.plans[n].perangkat_daerah.nama for n in world.plans if PLAN_PD[n] in seen}


def token_client(user):
    _, raw = create_token(user)
    return Client(HTTP_AUTHORIZATION=f"Token {raw}")


def test_every_endpoint_for_every_role_and_target(world, settings):
    settings.RENJA_API_RATE = "100000/min"
    checked = leaks = 0
    for role, user in world.users.items():
        client = token_client(user)
        hidden = markers_hidden_from(world, role)
        for plan_name in ("a1", "a2", "b"):
            visible = PLAN_PD[plan_name] in SEES[role]
            for name, url in api_urls_of_plan(world, plan_name):
                for method in ("get", "put"):
                    if method == "get":
                        response = client.get(url)
                    else:
                        response = client.put(url, json.dumps({"versi": 0, "keuangan": "1"}),
                                              content_type="application/json")
                    body = response.content.decode()
                    if not visible:
                        assert response.status_code == 404, (role, method, url, response.status_code)
                        assert json.loads(body)["galat"]["kode"] == "tidak_ditemukan"
                    elif method == "get":
                        assert response.status_code == 200, (role, url, response.status_code, body[:300])
                    else:  # a plan that is not in force, or a role that may not write: refused, never a 500
                        assert response.status_code in (403, 405), (role, method, url, response.status_code)
                    found = [m for m in hidden if m in body]
                    leaks += len(found)
                    assert not found, (role, url, found)
                    checked += 1
        for name, url in api_urls_without_plan():
            response = client.get(url)
            assert response.status_code in (200, 403), (role, url, response.status_code)
            body = response.content.decode()
            assert not [m for m in hidden if m in body], (role, url)
            checked += 1
    assert leaks == 0 and checked > 500


def test_lists_hold_exactly_what_the_user_sees(world):
    expected_plans = {role: {world.plans[n].pk for n in world.plans if PLAN_PD[n] in seen}
                      for role, seen in SEES.items()}
    for role, user in world.users.items():
        client = token_client(user)
        ids = {r["id"] for r in client.get("/api/v1/renja/?ukuran=500").json()["hasil"]}
        assert ids == expected_plans[role], role
        pds = {r["id"] for r in client.get("/api/v1/pd/").json()["hasil"]}
        assert pds == {world.plans[n].perangkat_daerah_id for n in world.plans if PLAN_PD[n] in SEES[role]}


def test_anonymous_and_bad_tokens_get_401_in_the_one_shape(world):
    plan = world.plans["a1"]
    for client in (Client(), Client(HTTP_AUTHORIZATION="Token rj_salah"),
                   Client(HTTP_AUTHORIZATION="Bearer rj_salah"), Client(HTTP_AUTHORIZATION="Token")):
        for name, url in api_urls_of_plan(world, "a1") + [("list", "/api/v1/renja/")]:
            response = client.get(url)
            assert response.status_code == 401, (url, response.status_code)
            error = response.json()["galat"]
            assert error["kode"] == "belum_masuk" and error["pesan"]
            assert plan.perangkat_daerah.nama not in response.content.decode()
    # the schema and the docs need no sign-in
    assert Client().get("/api/v1/schema/").status_code == 200
    assert Client().get("/api/v1/docs/").status_code == 200


def test_bearer_token_session_and_revocation(world):
    user = world.users["operator_a1"]
    token, raw = create_token(user)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/renja/").status_code == 200
    session = Client()
    session.force_login(user)
    assert session.get("/api/v1/renja/").status_code == 200
    token.refresh_from_db()
    assert token.terakhir_dipakai is not None and raw not in (token.sidik, token.awalan)
    assert token.awalan == raw[:10]
    # revoked from the token page: the token no longer opens anything
    page = session.post("/akun/token-api/", {"aksi": "cabut", "id": token.pk})
    assert page.status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/renja/").status_code == 401
    # another user cannot revoke someone's token
    other_token, other_raw = create_token(world.users["operator_b"])
    session.post("/akun/token-api/", {"aksi": "cabut", "id": other_token.pk})
    assert Client(HTTP_AUTHORIZATION=f"Token {other_raw}").get("/api/v1/renja/").status_code == 200


def test_token_page_shows_a_new_token_once(world):
    session = Client()
    session.force_login(world.users["verifikator_a"])
    response = session.post("/akun/token-api/", {"aksi": "buat", "nama": "dasbor"})
    assert response.status_code == 200
    text = response.content.decode()
    raw = text.split('id="token-nilai">')[1].split("<")[0]
    assert raw.startswith("rj_")
    assert Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/renja/").json()["jumlah"] == 3
    assert raw not in session.get("/akun/token-api/").content.decode()  # shown once only


def test_filters_and_bad_filters(world):
    client = token_client(world.users["verifikator_a"])
    plan = world.plans["a1_final"]
    rows = client.get(f"/api/v1/renja/?tahap=final&pd={plan.perangkat_daerah_id}").json()["hasil"]
    assert [r["id"] for r in rows] == [plan.pk]
    rows = client.get(f"/api/v1/renja/?kode={plan.perangkat_daerah.kode}&tahun={plan.tahun}").json()["hasil"]
    assert {r["id"] for r in rows} == {world.plans["a1"].pk, plan.pk}
    response = client.get("/api/v1/renja/?tahun=dua")
    assert response.status_code == 400
    assert "tahun" in response.json()["galat"]["rincian"]
    assert client.get("/api/v1/renja/?halaman=99").status_code == 404
    assert client.get("/api/v1/renja/?ukuran=1").json()["berikutnya"]


def test_the_rate_limit_per_token(world, settings):
    settings.RENJA_API_RATE = "3/min"
    user = world.users["operator_a1"]
    client = token_client(user)
    statuses = [client.get("/api/v1/renja/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/renja/")
    assert refused.json()["galat"]["kode"] == "terlalu_banyak_permintaan" and "Retry-After" in refused
    assert token_client(user).get("/api/v1/renja/").status_code == 200  # another token of the user: its own count


def test_renja_token_prints_a_working_token(world):
    from typer.testing import CliRunner

    from renja.cli import app

    result = CliRunner().invoke(app, ["token", "operator_a2"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    ids = {r["id"] for r in Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/renja/").json()["hasil"]}
    assert ids == {world.plans["a2"].pk}
    refused = CliRunner().invoke(app, ["token", "tidak_ada"])
    assert refused.exit_code == 2 and "tidak ditemukan" in refused.output


def test_a_renstra_in_detail_is_its_exchange_section_and_only_for_its_pd(world):
    from renja.exchange.export import renstra_section
    from renja.plans.models import Renstra

    renstra = Renstra.objects.filter(perangkat_daerah=world.plans["a1"].perangkat_daerah).order_by("id").first()
    own = token_client(world.users["operator_a1"]).get(f"/api/v1/renstra/{renstra.pk}/")
    assert own.status_code == 200
    body = own.json()
    assert body["id"] == renstra.pk and body["perangkat_daerah"]["id"] == renstra.perangkat_daerah_id
    section = json.loads(json.dumps(renstra_section(renstra), default=str))
    assert body["isi"]["program"] and len(body["isi"]["program"]) == len(section["program"])
    other = token_client(world.users["operator_a2"]).get(f"/api/v1/renstra/{renstra.pk}/")
    assert other.status_code == 404 and other.json()["galat"]["kode"]
