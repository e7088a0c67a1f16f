from django.contrib import admin

from renja import admin_base as base

from .models import BarisRenstra, IndikatorRenstra, PaguRenstra, TargetRenstra


class PaguInline(base.TabularInline):
    model = PaguRenstra
    fields = ["tahun", "pagu", "pagu_teks"]


class IndikatorInline(base.TabularInline):
    model = IndikatorRenstra
    fields = ["urutan", "uraian", "satuan", "polaritas", "kondisi_awal_teks", "kondisi_akhir_teks"]
    show_change_link = True


class TargetInline(base.TabularInline):
    model = TargetRenstra
    fields = ["tahun", "teks", "nilai", "satuan"]


@admin.register(BarisRenstra)
class BarisRenstraAdmin(base.ModelAdmin):
    pd_path = "renstra__perangkat_daerah"
    list_display = ["kode", "nama", "tingkat", "renstra"]
    list_filter = ["tingkat"]
    search_fields = ["kode", "nama"]
    inlines = [IndikatorInline, PaguInline]
    raw_id_fields = ["induk"]
    filter_horizontal = ["sasaran"]


@admin.register(IndikatorRenstra)
class IndikatorRenstraAdmin(base.ModelAdmin):
    pd_path = "baris__renstra__perangkat_daerah"
    list_display = ["uraian", "satuan", "baris"]
    search_fields = ["uraian"]
    inlines = [TargetInline]
    raw_id_fields = ["baris"]


@admin.register(PaguRenstra)
class PaguRenstraAdmin(base.ModelAdmin):
    pd_path = "baris__renstra__perangkat_daerah"
    list_display = ["baris", "tahun", "pagu"]
    raw_id_fields = ["baris"]


@admin.register(TargetRenstra)
class TargetRenstraAdmin(base.ModelAdmin):
    pd_path = "indikator__baris__renstra__perangkat_daerah"
    list_display = ["indikator", "tahun", "teks"]
    raw_id_fields = ["indikator"]
