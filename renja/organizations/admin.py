"""Organizations and accounts. An admin of a Pemda manages the accounts of their own Pemda here: a user and
their profile (role, Pemda, PD) on one page, never a user of another Pemda, never more rights than their own
(see `accounts.py`)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User

from renja import admin_base as base

from . import accounts
from .models import PaguPlafon, Pemda, PerangkatDaerah, Profil, Unit
from .scoping import visible_perangkat_daerah


class UnitInline(base.TabularInline):
    model = Unit
    extra = 0


class PaguPlafonInline(base.TabularInline):
    model = PaguPlafon
    extra = 0


@admin.register(Pemda)
class PemdaAdmin(base.ModelAdmin):
    pd_path = "perangkat_daerah"
    list_display = ["kode", "nama", "jenis", "data_terbuka"]
    list_filter = ["data_terbuka"]
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
    list_display = ["perangkat_daerah", "tahun", "tahap", "pagu", "pagu_teks", "sumber"]
    list_filter = ["tahun", "tahap"]


class ProfilForm(forms.ModelForm):
    """A profile checked against who saves it (`manager`, set per request by `profil_form`), not only against
    the choices the page offered: a forged POST meets the same rule."""

    manager = None

    class Meta:
        model = Profil
        fields = ["user", "pemda", "perangkat_daerah", "peran"]

    def clean(self):
        cleaned = super().clean()
        errors = accounts.profil_errors(self.manager, cleaned.get("pemda"), cleaned.get("perangkat_daerah"),
                                        cleaned.get("peran"))
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


def profil_form(request):
    return type("ProfilForm", (ProfilForm,), {"manager": request.user})


def scoped_profil_choice(db_field, request, kwargs):
    """The Pemda, PD and user a profile may point to: those of the manager's own Pemda (or PD)."""
    if db_field.name == "pemda":
        kwargs["queryset"] = accounts.visible_pemda(request.user)
        if not request.user.is_superuser:
            kwargs["initial"] = kwargs["queryset"].values_list("pk", flat=True).first()
    elif db_field.name == "perangkat_daerah":
        kwargs["queryset"] = visible_perangkat_daerah(request.user).select_related("pemda")
    elif db_field.name == "user":
        kwargs["queryset"] = accounts.visible_users(request.user)
    return kwargs


@admin.register(Profil)
class ProfilAdmin(base.ModelAdmin):
    # Not a `pd_path`: a Bappeda or admin profile has no PD, and "pemda__perangkat_daerah" showed an operator
    # every account of the Pemda. `accounts.visible_profiles` says who sees which profile.
    pd_path = None
    form = ProfilForm
    list_display = ["user", "peran", "pemda", "perangkat_daerah"]
    list_filter = ["peran", ("pemda", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "pemda", "perangkat_daerah"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=accounts.visible_profiles(request.user))

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, **{**kwargs, "form": profil_form(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Past base.ModelAdmin: its PD-based choice of Pemda misses a Pemda that has no PD yet.
        kwargs = scoped_profil_choice(db_field, request, kwargs)
        return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or accounts.may_manage(request.user, obj.user))

    def has_delete_permission(self, request, obj=None):
        # Without a profile an account falls out of every Pemda; only the installation's admin removes one.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ProfilInline(admin.StackedInline):
    """The user's profile on the user's page, so that an account and its role are made in one go. Anyone
    but a superuser must give one: an account without a profile would vanish from its maker's sight."""

    model = Profil
    form = ProfilForm
    fields = ["pemda", "perangkat_daerah", "peran"]
    max_num = 1
    verbose_name = "profil (peran di Renja)"
    verbose_name_plural = "profil (peran di Renja)"

    def get_min_num(self, request, obj=None, **kwargs):
        return 0 if request.user.is_superuser else 1

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if request.user.is_superuser else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.update(form=profil_form(request), validate_min=not request.user.is_superuser)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **scoped_profil_choice(db_field, request, kwargs))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or accounts.may_manage(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or accounts.may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def profil_of(user):
    try:
        return user.profil
    except Profil.DoesNotExist:
        return None


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, limited to the users of the manager's own Pemda (`accounts.visible_users`).
    Superuser status and single permissions are for superusers only; groups (the roles) may be given as far as
    the manager holds their permissions."""

    inlines = [ProfilInline]
    list_display = ["username", "first_name", "last_name", "peran", "pemda", "is_staff", "is_active"]
    list_filter = ["is_active", "is_staff", "profil__peran", "groups"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("profil__pemda", "profil__perangkat_daerah")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=accounts.visible_users(request.user))

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return [*self.list_filter, "is_superuser", "profil__pemda"]
        return self.list_filter

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Fields not on the form are not saved from a POST either: a forged is_superuser=on does nothing.
        hidden = {"is_superuser", "user_permissions"}
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
                for name, options in fieldsets]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = accounts.grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or accounts.may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or accounts.may_manage(request.user, obj))

    @admin.display(description="peran", ordering="profil__peran")
    def peran(self, user):
        profil = profil_of(user)
        return profil.get_peran_display() if profil else "—"

    @admin.display(description="Pemda", ordering="profil__pemda__nama")
    def pemda(self, user):
        profil = profil_of(user)
        return profil.pemda if profil else "—"


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    """Groups are the roles, shared by every Pemda: an admin of one Pemda sees them but changing one would
    change the rights of every other Pemda's users, so only a superuser adds, changes or deletes them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
