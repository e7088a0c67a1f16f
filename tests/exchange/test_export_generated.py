"""Generated plans (random trees, indicators, odd texts, big and zero amounts, missing optional fields) go out
as YAML, JSON and Renja's own workbook and come back the same, and their export is byte-stable."""

import re
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.exchange.export import export_document
from renja.exchange.loader import load_document

from .test_export import reload, snapshot

# Any printable text, with the tabs and newlines PDF captures carry; no control characters (XML and
# PostgreSQL refuse them) and no literal `_xHHHH_` (Excel reads it as a character: the workbook refuses it).
odd_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), whitelist_characters="\t\n"), max_size=40,
).filter(lambda t: not re.search(r"_x[0-9A-Fa-f]{4}_", t))
maybe_text = st.none() | odd_text
amount = st.one_of(
    st.none(), st.just(0), st.integers(0, 10**16), st.integers(0, 10**15).map(lambda n: f"{n:,}".replace(",", ".")),
    st.integers(0, 10**9).map(lambda n: f"Rp {n:,},00".replace(",", "X").replace(".", ",").replace("X", ".")),
    odd_text,
)
target = st.one_of(st.none(), st.sampled_from(["46 %", "12 Dokumen", "0,0207", "100", "11 Kecamatan 62 Kelurahan",
                                               "BB", "-"]), st.integers(0, 1000), odd_text)


@st.composite
def indicator(draw):
    return {k: v for k, v in {
        "uraian": draw(maybe_text), "satuan": draw(st.none() | st.sampled_from(["%", "Dokumen", "Orang"])),
        "polaritas": draw(st.sampled_from(["positif", "negatif"])),
        "target_n": draw(target), "target_n1": draw(target), "raw": draw(maybe_text),
    }.items() if draw(st.booleans())}


def code(prefix, draw):
    """A code under its parent's, as written in several ways, or odd text now and then."""
    return draw(st.one_of(st.just(prefix), st.just(prefix.replace(".", "\t")), odd_text))


@st.composite
def node(draw, level, prefix):
    data = {"kode": code(prefix, draw), "nama": draw(maybe_text),
            "indikator": draw(st.lists(indicator(), max_size=3)),
            "lokasi": draw(maybe_text), "sumber_dana": draw(st.none() | st.sampled_from(["APBD", "APBD, DAK", "DAU"])),
            "catatan": draw(maybe_text), "raw": draw(maybe_text)}
    if level == "sub_kegiatan":
        data.update(pagu_n=draw(amount), pagu_n1=draw(amount))
    else:
        data["stated"] = draw(st.fixed_dictionaries({}, optional={"pagu_n": amount, "pagu_n1": amount}))
    if level == "program":
        data["kegiatan"] = [draw(node("kegiatan", f"{prefix}.2.{n + 1:02}")) for n in range(draw(st.integers(0, 3)))]
    elif level == "kegiatan":
        data["sub_kegiatan"] = [draw(node("sub_kegiatan", f"{prefix}.{n + 1:04}")) for n in range(draw(st.integers(0, 3)))]
    return {k: v for k, v in data.items() if k == "kode" or draw(st.booleans())}


statement = st.fixed_dictionaries(
    {"table": st.sampled_from(["BAB IV", "T-C.33", "Tabel 4.1"]),
     "key": st.sampled_from(["total_pagu_n", "jumlah_program", "tahun", "terbilang", "pagu_n"])},
    optional={"code": maybe_text, "row": maybe_text, "value": amount, "context": maybe_text})


@st.composite
def document(draw):
    renja = {"tahun": 2025, "tahap": draw(st.sampled_from(["rancangan_awal", "rancangan", "final", "perubahan"])),
             "program": [draw(node("program", f"2.08.{n + 1:02}")) for n in range(draw(st.integers(0, 3)))]}
    extras = {
        "judul": odd_text, "statements": st.lists(statement, max_size=3),
        "narasi": st.lists(st.fixed_dictionaries({"bab": st.sampled_from(["I", "II", "V"])},
                                                 optional={"judul": maybe_text, "teks": maybe_text}), max_size=2),
        "prioritas_daerah": st.lists(st.fixed_dictionaries(
            {}, optional={"nomor": maybe_text, "prioritas": maybe_text,
                          "indikator_sasaran_daerah": st.lists(odd_text, max_size=3)}), max_size=2),
        "usulan_pemangku": st.lists(st.fixed_dictionaries(
            {}, optional={"nama": maybe_text, "indikator": st.lists(st.fixed_dictionaries(
                {}, optional={"uraian": maybe_text, "target": target}), max_size=2)}), max_size=2),
    }
    for key, strategy in extras.items():
        if draw(st.booleans()):
            renja[key] = draw(strategy)
    pd = {"kode": "2.08.0.00.0.00.01.0000", "nama": draw(odd_text.filter(str.strip)),
          "singkatan": draw(maybe_text), "pagu_plafon": draw(st.lists(
              st.fixed_dictionaries({"tahun": st.just(2025), "pagu": amount}), max_size=1))}
    return {"format": "renja-exchange", "version": 1, "pemda": {"kode": "99.02", "nama": "Kota Uji", "jenis": "kota"},
            "perangkat_daerah": pd, "renja": renja}


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=document())
def test_a_generated_plan_comes_back_the_same(fmt, data):
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        renja = load_document(data).renja
        before, exported = snapshot(renja), export_document(renja)
        (Path(folder) / "a").mkdir(), (Path(folder) / "b").mkdir()
        again, written = reload(renja, fmt, Path(folder) / "a")
        assert snapshot(again) == before
        assert export_document(again) == exported
        _, rewritten = reload(again, fmt, Path(folder) / "b")
        assert rewritten == written
        transaction.set_rollback(True)
