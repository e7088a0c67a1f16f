"""Roll-ups: every total a table states against the sum of its parts, computed from the sub kegiatan.

T-C.33 (program, kegiatan and the total rows against the sub kegiatan: `plan`), T-C.31 (program, kegiatan and
the Total row against the rows under them, each side on its own: `tc31`), the BAB II evaluation tables (Total and
JUMLAH rows against their rows, a program table against its kegiatan's tables: `evaluation`) and the spending
tables (group and total rows against the account rows: `belanja`); what they all read is in `common`.

A parent is also confronted with the rows written right under it (PAGU-ANAK-*, BELANJA-ANAK, EVAL-ANAK-PROGRAM),
one finding per real disagreement (see the comment above `plan._sub_cell`), and a figure written as a total is
first recognised by what it adds up to: an unlabelled subtotal (urusan programs, the Program Penunjang, a bidang,
the rows since the previous subtotal) is that subtotal, not the plan's or the table's total.

A malformed value is read again (`renja/rules/readings.py`): repaired where its text allows one sensible
reading, the repair named in the finding's readings. A value that stays unreadable is never guessed: the
disagreement is still reported when the readable parts already exceed the total, else an info finding says the
comparison cannot be decided and names the cell.

The rules of every module here are of one family, "sums" (`engine.rule`).
"""

from . import belanja, evaluation, plan, tc31  # noqa: F401  (importing them registers their rules)
from .common import OTHER_KEYS, _what, amount, count, has_money, is_total_label, money, selisih, unreadable_subs
from .evaluation import table_label
from .plan import part_rows
from .tc31 import tc31_total_statements

__all__ = ["OTHER_KEYS", "_what", "amount", "count", "has_money", "is_total_label", "money", "part_rows", "selisih",
           "table_label", "tc31_total_statements", "unreadable_subs"]
