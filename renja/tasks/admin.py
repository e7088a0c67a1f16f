"""Background work for inspection: what was produced or uploaded, by whom, and why it failed. Read-only: the
rows are written by the tasks alone."""

from django.contrib import admin

from renja import admin_base as base

from .models import PlanImport, ProducedDocument, ProducedRkpd


class ReadOnly(base.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProducedDocument)
class ProducedDocumentAdmin(ReadOnly):
    pd_path = "renja__perangkat_daerah"
    list_display = ["renja", "jenis", "format", "versi_data", "status", "kemajuan", "dibuat_pada", "selesai_pada"]
    list_filter = ["status", "jenis", "format"]


@admin.register(PlanImport)
class PlanImportAdmin(ReadOnly):
    pd_path = "perangkat_daerah"
    list_display = ["nama_berkas", "perangkat_daerah", "tahun", "tahap", "status", "diunggah_oleh", "dibuat_pada"]
    list_filter = ["status", "tahap"]
    search_fields = ["nama_berkas"]


@admin.register(ProducedRkpd)
class ProducedRkpdAdmin(ReadOnly):
    pd_path = "pemda__perangkat_daerah"
    list_display = ["pemda", "tahun", "tahap", "format", "status", "kemajuan", "dibuat_pada", "selesai_pada"]
    list_filter = ["status", "format"]
