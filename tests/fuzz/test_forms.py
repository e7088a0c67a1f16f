"""The logged-in forms fuzzed through the test client: a row edit, realisation entry, the workflow actions and
Bappeda's ceilings, each POSTed as the role that uses it with the page's own fields, some replaced by
generated values (numbers, codes, any text), dropped, or joined by others. Never a server error; an input the
app does not accept (any answer but a redirect) changes nothing. Each example runs in a savepoint rolled back
after it, so every one starts from the same plan. RENJA_FUZZ_FORMS sets the examples per form (60)."""

import os
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.plans.models import Indikator, Renja
from tests.web.people import make_world
from tests.web.test_rows import _Forms

from .targets import CHARS, CODE_TEXTS, NUMBERS

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("RENJA_FUZZ_FORMS", "60"))
ODD = ["", "0", "-1", "9" * 30, "1e999", "nan", "-inf", "<script>alert(1)</script>", "'; DROP TABLE x; --",
       "1.000.000,5", "12,5 %", "\u0000", "Rp 1.000.000", "2099", "x" * 5000]
VALUES = st.one_of(st.text(CHARS, max_size=40), NUMBERS.map(lambda v: "" if v is None else str(v)),
                   CODE_TEXTS.map(lambda v: "" if v is None else str(v)), st.sampled_from(ODD))
CHANGES = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["set", "set", "drop", "add"]), VALUES),
                   max_size=6)
CONTENT_APPS = ("plans", "monitoring", "workflow")


def snapshot():
    """Every row of the plans, realisation and workflow tables (history tables by count), and the counts of every
    other table of Renja's apps."""
    from django.apps import apps

    state = []
    for model in apps.get_models():
        if not model.__module__.startswith("renja.") or model._meta.proxy:
            continue
        if model._meta.app_label in CONTENT_APPS and not model.__name__.startswith("Historical"):
            state.append((model._meta.label, tuple(model.objects.order_by("pk").values_list())))
        else:
            state.append((model._meta.label, model.objects.count()))
    return state


def fields_of(client, url):
    """The fields of the page's form that posts to `url` (or to itself), as a browser would send them."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _Forms()
    parser.feed(response.content.decode())
    posting = [f for f in parser.forms if f["method"].lower() == "post" and f["action"] in (None, "", url)]
    assert posting, f"no form posts to {url}"
    return max(posting, key=lambda f: len(f["fields"]))["fields"]


def changed(fields, changes):
    data = [list(pair) for pair in fields]
    for index, how, value in changes:
        if how == "add" or not data:
            data.append([("versi", "alasan", "catatan", "nilai", "x")[index % 5], value])
        elif how == "drop":
            data.pop(index % len(data))
        else:
            data[index % len(data)][1] = value
    posted = {}
    for name, value in data:
        posted.setdefault(name, []).append(value)
    return posted


def fuzz(client, url, fields, examples=EXAMPLES, urls=None, label=None):
    """POST `examples` changed versions of `fields` to `url` (or to a URL drawn from `urls`); returns the tally."""
    tally = {"accepted": 0, "refused": 0}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(CHANGES, st.sampled_from(urls or [url]))
    def post(changes, target):
        data = changed(fields, changes)
        with transaction.atomic():
            before = snapshot()
            response = client.post(target, data)
            assert response.status_code < 500, (target, data, response.status_code)
            if response.status_code in (301, 302, 303):
                tally["accepted"] += 1
            else:
                assert snapshot() == before, (target, data, response.status_code)
                tally["refused"] += 1
            transaction.set_rollback(True)

    post()
    print(f"\nfuzz form {label or url}: {examples} posts, {tally['accepted']} accepted, {tally['refused']} refused; "
          "0 server errors, refusals changed nothing")
    return tally


@pytest.fixture
def world():
    return make_world(subs=3)


def client_of(world, name):
    client = Client()
    client.force_login(world.users[name])
    return client


def test_the_row_edit_form(world):
    renja = world.plans["a1"]
    sub = Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja).first().sub_kegiatan
    client = client_of(world, "operator_a1")
    url = reverse("web:baris", args=[renja.pk, "sub-kegiatan", sub.pk])
    tally = fuzz(client, url, fields_of(client, url))
    assert tally["refused"] > 0


def test_the_realisation_entry_form(world):
    from renja.plans.models import Kegiatan, Program, SubKegiatan

    pd = world.plans["a1"].perangkat_daerah
    renja = Renja.objects.create(perangkat_daerah=pd, tahun=2031, status=Renja.Status.DITETAPKAN)
    program = Program.objects.create(renja=renja, kode="1.01.02", nama="Program Uji", urutan=1)
    kegiatan = Kegiatan.objects.create(program=program, kode="1.01.02.1.01", nama="Kegiatan Uji", urutan=1)
    sub = SubKegiatan.objects.create(kegiatan=kegiatan, kode="1.01.02.1.01.0001", nama="Sub A",
                                     pagu_n=100_000_000, urutan=1)
    Indikator.objects.create(sub_kegiatan=sub, uraian="Jumlah dokumen", target_n=Decimal(12),
                             target_n_teks="12 Dokumen", target_n_satuan="Dokumen")
    client = client_of(world, "operator_a1")
    url = reverse("web:realisasi_baris", kwargs={"renja_id": renja.pk, "triwulan": 2, "level": "sub-kegiatan",
                                                 "row_id": sub.pk})
    tally = fuzz(client, url, fields_of(client, url))
    spending = reverse("web:belanja", kwargs={"renja_id": renja.pk, "level": "sub-kegiatan", "row_id": sub.pk})
    fuzz(client, spending, fields_of(client, spending))
    assert tally["refused"] > 0


@pytest.mark.parametrize("user", ["operator_a1", "pimpinan_a1", "verifikator_a", "operator_b"])
def test_the_workflow_actions(world, user):
    from renja.workflow.transitions import ACTIONS

    renja = world.plans["a1"]
    urls = [reverse("web:alur", args=[renja.pk, action]) for action in [*ACTIONS, "hapus", "x"]]
    client = client_of(world, user)
    fuzz(client, urls[0], [("alasan", "Perbaiki indikator"), ("versi", "1")], examples=EXAMPLES // 2, urls=urls,
         label=f"/renja/{renja.pk}/alur/<aksi>/ as {user}")


def test_the_ceilings_form(world):
    pemda = world.plans["a1"].perangkat_daerah.pemda
    client = client_of(world, "verifikator_a")
    url = reverse("web:plafon", args=[pemda.pk, 2031, "rancangan"])
    tally = fuzz(client, url, fields_of(client, url))
    assert tally["refused"] > 0
