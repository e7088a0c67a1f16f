"""The findings page: the demo's findings grouped by table and severity, each T-C.33 finding linked to its row
on the plan tree, the severity filter, the rules' explanations."""

import re
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from renja.demo.setup import create_demo_users, load_demo_data
from renja.plans.models import Kegiatan, Program, SubKegiatan
from renja.rules.checker import check_renja
from renja.rules.engine import all_rules

from .people import make_world

pytestmark = pytest.mark.django_db

MODELS = {"program": Program, "kegiatan": Kegiatan, "sub-kegiatan": SubKegiatan}


@pytest.fixture
def demo():
    renja, _ = load_demo_data()
    create_demo_users(renja)
    client = Client()
    client.force_login(User.objects.get(username="verifikator"))
    return renja, client


def get(client, renja, **params):
    response = client.get(reverse("web:temuan", args=[renja.id]), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html):
    """(number, severity, row html) of every finding on the page."""
    return [(int(n), severity, body) for n, severity, body in
            re.findall(r'<tr id="temuan-(\d+)" class="finding severity-(\w+)">(.*?)</tr>', html, re.S)]


def test_every_finding_of_the_demo_is_listed(demo):
    renja, client = demo
    findings = check_renja(renja)
    html = get(client, renja)
    listed = rows(html)
    assert sorted(n for n, _, _ in listed) == list(range(1, len(findings) + 1))
    assert Counter(s for _, s, _ in listed) == Counter(f.severity for f in findings)
    errors = sum(1 for f in findings if f.severity == "error")
    assert errors > 100 and f"{errors} kesalahan" in html
    # grouped by table as the checker sorts them, each table's heading once; tables with errors first, then
    # with warnings, then those with notes only
    rank = {"error": 0, "warning": 1, "info": 2}
    tables = list(dict.fromkeys(f.table for f in findings))
    tables.sort(key=lambda t: min(rank[f.severity] for f in findings if f.table == t))
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert [h for h in headings if h in tables] == tables
    assert tables[-1] == "Pemeriksaan"  # "this rule cannot apply" notes come last
    for n, severity, body in listed:
        finding = findings[n - 1]
        assert severity == finding.severity and f"<code>{finding.rule}</code>" in body


def test_expected_and_found_amounts_are_written_the_indonesian_way(demo):
    renja, client = demo
    html = get(client, renja)
    # CROSS-PLAFON: the ceiling against the total the document states
    body = next(b for _, _, b in rows(html) if "<code>CROSS-PLAFON</code>" in b)
    assert "<td>10.922.004.616</td>" in body and "<td>12.239.200.000</td>" in body


def test_t_c33_findings_link_to_their_rows(demo):
    renja, client = demo
    tree = reverse("web:renja", args=[renja.id])
    html = get(client, renja)
    links = re.findall(rf'<a class="row-link" href="{tree}#baris-([a-z-]+)-(\d+)">(.*?)</a>', html)
    assert len(links) > 50
    for level, row_id, code in links:
        row = MODELS[level].objects.get(pk=row_id)  # a row of the right level …
        owner = {"program": row, "kegiatan": getattr(row, "program", None),
                 "sub-kegiatan": getattr(getattr(row, "kegiatan", None), "program", None)}[level]
        assert owner.renja_id == renja.id  # … of this plan …
        assert code in (row.kode, " ".join(row.kode_asli.split()))  # … with the code shown

    # a code the seed writes on several programs ("2 0 0") is told apart by the row's name
    program = Program.objects.get(renja=renja, nama="PROGRAM PERLINDUNGAN PEREMPUAN")
    assert program.kode == "" and " ".join(program.kode_asli.split()) == "2 0 0"
    body = next(b for _, _, b in rows(html) if "<code>PAGU-SUM-PROGRAM</code>" in b and program.nama in b)
    assert f'href="{tree}#baris-program-{program.id}"' in body
    # a sub kegiatan by its code
    sub = SubKegiatan.objects.get(kegiatan__program__renja=renja, kode="2.13.05.2.01.0002")
    body = next(b for _, _, b in rows(html) if "<code>IND-TARGET</code>" in b and sub.kode in b)
    assert f'href="{tree}#baris-sub-kegiatan-{sub.id}"' in body
    # a finding without a row has no link
    body = next(b for _, _, b in rows(html) if "<code>CROSS-PLAFON</code>" in b)
    assert "row-link" not in body


@pytest.mark.parametrize("tingkat", ["error", "warning", "info"])
def test_the_severity_filter(demo, tingkat):
    renja, client = demo
    expected = [n for n, f in enumerate(check_renja(renja), start=1) if f.severity == tingkat]
    listed = rows(get(client, renja, tingkat=tingkat))
    assert expected and len(listed) == len(expected)
    assert {s for _, s, _ in listed} == {tingkat}
    # numbered as on the unfiltered page, so that temuan-<n> links from the plan tree hold
    assert [n for n, _, _ in listed] == expected


def test_an_unknown_severity_shows_everything(demo):
    renja, client = demo
    assert len(rows(get(client, renja, tingkat="semua"))) == len(check_renja(renja))


def test_each_rule_is_explained(demo):
    renja, client = demo
    html = get(client, renja)
    rule = next(r for r in all_rules() if r.id == "PAGU-SUM-PROGRAM")
    body = next(b for _, _, b in rows(html) if "<code>PAGU-SUM-PROGRAM</code>" in b)
    assert "<details>" in body and rule.title in body
    explanation = re.sub(r"&[#\w]+;", "", re.search(r'<p class="small">([^<]*)</p></details>', body).group(1))
    assert explanation[:60] == re.sub(r"['\"&<>]", "", rule.explanation)[:60]


def test_findings_of_an_invisible_plan_are_404():
    world = make_world(subs=2)
    client = Client()
    client.force_login(world.users["operator_a1"])
    assert client.get(reverse("web:temuan", args=[world.plans["a1"].id])).status_code == 200
    for name in ("a2", "b"):
        assert client.get(reverse("web:temuan", args=[world.plans[name].id])).status_code == 404
