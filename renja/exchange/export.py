"""A plan in the database as an exchange document (docs/exchange-format.md): the inverse of loader.py.

`export_document(renja)` gives the dict that `load_document` takes, with everything the loader writes:
values as written (`*_teks`, `kode_asli`, `raw`), what the document states (`stated`, `statements`, the
totals of the evaluation tables), the tables around the plan and the evaluations of earlier years. Loading
it gives the same plan; exporting that plan gives the same bytes (`dump_yaml`, `dump_json`).

Conventions, so that the output is stable: keys in the order of the format's documentation; an optional key
whose value is blank ("" / None / empty list or mapping) is left out (the loader reads both the same way);
a value is written as the text it was written with, or as the number when no text was kept.
"""

import json
from pathlib import Path

import yaml

from renja.core.targets import parse_target
from renja.monitoring.models import Evaluasi
from renja.organizations.models import PaguPlafon
from renja.plans.models import (
    Indikator,
    IndikatorKinerja,
    Kegiatan,
    PaguKolom,
    Pernyataan,
    Program,
    Renstra,
    SubKegiatan,
)

FORMAT = "renja-exchange"
VERSION = 1
# A Renja Perubahan's figures: the pagu and target before the change, the further pagu columns.
PAGU_KOLOM = PaguKolom.Kolom.values
STATED_KEYS = ("pagu_n", "pagu_n1", "pagu_sebelum", *(f"pagu_{k}" for k in PAGU_KOLOM))
TOTAL_KEYS = ("target", "alokasi", "realisasi", "fisik", "keuangan", "persen")


def _compact(mapping, keep=()):
    """The mapping without its blank optional values (keys in `keep` stay whatever their value)."""
    return {k: v for k, v in mapping.items() if k in keep or v not in (None, "", [], {})}


def _cell(text, value=None):
    """A cell as written: its text, or the number read when no text was kept, or None."""
    if text:
        return text
    return value


def _or_none(text):
    return text or None


# -- the plan tree ----------------------------------------------------------------------------------------


TARGETS = ("n", "n1", "sebelum")


def _satuan(indicator):
    """The `satuan` key that makes the loader give back every stored unit (it applies one to all targets)."""
    stored = [getattr(indicator, f"target_{t}_satuan") for t in TARGETS]
    derived = [parse_target(getattr(indicator, f"target_{t}_teks") or None).satuan or "" for t in TARGETS]
    if stored == derived:
        return None
    # One unit for all: the one that is stored (a unit set by hand applies to every target).
    return next((unit for unit in stored if unit), None)


def _indicator(indicator):
    return _compact({
        "uraian": indicator.uraian,
        "satuan": _satuan(indicator),
        "polaritas": indicator.polaritas,
        "target_n": _or_none(indicator.target_n_teks),
        "target_n1": _or_none(indicator.target_n1_teks),
        "target_sebelum": _or_none(indicator.target_sebelum_teks),
        "target_akhir_renstra": _or_none(indicator.target_renstra_teks),
        "realisasi_n2": _or_none(indicator.realisasi_n2_teks),
        "prakiraan_n1": _or_none(indicator.prakiraan_n1_teks),
        "raw": indicator.raw,
    }, keep=("uraian",))


def _perubahan_fields(sub, columns):
    """The Renja Perubahan figures of a sub kegiatan: pagu before the change, each further pagu column."""
    fields = {"pagu_sebelum": _cell(sub.pagu_sebelum_teks, sub.pagu_sebelum)}
    found = {c.kolom: _cell(c.teks, c.nilai) for c in columns}
    fields["pagu_kolom"] = {k: found[k] for k in PAGU_KOLOM if found.get(k) is not None}
    return fields


def _stated(found):
    """A row's `stated`: pagu n, n+1, before the change, and the further pagu columns under `pagu_kolom`."""
    stated = {key: found[key] for key in ("pagu_n", "pagu_n1", "pagu_sebelum") if key in found}
    kolom = {k: found[f"pagu_{k}"] for k in PAGU_KOLOM if f"pagu_{k}" in found}
    if kolom:
        stated["pagu_kolom"] = kolom
    return stated


