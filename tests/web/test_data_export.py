"""Unduh data: the plan as its exchange file and as Renja's own workbook, for those who see the plan only."""

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from renja.exchange.export import dump_yaml, export_document
from renja.exchange.workbook.own import is_own_workbook, read_own

from .people import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(subs=4)


def get(world, user, plan, fmt):
    client = Client()
    client.force_login(world.users[user])
    return client.get(reverse("web:unduh_data", args=[plan.pk, fmt]))


def test_the_exchange_file_is_the_plan_as_renja_export_writes_it(world):
    plan = world.plans["a1"]
    response = get(world, "operator_a1", plan, "yaml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/yaml")
    assert f'filename="Data-Renja-{plan.tahun}-' in response["Content-Disposition"]
    assert response.content.decode() == dump_yaml(export_document(plan))
    assert yaml.safe_load(response.content)["renja"]["tahun"] == plan.tahun
    assert get(world, "verifikator_a", plan, "json").json()["perangkat_daerah"]["kode"] == plan.perangkat_daerah.kode


def test_the_workbook_reads_back_as_the_same_plan(world, tmp_path):
    plan = world.plans["a1"]
    response = get(world, "pimpinan_a1", plan, "xlsx")
    assert response.status_code == 200
    path = tmp_path / "renja.xlsx"
    path.write_bytes(response.content)
    assert is_own_workbook(path)
    document, problems = read_own(path, pd=None, year=None, stage=None)
    assert problems == []
    assert document["renja"]["program"] == export_document(plan)["renja"]["program"]


def test_another_pds_plan_or_an_unknown_format_is_not_found(world):
    plan = world.plans["a1"]
    assert get(world, "operator_a2", plan, "yaml").status_code == 404
    assert get(world, "operator_b", plan, "xlsx").status_code == 404
    assert get(world, "operator_a1", plan, "csv").status_code == 404
