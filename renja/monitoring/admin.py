from django.contrib import admin

from .models import BarisRealisasi, BarisTC29, BelanjaAkun, Evaluasi, SkalaCapaian, TabelEvaluasi


class TabelEvaluasiInline(admin.TabularInline):
    model = TabelEvaluasi
    extra = 0
    fields = ["urutan", "kode", "judul"]
    show_change_link = True


class BarisRealisasiInline(admin.TabularInline):
    model = BarisRealisasi
    extra = 0
    fields = ["urutan", "nomor", "uraian", "alokasi", "alokasi_teks", "fisik_teks", "keuangan_teks", "realisasi_teks"]


class SkalaCapaianInline(admin.TabularInline):
    model = SkalaCapaian
    extra = 0


@admin.register(Evaluasi)
class EvaluasiAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tahun", "keterangan", "renja"]
    inlines = [TabelEvaluasiInline, SkalaCapaianInline]


@admin.register(TabelEvaluasi)
class TabelEvaluasiAdmin(admin.ModelAdmin):
    list_display = ["kode", "judul", "program", "evaluasi"]
    list_filter = ["evaluasi"]
    inlines = [BarisRealisasiInline]


@admin.register(BarisRealisasi)
class BarisRealisasiAdmin(admin.ModelAdmin):
    list_display = ["tabel", "nomor", "uraian", "alokasi", "fisik", "keuangan", "realisasi"]
    list_filter = ["tabel__evaluasi"]
    search_fields = ["uraian", "indikator"]


@admin.register(BelanjaAkun)
class BelanjaAkunAdmin(admin.ModelAdmin):
    list_display = ["tabel", "kode_rekening", "uraian", "anggaran", "anggaran_teks", "realisasi", "persen"]
    list_filter = ["evaluasi", "tabel"]


@admin.register(BarisTC29)
class BarisTC29Admin(admin.ModelAdmin):
    list_display = ["kode_asli", "uraian", "indikator"]
    list_filter = ["evaluasi"]
    search_fields = ["uraian", "indikator"]


@admin.register(SkalaCapaian)
class SkalaCapaianAdmin(admin.ModelAdmin):
    list_display = ["skala", "kategori", "evaluasi"]
