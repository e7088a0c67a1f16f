"""The plans: Renstra (tujuan, sasaran, IKU) and the Renja of a year with its tree
program → kegiatan → sub kegiatan, indicators, the tables around it and what its document states.

Money is planned only on `SubKegiatan`; every total above it is computed (see `rollup.py`).
Statements (`Pernyataan`) keep what a document *says* beside what the plan *is*.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from renja.organizations.models import PerangkatDaerah
from renja.reference.models import Nomenklatur, NomenklaturVersi, SumberDana


class Polaritas(models.TextChoices):
    POSITIF = "positif", "Positif (makin tinggi makin baik)"
    NEGATIF = "negatif", "Negatif (makin rendah makin baik)"


class Akumulasi(models.TextChoices):
    """How an indicator's quarterly realisations make the year's: counts add up, levels and rates do not."""

    OTOMATIS = "", "Otomatis (menurut satuan: jumlah dijumlahkan, persentase/indeks/rasio nilai terakhir)"
    JUMLAH = "jumlah", "Jumlah seluruh triwulan"
    AKHIR = "akhir", "Nilai triwulan terakhir"


class Tingkat(models.TextChoices):
    PROGRAM = "program", "Program"
    KEGIATAN = "kegiatan", "Kegiatan"
    SUB_KEGIATAN = "sub_kegiatan", "Sub Kegiatan"


# --- Renstra -------------------------------------------------------------------------------------


class Renstra(models.Model):
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="renstra")
    periode_mulai = models.PositiveSmallIntegerField()
    periode_selesai = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "Renstra"
        verbose_name_plural = "Renstra"
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "periode_mulai"], name="renstra_unik"),
            models.CheckConstraint(
                condition=models.Q(periode_selesai__gte=models.F("periode_mulai")), name="renstra_periode_urut"
            ),
        ]

    def __str__(self):
        return f"Renstra {self.perangkat_daerah} {self.periode_mulai}–{self.periode_selesai}"


class Tujuan(models.Model):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="tujuan")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    uraian = models.TextField()

    class Meta:
        verbose_name = "tujuan"
        verbose_name_plural = "tujuan"
        ordering = ["renstra", "urutan"]

    def __str__(self):
        return self.uraian[:80]


class Sasaran(models.Model):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="sasaran")
    tujuan = models.ForeignKey(Tujuan, null=True, blank=True, on_delete=models.SET_NULL, related_name="sasaran")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    uraian = models.TextField()

    class Meta:
        verbose_name = "sasaran"
        verbose_name_plural = "sasaran"
        ordering = ["renstra", "urutan"]

    def __str__(self):
        return self.uraian[:80]


class IndikatorKinerja(models.Model):
    """An indicator of a tujuan or sasaran, or an Indikator Kinerja Utama (IKU), with yearly targets."""

    class Jenis(models.TextChoices):
        TUJUAN = "tujuan", "Indikator tujuan"
        SASARAN = "sasaran", "Indikator sasaran"
        IKU = "iku", "Indikator Kinerja Utama"

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="indikator")
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    tujuan = models.ForeignKey(Tujuan, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator")
    sasaran = models.ForeignKey(Sasaran, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    uraian = models.TextField()
    polaritas = models.CharField(max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF)
    baseline_tahun = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_teks = models.TextField(blank=True)
    baseline = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = "indikator kinerja (Renstra)"
        verbose_name_plural = "indikator kinerja (Renstra)"
        ordering = ["renstra", "jenis", "urutan"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(jenis="tujuan", tujuan__isnull=False, sasaran__isnull=True)
                    | models.Q(jenis="sasaran", tujuan__isnull=True, sasaran__isnull=False)
                    | models.Q(jenis="iku", tujuan__isnull=True)
                ),
                name="indikator_kinerja_induk_sesuai_jenis",
            )
        ]

    def __str__(self):
        return self.uraian[:80]


class TargetKinerja(models.Model):
    indikator = models.ForeignKey(IndikatorKinerja, on_delete=models.CASCADE, related_name="target")
    tahun = models.PositiveSmallIntegerField()
    teks = models.TextField("target seperti tertulis", blank=True)
    nilai = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    satuan = models.TextField(blank=True)

    class Meta:
        verbose_name = "target kinerja"
        verbose_name_plural = "target kinerja"
        ordering = ["indikator", "tahun"]
        constraints = [models.UniqueConstraint(fields=["indikator", "tahun"], name="target_satu_per_tahun")]

    def __str__(self):
        return f"{self.tahun}: {self.teks}"


# --- Renja ---------------------------------------------------------------------------------------


class Renja(models.Model):
    class Tahap(models.TextChoices):
        RANCANGAN_AWAL = "rancangan_awal", "Rancangan Awal RKPD"
        RANCANGAN = "rancangan", "Rancangan Renja"
        FINAL = "final", "Renja Final"
        PERUBAHAN = "perubahan", "Renja Perubahan"

    class Status(models.TextChoices):
        """Where the plan is in its workflow (see renja/workflow)."""

        DRAFT = "draft", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi"
        DITETAPKAN = "ditetapkan", "Ditetapkan"

    EDITABLE = (Status.DRAFT, Status.DIKEMBALIKAN)

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="renja")
    tahun = models.PositiveSmallIntegerField()
    tahap = models.CharField(max_length=16, choices=Tahap.choices, default=Tahap.RANCANGAN)
    nomenklatur = models.ForeignKey(
        NomenklaturVersi, null=True, blank=True, on_delete=models.PROTECT, related_name="renja"
    )
    judul = models.TextField(blank=True)
    tempat_tanggal = models.TextField(blank=True)
    penandatangan_nama = models.TextField(blank=True)
    penandatangan_jabatan = models.TextField(blank=True)
    penandatangan_pangkat = models.TextField(blank=True)
    penandatangan_nip = models.CharField("NIP penandatangan", max_length=40, blank=True)
    sumber = models.TextField("sumber data", blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    asal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="turunan",
        help_text="Tahap yang disalin menjadi rencana ini (Renja Perubahan dari Renja yang ditetapkan).",
    )
    versi = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Renja"
        verbose_name_plural = "Renja"
        ordering = ["perangkat_daerah", "-tahun", "tahap"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun", "tahap"], name="renja_unik_per_tahap"),
        ]

    def __str__(self):
        return f"Renja {self.perangkat_daerah} {self.tahun} ({self.get_tahap_display()})"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


class PlanRow(models.Model):
    """What program, kegiatan and sub kegiatan rows of T-C.33 share."""

    urutan = models.PositiveIntegerField(default=0)
    kode = models.CharField("kode (dinormalisasi)", max_length=30, blank=True, db_index=True)
    kode_asli = models.TextField("kode seperti tertulis", blank=True)
    nama = models.TextField(blank=True)
    nomenklatur = models.ForeignKey(Nomenklatur, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lokasi = models.TextField(blank=True)
    sumber_dana_teks = models.TextField("sumber dana seperti tertulis", blank=True)
    catatan = models.TextField("catatan penting", blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)
    versi = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking: bumped by every save

    # What the checks of the PD's other years read of this row (RENSTRA-PERIODE sums each year's pagu n): a save
    # that leaves them as they were loaded does not stale those checks (versions.changed `period`).
    PERIOD_FIELDS = ()

    class Meta:
        abstract = True
        ordering = ["urutan"]

    def __str__(self):
        return f"{self.kode or self.kode_asli} {self.nama}".strip()

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        if set(cls.PERIOD_FIELDS) <= set(field_names):  # a deferred field is unknown: counted as changed
            row._period_loaded = tuple(getattr(row, name) for name in cls.PERIOD_FIELDS)
        return row

    def changes_period(self):
        """Whether saving this row may change what other years' checks read of its plan: not when it was
        loaded from the database and its PERIOD_FIELDS are unchanged since."""
        loaded = getattr(self, "_period_loaded", None)
        return loaded is None or loaded != tuple(getattr(self, name) for name in self.PERIOD_FIELDS)


class Program(PlanRow):
    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="program")
    history = HistoricalRecords()
    PERIOD_FIELDS = ("renja_id",)

    class Meta(PlanRow.Meta):
        verbose_name = "program"
        verbose_name_plural = "program"

    @property
    def is_penunjang(self):
        """Program Penunjang (non urusan): program number 01 of every bidang (X.XX.01); by name when the
        code is unreadable."""
        if self.kode:
            parts = self.kode.split(".")
            return len(parts) >= 3 and parts[2] == "01"
        return "penunjang urusan" in " ".join(self.nama.lower().split())


class Kegiatan(PlanRow):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kegiatan")
    history = HistoricalRecords()
    PERIOD_FIELDS = ("program_id",)

    class Meta(PlanRow.Meta):
        verbose_name = "kegiatan"
        verbose_name_plural = "kegiatan"


class SubKegiatan(PlanRow):
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="sub_kegiatan")
    pagu_n = models.BigIntegerField("pagu indikatif tahun n (Rp)", null=True, blank=True)
    pagu_n_teks = models.TextField("pagu n seperti tertulis", blank=True)
    pagu_n1 = models.BigIntegerField("prakiraan maju tahun n+1 (Rp)", null=True, blank=True)
    pagu_n1_teks = models.TextField("pagu n+1 seperti tertulis", blank=True)
    # A Renja Perubahan states the pagu n before the change beside `pagu_n` (the value after it).
    pagu_sebelum = models.BigIntegerField("pagu n sebelum perubahan (Rp)", null=True, blank=True)
    pagu_sebelum_teks = models.TextField("pagu n sebelum perubahan seperti tertulis", blank=True)
    sumber_dana = models.ManyToManyField(SumberDana, blank=True, related_name="sub_kegiatan")
    # The ids of `sumber_dana`, sorted and joined ("3,7"; "" without one), kept with the links by
    # renja/plans/sources.py: a province's roll-up per combination groups by it, not by every row's links. Not in
    # the history: the links' own history says it.
    sumber_dana_ids = models.TextField(blank=True, default="", editable=False)
    history = HistoricalRecords(m2m_fields=[sumber_dana], excluded_fields=["sumber_dana_ids"])
    PERIOD_FIELDS = ("kegiatan_id", "pagu_n")

    class Meta(PlanRow.Meta):
        verbose_name = "sub kegiatan"
        verbose_name_plural = "sub kegiatan"
        constraints = [
            models.CheckConstraint(condition=models.Q(pagu_n__gte=0), name="pagu_n_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(pagu_n1__gte=0), name="pagu_n1_tidak_negatif"),
            models.CheckConstraint(condition=models.Q(pagu_sebelum__gte=0), name="pagu_sebelum_tidak_negatif"),
        ]


class PaguKolom(models.Model):
    """One more pagu column a workbook carries for a sub kegiatan (RKPD, APBD, RKPD Perubahan …), kept as its
    own figure beside `pagu_n`: which of them is the plan's pagu n is the importer's choice, not a guess."""

    class Kolom(models.TextChoices):
        RKPD = "rkpd", "Pagu RKPD"
        APBD = "apbd", "Pagu APBD"
        RKPD_PERUBAHAN = "rkpd_perubahan", "Pagu RKPD Perubahan"
        APBD_PERUBAHAN = "apbd_perubahan", "Pagu APBD Perubahan"

    sub_kegiatan = models.ForeignKey(SubKegiatan, on_delete=models.CASCADE, related_name="pagu_kolom")
    kolom = models.CharField(max_length=16, choices=Kolom.choices)
    nilai = models.BigIntegerField("pagu (Rp)", null=True, blank=True)
    teks = models.TextField("pagu seperti tertulis", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kolom pagu"
        verbose_name_plural = "kolom pagu"
        ordering = ["sub_kegiatan", "kolom"]
        constraints = [
            models.UniqueConstraint(fields=["sub_kegiatan", "kolom"], name="pagu_kolom_unik"),
            models.CheckConstraint(condition=models.Q(nilai__gte=0), name="pagu_kolom_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.get_kolom_display()}: {self.teks}"


class Indikator(models.Model):
    """A performance indicator of one program (outcome), kegiatan or sub kegiatan (output)."""

    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator")
    kegiatan = models.ForeignKey(Kegiatan, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator")
    sub_kegiatan = models.ForeignKey(
        SubKegiatan, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator"
    )
    urutan = models.PositiveIntegerField(default=0)
    uraian = models.TextField(blank=True)
    polaritas = models.CharField(max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF)
    target_n_teks = models.TextField("target n seperti tertulis", blank=True)
    target_n = models.DecimalField("target n", max_digits=24, decimal_places=6, null=True, blank=True)
    target_n_satuan = models.TextField("satuan target n", blank=True)
    target_n1_teks = models.TextField("target n+1 seperti tertulis", blank=True)
    target_n1 = models.DecimalField("target n+1", max_digits=24, decimal_places=6, null=True, blank=True)
    target_n1_satuan = models.TextField("satuan target n+1", blank=True)
    # A Renja Perubahan states the target n before the change beside `target_n` (the value after it).
    target_sebelum_teks = models.TextField("target n sebelum perubahan seperti tertulis", blank=True)
    target_sebelum = models.DecimalField("target n sebelum perubahan", max_digits=24, decimal_places=6, null=True,
                                         blank=True)
    target_sebelum_satuan = models.TextField("satuan target n sebelum perubahan", blank=True)
    # The columns a Renja started from its Renstra carries beside the year's target (as written and as read).
    target_renstra_teks = models.TextField("target akhir Renstra seperti tertulis", blank=True)
    target_renstra = models.DecimalField("target akhir Renstra", max_digits=24, decimal_places=6, null=True,
                                         blank=True)
    realisasi_n2_teks = models.TextField("realisasi tahun n-2 seperti tertulis", blank=True)
    realisasi_n2 = models.DecimalField("realisasi tahun n-2", max_digits=24, decimal_places=6, null=True, blank=True)
    prakiraan_n1_teks = models.TextField("prakiraan capaian tahun n-1 seperti tertulis", blank=True)
    prakiraan_n1 = models.DecimalField("prakiraan capaian tahun n-1", max_digits=24, decimal_places=6, null=True,
                                       blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)
    akumulasi = models.CharField(
        "realisasi setahun", max_length=8, choices=Akumulasi.choices, default=Akumulasi.OTOMATIS, blank=True)
    versi = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["urutan"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(program__isnull=False, kegiatan__isnull=True, sub_kegiatan__isnull=True)
                    | models.Q(program__isnull=True, kegiatan__isnull=False, sub_kegiatan__isnull=True)
                    | models.Q(program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=False)
                ),
                name="indikator_milik_satu_baris",
            )
        ]

    def __str__(self):
        return self.uraian[:80]


class Pernyataan(models.Model):
    """What a document states (a total, a count, a repeated figure, a year, a name).

    Kept beside the computed values, never instead of them, so that rules can confront the two.
    """

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="pernyataan")
    evaluasi = models.ForeignKey(
        "monitoring.Evaluasi", null=True, blank=True, on_delete=models.CASCADE, related_name="pernyataan"
    )
    program = models.ForeignKey(
        "Program", null=True, blank=True, on_delete=models.CASCADE, related_name="pernyataan",
        help_text="Baris T-C.33 yang memuat pernyataan ini.",
    )
    kegiatan = models.ForeignKey(
        "Kegiatan", null=True, blank=True, on_delete=models.CASCADE, related_name="pernyataan",
        help_text="Baris T-C.33 yang memuat pernyataan ini.",
    )
    urutan = models.PositiveIntegerField(default=0)
    tabel = models.TextField("tabel / bagian")
    kunci = models.TextField("yang dinyatakan")
    kode = models.TextField("kode baris", blank=True)
    baris = models.TextField("baris", blank=True)
    teks = models.TextField("nilai seperti tertulis", blank=True)
    nilai = models.DecimalField("nilai terbaca", max_digits=24, decimal_places=6, null=True, blank=True)
    konteks = models.TextField(blank=True)

    class Meta:
        verbose_name = "pernyataan dokumen"
        verbose_name_plural = "pernyataan dokumen"
        ordering = ["renja", "urutan"]
        indexes = [models.Index(fields=["renja", "tabel", "kunci"])]

    def __str__(self):
        return f"{self.tabel} · {self.kunci} = {self.teks}"


# --- Tables around the plan ----------------------------------------------------------------------


class PrioritasDaerah(models.Model):
    """Tabel 3.1: regional priority, regional target and the PD's target with their indicators."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="prioritas_daerah")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    prioritas = models.TextField(blank=True)
    sasaran_daerah = models.TextField(blank=True)
    indikator_sasaran_daerah = models.JSONField(default=list, blank=True)
    sasaran_pd = models.TextField("sasaran perangkat daerah", blank=True)
    indikator_sasaran_pd = models.JSONField("indikator sasaran perangkat daerah", default=list, blank=True)

    class Meta:
        verbose_name = "prioritas daerah (Tabel 3.1)"
        verbose_name_plural = "prioritas daerah (Tabel 3.1)"
        ordering = ["renja", "urutan"]

    def __str__(self):
        return self.prioritas[:80]


