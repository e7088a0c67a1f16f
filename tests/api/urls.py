"""Every URL of the API, filled in with a plan's ids (for tests/authorization/test_matrix.py and tests/api)."""

from django.urls import reverse

from renja.api import urls as api_urls
from renja.plans.models import Renstra, SubKegiatan

PLAN_KWARGS = {"renja_id", "pd_id", "renstra_id", "other_id", "triwulan", "level", "row_id"}


def api_urls_of_plan(world, plan_name):
    """(name, url) of every API URL that names a plan or its PD."""
    plan = world.plans[plan_name]
    sub = SubKegiatan.objects.filter(kegiatan__program__renja=plan).order_by("id").first()
    program = plan.program.order_by("id").first()
    kegiatan = program.kegiatan.order_by("id").first()
    other = world.plans["a1_final"] if plan_name == "a1" else plan
    renstra = Renstra.objects.filter(perangkat_daerah=plan.perangkat_daerah).order_by("id").first()
    urls = []
    for pattern in api_urls.urlpatterns:
        names = set(pattern.pattern.converters)
        assert names <= PLAN_KWARGS, f"{pattern.name}: parameter baru {names - PLAN_KWARGS} belum diuji"
        if not names:
            continue
        fills = [{}]
        if "level" in names:
            fills = [{"level": "program", "row_id": program.id}, {"level": "kegiatan", "row_id": kegiatan.id},
                     {"level": "sub-kegiatan", "row_id": sub.id}]
        if "triwulan" in names:
            fills = [{**f, "triwulan": q} for f in fills for q in (1, 4)]
        for fill in fills:
            kwargs = {"renja_id": plan.id, "pd_id": plan.perangkat_daerah_id, "other_id": other.id,
                      "renstra_id": renstra.id if renstra else 0, **fill}
            urls.append((f"api:{pattern.name}", reverse(f"api:{pattern.name}",
                                                        kwargs={k: kwargs[k] for k in names})))
    return urls


def api_urls_without_plan():
    """(name, url) of the API URLs that name nothing: lists, the ranking, reference data, schema and docs."""
    return [(f"api:{p.name}", reverse(f"api:{p.name}")) for p in api_urls.urlpatterns if not p.pattern.converters]
