"""Every screen of the app. Each view gets its plan through `access.get_renja` (scoped to the user)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import dashboard, documents, findings, history, home, plan, rows, workflow

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pd/<int:pd_id>/", dashboard.dashboard, name="dashboard"),
    # the plan
    path("renja/<int:renja_id>/", plan.tree, name="renja"),
    path("renja/<int:renja_id>/tambah/", rows.add_sub_kegiatan, name="tambah_sub"),
    path("renja/<int:renja_id>/baris/<str:level>/<int:row_id>/", rows.edit_row, name="baris"),
    path("renja/<int:renja_id>/baris/<str:level>/<int:row_id>/hapus/", rows.delete_row, name="hapus_baris"),
    path("renja/<int:renja_id>/temuan/", findings.findings, name="temuan"),
    path("renja/<int:renja_id>/unduh/<str:fmt>/", documents.download, name="unduh"),
    # workflow and history
    path("renja/<int:renja_id>/alur/<str:action>/", workflow.act, name="alur"),
    path("renja/<int:renja_id>/banding/<int:other_id>/", workflow.compare, name="banding"),
    path("renja/<int:renja_id>/riwayat/", history.plan_history, name="riwayat"),
    path("renja/<int:renja_id>/baris/<str:level>/<int:row_id>/riwayat/", history.row_history,
         name="riwayat_baris"),
]
