from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Renja: Rencana Kerja Perangkat Daerah"
admin.site.site_title = "Renja"
admin.site.index_title = "Data Renja"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
]
