"""History: a plan's workflow steps with their reasons and row comments, and every recorded change of its rows'
fields (django-simple-history): who, when, which field, old → new.

A change is the difference between a historical record and the record before it of the same row. Asking each
record for its predecessor (`prev_record`) is a query per record, so the records of a page and their
predecessors are loaded together and paired in Python; the sumber dana snapshots of sub kegiatan records (an
m2m field) are loaded in one more query instead of the two per record `diff_against` would issue.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from renja.core.numbers import format_decimal, format_rupiah
from renja.exchange.loader import LOADED_FROM_FILE
from renja.organizations.models import Profil
from renja.plans.models import Indikator, Kegiatan, Program, SubKegiatan
from renja.reference.models import Nomenklatur
from renja.web.access import get_renja, get_row
from renja.workflow.models import Transisi

PER_PAGE = 50
MONEY = {"pagu_n", "pagu_n1"}
# Left out when a record's values are listed rather than compared (a new row, a row loaded from a file):
# the original document line, the order on the page and the parent link say nothing a reader needs there.
NOT_LISTED = {"raw", "urutan", "renja", "program", "kegiatan", "sub_kegiatan"}
NO_PREDECESSOR = "nilai awal tidak tercatat (dimuat dari berkas)"
EVENTS = {"+": "dibuat", "~": "diubah", "-": "dihapus"}
ROLES = dict(Profil.Peran.choices)

# URL level → model; indicators are shown with the row that owns them
LEVEL_MODELS = {"program": Program, "kegiatan": Kegiatan, "sub-kegiatan": SubKegiatan}
KINDS = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub-kegiatan", Indikator: "indikator"}
KIND_LABELS = {"program": "Program", "kegiatan": "Kegiatan", "sub-kegiatan": "Sub kegiatan", "indikator": "Indikator"}
OWNER_FIELDS = {"program": "program_id", "kegiatan": "kegiatan_id", "sub-kegiatan": "sub_kegiatan_id"}


def sumber_dana_history():
    return apps.get_model("plans", "HistoricalSubKegiatan_sumber_dana")


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str
    unknown: bool = False  # the old value was never recorded (a row loaded from a file)


@dataclass
class Entry:
    record: object
    kind: str  # program, kegiatan, sub-kegiatan, indikator
    event: str  # dibuat, diubah, dihapus
    changes: list = field(default_factory=list)
    note: str = ""
    code: str = ""
    name: str = ""
    href: str = ""  # the row's history page, when the row still exists

    @property
    def when(self):
        return self.record.history_date

    @property
    def who(self):
        user = self.record.history_user
        if user:
            return user.get_full_name() or user.username
        return self.record.history_change_reason or "tidak tercatat"  # e.g. "dimuat dari berkas"

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


# --- values ---------------------------------------------------------------------------------------------


def shown(model, name, value, names):
    """A field's value as a reader reads it: money with dots, decimals with a comma, choices by label, a
    nomenclature entry by code and name, a sumber dana list by names."""
    if value is None or value == "" or value == []:
        return ""
    if name == "sumber_dana":
        return ", ".join(value)
    if name in MONEY:
        return format_rupiah(value)
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "nomenklatur":
        return names.get(value, f"#{value}")
    if model_field.is_relation:
        return f"baris #{value}"
    if isinstance(value, Decimal):
        value = value.normalize()
        return format_decimal(value, max(0, -value.as_tuple().exponent))
    return str(value)


def label_of(model, name):
    return str(model._meta.get_field(name).verbose_name)


def field_order(model):
    return {f.name: i for i, f in enumerate(model._meta.get_fields())}


def listed_values(model, record, snapshots, names):
    """The non-empty values a record holds (for a new row, or a first record with nothing to compare to)."""
    changes = []
    for model_field in model._meta.fields:
        if not model_field.editable or model_field.primary_key or model_field.name in NOT_LISTED:
            continue
        value = getattr(record, model_field.attname)
        if value not in (None, ""):
            changes.append(Change(model_field.name, label_of(model, model_field.name), "",
                                  shown(model, model_field.name, value, names)))
    if record.history_id in snapshots and snapshots[record.history_id]:
        changes.append(Change("sumber_dana", label_of(model, "sumber_dana"), "",
                              shown(model, "sumber_dana", snapshots[record.history_id], names)))
    return changes


def compared(model, record, previous, snapshots, names):
    """What changed from `previous` to `record`, in the model's field order."""
    m2m = [f.name for f in model._meta.many_to_many]
    delta = record.diff_against(previous, excluded_fields=m2m)
    changes = [Change(c.field, label_of(model, c.field), shown(model, c.field, c.old, names),
                      shown(model, c.field, c.new, names)) for c in delta.changes]
    for name in m2m:
        old, new = snapshots.get(previous.history_id, []), snapshots.get(record.history_id, [])
        if old != new:
            changes.append(Change(name, label_of(model, name), shown(model, name, old, names),
                                  shown(model, name, new, names)))
    order = field_order(model)
    return sorted(changes, key=lambda c: order.get(c.field, 0))


