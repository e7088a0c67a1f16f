"""Thin views over `export`: anyone may read, only set plans of a Pemda whose open data is on exist here (any
other plan, Pemda or table is a 404, the same answer as for an id that never existed)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from renja.plans.rollup import Totals, plans_totals

from . import export

KINDS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8", "zip": "application/zip"}


def _file(data, filename, kind):
    response = HttpResponse(data, content_type=KINDS[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: readable by any site's scripts
    return response


@require_safe
def index(request):
    pemdas = list(export.open_pemdas())
    plans = list(export.open_plans().select_related("perangkat_daerah")
                 .order_by("perangkat_daerah__pemda_id", "-tahun", "tahap", "perangkat_daerah__kode"))
    totals = plans_totals(plans)  # one query for every plan listed
    years = {}  # pemda id → {tahun: {"plans": [...], "jumlah": {tahap label: Totals}}}
    for plan in plans:
        plan.totals = totals[plan.id]
        year = years.setdefault(plan.perangkat_daerah.pemda_id, {}).setdefault(
            plan.tahun, {"tahun": plan.tahun, "plans": [], "jumlah": {}})
        year["plans"].append(plan)
        # a year's sum per stage: a Renja Final and its Perubahan both set are two versions, never added
        sums = year["jumlah"].setdefault(plan.get_tahap_display(), Totals())
        sums.add(plan.totals)
    for pemda in pemdas:
        pemda.years = list(years.get(pemda.id, {}).values())
    return render(request, "opendata/index.html", {"pemdas": pemdas, "tables": list(export.TABLES)})


def _plan(renja_id):
    return get_object_or_404(export.open_plans().select_related("perangkat_daerah__pemda"), pk=renja_id)


def _pemda_year(pemda_id, tahun):
    pemda = get_object_or_404(export.open_pemdas(), pk=pemda_id)
    plans = list(export.open_plans().filter(perangkat_daerah__pemda=pemda, tahun=tahun)
                 .select_related("perangkat_daerah").order_by("perangkat_daerah__kode", "tahap"))
    if not plans:
        raise Http404("Tidak ada Renja yang ditetapkan untuk tahun ini.")
    return pemda, plans


def _table(name):
    if name not in export.TABLES:
        raise Http404("Tabel tidak dikenal.")
    return name


def _plan_package(plan, all_tables):
    pd = plan.perangkat_daerah
    return export.datapackage(
        export.package_name("renja", pd.pemda.kode, pd.kode, plan.tahun, plan.tahap),
        f"Renja {pd.nama} {plan.tahun} ({plan.get_tahap_display()})",
        f"Rencana Kerja {pd.nama}, {pd.pemda.nama}, tahun {plan.tahun}, yang ditetapkan.", all_tables)


def _pemda_package(pemda, tahun, all_tables):
    return export.datapackage(
        export.package_name("renja", pemda.kode, tahun), f"Renja {pemda.nama} {tahun}",
        f"Rencana Kerja Perangkat Daerah {pemda.nama} tahun {tahun} yang ditetapkan.", all_tables)


@require_safe
def renja_csv(request, renja_id, tabel):
    table = export.tables([_plan(renja_id)], [_table(tabel)])[0]
    return _file(export.csv_bytes(table), f"renja-{renja_id}-{table.filename}", "csv")


@require_safe
def renja_json(request, renja_id):
    plan = _plan(renja_id)
    return _file(export.json_bytes(str(plan), export.tables([plan])), f"renja-{renja_id}.json", "json")


@require_safe
def renja_package(request, renja_id):
    plan = _plan(renja_id)
    package = _plan_package(plan, export.tables([]))  # the schemas only: the rows are in the CSVs
    return _file(export.package_bytes(package), "datapackage.json", "json")


@require_safe
def renja_zip(request, renja_id):
    plan = _plan(renja_id)
    all_tables = export.tables([plan])
    return _file(export.zip_bytes(_plan_package(plan, all_tables), all_tables), f"renja-{renja_id}.zip", "zip")


@require_safe
def pemda_csv(request, pemda_id, tahun, tabel):
    _, plans = _pemda_year(pemda_id, tahun)
    table = export.tables(plans, [_table(tabel)])[0]
    return _file(export.csv_bytes(table), f"renja-{pemda_id}-{tahun}-{table.filename}", "csv")


@require_safe
def pemda_json(request, pemda_id, tahun):
    pemda, plans = _pemda_year(pemda_id, tahun)
    return _file(export.json_bytes(f"Renja {pemda.nama} {tahun}", export.tables(plans)),
                 f"renja-{pemda_id}-{tahun}.json", "json")


@require_safe
def pemda_package(request, pemda_id, tahun):
    pemda, plans = _pemda_year(pemda_id, tahun)
    package = _pemda_package(pemda, tahun, export.tables([]))  # the schemas only
    return _file(export.package_bytes(package), "datapackage.json", "json")


@require_safe
def pemda_zip(request, pemda_id, tahun):
    pemda, plans = _pemda_year(pemda_id, tahun)
    all_tables = export.tables(plans)
    return _file(export.zip_bytes(_pemda_package(pemda, tahun, all_tables), all_tables),
                 f"renja-{pemda_id}-{tahun}.zip", "zip")