def _node(row, level, indicators, stated, children=None, columns=()):
    data = {
        "kode": row.kode_asli or row.kode,
        "nama": row.nama,
        "indikator": [_indicator(i) for i in indicators],
        "lokasi": row.lokasi,
        "sumber_dana": row.sumber_dana_teks,
        "catatan": row.catatan,
    }
    if level == "sub_kegiatan":
        data["pagu_n"] = _cell(row.pagu_n_teks, row.pagu_n)
        data["pagu_n1"] = _cell(row.pagu_n1_teks, row.pagu_n1)
        data.update(_perubahan_fields(row, columns))
    data["stated"] = stated
    data["raw"] = row.raw
    if children is not None:
        data[children[0]] = children[1]
    return _compact(data, keep=("kode",))


class _Statements:
    """The plan's statements split as the loader made them: the `stated` of each T-C.33 row (written first,
    in tree order), then the plan's own `statements`."""

    def __init__(self, renja, subs):
        self.stated = {}  # ("program"|"kegiatan"|"sub_kegiatan", pk) → {key: text}
        self.plain = []
        items = list(Pernyataan.objects.filter(renja=renja, evaluasi__isnull=True).order_by("urutan", "pk"))
        # A sub kegiatan's stated figures have no foreign key: they are found by their table, key, code and name.
        by_label = {}
        for sub in subs:
            by_label.setdefault((sub.kode or sub.kode_asli, sub.nama), []).append(sub)
        leading = True
        for item in items:
            owner = self.owner(item, by_label) if leading else None
            if owner is None:
                leading = False  # after the first plain statement, the loader would not put a stated one
                self.plain.append(item)
                continue
            self.stated.setdefault(owner, {})[item.kunci] = item.teks

    def owner(self, item, by_label):
        if item.tabel != "T-C.33" or item.kunci not in STATED_KEYS or item.konteks or not item.teks.strip():
            return None
        if item.program_id:
            owner = ("program", item.program_id)
        elif item.kegiatan_id:
            owner = ("kegiatan", item.kegiatan_id)
        else:
            owner = next((("sub_kegiatan", sub.pk) for sub in by_label.get((item.kode, item.baris), [])
                          if item.kunci not in self.stated.get(("sub_kegiatan", sub.pk), {})), None)
        if owner is not None and item.kunci in self.stated.get(owner, {}):
            return None
        return owner

    def of(self, level, row):
        return _stated(self.stated.get((level, row.pk), {}))


def _statement(item):
    return _compact({
        "table": item.tabel,
        "key": item.kunci,
        "code": item.kode,
        "row": item.baris,
        "value": item.teks,
        "context": item.konteks,
    }, keep=("table", "key"))


def _plan_tree(renja):
    programs = list(Program.objects.filter(renja=renja).order_by("urutan", "pk"))
    kegiatan = list(Kegiatan.objects.filter(program__renja=renja).order_by("urutan", "pk"))
    subs = list(SubKegiatan.objects.filter(kegiatan__program__renja=renja).order_by("urutan", "pk"))
    indicators = {}
    found = [*Indikator.objects.filter(program__renja=renja), *Indikator.objects.filter(kegiatan__program__renja=renja),
             *Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja)]
    for indicator in found:
        level = "program" if indicator.program_id else "kegiatan" if indicator.kegiatan_id else "sub_kegiatan"
        owner = indicator.program_id or indicator.kegiatan_id or indicator.sub_kegiatan_id
        indicators.setdefault((level, owner), []).append(indicator)
    for items in indicators.values():
        items.sort(key=lambda i: (i.urutan, i.pk))
    statements = _Statements(renja, subs)
    columns = {}
    for column in PaguKolom.objects.filter(sub_kegiatan__kegiatan__program__renja=renja):
        columns.setdefault(column.sub_kegiatan_id, []).append(column)
    subs_of, kegiatan_of = {}, {}
    for sub in subs:
        subs_of.setdefault(sub.kegiatan_id, []).append(sub)
    for row in kegiatan:
        kegiatan_of.setdefault(row.program_id, []).append(row)

    def node(row, level, children=None):
        return _node(row, level, indicators.get((level, row.pk), []), statements.of(level, row), children,
                     columns.get(row.pk, ()))

    tree = [
        node(p, "program", ("kegiatan", [
            node(k, "kegiatan", ("sub_kegiatan", [node(s, "sub_kegiatan") for s in subs_of.get(k.pk, [])]))
            for k in kegiatan_of.get(p.pk, [])
        ]))
        for p in programs
    ]
    return tree, [_statement(s) for s in statements.plain]


# -- around the plan --------------------------------------------------------------------------------------


def _organization(renja):
    return _organization_of(renja.perangkat_daerah)


