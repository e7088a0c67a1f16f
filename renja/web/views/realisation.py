"""Entering the realisation of a plan in force: the quarter's table (every program, kegiatan and sub kegiatan
with this quarter's planned and realised spending, cumulative spending, % of pagu, physical progress and the
indicators' realisation), one row's form for one quarter, and the spending per account of a sub kegiatan.

The views read the request and answer; every rule is in renja.monitoring.entry, every figure comes from
renja.monitoring.progress (a fixed number of queries whatever the size of the plan)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from renja.core.errors import InputRefused
from renja.core.numbers import format_decimal, format_rupiah
from renja.monitoring import entry, measures
from renja.monitoring import stored as stored_progress
from renja.monitoring.models import BelanjaSubKegiatan, RealisasiIndikator, RealisasiSubKegiatan, Triwulan
from renja.monitoring.progress import build_progress
from renja.plans import versions
from renja.plans.editing import EditConflict, InvalidEdit, row_code
from renja.plans.models import Indikator, Renja, SubKegiatan
from renja.web import access
from renja.web.kept import kept

from .rows import INDICATOR_OWNER, LEVEL_NAMES

QUARTERS = (1, 2, 3, 4)
# RowProgress.level → the level as URLs write it
URL_LEVEL = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub-kegiatan"}
SUB_FIELDS = (
    ("rencana_keuangan", "Rencana penyerapan triwulan ini (Rp)", "contoh: 30.000.000",
     "Anggaran kas triwulan ini; boleh kosong (dipakai profil rencana Pemda)."),
    ("keuangan", "Realisasi keuangan triwulan ini (Rp)", "contoh: 12.500.000",
     "Belanja yang terealisasi dalam triwulan ini saja, bukan kumulatif."),
    ("fisik", "Realisasi fisik kumulatif (%)", "contoh: 45,5",
     "Capaian fisik sampai akhir triwulan ini (kumulatif, 0–100); tidak boleh turun dari triwulan sebelumnya."),
)
TEXT_FIELDS = (("faktor_pendorong", "Faktor pendorong"), ("faktor_penghambat", "Faktor penghambat"),
               ("tindak_lanjut", "Tindak lanjut"))
SPENDING_FIELDS = ("kode_rekening", "uraian", "anggaran", "realisasi_tw1", "realisasi_tw2", "realisasi_tw3",
                   "realisasi_tw4")
BLANK_ACCOUNTS = 3
MAX_ACCOUNTS = 500  # lines read from one form


def _quarter(triwulan):
    if triwulan not in QUARTERS:
        raise Http404("Triwulan tidak dikenal.")
    return triwulan


def quarter_url(renja, triwulan, level=None, row_id=None):
    url = reverse("web:realisasi", kwargs={"renja_id": renja.pk, "triwulan": triwulan})
    return f"{url}#baris-{level}-{row_id}" if level else url


def _tabs(renja, triwulan, name="realisasi", **kwargs):
    return [{"triwulan": q, "label": f"TW {Triwulan(q).name}", "active": q == triwulan,
             "url": reverse(f"web:{name}", kwargs={"renja_id": renja.pk, "triwulan": q, **kwargs})}
            for q in QUARTERS]


def _plan_notice(renja):
    if renja.status == Renja.Status.DITETAPKAN:
        return None
    return (f"Renja ini berstatus {renja.get_status_display()}. Realisasi dicatat setelah Renja ditetapkan; "
            "sampai saat itu halaman ini hanya menampilkan pagu dan indikatornya.")


# --- the quarter's table ------------------------------------------------------------------------------------------


@dataclass
class QuarterRow:
    level: str                  # as in URLs
    anchor: str
    node: object                # monitoring.progress.RowProgress
    rencana: int | None         # planned spending of this quarter
    realisasi: int | None       # spent in this quarter (None: not reported)
    kumulatif: int
    persen: object              # cumulative % of pagu
    fisik: object               # cumulative fisik %
    ada_data: bool
    indicators: list = field(default_factory=list)   # (IndicatorProgress, text of this quarter)
    record: object = None       # the sub kegiatan's RealisasiSubKegiatan of this quarter

    @property
    def css(self):
        return f"level-{self.node.level}"


def _this_quarter(figures, previous, attr):
    return getattr(figures, attr) - (getattr(previous, attr) if previous is not None else 0)


def quarter_rows(progress, triwulan, records, indicator_texts):
    """The rows of the table in plan order: figures of quarter `triwulan` for every program, kegiatan and sub
    kegiatan. `records`: sub kegiatan id → RealisasiSubKegiatan of the quarter; `indicator_texts`: indicator
    id → text entered for the quarter."""
    rows = []

    def add(node):
        figures = node.triwulan[triwulan - 1]
        previous = node.triwulan[triwulan - 2] if triwulan > 1 else None
        record = records.get(node.id) if node.level == "sub_kegiatan" else None
        if node.level == "sub_kegiatan":
            realisasi = record.keuangan if record is not None else None
        else:
            realisasi = _this_quarter(figures, previous, "realisasi") if figures.ada_data else None
        level = URL_LEVEL[node.level]
        rows.append(QuarterRow(
            level=level, anchor=f"baris-{level}-{node.id}", node=node,
            rencana=_this_quarter(figures, previous, "rencana"), realisasi=realisasi, kumulatif=figures.realisasi,
            persen=measures.round_percent(figures.persen_keuangan) if figures.ada_data else None,
            fisik=figures.fisik if figures.ada_data else None, ada_data=figures.ada_data,
            indicators=[(i, indicator_texts.get(i.id, "")) for i in node.indicators], record=record))
        for child in node.children:
            add(child)

    for program in progress.programs:
        add(program)
    return rows


@login_required
def quarter(request, renja_id, triwulan):
    renja = access.get_renja(request.user, renja_id)  # first: another PD's plan is a 404 for every method
    triwulan = _quarter(triwulan)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    reason = access.refusal(access.require_realisation_edit, request.user, renja)
    editable = reason is None
    # The figures and the table depend on the plan's data, the quarter and whether rows can be edited only:
    # made once per data version and kept (web/kept.py), as the tree's rows are.
    body = kept(renja, "realisasi", lambda: quarter_body(renja, triwulan, editable), QUARTER_BODY, triwulan,
                int(editable), version=versions.current)
    return render(request, "web/realisation/quarter.html", {
        "renja": renja, "triwulan": triwulan, "quarter_label": Triwulan(triwulan).label,
        "tabs": _tabs(renja, triwulan), "body": body,
        "editable": editable, "read_only_reason": reason, "plan_notice": _plan_notice(renja),
        "upload_url": reverse("web:realisasi_unggah", args=[renja.pk]) if editable else None,
        "template_url": reverse("web:realisasi_templat", args=[renja.pk]),
        "monitoring_url": reverse("web:pemantauan", args=[renja.pk]),
    })


QUARTER_BODY = 1  # the version of _quarter_body.html's shape, part of the key of what is kept


def quarter_body(renja, triwulan, editable):
    """The HTML of a quarter's totals and table ({"totals", "table"}), from the plan's progress (stored for a
    plan in force, computed for a draft, which has no realisation to store)."""
    progress = (stored_progress.progress(renja) if renja.status == Renja.Status.DITETAPKAN
                else build_progress(renja))
    records = {r.sub_kegiatan_id: r for r in RealisasiSubKegiatan.objects.filter(
        sub_kegiatan__kegiatan__program__renja=renja, triwulan=triwulan)}
    indicator_texts = dict(RealisasiIndikator.objects.filter(
        triwulan=triwulan, indikator_id__in=[i.id for row in _walk(progress.programs) for i in row.indicators])
        .values_list("indikator_id", "teks"))
    total = progress.triwulan[triwulan - 1]
    previous = progress.triwulan[triwulan - 2] if triwulan > 1 else None
    context = {
        "renja": renja, "triwulan": triwulan, "quarter_label": Triwulan(triwulan).label,
        "rows": quarter_rows(progress, triwulan, records, indicator_texts),
        "progress": progress, "total": total,
        "total_rencana": _this_quarter(total, previous, "rencana"),
        "total_realisasi": _this_quarter(total, previous, "realisasi") if total.ada_data else None,
        "total_persen": measures.round_percent(total.persen_keuangan) if total.ada_data else None,
        "editable": editable,
    }
    return {part: mark_safe(render_to_string("web/realisation/_quarter_body.html", {**context, "part": part}))
            for part in ("totals", "table")}


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


# --- one row in one quarter ---------------------------------------------------------------------------------------


def _sub_initial(record):
    if record is None:
        return {"versi": 0}
    return {
        "versi": record.versi,
        "rencana_keuangan": format_rupiah(record.rencana_keuangan),
        "keuangan": record.keuangan_teks or format_rupiah(record.keuangan),
        "fisik": record.fisik_teks or (format_decimal(record.fisik) if record.fisik is not None else ""),
        "faktor_pendorong": record.faktor_pendorong, "faktor_penghambat": record.faktor_penghambat,
        "tindak_lanjut": record.tindak_lanjut,
    }


def _row_indicators(level, row):
    """The row's indicators, each with its realisation per quarter (quarter → RealisasiIndikator)."""
    indicators = list(Indikator.objects.filter(**{INDICATOR_OWNER[level]: row}).order_by("urutan", "id"))
    by_quarter = {}
    for r in RealisasiIndikator.objects.filter(indikator__in=indicators):
        by_quarter.setdefault(r.indikator_id, {})[r.triwulan] = r
    return [(i, by_quarter.get(i.id, {})) for i in indicators]


