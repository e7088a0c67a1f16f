"""Starting next year's Renja from the Renstra (Permendagri 86/2017): the Rancangan Awal draft of year N takes
the Renstra matrix's rows planned for N (a pagu or a target in year N), with the year-N targets and pagu and
those of N+1 as the forecast, the Target akhir Renstra, the realisation of year N-2 and the expected
achievement of N-1 per indicator, sumber dana and narrative chapters from the PD's latest plan as a start.
Everything it could not fill is said, row by row; nothing is guessed.

One transaction and a fixed number of queries per table, whatever the size of the Renstra.
"""

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from renja.core.errors import InputRefused
from renja.exchange.loader import NomenclatureLinker
from renja.monitoring import measures
from renja.monitoring.models import RealisasiIndikator
from renja.monitoring.progress import plan_in_force
from renja.plans import sources as plan_sources
from renja.plans.models import Indikator, Kegiatan, Narasi, Program, Renja, Renstra, SubKegiatan

from .models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra

REASON = "disusun dari Renstra"
MODELS = {"program": Program, "kegiatan": Kegiatan, "sub_kegiatan": SubKegiatan}


@dataclass
class StartReport:
    renja: Renja
    renstra: Renstra
    counts: dict = field(default_factory=dict)
    filled: list = field(default_factory=list)  # what was filled from where, one line each
    unfilled: list = field(default_factory=list)  # what could not be filled, one line each, in Indonesian

    def lines(self):
        c = self.counts
        return [f"{self.renja} disusun dari {self.renstra}: {c.get('program', 0)} program, "
                f"{c.get('kegiatan', 0)} kegiatan, {c.get('sub_kegiatan', 0)} sub kegiatan, "
                f"{c.get('indikator', 0)} indikator."] + self.filled


def renstra_for(pd, tahun):
    """The PD's Renstra whose period covers `tahun` (the latest starting one, if periods overlap)."""
    return (Renstra.objects.filter(perangkat_daerah=pd, periode_mulai__lte=tahun, periode_selesai__gte=tahun)
            .order_by("-periode_mulai").first())


def _value_text(value, satuan):
    if value is None:
        return ""
    text = measures.number_text(value)
    return f"{text} {satuan}".strip() if satuan else text


class _Matrix:
    """The Renstra matrix read in four queries: rows in order, pagu per row and year, indicators, targets."""

    def __init__(self, renstra):
        self.rows = list(BarisRenstra.objects.filter(renstra=renstra).order_by("urutan", "id"))
        self.pagu = {}
        for baris_id, tahun, pagu, teks in PaguRenstra.objects.filter(baris__renstra=renstra).values_list(
                "baris_id", "tahun", "pagu", "pagu_teks"):
            self.pagu[(baris_id, tahun)] = (pagu, teks)
        self.indicators = {}
        for indicator in IndikatorRenstra.objects.filter(baris__renstra=renstra).order_by("urutan", "id"):
            self.indicators.setdefault(indicator.baris_id, []).append(indicator)
        self.targets = {}
        for target in TargetRenstra.objects.filter(indikator__baris__renstra=renstra):
            self.targets[(target.indikator_id, target.tahun)] = target
        self.children = {}
        for row in self.rows:
            self.children.setdefault(row.induk_id, []).append(row)

    def planned_in(self, row, tahun):
        """A sub kegiatan is planned in a year when the Renstra writes a pagu (even one that cannot be read, which
        the checker then reports) or a target for that year."""
        if self.pagu.get((row.pk, tahun), (None, ""))[1].strip():
            return True
        return any((i.pk, tahun) in self.targets and self.targets[(i.pk, tahun)].teks
                   for i in self.indicators.get(row.pk, []))


class _Earlier:
    """What earlier years say per indicator, matched by the row's code and the indicator's text: the
    realisation of year N-2 (its plan in force and the quarters entered) and the plan in force of N-1 (the
    year's realisation so far, else its target as the expectation)."""

    def __init__(self, pd, tahun):
        self.n2 = self._read(plan_in_force(pd, tahun - 2))
        self.n1_plan = plan_in_force(pd, tahun - 1)
        self.n1 = self._read(self.n1_plan)
        self.sumber_dana = {}
        if self.n1_plan is not None:
            through = SubKegiatan.sumber_dana.through
            for kode, source_id in through.objects.filter(
                    subkegiatan__kegiatan__program__renja=self.n1_plan).values_list(
                    "subkegiatan__kode", "sumberdana_id"):
                self.sumber_dana.setdefault(kode, []).append(source_id)

    @staticmethod
    def _read(plan):
        """(row code, indicator text) → (target n, its unit, the year's realisation or None)."""
        if plan is None:
            return {}
        found = {}
        quarters = {}
        for indikator_id, triwulan, nilai in RealisasiIndikator.objects.filter(
                indikator__sub_kegiatan__kegiatan__program__renja=plan).values_list(
                "indikator_id", "triwulan", "nilai"):
            quarters.setdefault(indikator_id, {})[triwulan] = nilai
        for path, code in (("program__renja", "program__kode"), ("kegiatan__program__renja", "kegiatan__kode"),
                           ("sub_kegiatan__kegiatan__program__renja", "sub_kegiatan__kode")):
            for id_, kode, uraian, target, satuan, akumulasi in Indikator.objects.filter(**{path: plan}).values_list(
                    "id", code, "uraian", "target_n", "target_n_satuan", "akumulasi"):
                values = [quarters.get(id_, {}).get(q) for q in (1, 2, 3, 4)]
                realised = measures.year_realisation(
                    values, measures.infer_akumulasi(uraian, satuan, akumulasi)) if id_ in quarters else None
                found[(kode, " ".join(uraian.lower().split()))] = (target, satuan, realised)
        return found


