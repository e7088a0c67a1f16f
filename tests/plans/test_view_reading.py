"""build_view's own way of reading (each query compiled once and run with the plan's keys, converters applied
once per distinct value, targets made once per distinct cell) gives the view Django's querysets give, and the
engine's `reading` (rows and totals listed once while the rules run) gives the findings each rule gives alone."""

import dataclasses

import pytest

from renja.core.codes import Kode
from renja.demo.setup import DATA
from renja.demo.synth import pd_document
from renja.exchange.loader import load_document, load_file
from renja.plans import view as view_module
from renja.plans.view import build_view, reading
from renja.rules.engine import SEVERITIES, all_rules, run, run_rule


def plain(value):
    """A view as nested dicts and lists of (type, repr) leaves, without the links back (parent, node): two
    views are the same when these are equal (Decimal('1.0') and Decimal('1.00') differ here)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__} | {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in ("parent", "node")}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, set):
        return sorted(value)
    return type(value).__name__, repr(value)


def django_view(renja, monkeypatch):
    """The view as Django's querysets give it: every query iterated by Django itself."""
    with monkeypatch.context() as patch:
        patch.setattr(view_module, "_query", lambda name, make, **values: list(make(**values)))
        return build_view(renja)


@pytest.fixture
def plans():
    demo = load_file(DATA, replace=True).renja
    synthetic = load_document(pd_document(0, sub_per_pd=30), replace=True).renja
    earlier = pd_document(0, sub_per_pd=20)  # another stage of the same PD and year: its totals are read too
    earlier["renja"]["tahap"] = "rancangan_awal"
    load_document(earlier, replace=True)
    return demo, synthetic


def test_the_view_is_the_one_django_gives(plans, monkeypatch):
    demo, synthetic = plans
    for renja in plans:
        expected = plain(django_view(renja, monkeypatch))
        assert plain(build_view(renja)) == expected
        assert plain(build_view(renja)) == expected  # run again from the compiled queries
    synthetic_view = build_view(synthetic)
    # The synthetic plan has a Renstra with its matrix, the demo its evaluations and T-C.31: both read here.
    assert synthetic_view.renstra_matrix and synthetic_view.renstra_pagu_years and synthetic_view.other_stages
    assert build_view(demo).review and build_view(demo).evaluations


def test_rows_never_share_a_list_read_from_json(plans):
    view = build_view(plans[0])
    lists = [row.rancangan.indikator for row in view.review] + [row.kebutuhan.indikator for row in view.review]
    assert len(lists) > 1 and len({id(item) for item in lists}) == len(lists)


def test_reading_gives_the_findings_of_each_rule_alone(plans):
    order = {severity: i for i, severity in enumerate(SEVERITIES)}
    for renja in plans:
        view = build_view(renja)
        alone = sorted((f for rule in all_rules() for f in run_rule(rule, view)),
                       key=lambda f: (f.table, order[f.severity], f.rule))
        assert [f.as_json() for f in run(view)] == [f.as_json() for f in alone]


def test_reading_lists_once_and_forgets_afterwards(plans):
    view = build_view(plans[1])
    program = view.programs[0]
    before = (view.total_n, program.total_n1, len(view.subs()), [n.kode for n in view.nodes("kegiatan")])
    with reading(view):
        assert (view.total_n, program.total_n1, len(view.subs()), [n.kode for n in view.nodes("kegiatan")]) == before
        view.subs().clear()  # a caller's list is its own
        program.subs().clear()
        assert len(view.subs()) == before[2] and program.subs()
        with reading(view):  # nested: the outer block's lists stay
            pass
        assert view._nodes is not None
    sub = program.subs()[0]
    sub.pagu_n += 1_000
    program.children[0].children.pop()
    assert view._nodes is None and sub._totals is None
    assert view.total_n != before[0] and program.total_n == sum(s.pagu_n or 0 for s in program.subs())
    assert len(view.subs()) == before[2] - 1


def test_a_code_in_normal_form_is_the_kode_its_segments_make(plans):
    view = build_view(plans[0])
    codes = {node.kode for node in view.nodes() if node.kode} | {"2", "2.08", "X.XX.01"}
    assert len(codes) > 20
    for text in codes:
        fast, slow = Kode.of_normal_form(text), Kode(*text.split("."))
        assert (fast, repr(fast), str(fast), fast.level, fast.parent, fast.segments, hash(fast)) == (
            slow, repr(slow), str(slow), slow.level, slow.parent, slow.segments, hash(slow))
        assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
