"""The plan as a tree: program → kegiatan → sub kegiatan with indicators, targets, lokasi, sumber dana and pagu,
totals computed from the sub kegiatan, and the checker's findings on every row. Everything comes from one
PlanView (a fixed number of queries, whatever the size of the plan)."""

import dataclasses
import zlib
from dataclasses import dataclass
from html import escape

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from renja.core.numbers import format_rupiah
from renja.plans.view import shared_view
from renja.rules import stored
from renja.rules.engine import SEVERITIES
from renja.web import access
from renja.web.findings_map import URL_LEVELS, RowFindings, findings_by_node, row_anchor
from renja.web.kept import kept
from renja.workflow.models import Transisi
from renja.workflow.revision import other_stages
from renja.workflow.transitions import allowed_actions

FIRST_ERRORS = 10
ROWS = 2  # the version of the rows' HTML (render_rows), part of the key of what is kept


@dataclass
class TreeRow:
    """One row of the tree with every text it shows made once here; `render_rows` only escapes and joins them."""

    node: object  # plans.view.Node
    level: str  # as in URLs: program, kegiatan, sub-kegiatan
    anchor: str
    findings: RowFindings
    edit_url: str = ""
    history_url: str = ""
    pagu_n: str | None = None  # None: a sub kegiatan's amount could not be read (its text is shown)
    pagu_n1: str | None = None
    css: str = ""
    code: str = ""
    label: str = ""
    lokasi: str = ""
    sumber_dana: str = ""
    pagu_n_teks: str = ""  # as written, shown when unreadable
    pagu_n1_teks: str = ""
    # [(uraian, target n, target n+1)], a blank target as "–"
    indicators: list = dataclasses.field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    error_href: str = ""  # the first error's number on the findings page, as a link
    warning_href: str = ""


def tree_rows(view, findings, renja_id=None):
    """The rows of the tree in document order, each with the findings about it (`findings` in the engine's
    order, so that each keeps its number on the findings page) and, given the plan's id, its links."""
    by_node = findings_by_node(view, findings)
    if renja_id is not None:
        edit, history = _row_url("web:baris", renja_id), _row_url("web:riwayat_baris", renja_id)
        findings_url = reverse("web:temuan", args=[renja_id])
    rows = []
    for node in view.nodes():
        found = by_node.get(node) or RowFindings()
        row = TreeRow(node, URL_LEVELS[node.level], row_anchor(node), found, code=node.code or "", label=node.label,
                      lokasi=node.lokasi, sumber_dana=node.sumber_dana, pagu_n_teks=node.pagu_n_teks,
                      pagu_n1_teks=node.pagu_n1_teks,
                      errors=found.errors, warnings=found.warnings)
        row.css = f"level-{node.level} {found.css}".strip()
        row.indicators = [(i.uraian, i.target_n.teks or "–", i.target_n1.teks or "–") for i in node.indicators]
        if node.level == "sub_kegiatan":
            row.pagu_n = None if node.pagu_n is None else format_rupiah(node.pagu_n)
            row.pagu_n1 = None if node.pagu_n1 is None else format_rupiah(node.pagu_n1)
        else:
            row.pagu_n, row.pagu_n1 = format_rupiah(node.total_n), format_rupiah(node.total_n1)
        if renja_id is not None:
            row.edit_url = edit.format(level=row.level, id=node.id)
            row.history_url = history.format(level=row.level, id=node.id)
            if row.errors:
                row.error_href = f"{findings_url}#temuan-{found.first_error}"
            if row.warnings:
                row.warning_href = f"{findings_url}#temuan-{found.first_warning}"
        rows.append(row)
    return rows


ROW_ID = 987654321


def _row_url(name, renja_id):
    """A row's URL as a format string, reversed once per page (reversing per row is a third of a large tree's
    time)."""
    return reverse(name, args=[renja_id, "LEVEL", ROW_ID]).replace("LEVEL", "{level}").replace(str(ROW_ID), "{id}")


# One row of the tree. Written here, not in a template: Django's template engine took 24 ms for the rows of
# 400 sub kegiatan (resolving each of their ~7,000 variables), this about 3 ms. Every text is escaped.
_ROW = """
      <tr id="{anchor}" class="{css}">
        <td class="code">{code}</td>
        <td class="name">{label}</td>
        <td class="indicators">{indicators}</td>
        <td>{lokasi}</td>
        <td>{sumber_dana}</td>
        <td class="num">{pagu_n}</td>
        <td class="num">{pagu_n1}</td>
        <td>{errors}
            {warnings}</td>
        <td class="row-actions">{edit}<a class="small" href="{history_url}">Riwayat</a></td>
      </tr>"""