@transaction.atomic
def start_from_renstra(pd, tahun, *, tahap=Renja.Tahap.RANCANGAN_AWAL, user=None):
    """Create the draft Renja of `pd` for `tahun` from its Renstra; returns a StartReport. InputRefused (nothing
    written) when the plan exists already or no Renstra covers the year."""
    tahap = Renja.Tahap(tahap).value
    if Renja.objects.filter(perangkat_daerah=pd, tahun=tahun, tahap=tahap).exists():
        raise InputRefused([f"Renja {pd} tahun {tahun} tahap {Renja.Tahap(tahap).label} sudah ada; tidak ada yang "
                            "diubah."])
    renstra = renstra_for(pd, tahun)
    if renstra is None:
        raise InputRefused([f"{pd} belum memiliki Renstra yang periodenya mencakup tahun {tahun}: muat matriks "
                            "Renstra lebih dulu (renja load BERKAS dengan bagian renstra.program)."])
    matrix = _Matrix(renstra)
    if not matrix.rows:
        raise InputRefused([f"{renstra} belum berisi matriks program, kegiatan dan sub kegiatan."])
    earlier = _Earlier(pd, tahun)
    previous = Renja.objects.filter(perangkat_daerah=pd, tahun__lt=tahun).order_by("-tahun", "-id").first()
    renja = Renja(perangkat_daerah=pd, tahun=tahun, tahap=tahap, status=Renja.Status.DRAFT,
                  nomenklatur=previous.nomenklatur if previous else None,
                  judul=f"Rencana Kerja {pd.nama} Tahun {tahun}", sumber=f"Disusun dari {renstra}")
    renja._history_user = user
    renja._change_reason = REASON
    renja.save()
    report = StartReport(renja=renja, renstra=renstra)
    _build_tree(report, matrix, earlier, tahun, user)
    _copy_narrative(report, previous)
    return report


