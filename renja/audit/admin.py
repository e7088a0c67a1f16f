from django.contrib import admin

from renja import admin_base as base

from .models import Peristiwa


@admin.register(Peristiwa)
class PeristiwaAdmin(base.ModelAdmin):
    """Read only, for everyone: the log is evidence. An Admin Pemda sees their own Pemda's events."""

    list_display = ["waktu", "jenis", "nama_pengguna", "pemda", "perangkat_daerah", "uraian", "alamat_ip"]
    list_filter = ["jenis"]
    search_fields = ["nama_pengguna", "uraian"]
    list_select_related = ["pemda", "perangkat_daerah"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        profil = getattr(request.user, "profil", None)
        return queryset.filter(pemda_id=profil.pemda_id) if profil is not None else queryset.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
