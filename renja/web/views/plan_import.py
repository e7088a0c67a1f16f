"""Unggah Renja: a plan brought in from a workbook or an exchange file. Upload → the file is read and
previewed in the background (renja/tasks/imports.py) → the preview (layout, columns, counts and totals per
program, every problem with its cell, the checker's findings) → confirm: a draft plan is created, or an
existing draft replaced after a second confirmation."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from renja.exchange.imports import ACCEPTED, EXCHANGE_SUFFIXES, WORKBOOK_SUFFIXES
from renja.organizations.models import Profil
from renja.organizations.scoping import scope
from renja.plans.models import Renja
from renja.tasks import imports as background
from renja.tasks.models import PlanImport
from renja.web import access
from renja.workflow.schedule import stage_closure

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes():
    return getattr(settings, "RENJA_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


class UploadForm(forms.Form):
    tahun = forms.IntegerField(label="Tahun Renja", min_value=2000, max_value=2100)
    tahap = forms.ChoiceField(label="Tahap", choices=Renja.Tahap.choices, initial=Renja.Tahap.RANCANGAN_AWAL)
    pagu = forms.CharField(label="Kolom pagu tahun n (bila berkas memuat beberapa kolom pagu)", required=False,
                           max_length=60)
    berkas = forms.FileField(label="Berkas Renja")

    def clean_berkas(self):
        file = self.cleaned_data["berkas"]
        name = file.name.lower()
        if not any(name.endswith(suffix) for suffix in WORKBOOK_SUFFIXES | EXCHANGE_SUFFIXES):
            raise forms.ValidationError(f"Berkas '{file.name}' bukan jenis yang diterima ({ACCEPTED}).")
        if file.size > max_bytes():
            raise forms.ValidationError(
                f"Berkas '{file.name}' terlalu besar ({file.size / 1024 / 1024:.1f} MB; paling besar "
                f"{max_bytes() // (1024 * 1024)} MB).".replace(".", ",", 1))
        return file


def _pd(request, pd_id):
    """The PD, if the user sees it (else 404) and may bring plans in for it (else 403 with the reason)."""
    pd = access.get_pd(request.user, pd_id)
    access.require_import(request.user, pd)
    return pd


def _upload_of(request, import_id):
    upload = get_object_or_404(scope(PlanImport.objects.select_related("perangkat_daerah__pemda", "renja"),
                                     request.user), pk=import_id)
    access.require_import(request.user, upload.perangkat_daerah)
    return background.fail_if_stalled(upload)


@login_required
def upload(request, pd_id):
    pd = _pd(request, pd_id)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid() and (closed := _closed_for(request.user, pd, form.cleaned_data)):
            form.add_error(None, closed)
        if form.is_valid():
            data = form.cleaned_data
            started = background.start(data["berkas"], pd=pd, tahun=data["tahun"], tahap=data["tahap"],
                                       pagu=data["pagu"].strip(), user=request.user)
            return redirect("web:unggahan", import_id=started.pk)
        status = 400
    else:
        form = UploadForm(initial={"tahun": timezone.localdate().year + 1})
        status = 200
    recent = [background.fail_if_stalled(upload) for upload in
              scope(PlanImport.objects.filter(perangkat_daerah=pd), request.user).order_by("-dibuat_pada")[:10]]
    return render(request, "web/plan_import/upload.html",
                  {"pd": pd, "form": form, "recent": recent, "max_mb": max_bytes() // (1024 * 1024)},
                  status=status)


@login_required
def progress(request, import_id):
    """The upload's page: its progress while a task runs, the preview to confirm, the new plan, or why not."""
    upload = _upload_of(request, import_id)
    Status = PlanImport.Status
    if request.method == "POST":
        return _confirm(request, upload)
    if upload.status == Status.DIMUAT and upload.renja_id:
        messages.success(request, f"Renja dari '{upload.nama_berkas}' dimuat sebagai draf.")
        return redirect("web:renja", renja_id=upload.renja_id)
    context = {"upload": upload, "pd": upload.perangkat_daerah,
               "status_url": reverse("web:unggahan_status", args=[upload.pk])}
    if upload.status == Status.PRATINJAU:
        return render(request, "web/plan_import/preview.html", {**context, "preview": upload.pratinjau})
    if upload.status == Status.GAGAL:
        return render(request, "web/plan_import/failed.html",
                      {**context, "errors": upload.galat.splitlines()}, status=400)
    return render(request, "web/plan_import/progress.html", context)


def _closed_for(user, pd, data):
    """Why the schedule closes this stage to a PD user now (Bappeda enters plans for a PD whenever it must)."""
    profil = access.profil_of(user)
    if profil is None or profil.peran not in Profil.PD_ROLES:
        return None
    return stage_closure(pd.pemda, data["tahun"], data["tahap"])


def _confirm(request, upload):
    if upload.status != PlanImport.Status.PRATINJAU:
        return redirect("web:unggahan", import_id=upload.pk)  # already loading or done: its page says so
    closed = _closed_for(request.user, upload.perangkat_daerah, {"tahun": upload.tahun, "tahap": upload.tahap})
    if closed:
        messages.error(request, closed)
        return redirect("web:unggahan", import_id=upload.pk)
    existing = (upload.pratinjau or {}).get("existing")
    replace = request.POST.get("ganti") == "1"
    if existing and not replace:
        messages.error(request, f"{existing['label']} sudah ada. Centang konfirmasi penggantian untuk "
                                "menggantinya seluruhnya, atau batalkan.")
        return redirect("web:unggahan", import_id=upload.pk)
    background.confirm(upload, replace=bool(existing) and replace)
    return redirect("web:unggahan", import_id=upload.pk)


@login_required
def status(request, import_id):
    upload = _upload_of(request, import_id)
    return JsonResponse({"status": upload.status, "kemajuan": upload.kemajuan, "langkah": upload.langkah,
                         "selesai": not upload.waiting})