def _organization_of(pd):
    pemda = pd.pemda
    return (
        {"kode": pemda.kode, "nama": pemda.nama, "jenis": pemda.jenis},
        _compact({
            "kode": pd.kode,
            "nama": pd.nama,
            "singkatan": pd.singkatan,
            "unit": [_compact({"nama": u.nama, "singkatan": u.singkatan}, keep=("nama",))
                     for u in pd.unit.order_by("urutan", "pk")],
            "pagu_plafon": [_compact({"tahun": c.tahun, "pagu": _cell(c.pagu_teks, c.pagu), "sumber": c.sumber},
                                     keep=("tahun", "pagu"))
                            for c in PaguPlafon.objects.filter(perangkat_daerah=pd).order_by("tahun")],
        }, keep=("kode", "nama")),
    )


def _renstra_indicator(indicator, with_baseline=True):
    baseline = {}
    if with_baseline:
        if indicator.baseline_tahun is not None:
            baseline["tahun"] = indicator.baseline_tahun
        if indicator.baseline_teks:
            baseline["nilai"] = indicator.baseline_teks
    return _compact({
        "uraian": indicator.uraian,
        "polaritas": indicator.polaritas,
        "baseline": baseline,
        "target": {str(t.tahun): _or_none(t.teks) for t in sorted(indicator.target.all(), key=lambda t: t.tahun)},
    }, keep=("uraian",))


def _renstra(renja):
    renstra = (Renstra.objects.filter(perangkat_daerah=renja.perangkat_daerah, periode_mulai__lte=renja.tahun,
                                      periode_selesai__gte=renja.tahun).order_by("-periode_mulai").first())
    return None if renstra is None else renstra_section(renstra)


def renstra_section(renstra):
    """The document's `renstra`: tujuan, sasaran, IKU and the five-year matrix (`program`)."""
    indicators = list(IndikatorKinerja.objects.filter(renstra=renstra).prefetch_related("target")
                      .order_by("urutan", "pk"))

    def of(jenis, **owner):
        return [i for i in indicators if i.jenis == jenis and all(getattr(i, k) == v for k, v in owner.items())]

    tujuan = list(renstra.tujuan.order_by("urutan", "pk"))
    sasaran = list(renstra.sasaran.select_related("tujuan").order_by("urutan", "pk"))
    return _compact({
        "periode_mulai": renstra.periode_mulai,
        "periode_selesai": renstra.periode_selesai,
        "tujuan": [_compact({"nomor": t.nomor, "uraian": t.uraian,
                             "indikator": [_renstra_indicator(i) for i in of("tujuan", tujuan_id=t.pk)]},
                            keep=("uraian",)) for t in tujuan],
        "sasaran": [_compact({"nomor": s.nomor, "tujuan": s.tujuan.nomor if s.tujuan else None, "uraian": s.uraian,
                              "indikator": [_renstra_indicator(i) for i in of("sasaran", sasaran_id=s.pk)]},
                             keep=("uraian",)) for s in sasaran],
        "iku": [_compact({"nomor": i.nomor, "sasaran": i.sasaran.nomor if i.sasaran_id else None,
                          **_renstra_indicator(i, with_baseline=False)}, keep=("uraian",))
                for i in of("iku")],
        "program": _renstra_matrix(renstra),
    }, keep=("periode_mulai", "periode_selesai"))


def _renstra_matrix(renstra):
    """The Renstra's five-year matrix (renja/renstra), as its loader (renja/renstra/loading.py) reads it."""
    from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

    rows = list(BarisRenstra.objects.filter(renstra=renstra).prefetch_related("sasaran").order_by("urutan", "pk"))
    pagu, targets, indicators, children = {}, {}, {}, {}
    for p in PaguRenstra.objects.filter(baris__renstra=renstra).order_by("tahun"):
        pagu.setdefault(p.baris_id, {})[str(p.tahun)] = _cell(p.pagu_teks, p.pagu)
    for t in TargetRenstra.objects.filter(indikator__baris__renstra=renstra).order_by("tahun"):
        targets.setdefault(t.indikator_id, {})[str(t.tahun)] = _or_none(t.teks)
    for i in IndikatorRenstra.objects.filter(baris__renstra=renstra).order_by("urutan", "pk"):
        indicators.setdefault(i.baris_id, []).append(_compact({
            "uraian": i.uraian, "satuan": i.satuan, "polaritas": i.polaritas,
            "kondisi_awal": _or_none(i.kondisi_awal_teks), "kondisi_akhir": _or_none(i.kondisi_akhir_teks),
            "target": targets.get(i.pk, {})}, keep=("uraian",)))
    for row in rows:
        children.setdefault(row.induk_id, []).append(row)
    under = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}

    def node(row):
        data = {"kode": row.kode_asli or row.kode, "nama": row.nama, "unit": row.unit_penanggung_jawab,
                "lokasi": row.lokasi, "indikator": indicators.get(row.pk, []), "pagu": pagu.get(row.pk, {})}
        if row.tingkat == "program":
            data["sasaran"] = [s.nomor for s in row.sasaran.all()]
        if row.tingkat in under:
            data[under[row.tingkat]] = [node(child) for child in children.get(row.pk, [])]
        return _compact(data)

    return [node(row) for row in children.get(None, [])]