def _row_page(request, renja, level, row, triwulan, posted=None, errors=(), fields=None, status=200,
              conflict=False):
    is_sub = level == "sub-kegiatan"
    records = ({r.triwulan: r for r in RealisasiSubKegiatan.objects.filter(sub_kegiatan=row)} if is_sub else {})
    values = posted if posted is not None else _sub_initial(records.get(triwulan))
    fields = fields or {}
    sub_fields = [{"name": name, "label": label, "placeholder": placeholder, "help": help_text,
                   "value": values.get(name, ""), "errors": fields.get(name, [])}
                  for name, label, placeholder, help_text in SUB_FIELDS]
    text_fields = [{"name": name, "label": label, "value": values.get(name, ""), "errors": fields.get(name, [])}
                   for name, label in TEXT_FIELDS]
    indicators = []
    for indikator, quarters in _row_indicators(level, row):
        record = quarters.get(triwulan)
        key = f"indikator-{indikator.pk}"
        indicators.append({
            "indikator": indikator, "key": key,
            "teks": posted.get(f"{key}-teks", "") if posted is not None else (record.teks if record else ""),
            "versi": posted.get(f"{key}-versi", 0) if posted is not None else (record.versi if record else 0),
            "quarters": [(Triwulan(q).name, quarters[q].teks if q in quarters else "") for q in QUARTERS],
            "errors": fields.get(("indikator", indikator.pk, "teks"), []),
        })
    history = [{"label": f"TW {Triwulan(q).name}", "record": records.get(q), "current": q == triwulan}
               for q in QUARTERS]
    placed = {m for messages_ in fields.values() for m in messages_}
    reason = access.refusal(access.require_realisation_edit, request.user, renja)
    return render(request, "web/realisation/row.html", {
        "renja": renja, "row": row, "level": level, "level_name": LEVEL_NAMES[level], "code": row_code(row),
        "triwulan": triwulan, "quarter_label": Triwulan(triwulan).label, "is_sub": is_sub,
        "tabs": _tabs(renja, triwulan, "realisasi_baris", level=level, row_id=row.pk),
        "versi": values.get("versi", 0), "sub_fields": sub_fields, "text_fields": text_fields,
        "indicators": indicators, "history": history,
        "errors": [e for e in errors if e not in placed] or (
            ["Ada isian yang tidak dapat disimpan; lihat pesan pada kolomnya. Tidak ada yang disimpan."]
            if errors else []),
        "conflict": conflict, "editable": reason is None, "read_only_reason": reason,
        "plan_notice": _plan_notice(renja), "back_url": quarter_url(renja, triwulan, level, row.pk),
    }, status=status)


