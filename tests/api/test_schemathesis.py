"""Schemathesis against the API's own OpenAPI schema: every operation, generated inputs (and the real ids of a
plan the caller sees), with a signed-in token. No server error, every answer as the schema says."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

from renja.api.tokens import create_token
from renja.plans.models import Kegiatan, Program, Renja, Renstra, SubKegiatan
from tests.web.people import make_world

pytestmark = pytest.mark.django_db
EXAMPLES = 8  # per operation: the suite stays quick; raise it locally to search harder


@pytest.fixture
def world():
    world = make_world(subs=3)
    pd = world.plans["a1"].perangkat_daerah
    in_force = Renja.objects.create(perangkat_daerah=pd, tahun=2031, status=Renja.Status.DITETAPKAN)
    program = Program.objects.create(renja=in_force, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A", pagu_n=10**8, urutan=1)
    world.plans["in_force"] = in_force
    return world


@pytest.fixture
def wsgi_app():
    """The installation's WSGI app, called in process as schemathesis does, inside the test's transaction: the
    request signals must not close the test's connection (django.test.Client disconnects them the same way)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def real_ids(world, plan):
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    renstra = Renstra.objects.filter(perangkat_daerah=plan.perangkat_daerah).order_by("id").first()
    return {"renja_id": plan.pk, "pd_id": plan.perangkat_daerah_id, "other_id": world.plans["a1_final"].pk,
            "triwulan": 1, "level": "sub-kegiatan", "row_id": sub.pk, "renstra_id": renstra.pk if renstra else 1}


def test_every_operation_matches_the_schema(world, settings, wsgi_app):
    settings.RENJA_API_RATE = "1000000/min"
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    # A NUL character is refused in every text with a 400 that names the field (Django REST framework's rule,
    # test_a_nul_character_is_refused_with_the_field_named below), which the schema does not repeat on each
    # string: generated texts leave it out, or a valid-looking query is "rejected" at random.
    schema.config.generation.update(allow_x00=False)
    _, raw = create_token(world.users["operator_a1"])
    headers = {"Authorization": f"Token {raw}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    called, generated_runs = 0, []
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        for plan in (world.plans["a1"], world.plans["in_force"]):  # the real ids first: real answers
            ids = real_ids(world, plan)
            extra = ({"body": {"versi": 0, "keuangan": "1.000.000", "fisik": "10"}, "media_type": "application/json"}
                     if operation.method.upper() == "PUT" else {})
            case = operation.Case(path_parameters={k: ids[k] for k in names}, **extra)
            response = case.call_and_validate(headers=headers)
            assert response.status_code < 500
            called += 1

        @given(case=operation.as_strategy())
        @examples(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def generated(case):
            case.call_and_validate(headers=headers)

        generated()
        generated_runs.append(operation.label)
    assert len(generated_runs) == len(operations)
    assert called >= 36


def test_a_nul_character_is_refused_with_the_field_named(world):
    from django.test import Client

    _, raw = create_token(world.users["operator_a1"])
    response = Client(HTTP_AUTHORIZATION=f"Token {raw}").get("/api/v1/pd/", {"kode": "1.01\x00"})
    assert response.status_code == 400
    error = response.json()["galat"]
    assert error["kode"] == "permintaan_tidak_valid" and "kode" in error["rincian"]
    assert "null" in error["pesan"]
