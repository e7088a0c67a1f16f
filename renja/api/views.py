"""The REST API (/api/v1/): thin views over the same functions and the same scoping as the pages.

Every plan, PD and row is reached through renja/web/access.py and renja/organizations/scoping.py: what a token
may read is what its user sees in the app, and another PD's plan is a 404 whatever the method (the plan is
looked up in `initial`, before the method is checked)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from renja.exchange.export import dump_json, export_document, renstra_section
from renja.monitoring import stored as stored_progress
from renja.monitoring.entry import save_row_realisation
from renja.monitoring.models import RealisasiIndikator, RealisasiSubKegiatan
from renja.monitoring.progress import build_progress
from renja.organizations.models import Pemda, PerangkatDaerah
from renja.organizations.scoping import scope, visible_perangkat_daerah
from renja.plans.models import Indikator, Renja, Renstra, SubKegiatan
from renja.plans.summary import build_summary
from renja.plans.view import build_view
from renja.reference.models import NomenklaturVersi, Satuan, SumberDana, visible_to
from renja.rules import stored as stored_findings
from renja.web import access
from renja.web.views.realisation import quarter_rows
from renja.web.views.rows import INDICATOR_OWNER
from renja.web.views.workflow import STAGE_ORDER
from renja.workflow.diff import compare

from . import serializers as s
from .plain import plain

LEVELS = tuple(access.ROW_LEVELS)
QUARTER = OpenApiParameter("triwulan", int, OpenApiParameter.PATH, enum=[1, 2, 3, 4], description="Triwulan 1–4.")
LEVEL = OpenApiParameter("level", str, OpenApiParameter.PATH, enum=list(LEVELS),
                         description="Tingkat baris: program, kegiatan atau sub-kegiatan.")
OBJECT = OpenApiTypes.OBJECT


def _id(value):
    """A URL id this installation can hold, else 404 (a huge number overflows the database's integer)."""
    if not isinstance(value, int) or value < 1 or value > s.MAX_ID:
        raise Http404
    return value


def _filters(request, serializer_class):
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


class Pages(PageNumberPagination):
    page_query_param = "halaman"
    page_size_query_param = "ukuran"
    page_size = 50
    max_page_size = 500
    invalid_page_message = "Halaman tidak ada."
    page_query_description = "Nomor halaman (mulai 1)."
    page_size_query_description = "Jumlah hasil per halaman (bawaan 50, paling banyak 500)."

    def get_paginated_response(self, data):
        return Response({"jumlah": self.page.paginator.count, "berikutnya": self.get_next_link(),
                         "sebelumnya": self.get_previous_link(), "hasil": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {"type": "object", "required": ["jumlah", "hasil"],
                "properties": {"jumlah": {"type": "integer"}, "berikutnya": link, "sebelumnya": link,
                               "hasil": schema}}


# An endpoint about one plan: the plan is found (or 404) before anything else. The docstring is the operation's
# description in the schema and on /api/v1/docs/, so it speaks to the API's users.
class PlanView(APIView):
    """Renja dicari lebih dulu dalam lingkup Anda: Renja yang tidak dapat Anda lihat dijawab 404."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.renja = access.get_renja(request.user, _id(kwargs["renja_id"]))
        if "other_id" in kwargs:
            self.other = access.get_renja(request.user, _id(kwargs["other_id"]))
        if "triwulan" in kwargs:
            _quarter(kwargs["triwulan"])
        if "row_id" in kwargs:
            self.row = access.get_row(self.renja, kwargs["level"], _id(kwargs["row_id"]))


# --- organisations and plans ----------------------------------------------------------------------------------


@extend_schema(tags=["organisasi"], summary="Daftar Pemda yang dapat Anda lihat")
class PemdaList(generics.ListAPIView):
    serializer_class = s.PemdaSerializer
    pagination_class = Pages

    def get_queryset(self):
        pemda_ids = visible_perangkat_daerah(self.request.user).values("pemda_id")
        return Pemda.objects.filter(pk__in=pemda_ids).order_by("kode", "id")


@extend_schema(tags=["organisasi"], summary="Daftar Perangkat Daerah yang dapat Anda lihat",
               parameters=[s.PdFilter])
class PdList(generics.ListAPIView):
    serializer_class = s.PerangkatDaerahSerializer
    pagination_class = Pages

    def get_queryset(self):
        filters = _filters(self.request, s.PdFilter)
        queryset = scope(PerangkatDaerah.objects.select_related("pemda"), self.request.user, "self")
        if "pemda" in filters:
            queryset = queryset.filter(pemda_id=filters["pemda"])
        if "kode" in filters:
            queryset = queryset.filter(kode=filters["kode"])
        return queryset.order_by("pemda__kode", "kode", "id")


@extend_schema(tags=["organisasi"], summary="Satu Perangkat Daerah", responses=s.PerangkatDaerahSerializer)
class PdDetail(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.pd = access.get_pd(request.user, _id(kwargs["pd_id"]))  # before the method: 404 for every verb

    def get(self, request, pd_id):
        return Response(s.PerangkatDaerahSerializer(self.pd).data)


@extend_schema(tags=["rencana"], summary="Daftar Renstra", parameters=[s.RenstraFilter])
class RenstraList(generics.ListAPIView):
    serializer_class = s.RenstraSerializer
    pagination_class = Pages

    def get_queryset(self):
        filters = _filters(self.request, s.RenstraFilter)
        queryset = scope(Renstra.objects.select_related("perangkat_daerah"), self.request.user)
        if "pd" in filters:
            queryset = queryset.filter(perangkat_daerah_id=filters["pd"])
        return queryset.order_by("perangkat_daerah__kode", "-periode_mulai", "id")


@extend_schema(tags=["rencana"], summary="Satu Renstra: tujuan, sasaran, indikator dan matriks lima tahunan",
               responses=OBJECT)
class RenstraDetail(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        renstra = scope(Renstra.objects.select_related("perangkat_daerah"), request.user)
        self.renstra = renstra.filter(pk=_id(kwargs["renstra_id"])).first()  # before the method: 404 for every verb
        if self.renstra is None:
            raise Http404

    def get(self, request, renstra_id):
        # the Renstra as the exchange file carries it (`renja export --renstra`): one shape for both
        return Response({**s.RenstraSerializer(self.renstra).data, "isi": plain(renstra_section(self.renstra))})


@extend_schema(tags=["rencana"], summary="Daftar Renja", parameters=[s.RenjaFilter])
class RenjaList(generics.ListAPIView):
    serializer_class = s.RenjaSerializer
    pagination_class = Pages

    def get_queryset(self):
        filters = _filters(self.request, s.RenjaFilter)
        queryset = access.visible_renja(self.request.user).select_related("perangkat_daerah", "nomenklatur")
        for key, lookup in (("tahun", "tahun"), ("tahap", "tahap"), ("status", "status"),
                            ("pd", "perangkat_daerah_id"), ("kode", "perangkat_daerah__kode")):
            if key in filters:
                queryset = queryset.filter(**{lookup: filters[key]})
        return queryset.order_by("-tahun", "perangkat_daerah__kode", "tahap", "id")


@extend_schema(tags=["rencana"], summary="Satu Renja", responses=s.RenjaSerializer)
class RenjaDetail(PlanView):
    def get(self, request, renja_id):
        return Response(s.RenjaSerializer(self.renja).data)


# --- the plan's content -----------------------------------------------------------------------------------------


def _target(target):
    return {"teks": target.teks, "nilai": plain(target.nilai), "satuan": target.satuan}


def _node(node):
    data = {
        "id": node.id, "tingkat": node.level, "kode": node.kode or None, "kode_asli": node.kode_asli or None,
        "nama": node.nama,
        "indikator": [{"id": i.id, "uraian": i.uraian, "satuan": i.satuan, "polaritas": i.polaritas,
                       "target_n": _target(i.target_n), "target_n1": _target(i.target_n1)}
                      for i in node.indicators],
        "tertulis": {key: {"tabel": st.table, "teks": st.text, "nilai": plain(st.value)}
                     for key, st in node.stated.items()},
    }
    if node.level == "sub_kegiatan":
        data.update(lokasi=node.lokasi, sumber_dana=node.sumber_dana, pagu_n=node.pagu_n,
                    pagu_n_teks=node.pagu_n_teks, pagu_n1=node.pagu_n1, pagu_n1_teks=node.pagu_n1_teks,
                    pagu_sebelum=node.pagu_sebelum, catatan=node.catatan,
                    pagu_kolom={k: {"nilai": v[0], "teks": v[1]} for k, v in node.pagu_kolom.items()})
    else:
        data.update(total_n=node.total_n, total_n1=node.total_n1, anak=[_node(child) for child in node.children])
    return data


def plan_tree(renja):
    """The plan's program → kegiatan → sub kegiatan tree with indicators and stated values, from its read model
    (plans.view.build_view: a fixed number of queries whatever the plan's size)."""
    view = build_view(renja)
    return {
        "renja": renja.pk, "tahun": view.tahun, "tahap": view.tahap, "pd": {"kode": view.pd_kode,
                                                                           "nama": view.pd_nama},
        "total_n": view.total_n, "total_n1": view.total_n1, "program": [_node(p) for p in view.programs],
    }


@extend_schema(tags=["rencana"], summary="Pohon Renja: program, kegiatan, sub kegiatan, indikator",
               responses=OBJECT)
class Tree(PlanView):
    def get(self, request, renja_id):
        return Response(plan_tree(self.renja))


@extend_schema(tags=["rencana"], summary="Ringkasan per tingkat (dihitung dan tertulis)", responses=OBJECT)
class Summary(PlanView):
    def get(self, request, renja_id):
        return Response(build_summary(self.renja))


@extend_schema(tags=["rencana"], summary="Temuan pemeriksaan", parameters=[s.FindingsFilter], responses=OBJECT)
class Findings(PlanView):
    def get(self, request, renja_id):
        tingkat = _filters(request, s.FindingsFilter).get("tingkat")
        every = stored_findings.findings(self.renja)
        listed = [f.as_json() for f in every if tingkat is None or f.severity == tingkat]
        return Response({"renja": self.renja.pk, "jumlah": len(listed), "temuan": listed})


@extend_schema(tags=["rencana"], summary="Perbandingan dua tahap Renja", responses=OBJECT)
class Comparison(PlanView):
    def get(self, request, renja_id, other_id):
        old, new = sorted([self.renja, self.other],
                          key=lambda r: (r.tahun, STAGE_ORDER.get(r.tahap, 99), r.dibuat_pada, r.pk))
        result = compare(build_view(old), build_view(new))
        return Response({"lama": old.pk, "baru": new.pk, **plain(result),
                         "selisih_n": result.diff_n, "selisih_n1": result.diff_n1})


@extend_schema(tags=["rencana"], summary="Berkas pertukaran (sama dengan `renja export`)", responses=OBJECT)
class Exchange(PlanView):
    def get(self, request, renja_id):
        return HttpResponse(dump_json(export_document(self.renja)), content_type="application/json; charset=utf-8")


# --- realisation and monitoring ------------------------------------------------------------------------------------


def _progress(renja):
    return stored_progress.progress(renja) if renja.status == Renja.Status.DITETAPKAN else build_progress(renja)


def _quarter(triwulan):
    if triwulan not in (1, 2, 3, 4):
        raise Http404
    return triwulan


def _record(record):
    if record is None:
        return {"versi": 0, "rencana_keuangan": None, "keuangan": None, "keuangan_teks": "", "fisik": None,
                "fisik_teks": "", "faktor_pendorong": "", "faktor_penghambat": "", "tindak_lanjut": ""}
    return {"versi": record.versi, "rencana_keuangan": record.rencana_keuangan, "keuangan": record.keuangan,
            "keuangan_teks": record.keuangan_teks, "fisik": plain(record.fisik), "fisik_teks": record.fisik_teks,
            "faktor_pendorong": record.faktor_pendorong, "faktor_penghambat": record.faktor_penghambat,
            "tindak_lanjut": record.tindak_lanjut}


@extend_schema(tags=["pemantauan"], summary="Realisasi satu triwulan: setiap baris Renja", parameters=[QUARTER],
               responses=OBJECT)
class Quarter(PlanView):
    def get(self, request, renja_id, triwulan):
        triwulan = _quarter(triwulan)
        progress = _progress(self.renja)
        records = {r.sub_kegiatan_id: r for r in RealisasiSubKegiatan.objects.filter(
            sub_kegiatan__kegiatan__program__renja=self.renja, triwulan=triwulan)}
        indicators = {r["indikator_id"]: r for r in RealisasiIndikator.objects.filter(
            triwulan=triwulan, indikator__in=_plan_indicators(self.renja)).values("indikator_id", "teks", "versi")}
        rows = []
        for row in quarter_rows(progress, triwulan, records, {}):
            node = row.node
            item = {"tingkat": row.level, "id": node.id, "kode": node.kode, "nama": node.nama, "pagu": node.pagu,
                    "rencana": row.rencana, "realisasi": row.realisasi, "kumulatif": row.kumulatif,
                    "persen_keuangan": plain(row.persen), "fisik": plain(row.fisik),
                    "indikator": [{"id": i.id, "uraian": i.uraian, "target": i.target_teks,
                                   "teks": indicators.get(i.id, {}).get("teks", ""),
                                   "versi": indicators.get(i.id, {}).get("versi", 0)} for i in node.indicators]}
            if row.level == "sub-kegiatan":
                item["isian"] = _record(row.record)
            rows.append(item)
        return Response({"renja": self.renja.pk, "triwulan": triwulan,
                         "dapat_diubah": access.refusal(access.require_realisation_edit, request.user,
                                                        self.renja) is None,
                         "total": plain(progress.triwulan[triwulan - 1]), "baris": rows})


def _plan_indicators(renja):
    from django.db.models import Q

    return Indikator.objects.filter(Q(program__renja=renja) | Q(kegiatan__program__renja=renja)
                                    | Q(sub_kegiatan__kegiatan__program__renja=renja)).values("id")


def _row_data(renja, level, row, triwulan):
    indicators = list(Indikator.objects.filter(**{INDICATOR_OWNER[level]: row}).order_by("urutan", "id"))
    texts = {r.indikator_id: r for r in RealisasiIndikator.objects.filter(indikator__in=indicators,
                                                                          triwulan=triwulan)}
    data = {"renja": renja.pk, "tingkat": level, "id": row.pk, "kode": row.kode, "nama": row.nama,
            "triwulan": triwulan,
            "indikator": [{"id": i.pk, "uraian": i.uraian, "teks": texts[i.pk].teks if i.pk in texts else "",
                           "versi": texts[i.pk].versi if i.pk in texts else 0} for i in indicators]}
    if isinstance(row, SubKegiatan):
        data["pagu_n"] = row.pagu_n
        data["isian"] = _record(RealisasiSubKegiatan.objects.filter(sub_kegiatan=row, triwulan=triwulan).first())
    return data


@extend_schema(tags=["pemantauan"], parameters=[QUARTER, LEVEL])
class QuarterRow(PlanView):
    @extend_schema(summary="Realisasi satu baris dalam satu triwulan", responses=OBJECT,
                   operation_id="renja_realisasi_baris_retrieve")
    def get(self, request, renja_id, triwulan, level, row_id):
        triwulan = _quarter(triwulan)
        return Response(_row_data(self.renja, level, self.row, triwulan))

    @extend_schema(operation_id="renja_realisasi_baris_update", summary="Catat realisasi satu baris (operator PD; Renja Ditetapkan)",
                   request=s.RealisationWrite, responses=OBJECT,
                   description="Validasi, atomisitas, riwayat dan penguncian optimistis sama dengan formulir "
                               "aplikasi: kirim kembali `versi` yang Anda baca; versi yang sudah lewat: 409.")
    def put(self, request, renja_id, triwulan, level, row_id):
        triwulan = _quarter(triwulan)
        row = self.row
        access.require_realisation_edit(request.user, self.renja)
        body = s.RealisationWrite(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        values = {k: data[k] for k in s.RealisationWrite.VALUE_FIELDS if k in data}
        if values and not isinstance(row, SubKegiatan):
            raise s.serializers.ValidationError(
                {"keuangan": ["Realisasi keuangan dan fisik dicatat pada sub kegiatan, bukan pada "
                              f"{access.ROW_LEVELS[level][0]._meta.verbose_name}."]})
        if values and "versi" not in data:
            raise s.serializers.ValidationError(
                {"versi": ["Wajib diisi: versi realisasi triwulan ini yang Anda baca (0 bila belum ada)."]})
        save_row_realisation(row, triwulan, values or None, data.get("versi"),
                             [dict(i) for i in data.get("indikator", [])], user=request.user)
        return Response(_row_data(self.renja, level, row, triwulan))

    @extend_schema(exclude=True)
    def post(self, request, *args, **kwargs):
        return self.put(request, *args, **kwargs)


@extend_schema(tags=["pemantauan"], summary="Kemajuan Renja: realisasi per triwulan per baris", responses=OBJECT)
class Monitoring(PlanView):
    def get(self, request, renja_id):
        return Response(plain(_progress(self.renja)))


@extend_schema(tags=["pemantauan"], summary="Peringkat PD pada Pemda Anda", parameters=[s.RankingFilter],
               responses=OBJECT)
class Ranking(APIView):
    def get(self, request):
        from renja.web.views.monitoring import ranking_quarter, ranking_year

        filters = _filters(request, s.RankingFilter)
        profil = access.profil_of(request.user)
        if profil is None:
            raise PermissionDenied("Peringkat Perangkat Daerah hanya untuk pengguna yang memiliki peran pada Pemda.")
        tahun, years = ranking_year(profil.pemda, filters.get("tahun"))
        triwulan = filters.get("triwulan")
        ranking = stored_progress.ranking(profil.pemda, tahun, triwulan) if tahun else []
        shown = ranking_quarter(ranking, triwulan)
        visible = set(scope(PerangkatDaerah.objects.all(), request.user, "self").values_list("id", flat=True))
        rows = []
        for place, plan in enumerate(ranking, start=1):
            if plan.pd_id not in visible:
                continue  # the ranking is the Pemda's; a PD user sees their own line, with its place
            figures = plan.quarter(shown)
            has_data = figures is not None and figures.ada_data
            rows.append({"peringkat": place if has_data else None, "renja": plan.renja_id, "pd": plan.pd_id,
                         "pd_nama": plan.pd_nama, "pagu": plan.pagu, "triwulan": plain(figures) if has_data else None,
                         "peringatan": plain(plan.peringatan)})
        return Response({"pemda": profil.pemda_id, "tahun": tahun, "tahun_tersedia": years, "triwulan": shown,
                         "baris": rows})


# --- reference data ----------------------------------------------------------------------------------------------


class _Reference(generics.ListAPIView):
    pagination_class = Pages
    model = None

    def get_queryset(self):
        queryset = self.model.objects.all()
        if self.request.user.is_superuser:
            return queryset.order_by("id")
        profil = access.profil_of(self.request.user)
        return visible_to(queryset, profil.pemda if profil else None).order_by("id")


@extend_schema(tags=["referensi"], summary="Versi nomenklatur")
class NomenclatureVersions(_Reference):
    serializer_class = s.NomenklaturVersiSerializer
    model = NomenklaturVersi


@extend_schema(tags=["referensi"], summary="Sumber dana")
class FundingSources(_Reference):
    serializer_class = s.SumberDanaSerializer
    model = SumberDana


@extend_schema(tags=["referensi"], summary="Satuan")
class Units(_Reference):
    serializer_class = s.SatuanSerializer
    model = Satuan
