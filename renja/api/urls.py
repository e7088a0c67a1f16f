"""/api/v1/: the REST API (namespace `api`). The schema and its docs page need no sign-in; every other
endpoint answers what the caller's user sees (renja/api/views.py)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import pages, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("pemda/", views.PemdaList.as_view(), name="pemda"),
    path("pd/", views.PdList.as_view(), name="pd"),
    path("pd/<int:pd_id>/", views.PdDetail.as_view(), name="pd_detail"),
    path("renstra/", views.RenstraList.as_view(), name="renstra"),
    path("renstra/<int:renstra_id>/", views.RenstraDetail.as_view(), name="renstra_detail"),
    path("renja/", views.RenjaList.as_view(), name="renja"),
    path("renja/<int:renja_id>/", views.RenjaDetail.as_view(), name="renja_detail"),
    path("renja/<int:renja_id>/pohon/", views.Tree.as_view(), name="pohon"),
    path("renja/<int:renja_id>/ringkasan/", views.Summary.as_view(), name="ringkasan"),
    path("renja/<int:renja_id>/temuan/", views.Findings.as_view(), name="temuan"),
    path("renja/<int:renja_id>/banding/<int:other_id>/", views.Comparison.as_view(), name="banding"),
    path("renja/<int:renja_id>/exchange", views.Exchange.as_view(), name="exchange"),
    path("renja/<int:renja_id>/pemantauan/", views.Monitoring.as_view(), name="pemantauan"),
    path("renja/<int:renja_id>/realisasi/<int:triwulan>/", views.Quarter.as_view(), name="realisasi"),
    path("renja/<int:renja_id>/realisasi/<int:triwulan>/<str:level>/<int:row_id>/", views.QuarterRow.as_view(),
         name="realisasi_baris"),
    path("peringkat/", views.Ranking.as_view(), name="peringkat"),
    path("referensi/nomenklatur/", views.NomenclatureVersions.as_view(), name="nomenklatur"),
    path("referensi/sumber-dana/", views.FundingSources.as_view(), name="sumber_dana"),
    path("referensi/satuan/", views.Units.as_view(), name="satuan"),
]
