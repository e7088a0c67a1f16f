"""What the list and detail endpoints answer, and the filters and writes they take."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from renja.organizations.models import Pemda, PerangkatDaerah
from renja.plans.models import Renja, Renstra
from renja.reference.models import NomenklaturVersi, Satuan, SumberDana

MAX_ID = 2**53  # ids beyond this are not ids of this installation (and overflow the database's integers)


class PemdaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pemda
        fields = ["id", "kode", "nama", "jenis"]


class PerangkatDaerahSerializer(serializers.ModelSerializer):
    pemda = PemdaSerializer(read_only=True)

    class Meta:
        model = PerangkatDaerah
        fields = ["id", "kode", "nama", "singkatan", "pemda"]


class PerangkatDaerahBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerangkatDaerah
        fields = ["id", "kode", "nama", "singkatan", "pemda_id"]


class RenstraSerializer(serializers.ModelSerializer):
    perangkat_daerah = PerangkatDaerahBriefSerializer(read_only=True)

    class Meta:
        model = Renstra
        fields = ["id", "perangkat_daerah", "periode_mulai", "periode_selesai"]


class RenjaSerializer(serializers.ModelSerializer):
    perangkat_daerah = PerangkatDaerahBriefSerializer(read_only=True)
    tahap_label = serializers.CharField(source="get_tahap_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    nomenklatur = serializers.CharField(source="nomenklatur.nama", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Renja
        fields = ["id", "perangkat_daerah", "tahun", "tahap", "tahap_label", "status", "status_label", "versi",
                  "nomenklatur", "judul", "dibuat_pada"]


class NomenklaturVersiSerializer(serializers.ModelSerializer):
    class Meta:
        model = NomenklaturVersi
        fields = ["id", "nama", "keterangan", "resmi", "dimuat_pada", "pemda_id"]


class SumberDanaSerializer(serializers.ModelSerializer):
    class Meta:
        model = SumberDana
        fields = ["id", "kode", "nama", "keterangan", "pemda_id"]


class SatuanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Satuan
        fields = ["id", "nama", "pemda_id"]


# --- filters (query parameters) -----------------------------------------------------------------------------------


class RenjaFilter(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=1900, max_value=2200, help_text="Tahun rencana.")
    tahap = serializers.ChoiceField(choices=Renja.Tahap.choices, required=False)
    status = serializers.ChoiceField(choices=Renja.Status.choices, required=False)
    pd = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="id Perangkat Daerah.")
    kode = serializers.CharField(required=False, max_length=40, help_text="Kode Perangkat Daerah.")


class PdFilter(serializers.Serializer):
    pemda = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="id Pemda.")
    kode = serializers.CharField(required=False, max_length=40, help_text="Kode Perangkat Daerah.")


class RenstraFilter(serializers.Serializer):
    pd = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="id Perangkat Daerah.")


class FindingsFilter(serializers.Serializer):
    tingkat = serializers.ChoiceField(choices=[("error", "galat"), ("warning", "peringatan"), ("info", "info")],
                                      required=False)


class RankingFilter(serializers.Serializer):
    tahun = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    triwulan = serializers.IntegerField(required=False, min_value=1, max_value=4)


# --- realisation written through the API ---------------------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "string", "maxLength": 200}, {"type": "number"}], "nullable": True})
class ScalarField(serializers.Field):
    """A value as the form takes it: text ("12.500.000", "45,5"), a number, or null (not reported)."""

    def to_internal_value(self, data):
        if data is None or isinstance(data, (str, int, float)) and not isinstance(data, bool):
            if isinstance(data, float) and data != data:
                raise serializers.ValidationError("Bukan angka.")
            if isinstance(data, str) and len(data) > 200:
                raise serializers.ValidationError("Terlalu panjang.")
            return data
        raise serializers.ValidationError("Tulis teks atau angka.")

    def to_representation(self, value):
        return value


class IndicatorWrite(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    teks = serializers.CharField(allow_blank=True, max_length=2000)
    versi = serializers.IntegerField(min_value=0, max_value=MAX_ID, required=False, default=0)


class RealisationWrite(serializers.Serializer):
    versi = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, required=False, allow_null=True,
        help_text="Versi realisasi triwulan ini yang Anda baca (0: belum ada). Wajib bila nilai sub kegiatan "
                  "dikirim; versi yang sudah lewat ditolak dengan 409.")
    rencana_keuangan = ScalarField(required=False, allow_null=True, help_text="Rencana triwulan ini (Rp).")
    keuangan = ScalarField(required=False, allow_null=True, help_text="Realisasi keuangan triwulan ini (Rp).")
    fisik = ScalarField(required=False, allow_null=True, help_text="Realisasi fisik kumulatif (%).")
    faktor_pendorong = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    faktor_penghambat = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    tindak_lanjut = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    indikator = IndicatorWrite(many=True, required=False)

    VALUE_FIELDS = ("rencana_keuangan", "keuangan", "fisik", "faktor_pendorong", "faktor_penghambat",
                    "tindak_lanjut")