@login_required
def edit_row(request, renja_id, triwulan, level, row_id):
    renja = access.get_renja(request.user, renja_id)
    row = access.get_row(renja, level, row_id)
    triwulan = _quarter(triwulan)
    if request.method != "POST":
        return _row_page(request, renja, level, row, triwulan)

    access.require_realisation_edit(request.user, renja)
    posted = {key: request.POST.get(key, "") for key in request.POST}
    is_sub = level == "sub-kegiatan"
    # a form without the sub kegiatan's fields (only indicators posted) leaves its realisation alone
    values = ({name: request.POST[name] for name, *_ in SUB_FIELDS + TEXT_FIELDS if name in request.POST}
              if is_sub else None) or None
    indicators = []
    for indikator in Indikator.objects.filter(**{INDICATOR_OWNER[level]: row}).only("id"):
        key = f"indikator-{indikator.pk}"
        if f"{key}-teks" in request.POST:
            indicators.append({"id": indikator.pk, "teks": request.POST[f"{key}-teks"],
                               "versi": request.POST.get(f"{key}-versi")})
    try:
        entry.save_row_realisation(row, triwulan, values, request.POST.get("versi"), indicators,
                                   user=request.user)
    except EditConflict as conflict:
        return _row_page(request, renja, level, row, triwulan, posted, conflict.errors, status=409, conflict=True)
    except InvalidEdit as refused:
        return _row_page(request, renja, level, row, triwulan, posted, refused.errors, refused.fields, status=400)
    except InputRefused as refused:
        return _row_page(request, renja, level, row, triwulan, posted, refused.errors, status=400)
    messages.success(request, f"Realisasi {Triwulan(triwulan).label} {LEVEL_NAMES[level].lower()} "
                              f"{row_code(row)} disimpan.")
    return redirect(quarter_url(renja, triwulan, level, row.pk))