class SasaranProgram(models.Model):
    """Tabel 4: the PD's sasaran and the program, kegiatan and sub kegiatan that serve it."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="sasaran_program")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    sasaran = models.TextField(blank=True)
    program = models.TextField(blank=True)
    kegiatan = models.JSONField(default=list, blank=True)
    sub_kegiatan = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "sasaran dan program (Tabel 4)"
        verbose_name_plural = "sasaran dan program (Tabel 4)"
        ordering = ["renja", "urutan"]

    def __str__(self):
        return self.sasaran[:80]


class ReviuRKPD(models.Model):
    """T-C.31: a row of the review of the RKPD draft (left) against the analysis of needs (right)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="reviu_rkpd")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    tingkat = models.CharField(max_length=13, choices=Tingkat.choices)
    rancangan_nama = models.TextField("rancangan awal: program/kegiatan", blank=True)
    rancangan_lokasi = models.TextField("rancangan awal: lokasi", blank=True)
    rancangan_indikator = models.JSONField("rancangan awal: indikator dan target", default=list, blank=True)
    rancangan_pagu = models.BigIntegerField("rancangan awal: pagu indikatif (Rp)", null=True, blank=True)
    rancangan_pagu_teks = models.TextField("rancangan awal: pagu seperti tertulis", blank=True)
    kebutuhan_nama = models.TextField("analisis kebutuhan: program/kegiatan", blank=True)
    kebutuhan_lokasi = models.TextField("analisis kebutuhan: lokasi", blank=True)
    kebutuhan_indikator = models.JSONField("analisis kebutuhan: indikator dan target", default=list, blank=True)
    kebutuhan_pagu = models.BigIntegerField("analisis kebutuhan: kebutuhan dana (Rp)", null=True, blank=True)
    kebutuhan_pagu_teks = models.TextField("analisis kebutuhan: dana seperti tertulis", blank=True)
    catatan = models.TextField("catatan penting", blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)

    class Meta:
        verbose_name = "reviu rancangan awal RKPD (T-C.31)"
        verbose_name_plural = "reviu rancangan awal RKPD (T-C.31)"
        ordering = ["renja", "urutan"]

    def __str__(self):
        return (self.rancangan_nama or self.kebutuhan_nama)[:80]


