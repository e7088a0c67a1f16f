"""Admin screens to inspect every part of a plan. Totals are shown computed, never as fields to edit."""

from django.contrib import admin
from django.db.models import Sum

from renja import admin_base as base
from renja.core.numbers import format_rupiah

from .models import (
    DataVersion,
    Indikator,
    IndikatorKinerja,
    IndikatorPelayanan,
    Kegiatan,
    Narasi,
    PaguKolom,
    Pernyataan,
    PrioritasDaerah,
    Program,
    Renja,
    Renstra,
    ReviuRKPD,
    Sasaran,
    SasaranProgram,
    SubKegiatan,
    TargetKinerja,
    Tujuan,
    UsulanPemangku,
)


def _rupiah(value):
    return f"Rp {format_rupiah(value or 0)}"


class IndikatorInline(base.TabularInline):
    model = Indikator
    extra = 0
    fields = ["urutan", "uraian", "polaritas", "target_n_teks", "target_n", "target_n_satuan",
              "target_n1_teks", "target_n1", "target_n1_satuan", "target_sebelum_teks", "target_sebelum",
              "target_sebelum_satuan"]


class ProgramIndikatorInline(IndikatorInline):
    fk_name = "program"


class KegiatanIndikatorInline(IndikatorInline):
    fk_name = "kegiatan"


class SubKegiatanIndikatorInline(IndikatorInline):
    fk_name = "sub_kegiatan"


class ProgramInline(base.TabularInline):
    model = Program
    extra = 0
    fields = ["urutan", "kode", "kode_asli", "nama"]
    show_change_link = True


class KegiatanInline(base.TabularInline):
    model = Kegiatan
    extra = 0
    fields = ["urutan", "kode", "kode_asli", "nama"]
    show_change_link = True


class SubKegiatanInline(base.TabularInline):
    model = SubKegiatan
    extra = 0
    fields = ["urutan", "kode", "kode_asli", "nama", "pagu_n", "pagu_n_teks", "pagu_n1", "pagu_n1_teks",
              "pagu_sebelum", "pagu_sebelum_teks"]
    show_change_link = True


