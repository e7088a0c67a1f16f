"""Inserting many new rows, and their first history records, at a fraction of the ORM's cost per value.

`QuerySet.bulk_create` compiles every value of every row through four or five layers of the SQL compiler
(about 4 µs a value): for a plan of 400 sub kegiatan, 40,000 values and most of the load's time, the same
again for the history records simple_history builds as model instances. Here each row is turned into its
values with the field's own `get_db_prep_save` (the same conversion the ORM applies, skipped only where it
is known to give the value back: a `str` in a text column, an `int` in an integer or key column), and written with one multi-row INSERT … RETURNING per
batch (on PostgreSQL: the keys taken from the sequence, then COPY): the same rows, the primary keys set on
the instances as `bulk_create` sets them.

The history records are those `HistoricalRecords.bulk_history_create` writes (type "+", the change reason,
the request's user, the time of each record). A model or database this module does not handle as such
(a field with a database default, no RETURNING) goes through the ORM.
"""

import sqlite3
from decimal import Decimal
from functools import cache, lru_cache
from itertools import chain, repeat
from operator import attrgetter, itemgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from simple_history.utils import get_change_reason_from_object

TEXT_FIELDS = (models.CharField, models.TextField)

# sqlite3 binds an exact int, float or str at once; any other value (None, a bool) is first looked for among
# the adapters and, found in none, asked for `__adapt__` and `__conform__`: two failed attribute lookups per
# value, 2 % of a load's instructions (5,000 NULLs and flags per PD). Registered, each is bound as before: None
# as NULL (`{}.get` gives None back), a bool as the integer it is (sqlite3 binds a bool as an int anyway).
sqlite3.register_adapter(type(None), {}.get)
sqlite3.register_adapter(bool, int)


@cache
def _table(model, vendor):
    """What an INSERT into `model`'s table needs, built once per model: (fields, readers, SQL head), or None
    when the ORM must write it."""
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.generated and f is not opts.pk]
    if any(f.has_db_default() for f in fields) or not isinstance(opts.pk, AutoFieldMixin):
        return None
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    return fields, [_reader(f) for f in fields], head


def _reader(field):
    if type(field).pre_save is not models.Field.pre_save:
        # a field that computes its value when the row is saved (auto_now_add…), as the ORM asks it to
        return lambda obj: field.pre_save(obj, True)
    return attrgetter(field.attname)