def _tables(renja):
    reviu = []
    for r in renja.reviu_rkpd.order_by("urutan", "pk"):
        reviu.append(_compact({
            "nomor": r.nomor,
            "tingkat": r.tingkat,
            "rancangan": _compact({"nama": r.rancangan_nama, "lokasi": r.rancangan_lokasi,
                                   "indikator": r.rancangan_indikator,
                                   "pagu": _cell(r.rancangan_pagu_teks, r.rancangan_pagu)}),
            "kebutuhan": _compact({"nama": r.kebutuhan_nama, "lokasi": r.kebutuhan_lokasi,
                                   "indikator": r.kebutuhan_indikator,
                                   "pagu": _cell(r.kebutuhan_pagu_teks, r.kebutuhan_pagu)}),
            "catatan": r.catatan,
            "raw": r.raw,
        }, keep=("tingkat",)))
    return {
        "prioritas_daerah": [_compact({
            "nomor": r.nomor, "prioritas": r.prioritas, "sasaran_daerah": r.sasaran_daerah,
            "indikator_sasaran_daerah": r.indikator_sasaran_daerah, "sasaran_pd": r.sasaran_pd,
            "indikator_sasaran_pd": r.indikator_sasaran_pd,
        }) for r in renja.prioritas_daerah.order_by("urutan", "pk")],
        "sasaran_program": [_compact({
            "nomor": r.nomor, "sasaran": r.sasaran, "program": r.program, "kegiatan": r.kegiatan,
            "sub_kegiatan": r.sub_kegiatan,
        }) for r in renja.sasaran_program.order_by("urutan", "pk")],
        "reviu_rkpd": reviu,
        "usulan_pemangku": [_compact({
            "nomor": r.nomor, "tingkat": r.tingkat, "nama": r.nama, "lokasi": r.lokasi, "indikator": r.indikator,
            "catatan": r.catatan, "raw": r.raw,
        }) for r in renja.usulan_pemangku.order_by("urutan", "pk")],
        "indikator_pelayanan": [_compact({
            "kelompok": r.kelompok, "nomor": r.nomor, "uraian": r.uraian, "polaritas": r.polaritas, "spm": r.spm,
            "ikk": r.ikk, "target": r.target, "realisasi": r.realisasi, "proyeksi": r.proyeksi,
            "catatan": r.catatan, "raw": r.raw,
        }, keep=("uraian",)) for r in renja.indikator_pelayanan.order_by("urutan", "pk")],
        "narasi": [_compact({"bab": r.bab, "nomor": r.nomor, "judul": r.judul, "teks": r.teks})
                   for r in renja.narasi.order_by("urutan", "pk")],
    }


# -- evaluations of earlier years -------------------------------------------------------------------------


