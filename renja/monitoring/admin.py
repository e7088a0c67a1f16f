from django.contrib import admin

from renja import admin_base as base

from .models import (
    BarisRealisasi,
    BarisTC29,
    BelanjaAkun,
    BelanjaSubKegiatan,
    Evaluasi,
    PengaturanMonitoring,
    RealisasiIndikator,
    RealisasiSubKegiatan,
    SkalaCapaian,
    SkalaPemda,
    StoredProgress,
    TabelEvaluasi,
)


class TabelEvaluasiInline(base.TabularInline):
    model = TabelEvaluasi
    extra = 0
    fields = ["urutan", "kode", "judul"]
    show_change_link = True


class BarisRealisasiInline(base.TabularInline):
    model = BarisRealisasi
    extra = 0
    fields = ["urutan", "nomor", "uraian", "alokasi", "alokasi_teks", "fisik_teks", "keuangan_teks", "realisasi_teks"]


class SkalaCapaianInline(base.TabularInline):
    model = SkalaCapaian
    extra = 0


@admin.register(Evaluasi)
class EvaluasiAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["__str__", "tahun", "keterangan", "renja"]
    inlines = [TabelEvaluasiInline, SkalaCapaianInline]


@admin.register(TabelEvaluasi)
class TabelEvaluasiAdmin(base.ModelAdmin):
    pd_path = "evaluasi__perangkat_daerah"
    list_display = ["kode", "judul", "program", "evaluasi"]
    list_filter = [("evaluasi", admin.RelatedOnlyFieldListFilter)]
    inlines = [BarisRealisasiInline]


@admin.register(BarisRealisasi)
class BarisRealisasiAdmin(base.ModelAdmin):
    pd_path = "tabel__evaluasi__perangkat_daerah"
    list_display = ["tabel", "nomor", "uraian", "alokasi", "fisik", "keuangan", "realisasi"]
    list_filter = [("tabel__evaluasi", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["uraian", "indikator"]


@admin.register(BelanjaAkun)
class BelanjaAkunAdmin(base.ModelAdmin):
    pd_path = "evaluasi__perangkat_daerah"
    list_display = ["tabel", "kode_rekening", "uraian", "anggaran", "anggaran_teks", "realisasi", "persen"]
    list_filter = [("evaluasi", admin.RelatedOnlyFieldListFilter), "tabel"]


@admin.register(BarisTC29)
class BarisTC29Admin(base.ModelAdmin):
    pd_path = "evaluasi__perangkat_daerah"
    list_display = ["kode_asli", "uraian", "indikator"]
    list_filter = [("evaluasi", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["uraian", "indikator"]


@admin.register(SkalaCapaian)
class SkalaCapaianAdmin(base.ModelAdmin):
    pd_path = "evaluasi__perangkat_daerah"
    list_display = ["skala", "kategori", "evaluasi"]


# --- realisation of the plan's year (entered in the app or uploaded) -------------------------------------------


@admin.register(RealisasiSubKegiatan)
class RealisasiSubKegiatanAdmin(base.ModelAdmin):
    pd_path = "sub_kegiatan__kegiatan__program__renja__perangkat_daerah"
    list_display = ["sub_kegiatan", "triwulan", "keuangan", "fisik"]
    list_filter = ["triwulan"]


@admin.register(RealisasiIndikator)
class RealisasiIndikatorAdmin(base.ModelAdmin):
    pd_path = ("indikator__program__renja__perangkat_daerah", "indikator__kegiatan__program__renja__perangkat_daerah",
               "indikator__sub_kegiatan__kegiatan__program__renja__perangkat_daerah")
    list_display = ["indikator", "triwulan", "teks", "nilai"]
    list_filter = ["triwulan"]


@admin.register(BelanjaSubKegiatan)
class BelanjaSubKegiatanAdmin(base.ModelAdmin):
    pd_path = "sub_kegiatan__kegiatan__program__renja__perangkat_daerah"
    list_display = ["sub_kegiatan", "kode_rekening", "uraian", "anggaran", "realisasi_tw1", "realisasi_tw2",
                    "realisasi_tw3", "realisasi_tw4"]


@admin.register(PengaturanMonitoring)
class PengaturanMonitoringAdmin(base.ModelAdmin):
    pd_path = "pemda__perangkat_daerah"
    list_display = ["pemda", "rencana_tw1", "rencana_tw2", "rencana_tw3", "rencana_tw4", "toleransi",
                    "toleransi_renstra"]


@admin.register(SkalaPemda)
class SkalaPemdaAdmin(base.ModelAdmin):
    pd_path = "pemda__perangkat_daerah"
    list_display = ["pemda", "urutan", "skala", "kategori"]


@admin.register(StoredProgress)
class StoredProgressAdmin(base.ModelAdmin):
    """Computed results, kept for the pages (renja/monitoring/stored.py): shown, never edited."""

    pd_path = "renja__perangkat_daerah"
    list_display = ["renja", "versi_data", "dihitung_pada", "lama_ms"]
    fields = ["renja", "versi_data", "versi_kode", "dihitung_pada", "lama_ms"]  # the JSON itself is long
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