def _converters(fields):
    """One function per field turning a value into what the database driver gets: the field's own
    `get_db_prep_save`, or a shortcut where that call is known to give the value back (or its adaptation)."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per use
    ops = db.ops
    identity_int = type(ops).adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
    identity_pk = type(ops).validate_autopk_value is BaseDatabaseOperations.validate_autopk_value

    def converter(field):
        prepare = field.get_db_prep_save
        if isinstance(field, TEXT_FIELDS) and not field.is_relation:
            return lambda value: value if type(value) is str or value is None else prepare(value, db)
        if isinstance(field, models.ForeignKey) and isinstance(field.target_field, AutoFieldMixin) and identity_pk:
            # ForeignKey → the target AutoField's get_db_prep_value: validate_autopk_value, an identity here
            return lambda value: value if type(value) is int or value is None else prepare(value, db)
        if isinstance(field, models.IntegerField) and not isinstance(field, AutoFieldMixin):
            if identity_int:
                return lambda value: value if type(value) is int or value is None else prepare(value, db)
            adapt, internal = ops.adapt_integerfield_value, field.get_internal_type()
            return lambda value: adapt(value, internal) if type(value) is int else prepare(value, db)
        return lambda value: prepare(value, db)

    return [converter(f) for f in fields]


def _unchanged_types(fields):
    """Per field, the types of value its converter (above) gives back unchanged, or None: a column of only
    those is written as it is."""
    ops = connections[DEFAULT_DB_ALIAS].ops
    identity_int = type(ops).adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
    identity_pk = type(ops).validate_autopk_value is BaseDatabaseOperations.validate_autopk_value

    def unchanged(field):
        if isinstance(field, TEXT_FIELDS) and not field.is_relation:
            return {str, type(None)}
        if isinstance(field, models.ForeignKey) and isinstance(field.target_field, AutoFieldMixin) and identity_pk:
            return {int, type(None)}
        if isinstance(field, models.IntegerField) and not isinstance(field, AutoFieldMixin) and identity_int:
            return {int, type(None)}
        if isinstance(field, models.DecimalField) and identity_decimal:
            return DECIMAL_TYPES  # see _plain_decimals
        return None

    identity_decimal = type(ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value
    return [unchanged(f) for f in fields]


DECIMAL_TYPES = frozenset({Decimal, int, type(None)})
_INT64 = range(-2**63, 2**63)


def _plain_decimals(column):
    """A DecimalField's get_db_prep_save gives a finite Decimal back as it is and an int as Decimal(int), which
    the drivers write as they write the int (SQLite's NUMERIC column keeps an integer that fits 64 bits as one):
    true when every value of `column` (of DECIMAL_TYPES) is one of those."""
    return all(v.is_finite() if type(v) is Decimal else v is None or v in _INT64 for v in column)


def _related_preparation(model):
    """What `bulk_create` does first to each instance (`_prepare_related_fields_for_save`): take the key of a
    parent saved after it was assigned, refuse an unsaved parent. Done here for the one common case, a
    ForeignKey to the parent's primary key, whose key is copied; any other case is left to Django."""
    opts = model._meta
    relations = [f for f in opts.concrete_fields if f.is_relation]
    simple = not opts.private_fields and all(
        isinstance(f, models.ForeignKey) and f.remote_field.multiple and f.target_field is f.related_model._meta.pk
        for f in relations)
    if not simple:
        return lambda obj: obj._prepare_related_fields_for_save(operation_name="bulk_create")
    links = [(f, f.attname, f.empty_values) for f in relations]

    def prepare(obj):
        for field, attname, empty in links:
            if not field.is_cached(obj):
                continue
            parent = field.get_cached_value(obj)
            if parent is None:
                continue
            key, value = parent.pk, obj.__dict__.get(attname)
            if key is not None and value in empty:
                obj.__dict__[attname] = key  # as Django re-assigns the parent: its key, the cache kept
            elif key is None or value != key:
                obj._prepare_related_fields_for_save(operation_name="bulk_create")  # refuses, or clears the cache
                return
    return prepare


def _batch_size(columns):
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        limit = 65535  # PostgreSQL's bind parameters per statement
    return max(1, min(1000, limit // max(1, columns)))


def _usable(model):
    if not connection.features.can_return_rows_from_bulk_insert:
        return None
    return _table(model, connection.vendor)


def insert(model, objs):
    """Insert the new instances `objs` of `model` (no primary key yet); their primary keys are set. No signals
    are sent, as with `bulk_create`. Call it inside a transaction: a long list takes several statements."""
    objs = list(objs)
    table = _usable(model)
    if not objs:
        return objs
    if table is None or any(obj.pk is not None for obj in objs):
        return model.objects.bulk_create(objs)
    fields, readers, _ = table
    pairs = list(zip(readers, _converters(fields)))
    prepare = _related_preparation(model)
    rows = []
    for obj in objs:
        prepare(obj)
        rows.append([convert(read(obj)) for read, convert in pairs])
    keys = _write(model, rows)
    pk = model._meta.pk.attname
    for obj, key in zip(objs, keys):
        setattr(obj, pk, key)
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_values(model, rows):
    """Insert rows given as {attname: value} (the other fields take their defaults); returns the new keys."""
    table = _usable(model)
    if table is None:
        return [obj.pk for obj in model.objects.bulk_create([model(**row) for row in rows])]
    fields, _, _ = table
    converters = _converters(fields)
    defaults = {f.attname: f.get_default() for f in fields}
    values = []
    for row in rows:
        unknown = row.keys() - defaults.keys()
        if unknown:
            raise ValueError(f"{model.__name__}: unknown fields {sorted(unknown)}")
        values.append([convert(row[f.attname] if f.attname in row else defaults[f.attname])
                       for f, convert in zip(fields, converters)])
    return _write(model, values)


def insert_rows(model, attnames, rows):
    """Insert rows given as sequences of values in the order of `attnames` (the other fields take their
    defaults, as in `insert_values`); returns the new keys, in order. The loader's way for large tables: no
    model instance is made per row (Django's `Model.__init__` costs more than the row's INSERT)."""
    table = _usable(model)
    if table is None:
        return insert_values(model, [dict(zip(attnames, row)) for row in rows])
    fields, _, _ = table
    known = {f.attname for f in fields}
    unknown = set(attnames) - known
    if unknown or len(set(attnames)) != len(attnames):
        raise ValueError(f"{model.__name__}: unknown or repeated fields {sorted(unknown) or list(attnames)}")
    position = {name: index for index, name in enumerate(attnames)}
    count = len(rows)
    columns = []  # converted column by column: a column of values its converter gives back is taken as it is
    for f, convert, unchanged in zip(fields, _converters(fields), _unchanged_types(fields)):
        if type(f).pre_save is not models.Field.pre_save:
            raise ValueError(f"{model.__name__}.{f.name}: computed when saved; use insert()")
        if f.attname not in position:
            columns.append(repeat(convert(f.get_default()), count))
            continue
        column = list(map(itemgetter(position[f.attname]), rows))
        if (unchanged is None or not set(map(type, column)) <= unchanged
                or (unchanged is DECIMAL_TYPES and not _plain_decimals(column))):
            column = list(map(convert, column))
        columns.append(column)
    values = list(zip(*columns)) if columns else [() for _ in rows]
    return _write(model, values)


class Row:
    """A new row kept as its values (in the order of the columns it is written with), not as a model instance;
    `refs` lists (position, row or instance) whose key goes into that position once that one is written."""

    __slots__ = ("values", "refs", "key")

    def __init__(self, values, refs=()):
        self.values, self.refs, self.key = values, refs, None


def write_rows(model, columns, rows, reason=None):
    """Insert `rows` (Row) of `model` with `insert_rows`, their references resolved first; each row's key is
    set, and with `reason` its first history record written (`insert_history_keys`). Returns the history keys."""
    for row in rows:
        for position, ref in row.refs:
            row.values[position] = None if ref is None else ref.key if type(ref) is Row else ref.pk
    keys = insert_rows(model, columns, [row.values for row in rows])
    for row, key in zip(rows, keys):
        row.key = key
    return insert_history_keys(model, keys, reason) if reason is not None else []


def _write(model, rows):
    fields, _, head = _table(model, connection.vendor)
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, fields, rows)
    if connection.vendor == "sqlite" and connection.in_atomic_block:
        return _sqlite_insert(model, fields, rows)
    pk = model._meta.pk
    returning, returning_params = connection.ops.return_insert_columns([pk])
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = _batch_size(len(fields))
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            cursor.execute(head + ", ".join([one] * len(batch)) + " " + returning,
                           [*chain.from_iterable(batch), *returning_params])
            returned = cursor.fetchall()
            if len(returned) != len(batch):
                raise RuntimeError(f"{model.__name__}: {len(returned)} keys returned for {len(batch)} rows")
            keys.extend(r[0] for r in returned)
    return keys


@lru_cache(maxsize=256)  # a statement of a full batch (1,000 rows) is most of them; a few sizes besides
def _sqlite_statement(model, count):
    """The INSERT of `count` rows into `model`'s table, in sqlite3's own `?` style: Django's cursor would
    convert the `%s` of a statement of twenty thousand parameters with a regular expression each time."""
    fields, _, head = _table(model, "sqlite")
    one = "(" + ", ".join(["?"] * len(fields)) + ")"
    return head + ", ".join([one] * count)


def _sqlite_batches(count, limit):
    """(start, size) of the statements writing `count` rows: batches of 128 rows (fewer when the limit of
    parameters says so), the rest in powers of two. A few sizes only, so that each statement is parsed once
    and kept by sqlite3's cache of statements, not parsed anew for the odd size of every table of every plan;
    128 rows a statement already spread its own cost (opening the table and its indexes) thin."""
    size = 1 << (min(128, limit).bit_length() - 1)
    start = 0
    while start < count:
        while size > count - start:
            size >>= 1
        yield start, size
        start += size


def _sqlite_insert(model, fields, rows):
    """SQLite, inside a transaction: multi-row INSERTs without RETURNING. The keys of one statement's rows
    follow each other in the order of its VALUES (the transaction holds the write lock, and a new row's key is
    one more than the table's largest: AUTOINCREMENT), so they end at `last_insert_rowid()`; the count of
    rows changed is checked all the same."""
    keys = []
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw, execute = connection.connection, sqlite3.Cursor.execute  # below Django's `%s` conversion
        for start, count in _sqlite_batches(len(rows), _batch_size(len(fields))):
            batch = rows[start:start + count]
            before = raw.total_changes
            execute(cursor.cursor, _sqlite_statement(model, len(batch)), [*chain.from_iterable(batch)])
            if raw.total_changes - before != len(batch):
                raise RuntimeError(f"{model.__name__}: {raw.total_changes - before} rows written for {len(batch)}")
            last = execute(cursor.cursor, "SELECT last_insert_rowid()").fetchone()[0]
            keys.extend(range(last - len(batch) + 1, last + 1))
    return keys


HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}


@cache
def _history_model(model):
    """`model.history.model`: simple_history's descriptor makes a new manager class at every `model.history`."""
    return model.history.model


def insert_history(model, objs, reason):
    """The first history record of each new instance in `objs` (already inserted), as simple_history's
    `bulk_history_create(objs, default_change_reason=reason)` writes it. Returns the records' keys, in order.

    The database copies the rows just inserted into the history table (INSERT … SELECT): the values do not
    travel through Python a second time. The records of one call share their time, as one load's are."""
    objs = list(objs)
    history = _history_model(model)
    if not objs:
        return []
    own = ("_history_user", "_history_date", "_change_reason")
    columns = [f.attname for f in history._meta.concrete_fields]
    tracked = [f.attname for f in history.tracked_fields]
    if (any(hasattr(obj, name) for obj in objs for name in own) or set(columns) != HISTORY_FIELDS | set(tracked)
            or not connection.features.can_return_rows_from_bulk_insert):
        return _history_from_python(history, objs, reason)
    return _history_copied(model, [obj.pk for obj in objs], reason, objs[0])


def insert_history_keys(model, keys, reason):
    """As `insert_history`, for the rows of `model` with primary keys `keys` (written by `insert_rows`)."""
    keys = list(keys)
    history = _history_model(model)
    if not keys:
        return []
    columns = [f.attname for f in history._meta.concrete_fields]
    tracked = [f.attname for f in history.tracked_fields]
    if set(columns) != HISTORY_FIELDS | set(tracked) or not connection.features.can_return_rows_from_bulk_insert:
        by_key = model._base_manager.in_bulk(keys)
        return _history_from_python(history, [by_key[key] for key in keys], reason)
    return _history_copied(model, keys, reason, model())


def _history_copied(model, keys, reason, instance):
    """The history records of the rows `keys`, copied by the database; `instance` is asked for the user."""
    history = _history_model(model)
    tracked = [f.attname for f in history.tracked_fields]
    user = history.get_default_history_user(instance)  # the request's user, as simple_history asks for it
    opts, quote = history._meta, connection.ops.quote_name
    date = opts.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    user_id = None if user is None else user.pk
    tracked_columns = ", ".join(quote(history._meta.get_field(name).column) for name in tracked)
    pk = quote(model._meta.pk.column)
    head = (f"INSERT INTO {quote(opts.db_table)} ({tracked_columns}, {quote('history_date')}, "
            f"{quote('history_change_reason')}, {quote('history_type')}, {quote('history_user_id')}) "
            f"SELECT {tracked_columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {pk} IN ")
    copied_pk = quote(opts.get_field(model._meta.pk.attname).column)
    tail = f" ORDER BY {pk} RETURNING {quote('history_id')}, {copied_pk}"
    records = {}
    size = max(1, _batch_size(1) - 4)
    with connection.cursor() as cursor:
        contiguous = len(keys) > 1 and keys == list(range(keys[0], keys[0] + len(keys)))
        if contiguous and connection.vendor == "sqlite" and connection.in_atomic_block:
            # as _sqlite_insert: the records' keys follow each other in the order of the rows copied
            raw = connection.connection
            before = raw.total_changes
            cursor.execute(head.removesuffix(" IN ") + " BETWEEN %s AND %s" + f" ORDER BY {pk}",
                           [date, reason, "+", user_id, keys[0], keys[-1]])
            cursor.execute("SELECT last_insert_rowid()")
            last, copied = cursor.fetchone()[0], raw.total_changes - before
            if copied != len(keys):
                raise RuntimeError(f"{model.__name__}: {copied} history records for {len(keys)} rows")
            return list(range(last - len(keys) + 1, last + 1))
        if contiguous:
            # the keys of rows just inserted follow each other: one range, not a list of every key
            cursor.execute(head.removesuffix(" IN ") + " BETWEEN %s AND %s" + tail,
                           [date, reason, "+", user_id, keys[0], keys[-1]])
            records.update((key, history_id) for history_id, key in cursor.fetchall())
        else:
            for begin in range(0, len(keys), size):
                batch = keys[begin:begin + size]
                cursor.execute(head + "(" + ", ".join(["%s"] * len(batch)) + ")" + tail,
                               [date, reason, "+", user_id, *batch])
                records.update((key, history_id) for history_id, key in cursor.fetchall())
    if len(records) != len(set(keys)):
        raise RuntimeError(f"{model.__name__}: {len(records)} history records for {len(set(keys))} rows")
    return [records[key] for key in keys]


def _history_from_python(history, objs, reason):
    """As `insert_history`, the values taken from the instances (for those that carry their own user, time or
    reason, as simple_history lets them)."""
    tracked = [field.attname for field in history.tracked_fields]
    relation = hasattr(history, "history_relation")
    rows = []
    for obj in objs:
        user = history.get_default_history_user(obj)
        row = {name: getattr(obj, name) for name in tracked}
        row.update(history_date=obj._history_date if hasattr(obj, "_history_date") else timezone.now(),
                   history_user_id=None if user is None else user.pk,
                   history_change_reason=get_change_reason_from_object(obj) or reason, history_type="+")
        if relation:
            row["history_relation_id"] = obj.pk
        rows.append(row)
    return insert_values(history, rows)


def _copy(model, fields, rows):
    """PostgreSQL: the keys taken from the table's sequence first (in order, as INSERT takes them), then the
    rows sent with COPY, which the server reads several times faster than an INSERT's parameters."""
    opts, quote = model._meta, connection.ops.quote_name
    # psycopg's own copy() is below Django's cursor wrapper: its errors (a value its column cannot hold) are
    # turned into Django's here, so that the loader refuses the file like any other database error.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        # The sequence looked up once (MATERIALIZED): in the select list, PostgreSQL would look it up again for
        # every key, six times the cost of taking the keys.
        cursor.execute("WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
                       "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
                       [quote(opts.db_table), opts.pk.column, len(rows)])
        keys = [r[0] for r in cursor.fetchall()]
        columns = ", ".join(quote(c) for c in [opts.pk.column, *(f.column for f in fields)])
        with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for key, row in zip(keys, rows):
                copy.write_row([key, *row])
    return keys
