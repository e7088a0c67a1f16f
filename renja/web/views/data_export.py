"""Unduh data: a plan as data, the exchange file (YAML, JSON) or Renja's own workbook, for everyone who sees
the plan; what `renja export` writes (renja/exchange/export.py). Made on request: one PD's plan takes well
under a second."""

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from renja.exchange.export import export_document, write_document
from renja.web.access import get_renja

from . import documents

CONTENT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(renja, fmt):
    """`Data-Renja-2022-DPMPPA-final.yaml`: the documents' name (documents.filename), marked as data."""
    return "Data-" + documents.filename(renja, fmt)


@login_required
def download(request, renja_id, fmt):
    renja = get_renja(request.user, renja_id)  # first: another PD's plan is a 404 whatever the format
    if fmt not in CONTENT_TYPES:
        raise Http404("Format data tidak dikenal.")
    document = export_document(renja)
    with tempfile.TemporaryDirectory(prefix="renja-data-") as folder:
        path = Path(folder) / f"data.{fmt}"
        write_document(document, path, fmt)
        content = path.read_bytes()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(renja, fmt)}"'
    return response
