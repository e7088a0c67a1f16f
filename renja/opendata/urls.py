"""Open data of set plans, without login: /data/ and its downloads per plan and per Pemda-year."""

from django.urls import path

from . import views

app_name = "data"

urlpatterns = [
    path("", views.index, name="index"),
    path("renja/<int:renja_id>/<slug:tabel>.csv", views.renja_csv, name="renja_csv"),
    path("renja/<int:renja_id>/renja.json", views.renja_json, name="renja_json"),
    path("renja/<int:renja_id>/datapackage.json", views.renja_package, name="renja_paket"),
    path("renja/<int:renja_id>/paket.zip", views.renja_zip, name="renja_zip"),
    path("pemda/<int:pemda_id>/<int:tahun>/<slug:tabel>.csv", views.pemda_csv, name="pemda_csv"),
    path("pemda/<int:pemda_id>/<int:tahun>/renja.json", views.pemda_json, name="pemda_json"),
    path("pemda/<int:pemda_id>/<int:tahun>/datapackage.json", views.pemda_package, name="pemda_paket"),
    path("pemda/<int:pemda_id>/<int:tahun>/paket.zip", views.pemda_zip, name="pemda_zip"),
]
