"""Editing the rows of a plan: one row with its indicators, adding a sub kegiatan from the nomenclature, and
deleting a row. The views read the request and answer; every rule is in renja.plans.editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse

from renja.core.errors import InputRefused
from renja.plans import editing
from renja.plans.models import Indikator
from renja.plans.view import shared_view
from renja.reference.models import Nomenklatur
from renja.rules import stored
from renja.web import access, forms
from renja.web.findings_map import URL_LEVELS, findings_by_node

LEVEL_NAMES = {"program": "Program", "kegiatan": "Kegiatan", "sub-kegiatan": "Sub kegiatan"}
INDICATOR_OWNER = {"program": "program", "kegiatan": "kegiatan", "sub-kegiatan": "sub_kegiatan"}


def _tree_url(renja, level=None, row_id=None):
    url = reverse("web:renja", kwargs={"renja_id": renja.pk})
    return f"{url}#baris-{level}-{row_id}" if level else url


def _node_of(view, level, row_id):
    wanted = {v: k for k, v in URL_LEVELS.items()}[level]
    return next((n for n in view.nodes(wanted) if n.id == row_id), None)


def _row_page(request, renja, level, row, form, formset, errors=(), status=200, conflict=False):
    """The edit page of one row (read-only when the user may not edit the plan), with the checker's findings
    on it as the plan now is."""
    view = shared_view(renja)
    findings = stored.findings(renja)
    node = _node_of(view, level, row.pk)
    row_findings = findings_by_node(view, findings).get(node) if node is not None else None
    path = []
    parent = node.parent if node is not None else None
    while parent is not None:
        path.insert(0, (parent, URL_LEVELS[parent.level]))
        parent = parent.parent
    reason = access.refusal(access.require_edit, request.user, renja)
    return render(request, "web/plan/row.html", {
        "renja": renja, "row": row, "level": level, "level_name": LEVEL_NAMES[level], "node": node,
        "path": path, "row_findings": row_findings, "form": form, "formset": formset, "errors": list(errors),
        "conflict": conflict, "editable": reason is None, "read_only_reason": reason,
        "is_sub": level == "sub-kegiatan",
        "indicators": node.indicators if node is not None else [],
        "sumber_dana": list(row.sumber_dana.all()) if level == "sub-kegiatan" else [],
        "can_delete": level == "sub-kegiatan" or (node is not None and not node.children),
    }, status=status)


def _indicators(level, row):
    return Indikator.objects.filter(**{INDICATOR_OWNER[level]: row}).order_by("urutan", "id")


@login_required
def edit_row(request, renja_id, level, row_id):
    renja = access.get_renja(request.user, renja_id)
    row = access.get_row(renja, level, row_id)
    if request.method != "POST":
        if level == "sub-kegiatan":  # the form's initial choices and the read-only page read them: one query
            prefetch_related_objects([row], "sumber_dana")
        form, formset = forms.forms_for(row, _indicators(level, row), pemda=renja.perangkat_daerah.pemda)
        return _row_page(request, renja, level, row, form, formset)

    access.require_edit(request.user, renja)
    form, formset = forms.forms_for(row, None, data=request.POST, pemda=renja.perangkat_daerah.pemda)
    if not (form.is_valid() and formset.is_valid()):
        errors = ["Isian belum lengkap atau tidak sesuai; periksa kolom yang ditandai. Tidak ada yang disimpan."]
        errors += list(formset.non_form_errors())
        return _row_page(request, renja, level, row, form, formset, errors, status=400)
    try:
        editing.save_row(row, form.cleaned_data["versi"], form.domain_data(), forms.indicator_items(formset),
                         user=request.user)
    except editing.EditConflict as conflict:
        return _row_page(request, renja, level, row, form, formset, conflict.errors, status=409, conflict=True)
    except InputRefused as refused:
        errors = forms.add_domain_errors(form, formset, refused)
        if not errors:
            errors = ["Ada isian yang tidak dapat dibaca; lihat pesan pada kolomnya. Tidak ada yang disimpan."]
        return _row_page(request, renja, level, row, form, formset, errors, status=400)
    messages.success(request, "Perubahan disimpan. Total dan temuan diperbarui.")
    return redirect(_tree_url(renja, level, row.pk))


@login_required
def add_sub_kegiatan(request, renja_id):
    renja = access.get_renja(request.user, renja_id)
    errors = []
    if request.method == "POST":
        access.require_edit(request.user, renja)
        entry = (Nomenklatur.objects.filter(
            pk=request.POST.get("nomenklatur_id") if str(request.POST.get("nomenklatur_id", "")).isdecimal() else None,
            jenis_pemda=renja.perangkat_daerah.pemda.jenis_nomenklatur)
            .select_related("versi", "induk__induk").first())
        if entry is None:
            errors = ["Entri nomenklatur yang dipilih tidak ditemukan; cari lagi lalu pilih dari hasil pencarian."]
        else:
            try:
                sub = editing.add_sub_kegiatan(renja, entry, user=request.user)
            except InputRefused as refused:
                errors = refused.errors
            else:
                messages.success(request, f"Sub kegiatan {sub.kode} {sub.nama} ditambahkan. Isi pagu, lokasi, "
                                          "sumber dana dan target indikatornya, lalu simpan.")
                return redirect("web:baris", renja_id=renja.pk, level="sub-kegiatan", row_id=sub.pk)

    query = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    versi = editing.search_version(renja)
    hits = editing.search_nomenclature(renja, query, versi=versi) if query.strip() else []
    reason = access.refusal(access.require_edit, request.user, renja)
    return render(request, "web/plan/add_sub.html", {
        "renja": renja, "query": query.strip(), "hits": hits, "versi": versi, "errors": errors,
        "editable": reason is None, "read_only_reason": reason, "limit": 30,
    }, status=400 if errors else 200)


@login_required
def delete_row(request, renja_id, level, row_id):
    """GET: what will be deleted, and a button; POST: delete (the operator of an editable plan only)."""
    renja = access.get_renja(request.user, renja_id)
    row = access.get_row(renja, level, row_id)
    if request.method == "POST":
        access.require_edit(request.user, renja)
        label = f"{LEVEL_NAMES[level]} {editing.row_code(row)} {row.nama}".strip()
        try:
            editing.delete_row(row, expected_versi=request.POST.get("versi") or None, user=request.user)
        except InputRefused as refused:
            for error in refused.errors:
                messages.error(request, error)
            return redirect("web:baris", renja_id=renja.pk, level=level, row_id=row.pk)
        messages.success(request, f"{label} dihapus. Total dan temuan diperbarui.")
        return redirect(_tree_url(renja))
    children = {"program": row.kegiatan if level == "program" else None,
                "kegiatan": row.sub_kegiatan if level == "kegiatan" else None}.get(level)
    reason = access.refusal(access.require_edit, request.user, renja)
    return render(request, "web/plan/delete.html", {
        "renja": renja, "row": row, "level": level, "level_name": LEVEL_NAMES[level],
        "children": children.count() if children is not None else 0,
        "indicators": _indicators(level, row).count(),
        "editable": reason is None, "read_only_reason": reason,
    })
