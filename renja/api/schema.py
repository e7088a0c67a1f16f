"""The schema's error answers: every operation documents the one error shape (renja/api/errors.py) for the
statuses it can answer, so that a client (and schemathesis) knows every answer it may get."""

GALAT = {
    "type": "object",
    "required": ["galat"],
    "properties": {"galat": {
        "type": "object", "required": ["kode", "pesan"],
        "properties": {"kode": {"type": "string"}, "pesan": {"type": "string"},
                       "rincian": {"type": "object", "nullable": True, "additionalProperties": True}},
    }},
}
COMMON = {"400": "Isian atau parameter tidak valid.", "401": "Belum masuk atau token tidak dikenal.",
          "403": "Ditolak (peran atau status Renja).", "404": "Tidak ditemukan atau di luar lingkup Anda.",
          "405": "Metode tidak diizinkan.", "406": "Format jawaban tidak didukung.",
          "415": "Jenis isi tidak didukung.", "429": "Terlalu banyak permintaan."}
WRITE = {"409": "Versi yang Anda kirim sudah lewat: orang lain menyimpan lebih dulu."}


def add_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Galat"] = GALAT
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Galat"}}}
    for route, item in result.get("paths", {}).items():
        public_route = route.endswith(("/schema/", "/docs/"))
        for method, operation in item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            statuses = dict(COMMON, **(WRITE if method != "get" else {}))
            for code, text in statuses.items():
                if public_route and code in ("401", "403", "404"):
                    continue
                responses.setdefault(code, {"description": text, "content": ref})
    return result