class UsulanPemangku(models.Model):
    """T-C.32: a program or kegiatan proposed by stakeholders (musrenbang, DPRD, community)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="usulan_pemangku")
    urutan = models.PositiveIntegerField(default=0)
    nomor = models.TextField(blank=True)
    tingkat = models.CharField(max_length=13, choices=Tingkat.choices, blank=True)
    nama = models.TextField("program/kegiatan", blank=True)
    lokasi = models.TextField(blank=True)
    indikator = models.JSONField("indikator dan besaran/volume", default=list, blank=True)
    catatan = models.TextField(blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)

    class Meta:
        verbose_name = "usulan pemangku kepentingan (T-C.32)"
        verbose_name_plural = "usulan pemangku kepentingan (T-C.32)"
        ordering = ["renja", "urutan"]

    def __str__(self):
        return self.nama[:80]


class IndikatorPelayanan(models.Model):
    """T-C.30: a service performance indicator (SPM, IKK) with targets, realisation and projection."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="indikator_pelayanan")
    urutan = models.PositiveIntegerField(default=0)
    kelompok = models.TextField(blank=True)
    nomor = models.TextField(blank=True)
    uraian = models.TextField()
    polaritas = models.CharField(max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF)
    spm = models.TextField("SPM / standar nasional", blank=True)
    ikk = models.TextField("indikator kinerja kunci", blank=True)
    target = models.JSONField("target Renstra per tahun", default=dict, blank=True)
    realisasi = models.JSONField("realisasi per tahun", default=dict, blank=True)
    proyeksi = models.JSONField("proyeksi per tahun", default=dict, blank=True)
    catatan = models.TextField("catatan analisis", blank=True)
    raw = models.TextField("baris asli dokumen", blank=True)

    class Meta:
        verbose_name = "indikator kinerja pelayanan (T-C.30)"
        verbose_name_plural = "indikator kinerja pelayanan (T-C.30)"
        ordering = ["renja", "urutan"]

    def __str__(self):
        return self.uraian[:80]