# --- loading records in a bounded number of queries ------------------------------------------------------


def predecessors(records):
    """history_id → the record before it of the same row (None for the first one)."""
    by_row = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_row.setdefault(record.id, []).append(record)
    previous = {}
    for rows in by_row.values():
        for before, record in zip([None, *rows], rows):
            previous[record.history_id] = before
    return previous


def sumber_dana_snapshots(history_ids):
    """history_id of a sub kegiatan record → sorted names of its sumber dana at that time (one query)."""
    snapshots = {h: [] for h in history_ids}
    rows = sumber_dana_history().objects.filter(history_id__in=list(history_ids)).select_related("sumberdana")
    for row in rows:
        name = row.sumberdana.nama if row.sumberdana else f"#{row.sumberdana_id}"
        snapshots[row.history_id].append(name)
    return {h: sorted(names) for h, names in snapshots.items()}


def nomenclature_names(records):
    ids = {r.nomenklatur_id for r in records if getattr(r, "nomenklatur_id", None)}
    if not ids:
        return {}
    return {pk: f"{kode} {nama}" for pk, kode, nama in
            Nomenklatur.objects.filter(id__in=ids).values_list("id", "kode", "nama")}


def describe(model, page, every, renja_id, existing=None):
    """Entries for the historical records `page` of one model; `every` holds them and their predecessors."""
    previous = predecessors(every)
    snapshots = sumber_dana_snapshots({r.history_id for r in every}) if model is SubKegiatan else {}
    names = nomenclature_names(every)
    kind = KINDS[model]
    entries = []
    for record in page:
        before = previous.get(record.history_id)
        entry = Entry(record=record, kind=kind, event=EVENTS.get(record.history_type, record.history_type))
        if record.history_type == "+":
            entry.changes = listed_values(model, record, snapshots, names)
        elif record.history_type == "~" and before is None:
            entry.note = NO_PREDECESSOR
            entry.changes = [Change(c.field, c.label, NO_PREDECESSOR, c.new, unknown=True)
                             for c in listed_values(model, record, snapshots, names)]
        elif record.history_type == "~":
            entry.changes = compared(model, record, before, snapshots, names)
            if not entry.changes:
                entry.note = "disimpan tanpa perubahan nilai"
        if model is Indikator:
            entry.name = record.uraian
        else:
            entry.code = record.kode or " ".join(record.kode_asli.split())
            entry.name = record.nama
            if existing is not None and record.id in existing.get(kind, ()):
                entry.href = reverse("web:riwayat_baris", args=[renja_id, kind, record.id])
        entries.append(entry)
    return entries


def plan_records(renja):
    """Historical-record querysets of every program, kegiatan, sub kegiatan and indicator that is or was in
    the plan. A row loaded from a file has no record until its first edit, so the current rows count too."""
    history = {model: model.history.model.objects for model in KINDS}

    def programs(path):  # `path` names a program that is or was in the plan
        return (Q(**{f"{path}__in": Program.objects.filter(renja=renja).values("id")})
                | Q(**{f"{path}__in": history[Program].filter(renja_id=renja.id).values("id")}))

    def kegiatan(path):
        return (Q(**{f"{path}__in": Kegiatan.objects.filter(program__renja=renja).values("id")})
                | Q(**{f"{path}__in": history[Kegiatan].filter(programs("program_id")).values("id")}))

    def subs(path):
        return (Q(**{f"{path}__in": SubKegiatan.objects.filter(kegiatan__program__renja=renja).values("id")})
                | Q(**{f"{path}__in": history[SubKegiatan].filter(kegiatan("kegiatan_id")).values("id")}))

    return {
        Program: history[Program].filter(renja_id=renja.id),
        Kegiatan: history[Kegiatan].filter(programs("program_id")),
        SubKegiatan: history[SubKegiatan].filter(kegiatan("kegiatan_id")),
        Indikator: history[Indikator].filter(programs("program_id") | kegiatan("kegiatan_id")
                                             | subs("sub_kegiatan_id")),
    }


