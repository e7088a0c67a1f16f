"""Faster paths of the checker give the results of the plain ones: codes in normal form, and the pairing of
T-C.31 with T-C.33 rows on a large T-C.31 (against the all-pairs matching it replaced)."""

import random
import re

import pytest

from renja.core.codes import KodeError, parse_kode
from renja.plans.view import Node, PlanView, ReviewRow, ReviewSide
from renja.rules.catalogue.codes import read_kode
from renja.rules.catalogue.cross import MATCH_AT_LEAST, _row_code, _row_names, match_review, name_similarity, name_words

WORDS = ("penyediaan", "pengelolaan", "administrasi", "keuangan", "perangkat", "daerah", "jasa", "layanan", "anak",
         "perempuan", "pelatihan", "koordinasi", "sinkronisasi", "data", "kota", "rapat", "dan", "bagi", "pada",
         "peningkatan", "kapasitas", "kelembagaan", "gender", "perlindungan", "khusus", "sarana", "prasarana")


@pytest.mark.parametrize("text", [
    "2", "2.08", "2.08.02", "2.08.02.2.01", "2.08.02.2.01.0007", "X.XX.01", "X.XX.01.2.02.0001", "2.08.02.1.01",
    "2.08.2", "2.08.02.02.01", "2.08.02.2.01.07", "2 08 02 2 01 0007", "2.08.02.2.01.0007 ", "x.xx.01",
    "2.08.02.2.01.0007\n", "2.081.2.01", "2.08.02.2", "a.08", "", "2..08",
])
@pytest.mark.parametrize("level", [None, "program", "kegiatan", "sub_kegiatan"])
def test_read_kode_reads_as_parse_kode(text, level):
    try:
        expected = parse_kode(text, level=level)
    except KodeError as error:
        with pytest.raises(KodeError, match=re.escape(str(error.args[0]))):
            read_kode(text, level=level)
        return
    kode = read_kode(text, level=level)
    assert (kode, kode.segments, kode.notes, kode.assumptions) == (
        expected, expected.segments, expected.notes, expected.assumptions)


def _mangled(rng, name):
    choice = rng.randrange(7)
    if choice == 0:
        return name.upper()
    if choice == 1 and len(name) > 8:
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if choice == 2:
        return " ".join(name.split()[:-1]) or name
    if choice == 3:
        return name + " " + rng.choice(WORDS)
    if choice == 4:
        return "Program " + name.replace("a", "", 1)
    if choice == 5:
        return " ".join(rng.sample(WORDS, 3))
    return name


def _plan(seed, subs=150):
    rng = random.Random(seed)
    program = Node(level="program", kode="2.08.02", nama="Program Perlindungan Perempuan")
    kegiatan = Node(level="kegiatan", kode="2.08.02.2.01", nama="Pelatihan Kapasitas Kelembagaan", parent=program)
    program.children.append(kegiatan)
    names = set()
    while len(names) < subs:
        names.add(" ".join(rng.sample(WORDS, rng.randint(2, 6))).capitalize())
    for number, name in enumerate(sorted(names), 1):
        kegiatan.children.append(Node(level="sub_kegiatan", kode=f"2.08.02.2.01.{number:04d}", nama=name,
                                      parent=kegiatan))
    review = []
    for node in kegiatan.children:
        if rng.random() < 0.9:
            review.append(ReviewRow(tingkat="sub_kegiatan", nomor=str(len(review) + 1),
                                    rancangan=ReviewSide(nama=_mangled(rng, node.nama)),
                                    kebutuhan=ReviewSide(nama=_mangled(rng, node.nama) if rng.random() < 0.5 else "")))
    rng.shuffle(review)
    return PlanView(tahun=2026, programs=[program], review=review)


def _all_pairs(view):
    """The matching as it was: by code, then the same name, then every remaining pair scored by name_similarity."""
    rows, nodes = view.review, list(view.nodes("sub_kegiatan"))
    pairs, used = {}, set()
    by_code = {n.kode: n for n in nodes}
    for row in rows:
        node = by_code.get(_row_code(row))
        if node is not None and id(node) not in used:
            pairs[id(row)] = node
            used.add(id(node))
    for row in rows:
        for name in [] if id(row) in pairs else _row_names(row):
            node = next((n for n in nodes if id(n) not in used and _key(n.nama) == _key(name)), None)
            if node is not None:
                pairs[id(row)] = node
                used.add(id(node))
                break
    scored = []
    for i, row in enumerate(rows):
        for j, node in enumerate(nodes):
            if id(row) in pairs or id(node) in used:
                continue
            score = max(name_similarity(name, node.nama) for name in _row_names(row))
            if score >= MATCH_AT_LEAST:
                scored.append((-score, i, j, row, node))
    for _, _, _, row, node in sorted(scored, key=lambda t: t[:3]):
        if id(row) not in pairs and id(node) not in used:
            pairs[id(row)] = node
            used.add(id(node))
    return pairs


def _key(name):
    return "".join(name_words(name))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_large_tc31_is_paired_as_by_comparing_every_pair(seed):
    view = _plan(seed)
    pairs = match_review(view)
    assert len(pairs) > 100  # most rows pair, some by a fuzzy name
    assert pairs == _all_pairs(view)


def test_shared_data_is_computed_once_per_run_and_afresh_outside_it():
    from renja.rules import engine

    calls = []

    def compute(view):
        calls.append(view)
        return len(calls)

    def check(rule_, view):
        yield rule_.finding("T-C.33", f"seen {engine.shared(view, 'test', compute)}")

    rules = [engine.Rule(f"TEST-{i}", "t", "t", "info", "renja", "test", check) for i in range(3)]
    view = PlanView(tahun=2026)
    assert [f.message for f in engine.run(view, rules)] == ["seen 1"] * 3
    assert engine.shared(view, "test", compute) == 2  # outside a run: computed again
    assert engine._SHARED == {}
