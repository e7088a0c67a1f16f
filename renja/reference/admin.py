from django.contrib import admin

from renja import admin_base as base

from .models import AkunBelanja, Nomenklatur, NomenklaturVersi, Satuan, SumberDana


@admin.register(NomenklaturVersi)
class NomenklaturVersiAdmin(base.ModelAdmin):
    list_display = ["nama", "resmi", "berkas", "dimuat_pada"]


@admin.register(Nomenklatur)
class NomenklaturAdmin(base.ModelAdmin):
    list_display = ["kode", "nama", "tingkat", "jenis_pemda", "satuan", "kode_sebelumnya", "dari_rencana", "versi"]
    list_filter = ["versi", "tingkat", "jenis_pemda", "dari_rencana", "spm"]
    search_fields = ["kode", "nama", "indikator", "kode_sebelumnya"]
    raw_id_fields = ["induk"]
    list_select_related = ["versi"]


@admin.register(SumberDana)
class SumberDanaAdmin(base.ModelAdmin):
    list_display = ["kode", "nama", "dari_rencana"]
    search_fields = ["kode", "nama"]


@admin.register(AkunBelanja)
class AkunBelanjaAdmin(base.ModelAdmin):
    list_display = ["kode", "nama", "dari_rencana"]
    search_fields = ["kode", "nama"]


@admin.register(Satuan)
class SatuanAdmin(base.ModelAdmin):
    search_fields = ["nama"]