# --- spending per account of a sub kegiatan ------------------------------------------------------------------------


def _account_line(account):
    return {"id": account.pk, "versi": account.versi, "kode_rekening": account.kode_rekening,
            "uraian": account.uraian, "anggaran": format_rupiah(account.anggaran),
            **{f"realisasi_tw{q}": format_rupiah(getattr(account, f"realisasi_tw{q}")) for q in QUARTERS},
            "hapus": False}


def _posted_lines(post):
    try:
        count = min(int(post.get("belanja-TOTAL", 0)), MAX_ACCOUNTS)
    except ValueError:
        count = 0
    lines = []
    for index in range(max(count, 0)):
        prefix = f"belanja-{index}-"
        line = {name: post.get(prefix + name, "") for name in SPENDING_FIELDS}
        line["id"] = post.get(prefix + "id") or None
        line["versi"] = post.get(prefix + "versi") or None
        line["hapus"] = bool(post.get(prefix + "hapus"))
        lines.append(line)
    return lines


def _spending_page(request, renja, sub, lines=None, errors=(), fields=None, status=200, conflict=False):
    accounts = list(BelanjaSubKegiatan.objects.filter(sub_kegiatan=sub).select_related("akun")
                    .order_by("kode_rekening"))
    if lines is None:
        lines = [_account_line(a) for a in accounts] + [
            {"id": None, "versi": None, "hapus": False, **{name: "" for name in SPENDING_FIELDS}}
            for _ in range(BLANK_ACCOUNTS)]
    fields = fields or {}
    for position, line in enumerate(lines):
        line["index"] = position
        line["errors"] = {name: fields.get(("belanja", position, name), []) for name in SPENDING_FIELDS}
        line["all_errors"] = [m for name in SPENDING_FIELDS for m in line["errors"][name]]
    placed = {m for key, messages_ in fields.items() if isinstance(key, tuple) for m in messages_}
    anggaran = sum(a.anggaran for a in accounts)
    per_quarter = [sum(getattr(a, f"realisasi_tw{q}") for a in accounts) for q in QUARTERS]
    realisasi = sum(per_quarter)
    reported = dict(RealisasiSubKegiatan.objects.filter(sub_kegiatan=sub).values_list("triwulan", "keuangan"))
    reason = access.refusal(access.require_realisation_edit, request.user, renja)
    return render(request, "web/realisation/spending.html", {
        "renja": renja, "row": sub, "level": "sub-kegiatan", "code": row_code(sub),
        "accounts": [(a, measures.round_percent(measures.realisation_percent(a.realisasi, a.anggaran)))
                     for a in accounts],
        "anggaran": anggaran, "per_quarter": per_quarter, "realisasi": realisasi,
        "persen": measures.round_percent(measures.realisation_percent(realisasi, anggaran)),
        "pagu": sub.pagu_n, "belum_dirinci": (sub.pagu_n - anggaran) if sub.pagu_n is not None else None,
        "reported": [(f"TW {Triwulan(q).name}", reported.get(q), per_quarter[q - 1]) for q in QUARTERS],
        "lines": lines, "line_count": len(lines),
        "errors": [e for e in errors if e not in placed], "conflict": conflict,
        "editable": reason is None, "read_only_reason": reason, "plan_notice": _plan_notice(renja),
        "back_url": quarter_url(renja, 1, "sub-kegiatan", sub.pk),
    }, status=status)


@login_required
def spending(request, renja_id, level, row_id):
    renja = access.get_renja(request.user, renja_id)
    row = access.get_row(renja, level, row_id)
    if not isinstance(row, SubKegiatan):
        # Spending per account is kept on sub kegiatan only: a program or kegiatan goes to its row in the table.
        return redirect(quarter_url(renja, 1, level, row.pk))
    if request.method != "POST":
        return _spending_page(request, renja, row)

    access.require_realisation_edit(request.user, renja)
    lines = _posted_lines(request.POST)
    try:
        entry.save_spending(row, lines, user=request.user)
    except EditConflict as conflict:
        return _spending_page(request, renja, row, lines, conflict.errors, status=409, conflict=True)
    except InvalidEdit as refused:
        return _spending_page(request, renja, row, lines, refused.errors, refused.fields, status=400)
    except InputRefused as refused:
        return _spending_page(request, renja, row, lines, refused.errors, status=400)
    messages.success(request, f"Belanja per rekening sub kegiatan {row_code(row)} disimpan.")
    return redirect("web:belanja", renja_id=renja.pk, level=level, row_id=row.pk)
