from django.contrib import admin

from renja import admin_base as base

from .models import PaguPlafon, Pemda, PerangkatDaerah, Profil, Unit


class UnitInline(base.TabularInline):
    model = Unit
    extra = 0


class PaguPlafonInline(base.TabularInline):
    model = PaguPlafon
    extra = 0


@admin.register(Pemda)
class PemdaAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["kode", "nama", "jenis"]
    search_fields = ["kode", "nama"]


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(base.ModelAdmin):
    pd_path = "self"
    list_display = ["kode", "singkatan", "nama", "pemda"]
    list_filter = [("pemda", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["kode", "nama", "singkatan"]
    inlines = [UnitInline, PaguPlafonInline]


@admin.register(Unit)
class UnitAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["nama", "singkatan", "perangkat_daerah"]
    list_filter = [("perangkat_daerah", admin.RelatedOnlyFieldListFilter)]


@admin.register(PaguPlafon)
class PaguPlafonAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["perangkat_daerah", "tahun", "pagu", "pagu_teks", "sumber"]
    list_filter = ["tahun"]


@admin.register(Profil)
class ProfilAdmin(base.ModelAdmin):
    pd_path = "pemda__perangkat_daerah"
    list_display = ["user", "peran", "pemda", "perangkat_daerah"]
    list_filter = ["peran", ("pemda", admin.RelatedOnlyFieldListFilter)]
