"""Every screen of the app. Each view gets its plan through `access.get_renja` (scoped to the user)."""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import path

from renja.api import pages as api_pages

from .views import (
    audit,
    cycle,
    dashboard,
    data_export,
    documents,
    findings,
    history,
    home,
    monitoring,
    plan,
    plan_import,
    plan_start,
    province,
    realisation,
    realisation_upload,
    renstra,
    rows,
    workflow,
)

app_name = "web"

# The login's writes (axes, last_login, the session) are short and each its own; holding one write lock while
# the password is hashed would make a morning's logins queue one by one.
login_view = transaction.non_atomic_requests(
    auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True)
)

urlpatterns = [
    path("", home.home, name="home"),
    path("masuk/", login_view, name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pd/<int:pd_id>/", dashboard.dashboard, name="dashboard"),
    path("pd/<int:pd_id>/unggah-renja/", plan_import.upload, name="unggah_renja"),
    path("pd/<int:pd_id>/susun-renja/", plan_start.start, name="susun_renja"),
    path("pd/<int:pd_id>/renstra/", renstra.matrix, name="renstra"),
    path("pd/<int:pd_id>/renstra/baris/<int:baris_id>/", renstra.edit_row, name="renstra_baris"),
    path("pd/<int:pd_id>/renstra/alur/<str:action>/", renstra.act, name="renstra_alur"),
    path("pd/<int:pd_id>/renstra/unduh/<str:fmt>/", renstra.download, name="renstra_unduh"),
    path("unggahan/<int:import_id>/", plan_import.progress, name="unggahan"),
    path("unggahan/<int:import_id>/status/", plan_import.status, name="unggahan_status"),
    # the plan
    path("renja/<int:renja_id>/", plan.tree, name="renja"),
    path("renja/<int:renja_id>/tambah/", rows.add_sub_kegiatan, name="tambah_sub"),
    path("renja/<int:renja_id>/baris/<str:level>/<int:row_id>/", rows.edit_row, name="baris"),
    path("renja/<int:renja_id>/baris/<str:level>/<int:row_id>/hapus/", rows.delete_row, name="hapus_baris"),
    path("renja/<int:renja_id>/temuan/", findings.findings, name="temuan"),
    path("renja/<int:renja_id>/unduh/<str:fmt>/", documents.download, name="unduh"),
    path("renja/<int:renja_id>/data/<str:fmt>/", data_export.download, name="unduh_data"),
    path("renja/<int:renja_id>/unduh/<str:fmt>/status/", documents.download_status, name="unduh_status"),
    path("renja/<int:renja_id>/evaluasi-hasil/<str:fmt>/", documents.download_evaluation, name="unduh_evaluasi"),
    path("renja/<int:renja_id>/evaluasi-hasil/<str:fmt>/status/", documents.download_evaluation_status,
         name="unduh_evaluasi_status"),
    # workflow and history
    path("renja/<int:renja_id>/alur/<str:action>/", workflow.act, name="alur"),
    path("renja/<int:renja_id>/banding/<int:other_id>/", workflow.compare, name="banding"),
    path("renja/<int:renja_id>/riwayat/", history.plan_history, name="riwayat"),
    path("renja/<int:renja_id>/baris/<str:level>/<int:row_id>/riwayat/", history.row_history,
         name="riwayat_baris"),
    # monitoring and evaluation
    path("renja/<int:renja_id>/pemantauan/", monitoring.plan_monitoring, name="pemantauan"),
    path("renja/<int:renja_id>/evaluasi/<int:tahun>/", monitoring.evaluation, name="evaluasi"),
    path("peringkat/", monitoring.city, name="peringkat"),
    # the province / Pemda dashboard (Bappeda, Admin Pemda, Pemantau Provinsi): ?pemda=<kode>&tahun=&per=
    path("ringkasan/", province.rollups, name="ringkasan"),
    # the user's personal API tokens (renja/api)
    path("akun/token-api/", api_pages.tokens, name="token_api"),
    # realisation by spreadsheet
    path("renja/<int:renja_id>/realisasi/templat/", realisation_upload.template, name="realisasi_templat"),
    path("renja/<int:renja_id>/realisasi/unggah/", realisation_upload.upload, name="realisasi_unggah"),
    # realisation entry (a plan in force)
    path("renja/<int:renja_id>/realisasi/<int:triwulan>/", realisation.quarter, name="realisasi"),
    path("renja/<int:renja_id>/realisasi/<int:triwulan>/<str:level>/<int:row_id>/", realisation.edit_row,
         name="realisasi_baris"),
    path("renja/<int:renja_id>/belanja/<str:level>/<int:row_id>/", realisation.spending, name="belanja"),
    # Bappeda's side of the planning cycle (Verifikator Bappeda, Admin Pemda)
    path("pemda/<int:pemda_id>/siklus/", cycle.cycle, name="siklus"),
    path("pemda/<int:pemda_id>/log/", audit.log, name="log_aktivitas"),
    path("pemda/<int:pemda_id>/papan/<int:tahun>/", cycle.board, name="papan"),
    path("pemda/<int:pemda_id>/jadwal/<int:tahun>/", cycle.jadwal, name="jadwal"),
    path("pemda/<int:pemda_id>/plafon/<int:tahun>/<str:tahap>/", cycle.plafon, name="plafon"),
    path("pemda/<int:pemda_id>/plafon/<int:tahun>/<str:tahap>/unggah/", cycle.plafon_unggah, name="plafon_unggah"),
    path("pemda/<int:pemda_id>/rkpd/<int:tahun>/", cycle.rkpd, name="rkpd"),
    path("pemda/<int:pemda_id>/rkpd/<int:tahun>/<str:fmt>/", cycle.rkpd_download, name="unduh_rkpd"),
    path("pemda/<int:pemda_id>/rkpd/<int:tahun>/<str:fmt>/status/", cycle.rkpd_status, name="rkpd_status"),
]
