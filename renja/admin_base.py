"""What every admin screen of Renja shares: document texts (TextField) shown as compact boxes, and rows
limited to what the user may see (`pd_path`: the way from the model to its Perangkat Daerah)."""

from django.contrib import admin
from django.db import models
from django.forms import Textarea

COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


class ModelAdmin(admin.ModelAdmin):
    formfield_overrides = COMPACT_TEXT
    pd_path = None  # None: reference data, the same for everyone

    def get_queryset(self, request):
        from renja.organizations.scoping import scope

        queryset = super().get_queryset(request)
        if self.pd_path is None:
            return queryset
        return scope(queryset, request.user, self.pd_path).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **_scoped_choices(self, db_field, request, kwargs))


class TabularInline(admin.TabularInline):
    formfield_overrides = COMPACT_TEXT
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **_scoped_choices(self, db_field, request, kwargs))


def _scoped_choices(model_admin, db_field, request, kwargs):
    """A choice of a related row (a PD, a plan, …) offers only the rows the user may see."""
    related_admin = model_admin.admin_site._registry.get(db_field.related_model)
    if isinstance(related_admin, ModelAdmin) and related_admin.pd_path is not None:
        kwargs["queryset"] = related_admin.get_queryset(request)
    return kwargs
