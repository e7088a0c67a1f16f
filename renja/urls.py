from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Renja: Rencana Kerja Perangkat Daerah"
admin.site.site_title = "Renja"
admin.site.index_title = "Data Renja"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("renja.api.urls")),
    path("data/", include("renja.opendata.urls")),  # open data of set plans, no login
    path("", include("renja.web.urls")),
]

handler500 = "renja.web.views.errors.server_error"
handler404 = "renja.web.views.errors.not_found"
