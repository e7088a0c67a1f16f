"""The tree over the API reads the plan's read model (plans.view.build_view): the same number of queries for
a plan of 8 sub kegiatan and one of 120, and its totals are the plan's."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renja.api.tokens import create_token
from renja.plans.models import SubKegiatan
from renja.plans.summary import build_summary
from tests.web.people import load_plan, make_user

pytestmark = pytest.mark.django_db


def count(client, url):
    client.get(url)  # the token's last use is written once a minute: the measured request reads only
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("path", ["pohon", "ringkasan"])
def test_tree_queries_do_not_grow_with_the_plan(path):
    small, large = load_plan(0, subs=8), load_plan(1, subs=120)
    counts = {}
    for name, plan in (("small", small), ("large", large)):
        pd = plan.perangkat_daerah
        user = make_user(f"verifikator_{name}", "verifikator_bappeda", pd.pemda)
        _, raw = create_token(user)
        client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
        counts[name], data = count(client, f"/api/v1/renja/{plan.pk}/{path}/")
        if path == "pohon":
            subs = [s for p in data["program"] for k in p["anak"] for s in k["anak"]]
            assert len(subs) == SubKegiatan.objects.filter(kegiatan__program__renja=plan).count()
            assert data["total_n"] == build_summary(plan)["total"]["pagu_n"] == sum(s["pagu_n"] or 0 for s in subs)
            assert all("indikator" in s and "tertulis" in s for s in subs)
    assert SubKegiatan.objects.filter(kegiatan__program__renja=large).count() >= 100
    assert counts["small"] == counts["large"], counts
