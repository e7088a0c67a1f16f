"""Bappeda's side of the planning cycle, for the Verifikator Bappeda and the Admin Pemda: the status board of the
Pemda's PDs, the schedule of the stages, the ceilings (pagu indikatif) and the compiled RKPD.

The work is done by renja/workflow (schedule, ceilings, board) and renja/plans/rkpd.py; the RKPD's files by a
background task (renja/tasks/rkpd.py); these views read the request and answer. Another Pemda does not exist for a user (404); a PD user of the Pemda is told the pages are
Bappeda's (403).
"""

from datetime import date
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from renja.documents import rkpd as rkpd_documents
from renja.organizations.models import Pemda, Profil
from renja.plans.models import Renja
from renja.plans.rkpd import compile_rkpd
from renja.tasks import rkpd as produced_rkpd
from renja.tasks.models import ProducedRkpd
from renja.web.access import profil_of
from renja.workflow import board as board_module
from renja.workflow import ceilings, schedule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024
BAPPEDA_ROLES = (Profil.Peran.VERIFIKATOR_BAPPEDA, Profil.Peran.ADMIN_PEMDA)


def get_pemda(user, pemda_id):
    """The Pemda of a Bappeda or Admin Pemda user; 404 for another Pemda, 403 for a PD user of this one."""
    profil = profil_of(user)
    if user.is_superuser:
        pemda = Pemda.objects.filter(pk=pemda_id).first()
    elif profil is not None and profil.pemda_id == pemda_id:
        pemda = profil.pemda
    else:
        pemda = None
    if pemda is None:
        raise Http404("Pemerintah daerah tidak ditemukan.")
    if not user.is_superuser and profil.peran not in BAPPEDA_ROLES:
        raise PermissionDenied("Halaman ini untuk Verifikator Bappeda dan Admin Pemda; Perangkat Daerah melihat "
                               "Renja-nya sendiri di beranda.")
    return pemda


def default_year(pemda):
    """The latest year with a plan in the Pemda, else the coming year."""
    latest = (Renja.objects.filter(perangkat_daerah__pemda=pemda).order_by("-tahun")
              .values_list("tahun", flat=True).first())
    return latest or date.today().year + 1


def _tahap_param(request):
    tahap = request.GET.get("tahap") or None
    return tahap if tahap in Renja.Tahap.values else None


def _context(pemda, tahun, page, **more):
    return {"pemda": pemda, "tahun": tahun, "page": page, "stages": Renja.Tahap.choices,
            "years": [tahun - 1, tahun, tahun + 1], **more}


@login_required
def cycle(request, pemda_id):
    pemda = get_pemda(request.user, pemda_id)
    return redirect("web:papan", pemda_id=pemda.pk, tahun=default_year(pemda))


@login_required
def board(request, pemda_id, tahun):
    pemda = get_pemda(request.user, pemda_id)
    tahap = _tahap_param(request)
    return render(request, "web/cycle/board.html", _context(
        pemda, tahun, "papan", board=board_module.status_board(pemda, tahun, tahap), tahap=tahap,
        schedule=schedule.year_schedule(pemda, tahun)))


