"""Documents the fuzz bench (bench/fuzz_bench.py) found crashing the loader, refused now with a message and
nothing written."""

import copy
import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from renja.exchange.loader import LoadError, _foreign_values, load_document, validate

from ..fuzz.targets import _base_document, _known_pd, counted_models, table_counts


@pytest.fixture
def document(db):
    _known_pd()
    return copy.deepcopy(_base_document()[0])


def refusal(document):
    models = counted_models()
    before = table_counts(models)
    with pytest.raises(LoadError) as refused:
        load_document(document, replace=True)
    assert table_counts(models) == before  # nothing written
    return refused.value.errors


@pytest.mark.parametrize("section", ["tujuan", "sasaran", "iku"])
def test_a_renstra_item_without_its_text_is_refused(document, section):
    # was KeyError: 'uraian' in load_renstra (the schema did not require the key the loader reads)
    assert document["renstra"][section]
    del document["renstra"][section][0]["uraian"]
    assert f"$.renstra.{section}[0]: kunci wajib tidak ada: uraian" in refusal(document)


def test_a_reviu_row_without_its_level_is_refused(document):
    # was KeyError: 'tingkat' in load_renja (ReviuRKPD.tingkat may not be blank; usulan_pemangku's may)
    del document["renja"]["reviu_rkpd"][0]["tingkat"]
    assert "$.renja.reviu_rkpd[0]: kunci wajib tidak ada: tingkat" in refusal(document)


@pytest.mark.parametrize("key", ["periode_mulai", "periode_selesai"])
def test_a_renstra_without_its_period_is_refused(document, key):
    # a KeyError in load_renstra too, the schema not requiring what the loader reads
    del document["renstra"][key]
    assert f"$.renstra: kunci wajib tidak ada: {key}" in refusal(document)


def tc29_row(document):
    """(path, first T-C.29 row) of the document's evaluations."""
    index = next(i for i, e in enumerate(document["evaluasi"]) if e.get("tc29"))
    return f"$.evaluasi[{index}].tc29[0]", document["evaluasi"][index]["tc29"][0]


@pytest.mark.parametrize("value", [Decimal("1.5"), Decimal("NaN"), Fraction(1, 3), 1j])
def test_a_number_json_cannot_hold_is_refused_where_it_is(document, value):
    # was TypeError: Object of type Decimal is not JSON serializable, writing T-C.29's columns (a JSON column);
    # the schema's "number" is any Python number, so only the loader can say
    where, row = tc29_row(document)
    row["kolom"] = {"4": value}
    errors = refusal(document)
    assert len(errors) == 1 and errors[0].startswith(f"{where}.kolom.4: nilai jenis {type(value).__name__} ("), errors
    assert "bukan nilai format pertukaran" in errors[0]


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("2026")])
def test_a_decimal_where_the_schema_compares_numbers_is_refused(document, value):
    # was decimal.InvalidOperation inside jsonschema (a year's minimum compared with a Decimal NaN)
    document["renja"]["tahun"] = value
    errors = refusal(document)
    assert errors == [f"$.renja.tahun: nilai jenis Decimal ({value!r}) bukan nilai format pertukaran (teks, angka, "
                      "true/false, null, daftar atau objek)"]


def test_a_yaml_alias_inside_itself_and_an_unquoted_date_are_refused_in_words(tmp_path, db):
    from renja.exchange.loader import load_file

    path = tmp_path / "melingkar.yaml"
    path.write_text("format: renja-exchange\nversion: 1\nx: &a [*a]\n", encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        load_file(path)
    assert refused.value.errors == ["$: dokumen memuat acuan melingkar (alias YAML di dalam node yang dirujuknya)"]
    errors = validate({"format": "renja-exchange", "renja": {"tanggal": datetime.date(2022, 1, 5)}})
    assert errors == ["$.renja.tanggal: nilai jenis date (datetime.date(2022, 1, 5)) bukan nilai format pertukaran "
                      "(teks, angka, true/false, null, daftar atau objek); tulis dalam tanda kutip bila yang dimaksud "
                      "teks"]


def test_a_key_json_cannot_hold_is_named_by_the_object_holding_it():
    # every map of the schema wants text keys, so only a document checked some other way gets this far
    assert _foreign_values({"a": [{"b": 1, ("x",): 2}], "c": {3, 4}}) == [
        "$.a[0]: nilai jenis tuple (('x',)) bukan nilai format pertukaran (teks, angka, true/false, null, daftar "
        "atau objek)",
        "$.c: nilai jenis set ({3, 4}) bukan nilai format pertukaran (teks, angka, true/false, null, daftar atau "
        "objek)"]
    assert _foreign_values({"a": [1, "b", None, 2.5, True, {"c": {}}]}) == []


def test_a_clean_document_is_checked_at_c_speed_and_still_accepted(document):
    assert validate(document) == []
    assert load_document(document, replace=True).counts["tc29"] > 0


def test_keys_that_are_not_text_are_named_not_crashed_on(tmp_path, db):
    # was TypeError in _explain: the YAML file "?" is {None: None}, and ", ".join() takes text only
    from renja.exchange.loader import load_file

    path = tmp_path / "kunci.yaml"
    path.write_text("?", encoding="utf-8")
    with pytest.raises(LoadError) as refused:
        load_file(path)
    assert "$: kunci tidak dikenal: None" in refused.value.errors
    errors = validate({None: 1, 5: 2, True: 3, "x": 4, "format": "renja-exchange", "version": 1})
    assert "$: kunci tidak dikenal: 5, None, True, x" in errors


def test_errors_under_keys_of_several_kinds_are_listed_in_order():
    # sorting the errors by their paths compared a number key (YAML's unquoted 2021) with a text one: TypeError
    from renja.exchange.loader import validator

    target = {2021: [1], "2022": [1], "2023": "70 %"}
    document = {"format": "renja-exchange", "version": 1, "pemda": {"kode": "1", "nama": "x", "jenis": "kota"},
                "perangkat_daerah": {"kode": "1", "nama": "x"},
                "renstra": {"periode_mulai": 2020, "periode_selesai": 2024, "iku": [{"uraian": "x", "target": target}]}}
    paths = [list(e.absolute_path) for e in validator().iter_errors(document)]
    with pytest.raises(TypeError):
        sorted(paths)  # what the errors were sorted by
    errors = validate(document)
    assert [e.split(":")[0] for e in errors] == ["$.renstra.iku[0].target", "$.renstra.iku[0].target[2021]",
                                                 "$.renstra.iku[0].target.2022"], errors


def test_foreign_values_answer_as_json_dumps_with_its_check_for_cycles():
    """_foreign_values encodes without json's check for cycles and asks again with it on RecursionError: a cycle
    (a foreign value after it or not) still gives the cycle's message, a clean document none."""
    import json

    def plain(document):  # the former test: json.dumps with its check for cycles
        try:
            json.dumps(document, ensure_ascii=False)
            return "clean"
        except ValueError:
            return "cycle"
        except TypeError:
            return "foreign"

    cyclic = {"a": [1, "x"]}
    cyclic["a"].append(cyclic)
    after = {"a": []}
    after["a"].extend([after, Decimal("1")])
    before = {"a": [Decimal("1")]}
    before["a"].append(before)
    for document in (cyclic, after, before, {"a": [{"b": "ü"}, None, True, 1.5]}, {"a": {1: "kunci angka"}}):
        found = _foreign_values(document)
        cycle = found == ["$: dokumen memuat acuan melingkar (alias YAML di dalam node yang dirujuknya)"]
        assert ("cycle" if cycle else "foreign" if found else "clean") == plain(document)