def indicator_owners(records):
    """For indicator records: (kind, id) of the row that owns each, by history_id."""
    owners = {}
    for r in records:
        for kind, attname in OWNER_FIELDS.items():
            if getattr(r, attname):
                owners[r.history_id] = (kind, getattr(r, attname))
    return owners


def row_lookup(keys):
    """(kind, id) pairs → {kind: {id: (code, name)}} of the rows that still exist (a query per level)."""
    wanted = {}
    for kind, pk in keys:
        wanted.setdefault(kind, set()).add(pk)
    found = {}
    for kind, ids in wanted.items():
        rows = LEVEL_MODELS[kind].objects.filter(id__in=ids).values_list("id", "kode", "kode_asli", "nama")
        found[kind] = {pk: (kode or " ".join(asli.split()), nama) for pk, kode, asli, nama in rows}
    return found


def plan_changes(renja, page_number):
    """One page of the plan's field changes, newest first, and the paginator's page."""
    querysets = plan_records(renja)
    keys = []  # (when, history_id, model) of every record: small tuples, the records are read per page
    loaded = 0  # rows created by loading a file: counted in one line, not listed one by one
    for model, queryset in querysets.items():
        for pk, date, reason in queryset.values_list("history_id", "history_date", "history_change_reason"):
            if reason == LOADED_FROM_FILE:
                loaded += 1
            else:
                keys.append((date, pk, model))
    keys.sort(key=lambda k: (k[0], k[1]), reverse=True)
    page = Paginator(keys, PER_PAGE).get_page(page_number)

    on_page = {}
    for _, history_id, model in page.object_list:
        on_page.setdefault(model, []).append(history_id)
    records, entries = {}, {}
    for model, ids in on_page.items():
        history = model.history.model.objects
        page_records = list(history.filter(history_id__in=ids).select_related("history_user"))
        newest = max(r.history_date for r in page_records)
        row_ids = {r.id for r in page_records}
        # the records of these rows up to the newest on the page: every predecessor is among them
        every = list(history.filter(id__in=row_ids, history_date__lte=newest))
        records[model] = (page_records, every)

    keys_to_check = [(KINDS[m], r.id) for m, (page_records, _) in records.items() if m is not Indikator
                     for r in page_records]
    owners = indicator_owners(records.get(Indikator, ([], []))[0])
    rows = row_lookup(keys_to_check + list(owners.values()))
    existing = {kind: set(found) for kind, found in rows.items()}
    for model, (page_records, every) in records.items():
        for entry in describe(model, page_records, every, renja.id, existing):
            if model is Indikator and entry.record.history_id in owners:
                kind, pk = owners[entry.record.history_id]
                entry.code = rows.get(kind, {}).get(pk, ("", ""))[0]  # the owner's code
                if pk in existing.get(kind, ()):
                    entry.href = reverse("web:riwayat_baris", args=[renja.id, kind, pk])
            entries[entry.record.history_id, model] = entry
    ordered = [entries[history_id, model] for _, history_id, model in page.object_list]
    return ordered, page, loaded


def workflow_steps(renja):
    steps = list(Transisi.objects.filter(renja=renja).select_related("oleh").prefetch_related("komentar")
                 .order_by("-pada", "-id"))
    for step in steps:
        step.peran_label = ROLES.get(step.peran, step.peran)
        step.oleh_nama = (step.oleh.get_full_name() or step.oleh.username) if step.oleh else "tidak tercatat"
    return steps


@login_required
def plan_history(request, renja_id):
    renja = get_renja(request.user, renja_id)
    entries, page, loaded = plan_changes(renja, request.GET.get("halaman"))
    return render(request, "web/history/plan.html", {
        "renja": renja, "steps": workflow_steps(renja), "entries": entries, "page": page, "loaded": loaded,
    })


@login_required
def row_history(request, renja_id, level, row_id):
    renja = get_renja(request.user, renja_id)
    row = get_row(renja, level, row_id)
    model = LEVEL_MODELS[level]
    records = list(model.history.model.objects.filter(id=row.id).select_related("history_user"))
    indicators = list(Indikator.history.model.objects.filter(**{OWNER_FIELDS[level]: row.id})
                      .select_related("history_user"))
    entries = describe(model, records, records, renja.id) + describe(Indikator, indicators, indicators, renja.id)
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return render(request, "web/history/row.html", {
        "renja": renja, "row": row, "level": level, "kind_label": KIND_LABELS[level], "entries": entries,
        "code": row.kode or " ".join(row.kode_asli.split()),
    })