@admin.register(Renja)
class RenjaAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["__str__", "tahun", "tahap", "total_pagu_n", "total_pagu_n1"]
    list_filter = ["tahun", "tahap", ("perangkat_daerah__pemda", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = ["total_pagu_n", "total_pagu_n1", "dibuat_pada"]
    inlines = [ProgramInline]

    def _sum(self, obj, field):
        return SubKegiatan.objects.filter(kegiatan__program__renja=obj).aggregate(s=Sum(field))["s"]

    @admin.display(description="total pagu n (dihitung)")
    def total_pagu_n(self, obj):
        return _rupiah(self._sum(obj, "pagu_n"))

    @admin.display(description="total pagu n+1 (dihitung)")
    def total_pagu_n1(self, obj):
        return _rupiah(self._sum(obj, "pagu_n1"))


class PlanRowAdmin(base.ModelAdmin):
    list_display = ["kode", "kode_asli", "nama", "pagu_n_dihitung", "pagu_n1_dihitung"]
    search_fields = ["kode", "kode_asli", "nama"]
    readonly_fields = ["pagu_n_dihitung", "pagu_n1_dihitung"]
    raw_id_fields = ["nomenklatur"]
    sub_kegiatan_path = ""

    def _sum(self, obj, field):
        return SubKegiatan.objects.filter(**{self.sub_kegiatan_path: obj}).aggregate(s=Sum(field))["s"]

    @admin.display(description="pagu n (dihitung)")
    def pagu_n_dihitung(self, obj):
        return _rupiah(self._sum(obj, "pagu_n"))

    @admin.display(description="pagu n+1 (dihitung)")
    def pagu_n1_dihitung(self, obj):
        return _rupiah(self._sum(obj, "pagu_n1"))


@admin.register(Program)
class ProgramAdmin(PlanRowAdmin):
    pd_path = "renja__perangkat_daerah"
    list_filter = [("renja", admin.RelatedOnlyFieldListFilter)]
    inlines = [ProgramIndikatorInline, KegiatanInline]
    sub_kegiatan_path = "kegiatan__program"


@admin.register(Kegiatan)
class KegiatanAdmin(PlanRowAdmin):
    pd_path = "program__renja__perangkat_daerah"
    list_filter = [("program__renja", admin.RelatedOnlyFieldListFilter)]
    inlines = [KegiatanIndikatorInline, SubKegiatanInline]
    sub_kegiatan_path = "kegiatan"


class PaguKolomInline(base.TabularInline):
    model = PaguKolom
    extra = 0
    fields = ["kolom", "nilai", "teks"]


@admin.register(SubKegiatan)
class SubKegiatanAdmin(base.ModelAdmin):
    pd_path = "kegiatan__program__renja__perangkat_daerah"
    list_display = ["kode", "kode_asli", "nama", "pagu_n", "pagu_n1", "sumber_dana_teks"]
    list_filter = [("kegiatan__program__renja", admin.RelatedOnlyFieldListFilter), ("sumber_dana", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["kode", "kode_asli", "nama"]
    raw_id_fields = ["nomenklatur"]
    inlines = [SubKegiatanIndikatorInline, PaguKolomInline]


@admin.register(PaguKolom)
class PaguKolomAdmin(base.ModelAdmin):
    pd_path = "sub_kegiatan__kegiatan__program__renja__perangkat_daerah"
    list_display = ["sub_kegiatan", "kolom", "nilai", "teks"]
    list_filter = ["kolom", ("sub_kegiatan__kegiatan__program__renja", admin.RelatedOnlyFieldListFilter)]
    raw_id_fields = ["sub_kegiatan"]


@admin.register(Indikator)
class IndikatorAdmin(base.ModelAdmin):
    pd_path = ("program__renja__perangkat_daerah", "kegiatan__program__renja__perangkat_daerah",
               "sub_kegiatan__kegiatan__program__renja__perangkat_daerah")
    list_display = ["uraian", "target_n_teks", "target_n1_teks", "polaritas"]
    search_fields = ["uraian"]
    raw_id_fields = ["program", "kegiatan", "sub_kegiatan"]


@admin.register(Pernyataan)
class PernyataanAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["tabel", "kunci", "kode", "baris", "teks", "nilai"]
    list_filter = [("renja", admin.RelatedOnlyFieldListFilter), "tabel", "kunci"]
    search_fields = ["kode", "baris", "teks", "konteks"]


class TargetKinerjaInline(base.TabularInline):
    model = TargetKinerja
    extra = 0


@admin.register(Renstra)
class RenstraAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["__str__", "periode_mulai", "periode_selesai"]


@admin.register(Tujuan)
class TujuanAdmin(base.ModelAdmin):
    pd_path = "renstra__perangkat_daerah"
    list_display = ["nomor", "uraian", "renstra"]


@admin.register(Sasaran)
class SasaranAdmin(base.ModelAdmin):
    pd_path = "renstra__perangkat_daerah"
    list_display = ["nomor", "uraian", "tujuan", "renstra"]


@admin.register(IndikatorKinerja)
class IndikatorKinerjaAdmin(base.ModelAdmin):
    pd_path = "renstra__perangkat_daerah"
    list_display = ["jenis", "nomor", "uraian", "polaritas"]
    list_filter = ["jenis", ("renstra", admin.RelatedOnlyFieldListFilter)]
    inlines = [TargetKinerjaInline]


@admin.register(TargetKinerja)
class TargetKinerjaAdmin(base.ModelAdmin):
    pd_path = "indikator__renstra__perangkat_daerah"
    list_display = ["indikator", "tahun", "teks", "nilai", "satuan"]


@admin.register(PrioritasDaerah)
class PrioritasDaerahAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["nomor", "prioritas", "sasaran_pd", "renja"]


@admin.register(SasaranProgram)
class SasaranProgramAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["nomor", "sasaran", "program", "renja"]


@admin.register(ReviuRKPD)
class ReviuRKPDAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["nomor", "tingkat", "rancangan_nama", "rancangan_pagu", "kebutuhan_pagu"]
    list_filter = [("renja", admin.RelatedOnlyFieldListFilter), "tingkat"]


@admin.register(UsulanPemangku)
class UsulanPemangkuAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["nomor", "tingkat", "nama", "lokasi"]
    list_filter = [("renja", admin.RelatedOnlyFieldListFilter)]


@admin.register(IndikatorPelayanan)
class IndikatorPelayananAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["kelompok", "nomor", "uraian", "polaritas"]
    list_filter = [("renja", admin.RelatedOnlyFieldListFilter)]


@admin.register(Narasi)
class NarasiAdmin(base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["bab", "nomor", "judul", "renja"]
    list_filter = [("renja", admin.RelatedOnlyFieldListFilter), "bab"]
    search_fields = ["judul", "teks"]


@admin.register(DataVersion)
class DataVersionAdmin(base.ModelAdmin):
    """Kept by the application (renja/plans/versions.py): shown, never edited."""

    pd_path = "perangkat_daerah"
    list_display = ["perangkat_daerah", "tahun", "nomor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
