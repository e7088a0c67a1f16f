"""The demo PD's Renstra matrix, which the seed does not print: SYNTHETIC. The seed (Renja 2022 of DPMPPA Kota
Jambi) states its Renstra's period (2018–2023), tujuan, sasaran and IKU, but not the Renstra's matrix of
programs and funding. So that "Susun Renja 2023" can be shown on the demo, the matrix is made from the 2022
plan itself: its rows, their indicators, the 2022 targets and pagu as the year 2022 and the forecast n+1 as
2023, every program serving every sasaran. Nothing here is a figure of the real Renstra."""

from django.db import transaction

from renja.plans import versions
from renja.plans.models import Indikator, Kegiatan, Program, Renstra, SubKegiatan
from renja.renstra.models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra


@transaction.atomic
def add_demo_matrix(renja):
    """Give the demo plan's Renstra a matrix mirroring the plan (no-op when it has one); returns rows made. Bulk
    writes send no signals, so the Renstra's change is announced here: findings checked before the matrix was
    there ("Renstra PD ini belum memuat matriks") are stale once it is."""
    renstra = Renstra.objects.filter(perangkat_daerah=renja.perangkat_daerah, periode_mulai__lte=renja.tahun,
                                     periode_selesai__gte=renja.tahun).first()
    if renstra is None or BarisRenstra.objects.filter(renstra=renstra).exists():
        return 0
    n, n1 = renja.tahun, renja.tahun + 1
    sasaran = list(renstra.sasaran.all())
    made, pagu, indicators, targets = {}, [], [], []
    order = 0
    levels = ((Program, "program", {"renja": renja}, None), (Kegiatan, "kegiatan", {"program__renja": renja}, "program"),
              (SubKegiatan, "sub_kegiatan", {"kegiatan__program__renja": renja}, "kegiatan"))
    for model, level, where, parent in levels:
        batch = []
        for row in model.objects.filter(**where).order_by("urutan", "id"):
            order += 1
            baris = BarisRenstra(renstra=renstra, tingkat=level, urutan=order, kode=row.kode, kode_asli=row.kode_asli,
                                 nama=row.nama, lokasi=row.lokasi,
                                 induk=made[(parent, getattr(row, f"{parent}_id"))] if parent else None)
            made[(level, row.pk)] = baris
            batch.append(baris)
            if level == "sub_kegiatan":
                pagu += [PaguRenstra(baris=baris, tahun=n, pagu=row.pagu_n, pagu_teks=row.pagu_n_teks),
                         PaguRenstra(baris=baris, tahun=n1, pagu=row.pagu_n1, pagu_teks=row.pagu_n1_teks)]
        BarisRenstra.objects.bulk_create(batch)
    BarisRenstra.sasaran.through.objects.bulk_create([
        BarisRenstra.sasaran.through(barisrenstra_id=baris.pk, sasaran_id=s.pk)
        for (level, _), baris in made.items() if level == "program" for s in sasaran])
    PaguRenstra.objects.bulk_create(pagu)
    owners = Indikator.objects.filter(program__renja=renja) | Indikator.objects.filter(
        kegiatan__program__renja=renja) | Indikator.objects.filter(sub_kegiatan__kegiatan__program__renja=renja)
    for source in owners.order_by("urutan", "id"):
        level = "program" if source.program_id else "kegiatan" if source.kegiatan_id else "sub_kegiatan"
        baris = made[(level, getattr(source, f"{level}_id"))]
        indicator = IndikatorRenstra(baris=baris, urutan=source.urutan, uraian=source.uraian,
                                     satuan=source.target_n_satuan, polaritas=source.polaritas,
                                     kondisi_akhir_teks=source.target_n1_teks, kondisi_akhir=source.target_n1)
        indicators.append(indicator)
        for year, teks, nilai, satuan in ((n, source.target_n_teks, source.target_n, source.target_n_satuan),
                                          (n1, source.target_n1_teks, source.target_n1, source.target_n1_satuan)):
            if teks:
                targets.append(TargetRenstra(indikator=indicator, tahun=year, teks=teks, nilai=nilai, satuan=satuan))
    IndikatorRenstra.objects.bulk_create(indicators)
    for target in targets:
        target.indikator_id = target.indikator.pk
    TargetRenstra.objects.bulk_create(targets)
    versions.changed(renja.perangkat_daerah_id, None)
    return len(made)
