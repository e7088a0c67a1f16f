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
    list_display = ["kode", "nama", "jenis"]
    search_fields = ["kode", "nama"]


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(base.ModelAdmin):
    list_display = ["kode", "singkatan", "nama", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["kode", "nama", "singkatan"]
    inlines = [UnitInline, PaguPlafonInline]


@admin.register(Unit)
class UnitAdmin(base.ModelAdmin):
    list_display = ["nama", "singkatan", "perangkat_daerah"]
    list_filter = ["perangkat_daerah"]


@admin.register(PaguPlafon)
class PaguPlafonAdmin(base.ModelAdmin):
    list_display = ["perangkat_daerah", "tahun", "pagu", "pagu_teks", "sumber"]
    list_filter = ["tahun"]


@admin.register(Profil)
class ProfilAdmin(base.ModelAdmin):
    list_display = ["user", "peran", "pemda", "perangkat_daerah"]
    list_filter = ["peran", "pemda"]
