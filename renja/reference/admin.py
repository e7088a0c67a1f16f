from django.contrib import admin

from renja import admin_base as base

from .models import AkunBelanja, Nomenklatur, NomenklaturVersi, Satuan, SumberDana, visible_to


def _pemda_of(user):
    profil = getattr(user, "profil", None)
    return profil.pemda if profil is not None else None


class OwnedReferenceAdmin(base.ModelAdmin):
    """Reference data belongs to the nation or to one Pemda (`pemda`). A system administrator (superuser) changes
    everything; an Admin Pemda reads the nation's rows, and adds, changes and deletes their own Pemda's only. No
    one sees another Pemda's rows."""

    owner_path = "pemda"  # the way from the row to the Pemda that owns it

    def owner_id(self, obj):
        owner = obj
        for step in self.owner_path.split("__"):
            owner = getattr(owner, step, None) if owner is not None else None
        return owner.pk if owner is not None else None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        pemda = _pemda_of(request.user)
        if self.owner_path == "pemda":
            return visible_to(queryset, pemda)
        national = queryset.filter(**{f"{self.owner_path}__isnull": True})
        return national if pemda is None else national | queryset.filter(**{self.owner_path: pemda})

    def _owns(self, request, obj):
        if request.user.is_superuser or obj is None:
            return True
        pemda = _pemda_of(request.user)
        return pemda is not None and self.owner_id(obj) == pemda.pk

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._owns(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (request.user.is_superuser or _pemda_of(request.user))

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.owner_path == "pemda":
            excluded.append("pemda")  # set to their own Pemda on saving
        return excluded

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and self.owner_path == "pemda":
            obj.pemda = _pemda_of(request.user)
        super().save_model(request, obj, form, change)


@admin.register(NomenklaturVersi)
class NomenklaturVersiAdmin(OwnedReferenceAdmin):
    list_display = ["nama", "resmi", "pemda", "berkas", "dimuat_pada"]

    def get_readonly_fields(self, request, obj=None):
        # a Pemda's own version is never the official nomenclature
        return [*super().get_readonly_fields(request, obj), *([] if request.user.is_superuser else ["resmi"])]


@admin.register(Nomenklatur)
class NomenklaturAdmin(OwnedReferenceAdmin):
    owner_path = "versi__pemda"
    list_display = ["kode", "nama", "tingkat", "jenis_pemda", "satuan", "kode_sebelumnya", "dari_rencana", "versi"]
    list_filter = ["tingkat", "jenis_pemda", "dari_rencana", "spm"]
    search_fields = ["kode", "nama", "indikator", "kode_sebelumnya"]
    raw_id_fields = ["induk"]
    list_select_related = ["versi"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "versi" and not request.user.is_superuser:
            kwargs["queryset"] = NomenklaturVersi.objects.filter(pemda=_pemda_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SumberDana)
class SumberDanaAdmin(OwnedReferenceAdmin):
    list_display = ["kode", "nama", "pemda", "dari_rencana"]
    search_fields = ["kode", "nama"]


@admin.register(AkunBelanja)
class AkunBelanjaAdmin(OwnedReferenceAdmin):
    list_display = ["kode", "nama", "pemda", "dari_rencana"]
    search_fields = ["kode", "nama"]


@admin.register(Satuan)
class SatuanAdmin(OwnedReferenceAdmin):
    list_display = ["nama", "pemda"]
    search_fields = ["nama"]
