"""The plan as a tree: program → kegiatan → sub kegiatan with indicators, targets, lokasi, sumber dana and pagu,
totals computed from the sub kegiatan, and the checker's findings on every row. Everything comes from one
PlanView (a fixed number of queries, whatever the size of the plan)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from renja.core.numbers import format_rupiah
from renja.rules import stored
from renja.rules.engine import SEVERITIES
from renja.rules.view import build_view
from renja.web import access
from renja.web.findings_map import URL_LEVELS, RowFindings, findings_by_node, row_anchor
from renja.workflow.models import Transisi
from renja.workflow.revision import other_stages
from renja.workflow.transitions import allowed_actions

FIRST_ERRORS = 10


@dataclass
class TreeRow:
    node: object  # rules.view.Node
    level: str  # as in URLs: program, kegiatan, sub-kegiatan
    anchor: str
    findings: RowFindings
    edit_url: str = ""
    history_url: str = ""
    pagu_n: str | None = None  # formatted here, not by a filter per cell: a large tree has thousands
    pagu_n1: str | None = None  # None: a sub kegiatan's amount could not be read (its text is shown)

    @property
    def css(self):
        return f"level-{self.node.level} {self.findings.css}".strip()


def tree_rows(view, findings, renja_id=None):
    """The rows of the tree in document order, each with the findings about it (`findings` in the engine's
    order, so that each keeps its number on the findings page) and, given the plan's id, its links."""
    by_node = findings_by_node(view, findings)
    rows = [TreeRow(node, URL_LEVELS[node.level], row_anchor(node), by_node.get(node) or RowFindings())
            for node in view.nodes()]
    for row in rows:
        node = row.node
        if node.level == "sub_kegiatan":
            row.pagu_n = None if node.pagu_n is None else format_rupiah(node.pagu_n)
            row.pagu_n1 = None if node.pagu_n1 is None else format_rupiah(node.pagu_n1)
        else:
            row.pagu_n, row.pagu_n1 = format_rupiah(node.total_n), format_rupiah(node.total_n1)
    if renja_id is not None:
        edit, history = _row_url("web:baris", renja_id), _row_url("web:riwayat_baris", renja_id)
        for row in rows:
            row.edit_url = edit.format(level=row.level, id=row.node.id)
            row.history_url = history.format(level=row.level, id=row.node.id)
    return rows


ROW_ID = 987654321


def _row_url(name, renja_id):
    """A row's URL as a format string, reversed once per page (reversing per row is a third of a large tree's
    time)."""
    return reverse(name, args=[renja_id, "LEVEL", ROW_ID]).replace("LEVEL", "{level}").replace(str(ROW_ID), "{id}")


def totals(view):
    """Pagu n and n+1 of the whole plan against the ceiling Bappeda set, for the header and its meter."""
    result = {"n": view.total_n, "n1": view.total_n1, "ceiling": view.ceiling, "difference": None,
              "excess": None, "share": None, "meter": "0", "over": False}
    if view.ceiling:
        result["difference"] = view.ceiling - view.total_n
        result["excess"] = max(view.total_n - view.ceiling, 0)
        result["share"] = view.total_n * 100 / view.ceiling
        result["over"] = view.total_n > view.ceiling
        result["meter"] = f"{min(result['share'], 100):.1f}"  # a CSS width: a dot, whatever the locale
    return result


def last_return(renja):
    """The step that returned the plan, with the verifier's row comments, while it is Dikembalikan."""
    if renja.status != renja.Status.DIKEMBALIKAN:
        return None
    step = (Transisi.objects.filter(renja=renja, ke=renja.Status.DIKEMBALIKAN).select_related("oleh")
            .prefetch_related("komentar").order_by("-pada", "-id").first())
    if step is None:
        return None
    comments = []
    for komentar in step.komentar.all():
        for field, level in (("sub_kegiatan_id", "sub-kegiatan"), ("kegiatan_id", "kegiatan"),
                             ("program_id", "program")):
            row_id = getattr(komentar, field)
            if row_id:
                comments.append((komentar, f"baris-{level}-{row_id}"))
                break
        else:
            comments.append((komentar, None))
    return {"step": step, "comments": comments}


@login_required
def tree(request, renja_id):
    renja = access.get_renja(request.user, renja_id)
    view = build_view(renja)
    findings = stored.findings(renja)
    reason = access.refusal(access.require_edit, request.user, renja)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    rows = tree_rows(view, findings, renja.id)
    anchors = {number: row.anchor for row in rows for number, _ in row.findings.items}
    first_errors = [(n, f, anchors.get(n)) for n, f in enumerate(findings, start=1) if f.severity == "error"]
    return render(request, "web/plan/tree.html", {
        "renja": renja,
        "view": view,
        "rows": rows,
        "totals": totals(view),
        "editable": reason is None,
        "read_only_reason": reason,
        "counts": counts,
        "first_errors": first_errors[:FIRST_ERRORS],
        "findings_url": reverse("web:temuan", args=[renja.id]),
        # the context of the include "web/workflow/actions.html": renja, actions, other_stages
        "actions": allowed_actions(renja, request.user),
        "other_stages": other_stages(renja, request.user),
        "returned": last_return(renja),
    })
