"""What is recorded without the code that does it knowing: logins and failed logins (Django's auth signals),
every workflow step (a Transisi row), and account changes made in the admin (its LogEntry rows)."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from renja.workflow.models import Transisi

from .models import Peristiwa
from .record import record

ACCOUNT_MODELS = {("auth", "user"), ("organizations", "profil"), ("auth", "group")}
ACTIONS = {ADDITION: "menambah", CHANGE: "mengubah", DELETION: "menghapus"}


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(Peristiwa.Jenis.MASUK, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Peristiwa.Jenis.KELUAR, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    # The Pemda of the account that was tried, when there is one: its Admin Pemda should see attacks on it.
    account = get_user_model().objects.filter(username=username).select_related("profil__pemda").first()
    pemda = getattr(getattr(account, "profil", None), "pemda", None) if account is not None else None
    record(Peristiwa.Jenis.MASUK_GAGAL, username=username, pemda=pemda, request=request,
           uraian="kata sandi atau nama pengguna salah")


@receiver(post_save, sender=Transisi)
def _workflow_step(sender, instance, created, **kwargs):
    if not created or instance.oleh_id is None:
        return  # a plan loaded from a file starts as a draft without anyone's step
    renja = instance.renja
    uraian = f"{renja}: {instance.get_dari_display() or '—'} → {instance.get_ke_display()}"
    if instance.alasan:
        uraian += f" ({instance.alasan})"
    record(Peristiwa.Jenis.ALUR, user=instance.oleh, perangkat_daerah=renja.perangkat_daerah,
           pemda=renja.perangkat_daerah.pemda, uraian=uraian)


@receiver(post_save, sender=LogEntry)
def _account_change(sender, instance, created, **kwargs):
    content_type = instance.content_type
    if not created or content_type is None or (content_type.app_label, content_type.model) not in ACCOUNT_MODELS:
        return
    actor = instance.user
    what = f"{ACTIONS.get(instance.action_flag, 'mengubah')} {content_type.name} '{instance.object_repr}'"
    message = instance.get_change_message()
    record(Peristiwa.Jenis.AKUN, user=actor, uraian=f"{what}" + (f": {message}" if message else ""))