class Narasi(models.Model):
    """A section of the narrative chapters (BAB I–V)."""

    class Bab(models.TextChoices):
        I = "I", "BAB I Pendahuluan"
        II = "II", "BAB II Hasil Evaluasi Renja Tahun Lalu"
        III = "III", "BAB III Tujuan dan Sasaran"
        IV = "IV", "BAB IV Rencana Kerja dan Pendanaan"
        V = "V", "BAB V Penutup"

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="narasi")
    urutan = models.PositiveIntegerField(default=0)
    bab = models.CharField(max_length=3, choices=Bab.choices)
    nomor = models.TextField(blank=True)
    judul = models.TextField(blank=True)
    teks = models.TextField(blank=True)

    class Meta:
        verbose_name = "narasi"
        verbose_name_plural = "narasi"
        ordering = ["renja", "urutan"]

    def __str__(self):
        return f"BAB {self.bab} {self.nomor} {self.judul}".strip()


class DataVersion(models.Model):
    """A counter of changes to what the plans of one PD and year are checked and published from.

    Everything a plan's findings and documents read lies within its PD (the plan, its other stages of the
    year, the Renstra, the pagu plafon) or in the nomenclature: a change there raises this number, in the same
    transaction as the change (renja/plans/versions.py). Stored findings and produced documents carry the
    number they were made from and are stale once it has moved on.
    """

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    nomor = models.PositiveBigIntegerField(default=1)
    # Of `nomor`'s raises, those by the quarterly realisation of the year's plan in force: the progress reads it,
    # no check does (renja/plans/versions.py `checked` leaves them out).
    nomor_realisasi = models.PositiveBigIntegerField(default=0)
    # Of `nomor`'s raises, those that may change what the checks of the PD's other years read of this year (its
    # plans' stage and status, their pagu n: RENSTRA-PERIODE); `checked` counts only these of the other years.
    nomor_periode = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "versi data"
        verbose_name_plural = "versi data"
        constraints = [models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="versi_data_unik")]

    def __str__(self):
        return f"{self.perangkat_daerah} {self.tahun}: {self.nomor}"