_INDICATOR = """<div class="indicator">{}
          <div class="small muted">target: {} / {}</div></div>"""
_UNREADABLE = '<span class="error" title="tidak terbaca">{}</span>'
_ERRORS = '<a class="badge error" href="{}">{} kesalahan</a>'
_WARNINGS = '<a class="badge warning" href="{}">{} peringatan</a>'
_EDIT = '<a href="{}">Ubah</a><br>'
_ROW_HEAD, _ROW_TAIL = _ROW.split("{edit}")  # the edit link goes between them


def render_rows(rows, editable):
    """The HTML of the tree's rows (TreeRow), with the edit links when `editable`."""
    return render_both(rows)[bool(editable)]


def render_both(rows):
    """{True: the rows with the edit links, False: without}, each row formatted and escaped once: the two differ
    only by the edit link, so both are joined from the same parts (the rows were half the tree's first view)."""
    with_edit, without_edit = [], []
    for row in rows:
        head = _ROW_HEAD.format(
            anchor=escape(row.anchor), css=escape(row.css), code=escape(row.code), label=escape(row.label),
            indicators="".join(_INDICATOR.format(*map(escape, indicator)) for indicator in row.indicators),
            lokasi=escape(row.lokasi), sumber_dana=escape(row.sumber_dana),
            pagu_n=_amount(row.pagu_n, row.pagu_n_teks), pagu_n1=_amount(row.pagu_n1, row.pagu_n1_teks),
            errors=_ERRORS.format(escape(row.error_href), row.errors) if row.errors else "",
            warnings=_WARNINGS.format(escape(row.warning_href), row.warnings) if row.warnings else "")
        tail = _ROW_TAIL.format(history_url=escape(row.history_url))
        without_edit += (head, tail)
        with_edit += (head, _EDIT.format(escape(row.edit_url)), tail)
    return {True: mark_safe("".join(with_edit)), False: mark_safe("".join(without_edit))}


def _amount(formatted, written):
    return escape(formatted) if formatted is not None else _UNREADABLE.format(escape(written))


@dataclass
class TreeBody:
    """What the tree page shows of the plan's data and findings, the same for everyone who sees the plan: made
    once per data version and kept (web/kept.py). The rows come twice, with and without the edit links."""

    rows: dict  # may edit → the rows' HTML, compressed (zlib, fast level: 0.3 MB for 400 sub kegiatan, 10× less)
    totals: dict
    evaluation_years: list
    counts: dict  # severity → number of findings
    first_errors: list  # [(number, Finding, anchor of its row or None)]

    def rows_html(self, editable):
        """The rows for a user who may edit the plan or not: a reader never gets an editor's links."""
        return mark_safe(zlib.decompress(self.rows[bool(editable)]).decode())


def tree_body(renja):
    """The TreeBody of `renja`. Raise ROWS when the rows' HTML changes."""
    return kept(renja, "tree", lambda: _make_tree_body(renja), ROWS)


def _make_tree_body(renja):
    view = shared_view(renja)
    findings = stored.findings(renja)
    rows = tree_rows(view, findings, renja.id)
    anchors = {number: row.anchor for row in rows for number, _ in row.findings.items}
    first_errors = [(n, f, anchors.get(n)) for n, f in enumerate(findings, start=1) if f.severity == "error"]
    both = {editable: zlib.compress(html.encode(), 1) for editable, html in render_both(rows).items()}
    return TreeBody(rows=both, totals=totals(view), evaluation_years=[e.tahun for e in view.evaluations],
                    counts={s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES},
                    first_errors=first_errors[:FIRST_ERRORS])


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
    reason = access.refusal(access.require_edit, request.user, renja)
    body = tree_body(renja)
    return render(request, "web/plan/tree.html", {
        "renja": renja,
        "body": body,
        "rows_html": body.rows_html(editable=reason is None),
        "totals": body.totals,
        "editable": reason is None,
        "read_only_reason": reason,
        "counts": body.counts,
        "first_errors": body.first_errors,
        # the context of the include "web/workflow/actions.html": renja, actions, other_stages
        "actions": allowed_actions(renja, request.user),
        "other_stages": other_stages(renja, request.user),
        "returned": last_return(renja),
    })
