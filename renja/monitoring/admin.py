from django.contrib import admin

from renja import admin_base as base

from .models import BarisRealisasi, BarisTC29, BelanjaAkun, Evaluasi, SkalaCapaian, TabelEvaluasi


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
