"""The checker's findings on one plan, grouped as `renja check` prints them, each linked to its row."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from renja.core.numbers import format_decimal, format_rupiah
from renja.rules import engine
from renja.rules.view import build_view
from renja.web.access import get_renja

# Node.level → the level segment of the app's URLs and anchors
URL_LEVELS = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub-kegiatan"}


def row_anchors(view, renja_id):
    """A function finding → URL of its row on the plan tree, or None.

    T-C.33 findings name their row by its code as shown (`Node.code`) and by its label. A code may be written
    on several rows (the seed has programs all coded "2 0 0"), so the label decides between them; a code
    written once is enough on its own."""
    by_code = {}
    for node in view.nodes():
        if node.code and node.id is not None:
            by_code.setdefault(node.code, []).append(node)
    tree = reverse("web:renja", args=[renja_id])

    def anchor(finding):
        if finding.table != "T-C.33" or not finding.code:
            return None
        nodes = by_code.get(finding.code, [])
        named = [n for n in nodes if names_row(finding.row, n)]
        node = named[0] if named else nodes[0] if len(nodes) == 1 else None
        if node is None:
            return None
        return f"{tree}#baris-{URL_LEVELS[node.level]}-{node.id}"

    return anchor


def names_row(row, node):
    """Whether a finding's row text names this node: its label, name or code, whitespace collapsed; a text
    clipped with "…" (engine.clip) names the node whose label starts with it."""
    if not row:
        return False
    row = " ".join(row.split())
    for text in (node.label, node.nama, node.code):
        text = " ".join((text or "").split())
        if text and (row == text or (row.endswith("…") and text.startswith(row[:-1]))):
            return True
    return False


def shown(value):
    """A finding's expected or found value as a user reads it: money and numbers in Indonesian style."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return format_rupiah(value)
    if isinstance(value, (Decimal, float)):
        value = Decimal(str(value))
        if value == value.to_integral_value():
            return format_rupiah(int(value))
        return format_decimal(value, 2 if abs(value) >= 1 else 4)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(shown(v) for v in value)
    return str(value)


@login_required
def findings(request, renja_id):
    renja = get_renja(request.user, renja_id)
    view = build_view(renja)
    every = engine.run(view)
    counts = {s: sum(1 for f in every if f.severity == s) for s in engine.SEVERITIES}
    tingkat = request.GET.get("tingkat")
    if tingkat not in engine.SEVERITIES:
        tingkat = None
    listed = [f for f in every if tingkat is None or f.severity == tingkat]

    rules = {r.id: r for r in engine.all_rules()}
    anchor = row_anchors(view, renja.id)
    groups = []  # [(table, [(severity, [item, …]), …])] in the engine's order (table, severity, rule)
    for number, finding in enumerate(listed, start=1):
        item = {"n": number, "f": finding, "rule": rules.get(finding.rule), "href": anchor(finding),
                "expected": shown(finding.expected), "found": shown(finding.found)}
        if not groups or groups[-1][0] != finding.table:
            groups.append((finding.table, []))
        severities = groups[-1][1]
        if not severities or severities[-1][0] != finding.severity:
            severities.append((finding.severity, []))
        severities[-1][1].append(item)
    groups = [(table, [(s, engine.SEVERITY_LABELS[s], items) for s, items in severities])
              for table, severities in groups]
    return render(request, "web/findings/findings.html", {
        "renja": renja, "groups": groups, "counts": counts, "tingkat": tingkat, "listed": len(listed),
        "severities": [(s, engine.SEVERITY_LABELS[s], counts[s]) for s in engine.SEVERITIES],
    })
