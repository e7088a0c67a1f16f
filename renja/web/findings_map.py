"""Which row of the plan tree each checker finding is about, for the badges on the tree and the edit page.

T-C.33 findings name their row by its code as shown (`Node.code`) and by its label. A code may be written on
several rows (the seed has programs all coded "2 0 0"), so the row text decides between them; a code written
once is enough on its own. Findings of other tables are about the plan, not a row.
"""

from dataclasses import dataclass, field

# Node.level → the level segment of the app's URLs and anchors
URL_LEVELS = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub-kegiatan"}
TREE_TABLE = "T-C.33"


def row_anchor(node):
    """The id of a node's row on the plan tree: baris-<level as in URLs>-<id>."""
    return f"baris-{URL_LEVELS[node.level]}-{node.id}"


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


def node_of(finding, by_code):
    """The node a finding is about, or None; `by_code` maps Node.code → nodes (see `nodes_by_code`)."""
    if finding.table != TREE_TABLE or not finding.code:
        return None
    nodes = by_code.get(finding.code, [])
    named = [n for n in nodes if names_row(finding.row, n)]
    if named:
        return named[0]
    return nodes[0] if len(nodes) == 1 else None


def nodes_by_code(view):
    by_code = {}
    for node in view.nodes():
        if node.code and node.id is not None:
            by_code.setdefault(node.code, []).append(node)
    return by_code


@dataclass
class RowFindings:
    """The findings about one row, each with its number on the findings page (anchor temuan-<number>, the
    position in the engine's order, counted from 1)."""

    items: list = field(default_factory=list)  # [(number, Finding)]

    def count(self, severity):
        return sum(1 for _, f in self.items if f.severity == severity)

    @property
    def errors(self):
        return self.count("error")

    @property
    def warnings(self):
        return self.count("warning")

    @property
    def infos(self):
        return self.count("info")

    def first(self, severity):
        return next((n for n, f in self.items if f.severity == severity), None)

    @property
    def first_error(self):
        return self.first("error")

    @property
    def first_warning(self):
        return self.first("warning")

    @property
    def css(self):
        """The row's class on the tree: has-error, has-warning or nothing."""
        return "has-error" if self.errors else "has-warning" if self.warnings else ""


def findings_by_node(view, findings):
    """{node: RowFindings} for the nodes of `view` that findings are about (nodes are hashed by identity)."""
    by_code = nodes_by_code(view)
    result = {}
    for number, finding in enumerate(findings, start=1):
        node = node_of(finding, by_code)
        if node is not None:
            result.setdefault(node, RowFindings()).items.append((number, finding))
    return result