def _build_tree(report, matrix, earlier, tahun, user):
    renja, renstra = report.renja, report.renstra
    linker = NomenclatureLinker(renja, renja.perangkat_daerah.pemda)
    forecast_in_period = tahun + 1 <= renstra.periode_selesai
    made = {"program": [], "kegiatan": [], "sub_kegiatan": []}
    indicators, sources = [], []
    skipped = 0
    order = 0
    unfilled = report.unfilled

    def indicator_rows(row, owner, level):
        for position, source in enumerate(matrix.indicators.get(row.pk, [])):
            target_n = matrix.targets.get((source.pk, tahun))
            target_n1 = matrix.targets.get((source.pk, tahun + 1))
            key = (row.kode, " ".join(source.uraian.lower().split()))
            n2 = earlier.n2.get(key)
            n1 = earlier.n1.get(key)
            where = f"{row.kode or row.kode_asli} · indikator '{source.uraian[:60]}'"
            if target_n is None or not target_n.teks:
                unfilled.append(f"{where}: Renstra tidak memberi target tahun {tahun}.")
            if forecast_in_period and (target_n1 is None or not target_n1.teks):
                unfilled.append(f"{where}: Renstra tidak memberi target tahun {tahun + 1}.")
            realised_n2 = n2[2] if n2 else None
            if realised_n2 is None:
                unfilled.append(f"{where}: realisasi tahun {tahun - 2} tidak tercatat.")
            if n1 is not None and n1[2] is not None:
                expected, expected_note = n1[2], None
            elif n1 is not None and n1[0] is not None:
                expected, expected_note = n1[0], "target"
            else:
                expected, expected_note = None, None
                unfilled.append(f"{where}: tidak ada Renja berlaku tahun {tahun - 1} dengan indikator ini.")
            if expected_note:
                report.filled.append(f"{where}: prakiraan {tahun - 1} diambil dari targetnya (realisasi belum ada).")
            satuan = source.satuan
            indicators.append(Indikator(
                **{level: owner}, urutan=position, uraian=source.uraian, polaritas=source.polaritas,
                target_n_teks=target_n.teks if target_n else "", target_n=target_n.nilai if target_n else None,
                target_n_satuan=(target_n.satuan if target_n else "") or satuan,
                target_n1_teks=target_n1.teks if target_n1 else "",
                target_n1=target_n1.nilai if target_n1 else None,
                target_n1_satuan=(target_n1.satuan if target_n1 else "") or satuan,
                target_renstra_teks=source.kondisi_akhir_teks, target_renstra=source.kondisi_akhir,
                realisasi_n2_teks=_value_text(realised_n2, satuan), realisasi_n2=realised_n2,
                prakiraan_n1_teks=_value_text(expected, satuan), prakiraan_n1=expected,
            ))

    def plan_row(row, level, parent):
        nonlocal order
        order += 1
        fields = {"urutan": order, "kode": row.kode, "kode_asli": row.kode_asli or row.kode, "nama": row.nama,
                  "lokasi": row.lokasi,
                  "nomenklatur": linker.entry(row.kode, level, row.nama) if row.kode else None}
        if level == "program":
            node = Program(renja=renja, **fields)
        elif level == "kegiatan":
            node = Kegiatan(program=parent, **fields)
        else:
            # the amounts as the Renstra writes them: an unreadable one keeps its text for the checker to report
            (pagu_n, text_n), (pagu_n1, text_n1) = (matrix.pagu.get((row.pk, year), (None, ""))
                                                    for year in (tahun, tahun + 1))
            node = SubKegiatan(kegiatan=parent, pagu_n=pagu_n, pagu_n_teks=text_n, pagu_n1=pagu_n1,
                               pagu_n1_teks=text_n1, **fields)
            where = row.kode or row.kode_asli or row.nama[:60]
            if pagu_n is None and text_n:
                unfilled.append(f"{where}: pagu indikatif {tahun} di Renstra tidak terbaca ('{text_n}').")
            elif pagu_n is None:
                unfilled.append(f"{where}: Renstra tidak memberi pagu indikatif tahun {tahun}.")
            if pagu_n1 is None:
                reason = ("di luar periode Renstra" if not forecast_in_period
                          else "Renstra tidak memberinya")
                unfilled.append(f"{where}: pagu prakiraan maju {tahun + 1} kosong ({reason}).")
            found = earlier.sumber_dana.get(row.kode)
            if found:
                node.sumber_dana_ids = plan_sources.ids_text(found)  # as the links written below say
                sources.append((node, found))
            else:
                unfilled.append(f"{where}: sumber dana belum diisi (tidak ada pada Renja berlaku {tahun - 1}).")
        made[level].append(node)
        indicator_rows(row, node, level)
        return node

    for program_row in matrix.children.get(None, []):
        if program_row.tingkat != "program":
            continue
        kegiatan_rows = [k for k in matrix.children.get(program_row.pk, []) if k.tingkat == "kegiatan"]
        planned = {k.pk: [s for s in matrix.children.get(k.pk, [])
                          if s.tingkat == "sub_kegiatan" and matrix.planned_in(s, tahun)] for k in kegiatan_rows}
        skipped += sum(1 for k in kegiatan_rows for s in matrix.children.get(k.pk, [])
                       if s.tingkat == "sub_kegiatan" and not matrix.planned_in(s, tahun))
        if not any(planned.values()):
            continue
        program = plan_row(program_row, "program", None)
        for kegiatan_row in kegiatan_rows:
            if not planned[kegiatan_row.pk]:
                continue
            kegiatan = plan_row(kegiatan_row, "kegiatan", program)
            for sub_row in planned[kegiatan_row.pk]:
                plan_row(sub_row, "sub_kegiatan", kegiatan)

    linker.save_pending()
    reason = f"{REASON} {renstra.periode_mulai}–{renstra.periode_selesai}"
    for level in ("program", "kegiatan", "sub_kegiatan"):
        bulk_create_with_history(made[level], MODELS[level], default_user=user, default_change_reason=reason)
    bulk_create_with_history(indicators, Indikator, default_user=user, default_change_reason=reason)
    through = SubKegiatan.sumber_dana.through
    through.objects.bulk_create([through(subkegiatan_id=node.pk, sumberdana_id=source_id)
                                 for node, found in sources for source_id in found])
    report.counts = {"program": len(made["program"]), "kegiatan": len(made["kegiatan"]),
                     "sub_kegiatan": len(made["sub_kegiatan"]), "indikator": len(indicators)}
    if skipped:
        report.filled.append(f"{skipped} sub kegiatan Renstra tanpa pagu maupun target tahun {tahun} tidak "
                             "dimasukkan.")
    if sources:
        report.filled.append(f"Sumber dana {len(sources)} sub kegiatan diambil dari Renja berlaku {tahun - 1}.")


def _copy_narrative(report, previous):
    if previous is None:
        report.unfilled.append("Narasi BAB I–V kosong: PD belum memiliki Renja sebelumnya untuk disalin.")
        return
    sections = list(Narasi.objects.filter(renja=previous).order_by("urutan", "id"))
    Narasi.objects.bulk_create([Narasi(renja=report.renja, urutan=s.urutan, bab=s.bab, nomor=s.nomor, judul=s.judul,
                                       teks=s.teks) for s in sections])
    if sections:
        report.filled.append(f"Narasi BAB I–V disalin dari {previous} sebagai awal ({len(sections)} bagian): "
                             "perbarui tahun dan angkanya.")
    else:
        report.unfilled.append(f"Narasi BAB I–V kosong: {previous} tidak memiliki narasi.")


