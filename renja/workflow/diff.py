"""What changed between two stages of a plan (e.g. the Renja Final and its Renja Perubahan): rows added,
removed and changed (name, every amount — pagu n and n+1, the pagu before a Perubahan and each further pagu
column —, lokasi, sumber dana, catatan, the totals a row states, and each indicator with its polarity, unit and
every target), and the totals.

Pure: it reads two PlanViews (`renja.plans.view.build_view`), never the database. Rows are matched per level
by their normalised code; a row whose code could not be read is matched by its level, its parent's code and
its name. Money is compared on sub kegiatan only, where it is planned (a program's total changes whenever one
of its sub kegiatan does, and that sub kegiatan is listed).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from renja.plans.view import LEVEL_LABELS, PAGU_COLUMN_LABELS


class Change(NamedTuple):
    label: str  # what changed, e.g. "Pagu n" or "Target n: Jumlah laporan"
    old: object
    new: object
    money: bool = False  # old and new are Rupiah amounts (int or None)


@dataclass
class RowDiff:
    level: str  # program | kegiatan | sub_kegiatan
    code: str | None
    label: str
    pagu_n: int = 0  # the row's amount (its total, above sub kegiatan): in the new plan, or the old if removed
    pagu_n1: int = 0
    changes: list = field(default_factory=list)  # of Change

    @property
    def level_label(self):
        return LEVEL_LABELS[self.level].title()


@dataclass
class Comparison:
    added: list = field(default_factory=list)  # RowDiff, in the new plan's order
    removed: list = field(default_factory=list)  # RowDiff, in the old plan's order
    changed: list = field(default_factory=list)  # RowDiff with changes, in the new plan's order
    total_n_old: int = 0
    total_n_new: int = 0
    total_n1_old: int = 0
    total_n1_new: int = 0

    @property
    def diff_n(self):
        return self.total_n_new - self.total_n_old

    @property
    def diff_n1(self):
        return self.total_n1_new - self.total_n1_old

    @property
    def has_changes(self):
        return bool(self.added or self.removed or self.changed)


def _norm(text):
    return " ".join((text or "").split())


def _key(node):
    if node.kode:
        return (node.level, "kode", node.kode)
    parent = node.parent.code if node.parent is not None else ""
    return (node.level, "nama", parent or "", _norm(node.nama).lower())


def _keyed(view):
    """Node by key; a key met twice (a repeated row) gets its occurrence number, so that repeats pair up."""
    keyed, seen = {}, {}
    for node in view.nodes():
        key = _key(node)
        seen[key] = seen.get(key, 0) + 1
        keyed[(key, seen[key])] = node
    return keyed


def _row(node, changes=()):
    return RowDiff(level=node.level, code=node.code, label=node.label, pagu_n=node.total_n,
                   pagu_n1=node.total_n1, changes=list(changes))


def _money(label, old, old_text, new, new_text):
    if old != new:
        return [Change(label, old, new, money=True)]
    if old is None and _norm(old_text) != _norm(new_text):  # both unreadable: the texts tell the change
        return [Change(label, _norm(old_text), _norm(new_text))]
    return []


def _indicator_changes(old, new):
    changes = []
    old_by = {_norm(i.uraian).lower(): i for i in old.indicators}
    new_by = {_norm(i.uraian).lower(): i for i in new.indicators}
    for key, indicator in old_by.items():
        if key not in new_by:
            changes.append(Change("Indikator dihapus", _norm(indicator.uraian), ""))
    for key, indicator in new_by.items():
        before = old_by.get(key)
        if before is None:
            changes.append(Change("Indikator ditambahkan", "", _norm(indicator.uraian)))
            continue
        name = _norm(indicator.uraian)
        for label, attr in INDICATOR_FIELDS:
            was, now = _norm(getattr(before, attr).teks), _norm(getattr(indicator, attr).teks)
            if attr == "target_sebelum" and not was and now == _norm(before.target_n.teks):
                continue  # a Perubahan states the target it changes from: the copy, not a change
            if was != now:
                changes.append(Change(f"{label}: {name}", was, now))
        for label, attr in (("Polaritas", "polaritas"), ("Satuan", "satuan")):
            was, now = _norm(getattr(before, attr)), _norm(getattr(indicator, attr))
            if was != now:
                changes.append(Change(f"{label}: {name}", was, now))
    return changes


INDICATOR_FIELDS = (("Target n", "target_n"), ("Target n+1", "target_n1"),
                    ("Target sebelum perubahan", "target_sebelum"), ("Target akhir Renstra", "target_renstra"),
                    ("Realisasi n-2", "realisasi_n2"), ("Prakiraan n-1", "prakiraan_n1"))


def _stated(old, new):
    """The totals a row states (T-C.33's program and kegiatan rows), as written, where both stages state one (a
    stage made in the app states nothing: that is no change of the figure)."""
    changes = []
    for key in sorted(set(old.stated) & set(new.stated)):
        was, now = (_norm(getattr(side.stated.get(key), "text", "")) for side in (old, new))
        if was != now:
            changes.append(Change(f"Dinyatakan: {key.replace('_', ' ')}", was, now))
    return changes


def _changes(old, new):
    changes = []
    if _norm(old.nama) != _norm(new.nama):
        changes.append(Change("Nama", _norm(old.nama), _norm(new.nama)))
    if new.level == "sub_kegiatan":
        changes += _money("Pagu n", old.pagu_n, old.pagu_n_teks, new.pagu_n, new.pagu_n_teks)
        changes += _money("Pagu n+1", old.pagu_n1, old.pagu_n1_teks, new.pagu_n1, new.pagu_n1_teks)
        if not (old.pagu_sebelum is None and not old.pagu_sebelum_teks and new.pagu_sebelum == old.pagu_n):
            # (a Perubahan states the pagu it changes from: the copy, not a change)
            changes += _money("Pagu sebelum perubahan", old.pagu_sebelum, old.pagu_sebelum_teks, new.pagu_sebelum,
                              new.pagu_sebelum_teks)
        for kolom in sorted(set(old.pagu_kolom) | set(new.pagu_kolom)):
            (was, was_text), (now, now_text) = (side.pagu_kolom.get(kolom, (None, "")) for side in (old, new))
            changes += _money(PAGU_COLUMN_LABELS.get(kolom, f"Pagu {kolom}"), was, was_text, now, now_text)
    for label, attr in (("Lokasi", "lokasi"), ("Sumber dana", "sumber_dana"), ("Catatan", "catatan")):
        if _norm(getattr(old, attr)) != _norm(getattr(new, attr)):
            changes.append(Change(label, _norm(getattr(old, attr)), _norm(getattr(new, attr))))
    return changes + _stated(old, new) + _indicator_changes(old, new)


def compare(old_view, new_view):
    """What changed from `old_view` to `new_view` (two PlanViews)."""
    old_rows, new_rows = _keyed(old_view), _keyed(new_view)
    result = Comparison(total_n_old=old_view.total_n, total_n_new=new_view.total_n,
                        total_n1_old=old_view.total_n1, total_n1_new=new_view.total_n1)
    for key, node in new_rows.items():
        before = old_rows.get(key)
        if before is None:
            result.added.append(_row(node))
        else:
            changes = _changes(before, node)
            if changes:
                result.changed.append(_row(node, changes))
    result.removed = [_row(node) for key, node in old_rows.items() if key not in new_rows]
    return result
