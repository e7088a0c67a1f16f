"""What every admin screen of Renja shares: document texts (TextField) shown as compact boxes."""

from django.contrib import admin
from django.db import models
from django.forms import Textarea

COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 60})}}


class ModelAdmin(admin.ModelAdmin):
    formfield_overrides = COMPACT_TEXT


class TabularInline(admin.TabularInline):
    formfield_overrides = COMPACT_TEXT
    extra = 0