def _evaluation(evaluasi):
    tables = list(evaluasi.tabel.prefetch_related("baris").order_by("urutan", "pk"))
    index = {t.kode: n for n, t in enumerate(tables)}
    totals = {}
    plain = []
    last = -1
    # The loader writes the tables' Total rows first, in table order, then the evaluation's statements.
    for item in Pernyataan.objects.filter(evaluasi=evaluasi).order_by("urutan", "pk"):
        n = index.get(item.tabel)
        is_total = (not plain and n is not None and n >= last and item.baris == "Total" and not item.kode
                    and not item.konteks and item.kunci in TOTAL_KEYS and item.teks.strip()
                    and item.kunci not in totals.get(item.tabel, {}))
        if is_total:
            totals.setdefault(item.tabel, {})[item.kunci] = item.teks
            last = n
        else:
            plain.append(item)
    return _compact({
        "tahun": evaluasi.tahun,
        "keterangan": evaluasi.keterangan,
        "tabel": [_compact({
            "id": t.kode, "judul": t.judul, "program": t.program, "kegiatan": t.kegiatan,
            "baris": [_compact({
                "nomor": r.nomor, "uraian": r.uraian, "indikator": r.indikator, "target": r.target_teks,
                "alokasi": _cell(r.alokasi_teks, r.alokasi), "realisasi": _cell(r.realisasi_teks, r.realisasi),
                "fisik": _cell(r.fisik_teks, _number(r.fisik)), "keuangan": _cell(r.keuangan_teks, _number(r.keuangan)),
                "persen": _cell(r.persen_teks, _number(r.persen)), "triwulan": r.triwulan, "raw": r.raw,
            }) for r in sorted(t.baris.all(), key=lambda r: (r.urutan, r.pk))],
            "total": totals.get(t.kode, {}),
        }, keep=("id",)) for t in tables],
        "belanja": [_compact({
            "tabel": r.tabel, "kode_rekening": r.kode_rekening, "uraian": r.uraian,
            "anggaran": _cell(r.anggaran_teks, r.anggaran), "realisasi": _cell(r.realisasi_teks, r.realisasi),
            "persen": _cell(r.persen_teks, _number(r.persen)), "raw": r.raw,
        }) for r in evaluasi.belanja.order_by("urutan", "pk")],
        "tc29": [_compact({"kode": r.kode_asli or r.kode, "uraian": r.uraian, "indikator": r.indikator,
                           "kolom": r.kolom, "raw": r.raw}) for r in evaluasi.tc29.order_by("urutan", "pk")],
        "skala_capaian": [_compact({"skala": r.skala, "kategori": r.kategori})
                          for r in evaluasi.skala_capaian.order_by("urutan", "pk")],
        "statements": [_statement(s) for s in plain],
    }, keep=("tahun",))


def _number(value):
    """A Decimal read from a cell, as the text the loader reads back (only when no text was kept)."""
    return None if value is None else format(value.normalize(), "f").replace(".", ",")


# -- the document -----------------------------------------------------------------------------------------


def export_document(renja):
    """The exchange document of one plan, every key in the order of docs/exchange-format.md."""
    pemda, pd = _organization(renja)
    program, statements = _plan_tree(renja)
    signer = _compact({"nama": renja.penandatangan_nama, "jabatan": renja.penandatangan_jabatan,
                       "pangkat": renja.penandatangan_pangkat, "nip": renja.penandatangan_nip})
    plan = _compact({
        "tahun": renja.tahun,
        "tahap": renja.tahap,
        "nomenklatur": renja.nomenklatur.nama if renja.nomenklatur_id else None,
        "judul": renja.judul,
        "tempat_tanggal": renja.tempat_tanggal,
        "penandatangan": signer,
        "program": program,
        **_tables(renja),
        "statements": statements,
    }, keep=("tahun", "tahap"))
    document = {"format": FORMAT, "version": VERSION}
    if renja.sumber:
        document["source"] = {"document": renja.sumber}
    document.update({"pemda": pemda, "perangkat_daerah": pd})
    renstra = _renstra(renja)
    if renstra:
        document["renstra"] = renstra
    document["renja"] = plan
    evaluations = [_evaluation(e) for e in Evaluasi.objects.filter(renja=renja).order_by("pk")]
    if evaluations:
        document["evaluasi"] = evaluations
    return document


def export_renstra(renstra):
    """The exchange document of a Renstra alone, without a plan (`renja export --renstra`): the loader reads it
    back as a Renstra-only document (renja/exchange/loader.py), the same matrix."""
    pemda, pd = _organization_of(renstra.perangkat_daerah)
    return {"format": FORMAT, "version": VERSION, "pemda": pemda, "perangkat_daerah": pd,
            "renstra": renstra_section(renstra)}


# -- writers ----------------------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Texts of several lines as literal blocks where YAML allows it (the emitter falls back to quotes). libyaml's
    emitter when PyYAML has it: the pure-Python one is ten times slower."""


def _represent_text(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)
# a model's choices (TextChoices) are texts too, written as their value
_Dumper.add_multi_representer(str, lambda dumper, text: _represent_text(dumper, str(text)))


def dump_yaml(document):
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100_000)


def dump_json(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_document(document, path, fmt):
    """Write `document` to `path` as yaml, json or xlsx (Renja's own workbook). The file appears whole or not
    at all: it is written beside the target and renamed."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.sebagian")
    try:
        if fmt == "xlsx":
            from renja.exchange.workbook.own import write_workbook

            write_workbook(document, partial)
        else:
            text = dump_yaml(document) if fmt == "yaml" else dump_json(document)
            with open(partial, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
