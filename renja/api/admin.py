from django.contrib import admin

from renja import admin_base as base

from .models import TokenApi


@admin.register(TokenApi)
class TokenApiAdmin(base.ModelAdmin):
    """Tokens are made by their users (Token API page); the system administrator sees and revokes them, never
    their value. Only a superuser: a token is a user's own key, whatever their Pemda."""

    list_display = ("awalan", "user", "nama", "dibuat_pada", "terakhir_dipakai", "dicabut_pada")
    list_filter = ("dicabut_pada",)
    search_fields = ("awalan", "user__username", "nama")
    readonly_fields = ("user", "awalan", "dibuat_pada", "terakhir_dipakai")
    fields = ("user", "nama", "awalan", "dibuat_pada", "terakhir_dipakai", "dicabut_pada")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False
