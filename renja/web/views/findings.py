"""The checker's findings on one plan, grouped as `renja check` prints them, each linked to its row."""


from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from renja.plans import versions
from renja.plans.view import shared_view
from renja.rules import engine, stored
from renja.web.access import get_renja
from renja.web.findings_map import node_of, nodes_by_code, row_anchor
from renja.web.kept import kept


def row_anchors(view, renja_id):
    """A function finding → URL of its row on the plan tree (renja/web/findings_map.py decides which row a
    finding is about, the same way the tree places its badges), or None."""
    by_code = nodes_by_code(view)
    tree = reverse("web:renja", args=[renja_id])

    def anchor(finding):
        node = node_of(finding, by_code)
        return f"{tree}#{row_anchor(node)}" if node is not None else None

    return anchor


def with_rows(renja):
    """(findings, the URL of each one's row on the tree or None), made once per data version (web/kept.py): the
    rows come from the plan's view, which is most of this page's cost."""
    number = versions.checked(renja)  # read once, before the data: the key of what is kept and of the view

    def make():
        every = stored.findings(renja)
        anchor = row_anchors(shared_view(renja, number), renja.id)
        return every, [anchor(f) for f in every]

    return kept(renja, "findings", make, version=lambda _: number)


@login_required
def findings(request, renja_id):
    renja = get_renja(request.user, renja_id)
    every, hrefs = with_rows(renja)
    counts = {s: sum(1 for f in every if f.severity == s) for s in engine.SEVERITIES}
    tingkat = request.GET.get("tingkat")
    if tingkat not in engine.SEVERITIES:
        tingkat = None
    # numbered by their place among all findings (as the tree's badges link to them), whatever the filter
    listed = [(n, f) for n, f in enumerate(every, start=1) if tingkat is None or f.severity == tingkat]

    rules = {r.id: r for r in engine.all_rules()}
    groups = []  # [(table, [(severity, [item, …]), …])] in the engine's order (table, severity, rule)
    for number, finding in listed:
        item = {"n": number, "f": finding, "rule": rules.get(finding.rule), "href": hrefs[number - 1],
                "expected": engine.shown(finding.expected), "found": engine.shown(finding.found)}
        if not groups or groups[-1][0] != finding.table:
            groups.append((finding.table, []))
        severities = groups[-1][1]
        if not severities or severities[-1][0] != finding.severity:
            severities.append((finding.severity, []))
        severities[-1][1].append(item)
    # tables with errors first, then those with warnings, then notes ("cannot apply") last
    rank = {s: i for i, s in enumerate(engine.SEVERITIES)}
    groups.sort(key=lambda group: min(rank[s] for s, _ in group[1]))
    groups = [(table, [(s, engine.SEVERITY_LABELS[s], items) for s, items in severities])
              for table, severities in groups]
    return render(request, "web/findings/findings.html", {
        "renja": renja, "groups": groups, "counts": counts, "tingkat": tingkat, "listed": len(listed),
        "severities": [(s, engine.SEVERITY_LABELS[s], counts[s]) for s in engine.SEVERITIES],
    })
