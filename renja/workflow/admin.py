"""The workflow's record, for inspection only: steps are taken in the app (transitions.perform), where the
rules and the lock apply, so the admin neither adds, changes nor deletes them."""

from django.contrib import admin

from renja import admin_base as base

from .models import CatatanJadwal, JadwalTahap, KomentarBaris, Transisi, TransisiRenstra


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KomentarBarisInline(ReadOnly, base.TabularInline):
    model = KomentarBaris
    fields = ["kode", "nama", "teks"]
    readonly_fields = fields


@admin.register(Transisi)
class TransisiAdmin(ReadOnly, base.ModelAdmin):
    pd_path = "renja__perangkat_daerah"
    list_display = ["renja", "dari", "ke", "oleh", "peran", "pada"]
    list_filter = ["ke", ("renja", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["renja__perangkat_daerah", "oleh"]
    search_fields = ["alasan"]
    readonly_fields = ["renja", "dari", "ke", "oleh", "peran", "pada", "alasan"]
    inlines = [KomentarBarisInline]


@admin.register(KomentarBaris)
class KomentarBarisAdmin(ReadOnly, base.ModelAdmin):
    pd_path = "transisi__renja__perangkat_daerah"
    list_display = ["kode", "nama", "teks", "transisi"]
    list_select_related = ["transisi__renja__perangkat_daerah"]
    search_fields = ["kode", "nama", "teks"]
    readonly_fields = ["transisi", "program", "kegiatan", "sub_kegiatan", "kode", "nama", "teks"]


class CatatanJadwalInline(ReadOnly, base.TabularInline):
    model = CatatanJadwal
    fields = ["aksi", "dibuka", "ditutup", "dibuka_sampai", "oleh", "peran", "pada", "alasan"]
    readonly_fields = fields


@admin.register(JadwalTahap)
class JadwalTahapAdmin(ReadOnly, base.ModelAdmin):
    """Set on Bappeda's schedule page (schedule.py keeps who, when and why); shown here for inspection."""

    pd_path = "pemda__perangkat_daerah"
    list_display = ["pemda", "tahun", "tahap", "dibuka", "ditutup", "dibuka_kembali", "dibuka_sampai"]
    list_filter = ["tahun", "tahap"]
    readonly_fields = ["pemda", "tahun", "tahap", "dibuka", "ditutup", "dibuka_kembali", "dibuka_sampai",
                       "diubah_oleh", "diubah_pada"]
    inlines = [CatatanJadwalInline]


@admin.register(CatatanJadwal)
class CatatanJadwalAdmin(ReadOnly, base.ModelAdmin):
    pd_path = "jadwal__pemda__perangkat_daerah"
    list_display = ["jadwal", "aksi", "oleh", "pada", "alasan"]
    list_select_related = ["jadwal__pemda", "oleh"]
    readonly_fields = ["jadwal", "aksi", "dibuka", "ditutup", "dibuka_sampai", "oleh", "peran", "pada", "alasan"]


@admin.register(TransisiRenstra)
class TransisiRenstraAdmin(ReadOnly, base.ModelAdmin):
    pd_path = "renstra__perangkat_daerah"
    list_display = ["renstra", "dari", "ke", "oleh", "peran", "pada"]
    list_filter = ["ke"]
    list_select_related = ["renstra__perangkat_daerah", "oleh"]
    search_fields = ["alasan"]
    readonly_fields = ["renstra", "dari", "ke", "oleh", "peran", "pada", "alasan"]
