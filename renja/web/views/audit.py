"""The audit log of a Pemda, for its Admin Pemda: logins, failed logins, downloads, workflow steps and account
changes, newest first, filtered by kind and user."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from renja.audit.models import Peristiwa
from renja.web import access

PER_PAGE = 100


@login_required
def log(request, pemda_id):
    pemda = access.get_pemda_to_administer(request.user, pemda_id)
    events = Peristiwa.objects.filter(pemda=pemda).select_related("perangkat_daerah")
    jenis = request.GET.get("jenis") or ""
    if jenis in Peristiwa.Jenis.values:
        events = events.filter(jenis=jenis)
    else:
        jenis = ""
    pengguna = (request.GET.get("pengguna") or "").strip()[:150]
    if pengguna:
        events = events.filter(nama_pengguna__icontains=pengguna)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "web/audit/log.html", {
        "pemda": pemda, "page": page, "jenis": jenis, "pengguna": pengguna, "kinds": Peristiwa.Jenis.choices,
    })
