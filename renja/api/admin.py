from django.contrib import admin

from renja import admin_base as base

from .models import TokenApi


@admin.register(TokenApi)
class TokenApiAdmin(base.ModelAdmin):
    """Tokens are made by their users (the Token API page); the admin shows them, never their value (only a
    digest is stored). An Admin Pemda sees the tokens of their Pemda's users, the system administrator all."""

    list_display = ("awalan", "user", "nama", "dibuat_pada", "terakhir_dipakai", "dicabut_pada")
    list_filter = ("dicabut_pada",)
    search_fields = ("awalan", "user__username", "nama")
    readonly_fields = ("user", "awalan", "dibuat_pada", "terakhir_dipakai")
    fields = ("user", "nama", "awalan", "dibuat_pada", "terakhir_dipakai", "dicabut_pada")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return queryset
        from renja.web.access import profil_of

        profil = profil_of(request.user)
        return queryset.filter(user__profil__pemda=profil.pemda) if profil else queryset.none()

    def has_add_permission(self, request):
        return False
