"""`renja export`: a plan out as data (YAML, JSON, Renja's own workbook) and back in without loss.

`snapshot` reads a plan's rows straight from the models, independently of the exporter: a round trip must
give back every field, every stated value and every text as written. The helpers here serve the other
export tests too.
"""

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from renja.cli import app
from renja.demo.setup import DATA
from renja.exchange.export import dump_json, dump_yaml, export_document, write_document
from renja.exchange.loader import load_document, load_file
from renja.exchange.workbook.own import read_own
from renja.monitoring.models import Evaluasi
from renja.organizations.models import PaguPlafon
from renja.plans.models import IndikatorKinerja, Pernyataan, Renja, Renstra

SKIPPED = {"id", "versi", "dibuat_pada"}


def fields(obj):
    """Every plain field of a row (no keys, no lock counter), as stored."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if not f.is_relation and f.attname not in SKIPPED}


def _node(row, level):
    data = fields(row)
    data["nomenklatur"] = row.nomenklatur.kode if row.nomenklatur_id else None
    data["indikator"] = [fields(i) for i in row.indikator.order_by("urutan", "pk")]
    if level == "sub_kegiatan":
        data["sumber_dana"] = sorted(s.nama for s in row.sumber_dana.all())
        if hasattr(row, "pagu_kolom"):  # a Renja Perubahan's further pagu columns, where the models hold them
            data["pagu_kolom"] = sorted((c.kolom, c.nilai, c.teks) for c in row.pagu_kolom.all())
    return data


def snapshot(renja):
    """Everything stored for a plan, read straight from the models: what a round trip must give back."""
    pd = renja.perangkat_daerah
    data = {
        "renja": {**fields(renja), "nomenklatur": renja.nomenklatur.nama if renja.nomenklatur_id else None},
        "pemda": fields(pd.pemda),
        "pd": fields(pd),
        "unit": [fields(u) for u in pd.unit.order_by("urutan", "pk")],
        "plafon": [fields(c) for c in PaguPlafon.objects.filter(perangkat_daerah=pd).order_by("tahun")],
        "program": [{**_node(p, "program"), "kegiatan": [
            {**_node(k, "kegiatan"), "sub_kegiatan": [_node(s, "sub_kegiatan") for s in k.sub_kegiatan.order_by("urutan")]}
            for k in p.kegiatan.order_by("urutan")]} for p in renja.program.order_by("urutan")],
        "pernyataan": [{**fields(s), "program": s.program.urutan if s.program_id else None,
                        "kegiatan": s.kegiatan.urutan if s.kegiatan_id else None,
                        "evaluasi": s.evaluasi.tahun if s.evaluasi_id else None}
                       for s in Pernyataan.objects.filter(renja=renja).order_by("urutan")],
    }
    for name in ("prioritas_daerah", "sasaran_program", "reviu_rkpd", "usulan_pemangku", "indikator_pelayanan",
                 "narasi"):
        data[name] = [fields(r) for r in getattr(renja, name).order_by("urutan")]
    renstra = Renstra.objects.filter(perangkat_daerah=pd).order_by("periode_mulai").first()
    if renstra:
        data["renstra"] = {
            **fields(renstra),
            "tujuan": [fields(t) for t in renstra.tujuan.order_by("urutan")],
            "sasaran": [{**fields(s), "tujuan": s.tujuan.nomor if s.tujuan_id else None}
                        for s in renstra.sasaran.order_by("urutan")],
            "indikator": [{**fields(i), "tujuan": i.tujuan.nomor if i.tujuan_id else None,
                           "sasaran": i.sasaran.nomor if i.sasaran_id else None,
                           "target": [fields(t) for t in i.target.order_by("tahun")]}
                          for i in IndikatorKinerja.objects.filter(renstra=renstra).order_by("jenis", "urutan")],
        }
    data["evaluasi"] = [{
        **fields(e),
        "tabel": [{**fields(t), "baris": [fields(b) for b in t.baris.order_by("urutan")]}
                  for t in e.tabel.order_by("urutan")],
        "belanja": [{**fields(b), "akun": b.akun.kode if b.akun_id else None} for b in e.belanja.order_by("urutan")],
        "tc29": [fields(r) for r in e.tc29.order_by("urutan")],
        "skala": [fields(r) for r in e.skala_capaian.order_by("urutan")],
    } for e in Evaluasi.objects.filter(renja=renja).order_by("tahun")]
    return data


def dump(document, fmt):
    return dump_yaml(document) if fmt == "yaml" else dump_json(document)


def reload(renja, fmt, tmp_path):
    """Export the plan in `fmt`, load the file back in place of the plan; (new plan, bytes written)."""
    path = tmp_path / f"plan.{fmt}"
    write_document(export_document(renja), path, fmt)
    if fmt == "xlsx":
        document, problems = read_own(path)
        assert problems == []
        report = load_document(document, replace=True)
    else:
        report = load_file(path, replace=True)
    return report.renja, path.read_bytes()


CLEAN_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "exchange" / "clean_plan.yaml"
FORMATS = ("yaml", "json", "xlsx")


@pytest.fixture(params=[DATA, CLEAN_PLAN], ids=["demo", "clean"])
def plan(request):
    return load_file(request.param).renja


@pytest.mark.parametrize("fmt", FORMATS)
def test_load_of_the_export_gives_the_same_plan(plan, fmt, tmp_path):
    before, document = snapshot(plan), export_document(plan)
    again, _ = reload(plan, fmt, tmp_path)
    assert Renja.objects.filter(pk=plan.pk).count() == 0  # it really was replaced
    assert export_document(again) == document
    assert snapshot(again) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_of_a_loaded_file_is_byte_stable(plan, fmt, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first, written = reload(plan, fmt, tmp_path / "a")
    _, rewritten = reload(first, fmt, tmp_path / "b")
    assert rewritten == written


def test_the_demo_export_keeps_what_the_document_states_and_writes(tmp_path):
    renja = load_file(DATA).renja
    document = export_document(renja)
    source = read_document_merged()
    # every stated figure of a T-C.33 row, and every statement, in the document's order
    assert stated_of(document) == stated_of(source)
    # (the loader keeps a statement's value as written, and its code, row and context without outer spaces)
    assert document["renja"]["statements"] == [
        {k: str(v) if k == "value" else v.strip() for k, v in s.items() if k != "raw" and v not in (None, "")}
        for s in source["renja"]["statements"]]
    # codes, amounts and targets as written, tabs and lost digits included
    assert codes_of(document) == codes_of(source)
    assert [s.get("pagu_n") for s in subs_of(document)] == [s.get("pagu_n") for s in subs_of(source)]
    assert [i.get("target_n") for s in subs_of(document) for i in s.get("indikator", [])] == [
        i.get("target_n") for s in subs_of(source) for i in s.get("indikator", [])]
    assert [e["tahun"] for e in document["evaluasi"]] == [2021]
    # the evaluation tables' Total rows come back as totals, not as loose statements
    totals = {t["id"]: t["total"] for t in document["evaluasi"][0]["tabel"] if "total" in t}
    assert totals and all(v for total in totals.values() for v in total.values())


def read_document_merged():
    from renja.exchange.loader import merge_evaluations
    from renja.exchange.merge import read_document

    return merge_evaluations(read_document(DATA))


def subs_of(document):
    return [s for p in document["renja"]["program"] for k in p.get("kegiatan", []) for s in k.get("sub_kegiatan", [])]


def codes_of(document):
    return [(p["kode"], [(k["kode"], [s["kode"] for s in k.get("sub_kegiatan", [])]) for k in p.get("kegiatan", [])])
            for p in document["renja"]["program"]]


def stated_of(document):
    return [(n["kode"], n.get("stated")) for p in document["renja"]["program"]
            for n in [p, *p.get("kegiatan", []), *subs_of({"renja": {"program": [p]}})] if n.get("stated")]


def test_yaml_and_json_say_the_same_and_parse_back_to_the_document():
    renja = load_file(CLEAN_PLAN).renja
    document = export_document(renja)
    assert yaml.safe_load(dump(document, "yaml")) == document
    assert json.loads(dump(document, "json")) == document
    assert dump(document, "yaml").startswith("format: renja-exchange\nversion: 1\n")


def test_a_row_edited_in_the_app_is_exported_with_its_new_text():
    renja = load_file(CLEAN_PLAN).renja
    sub = renja.program.first().kegiatan.first().sub_kegiatan.first()
    sub.pagu_n, sub.pagu_n_teks = 123_456_789, ""  # a number without its text: exported as the number
    sub.save()
    exported = subs_of(export_document(renja))[0]
    assert exported["pagu_n"] == 123_456_789


runner = CliRunner()


@pytest.mark.parametrize("fmt", FORMATS)
def test_renja_export_writes_the_plan_and_says_so(fmt, tmp_path):
    load_file(CLEAN_PLAN)
    out = tmp_path / f"rencana.{fmt}"
    result = runner.invoke(app, ["export", "--pd", "DP3A", "--year", "2025", "--format", fmt, "-o", str(out)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith(f"Ditulis: {out}")
    assert result.output.strip().endswith(f"{fmt.upper()})")
    assert out.stat().st_size > 0


def test_renja_export_refuses_an_unknown_format(tmp_path):
    load_file(CLEAN_PLAN)
    result = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "format 'csv' tidak dikenal" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_renja_export_without_a_plan_fails_clearly(tmp_path):
    result = runner.invoke(app, ["export", "--format", "yaml", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "tidak ada Renja yang cocok" in result.output


def test_renja_export_to_a_missing_folder_fails_clearly_and_leaves_nothing(tmp_path):
    load_file(CLEAN_PLAN)
    out = tmp_path / "tidak-ada" / "rencana.xlsx"
    result = runner.invoke(app, ["export", "--format", "xlsx", "-o", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "tidak dapat ditulis" in result.output
    assert not out.parent.exists()


def perubahan_document():
    document = yaml.safe_load(CLEAN_PLAN.read_text(encoding="utf-8"))
    document["renja"]["tahap"] = "perubahan"
    program = document["renja"]["program"][0]
    program["stated"].update(pagu_sebelum="390.000.000", pagu_kolom={"apbd": "400.000.000"})
    sub = program["kegiatan"][0]["sub_kegiatan"][0]
    sub.update(pagu_sebelum="340.000.000", pagu_kolom={"rkpd": "340.000.000", "apbd_perubahan": "Rp 350.000.000"})
    sub["indikator"][0]["target_sebelum"] = "38 Orang"
    return document


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_renja_perubahan_keeps_its_before_values_and_pagu_columns(fmt, tmp_path):
    renja = load_document(perubahan_document()).renja
    before, document = snapshot(renja), export_document(renja)
    program = document["renja"]["program"][0]
    assert program["stated"] == {"pagu_n": "400.000.000", "pagu_n1": "440.000.000", "pagu_sebelum": "390.000.000",
                                 "pagu_kolom": {"apbd": "400.000.000"}}
    sub = program["kegiatan"][0]["sub_kegiatan"][0]
    assert (sub["pagu_sebelum"], sub["pagu_kolom"]) == (
        "340.000.000", {"rkpd": "340.000.000", "apbd_perubahan": "Rp 350.000.000"})
    assert sub["indikator"][0]["target_sebelum"] == "38 Orang"
    again, _ = reload(renja, fmt, tmp_path)
    assert export_document(again) == document
    assert snapshot(again) == before