def _moment(text, end):
    """A date from a form field (YYYY-MM-DD) as the first (or last) moment of that day; None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise schedule.ScheduleRefused(f"Tanggal «{text}» tidak terbaca; gunakan pemilih tanggal (TTTT-BB-HH).")
    return schedule.end_of(day) if end else schedule.start_of(day)


@login_required
def jadwal(request, pemda_id, tahun):
    pemda = get_pemda(request.user, pemda_id)
    errors = []
    if request.method == "POST":
        tahap, aksi = request.POST.get("tahap", ""), request.POST.get("aksi", "")
        alasan = request.POST.get("alasan", "")
        try:
            if aksi == "atur":
                schedule.set_dates(pemda, tahun, tahap, _moment(request.POST.get("dibuka"), end=False),
                                   _moment(request.POST.get("ditutup"), end=True), request.user, alasan)
                messages.success(request, f"Jadwal {schedule.stage_label(tahap, tahun)} disimpan.")
            elif aksi == "tutup":
                schedule.close(pemda, tahun, tahap, request.user, alasan)
                messages.success(request, f"Tahap {schedule.stage_label(tahap, tahun)} ditutup: Renja tahap ini "
                                          "kini hanya dapat dibaca oleh Perangkat Daerah.")
            elif aksi == "buka_kembali":
                schedule.reopen(pemda, tahun, tahap, request.user, alasan,
                                sampai=_moment(request.POST.get("sampai"), end=True))
                messages.success(request, f"Tahap {schedule.stage_label(tahap, tahun)} dibuka kembali.")
            else:
                errors.append(f"Aksi «{aksi}» tidak dikenal.")
        except schedule.ScheduleRefused as refused:
            errors.extend(refused.errors)
        if not errors:
            return redirect("web:jadwal", pemda_id=pemda.pk, tahun=tahun)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "web/cycle/schedule.html", _context(
        pemda, tahun, "jadwal", schedule=schedule.year_schedule(pemda, tahun), errors=errors,
        refused=schedule.manager_refusal(request.user, pemda)), status=400 if errors else 200)


def _stage(tahap):
    if tahap not in Renja.Tahap.values:
        raise Http404("Tahap tidak dikenal.")
    return tahap


def _ceilings_page(request, pemda, tahun, tahap, errors=(), posted=None, status=200):
    rows = ceilings.ceiling_table(pemda, tahun, tahap)
    posted = posted or {}
    for row in rows:
        row.field = f"pagu-{row.pd.pk}"
        row.posted = posted.get(row.field)
    return render(request, "web/cycle/ceilings.html", _context(
        pemda, tahun, "plafon", tahap=tahap, tahap_label=Renja.Tahap(tahap).label, rows=rows, errors=list(errors),
        refused=schedule.manager_refusal(request.user, pemda),
        total=sum(r.own.pagu or 0 for r in rows if r.own is not None)), status=status)


@login_required
def plafon(request, pemda_id, tahun, tahap):
    pemda = get_pemda(request.user, pemda_id)
    tahap = _stage(tahap)
    if request.method == "POST":
        values = {}
        for name, text in request.POST.items():
            if name.startswith("pagu-") and name[5:].isdecimal():
                values[int(name[5:])] = text
        try:
            changed = ceilings.save_ceilings(pemda, tahun, tahap, values, request.user)
        except ceilings.ScheduleRefused as refused:
            return _ceilings_page(request, pemda, tahun, tahap, refused.errors, posted=request.POST, status=400)
        messages.success(request, f"Pagu indikatif {schedule.stage_label(tahap, tahun)} disimpan ({changed} PD "
                                  "berubah).")
        return redirect("web:plafon", pemda_id=pemda.pk, tahun=tahun, tahap=tahap)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return _ceilings_page(request, pemda, tahun, tahap)


@login_required
def plafon_unggah(request, pemda_id, tahun, tahap):
    pemda = get_pemda(request.user, pemda_id)
    tahap = _stage(tahap)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    file = request.FILES.get("berkas")
    if file is None:
        return _ceilings_page(request, pemda, tahun, tahap, ["Pilih berkas pagu indikatif (.xlsx)."], status=400)
    if file.size > MAX_UPLOAD:
        return _ceilings_page(request, pemda, tahun, tahap,
                              [f"Berkas '{file.name}' terlalu besar (paling besar 5 MB)."], status=400)
    try:
        read, changed = ceilings.import_workbook(pemda, tahun, tahap, file, request.user, source=file.name)
    except ceilings.ScheduleRefused as refused:
        return _ceilings_page(request, pemda, tahun, tahap, refused.errors, status=400)
    messages.success(request, f"Pagu indikatif dari '{file.name}' dimuat: {read} PD dibaca, {changed} berubah.")
    return redirect("web:plafon", pemda_id=pemda.pk, tahun=tahun, tahap=tahap)


@login_required
def rkpd(request, pemda_id, tahun):
    pemda = get_pemda(request.user, pemda_id)
    tahap = _tahap_param(request)
    compiled = compile_rkpd(pemda, tahun, tahap)
    open_pd = request.GET.get("pd", "")
    return render(request, "web/cycle/rkpd.html", _context(
        pemda, tahun, "rkpd", rkpd=compiled, tahap=tahap, open_pd=int(open_pd) if open_pd.isdecimal() else None,
        query=f"?tahap={tahap}" if tahap else ""))


CONTENT_TYPES = {"xlsx": XLSX, "pdf": "application/pdf"}


@login_required
def rkpd_download(request, pemda_id, tahun, fmt):
    """The compiled RKPD's file, made by a background task (renja/tasks/rkpd.py) and kept until a PD's data of the
    year changes: served at once when made, else a page follows the task (or says why it failed, with a button to
    try again: a POST here)."""
    pemda = get_pemda(request.user, pemda_id)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format tidak dikenal.")
    tahap = _tahap_param(request)
    if request.method == "POST":
        produced_rkpd.request(pemda, tahun, tahap, fmt, again=True)
        return redirect(request.get_full_path())
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    document = produced_rkpd.request(pemda, tahun, tahap, fmt)
    name = rkpd_documents.filename(SimpleNamespace(pemda=pemda, tahun=tahun, tahap=tahap), fmt)
    if produced_rkpd.is_ready(document):
        return FileResponse(produced_rkpd.file_of(document).open("rb"), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES[fmt])
    query = f"?tahap={tahap}" if tahap else ""
    context = _context(pemda, tahun, "rkpd", fmt=fmt.upper(), document=document, name=name, tahap=tahap,
                       status_url=reverse("web:rkpd_status", args=[pemda.pk, tahun, fmt]) + query,
                       download_url=request.get_full_path(),
                       back_url=reverse("web:rkpd", args=[pemda.pk, tahun]) + query)
    if document.status == ProducedRkpd.Status.GAGAL:
        return render(request, "web/cycle/rkpd_error.html", {**context, "errors": document.galat.splitlines()},
                      status=503)
    context["no_worker"] = produced_rkpd.waits_for_a_worker(document)
    return render(request, "web/cycle/rkpd_progress.html", context)


@login_required
def rkpd_status(request, pemda_id, tahun, fmt):
    """What the progress page's script reads: the task's state for the Pemda's current data (JSON)."""
    pemda = get_pemda(request.user, pemda_id)
    if fmt not in CONTENT_TYPES:
        raise Http404("Format tidak dikenal.")
    document = produced_rkpd.find(pemda, tahun, _tahap_param(request), fmt)
    if document is None:  # not requested yet, or the data changed meanwhile: the download URL starts it
        return JsonResponse({"status": "tidak_ada", "kemajuan": 0, "langkah": "", "galat": "", "siap": False})
    return JsonResponse({"status": document.status, "kemajuan": document.kemajuan, "langkah": document.langkah,
                         "galat": document.galat, "siap": produced_rkpd.is_ready(document),
                         "tanpa_pekerja": produced_rkpd.waits_for_a_worker(document)})
