"""Recusals (inhabilitet, forvaltningsloven §§ 6-10): ``recusals.csv`` or ``recusals.xlsx``.

Columns ``application_id, assessor``, optionally ``reason`` (CONTRACT v1.2). A recused
assessor's scores for that application are left out of its score, as if absent: the scores
table leaves them out, and keeps the recusals that hold in ``Round.scores.attrs["recusals"]``
(:data:`RECUSAL_TABLE_COLUMNS`), so that the innstilling can say who was recused from what.
One warning per recusal that removed scores. A recusal naming an application not in the
applications, or an assessor with no score anywhere in the round, is an error naming file, row
and column.
"""

from __future__ import annotations

import numpy as np

from allocation import format as F
from allocation.errors import Problem
from allocation.round.columns import Column, check_columns, keys
from allocation.round.context import Applications, Context
from allocation.round.files import RawTable
from allocation.wording import validation as W
from allocation.wording.validation import Code

RECUSAL_COLUMNS: tuple[Column, ...] = (
    Column("application_id", "id", required=True, nonblank=True),
    Column("assessor", "text", required=True, nonblank=True),
    Column("reason", "text", default=""),
)
#: The recusals that hold, as ``Round.scores.attrs["recusals"]`` keeps them: one tuple each.
RECUSAL_TABLE_COLUMNS = ("application_id", "assessor", "reason", "source_row", "removed")
Recusal = tuple[str, str, str, int, int]


def check_recusals(
    raw: RawTable,
    ctx: Context,
    apps: Applications,
    entries: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, tuple[Recusal, ...]]:
    """Check the recusals against the applications and the scores; mark the recused scores.

    Parameters
    ----------
    raw : RawTable
        The recusals table.
    ctx : Context
        Where the problems go.
    apps : Applications
        The applications the recusals must name.
    entries : tuple of arrays
        The scores' application keys, assessor keys and whether a score is written.

    Returns
    -------
    tuple
        ``(recused, account)``: one bool per score entry (the entry is a recused assessor's
        score), and the recusals that hold (:data:`RECUSAL_TABLE_COLUMNS`, ``removed`` the
        number of scores each left out), as tuples (plain values, so that pandas can compare
        the ``attrs`` they are kept in).
    """
    t = check_columns(raw, RECUSAL_COLUMNS, ctx.problems)
    id_keys, assessor_keys, present = entries
    recused = np.zeros(len(id_keys), dtype=bool)
    known_assessors = set(assessor_keys[present].tolist())
    ids, assessors = t.values["application_id"], t.values["assessor"]
    rec_ids, rec_assessors = keys(ids), keys(assessors)
    account: list[Recusal] = []
    for k, row in enumerate(t.rows.tolist()):
        if not rec_ids[k] or not rec_assessors[k]:
            continue  # a blank cell, already reported
        if apps.table is not None and rec_ids[k] not in apps.index:
            message = W.RECUSAL_UNKNOWN_APPLICATION.format(id=ids[k], applications=apps.file)
            ctx.problems.append(
                Problem(
                    raw.file,
                    message,
                    row=row,
                    column="application_id",
                    code=Code.RECUSAL_UNKNOWN_APPLICATION,
                )
            )
            continue
        if rec_assessors[k] not in known_assessors:
            message = W.RECUSAL_UNKNOWN_ASSESSOR.format(assessor=assessors[k])
            ctx.problems.append(
                Problem(
                    raw.file,
                    message,
                    row=row,
                    column="assessor",
                    code=Code.RECUSAL_UNKNOWN_ASSESSOR,
                )
            )
            continue
        hit = present & (id_keys == rec_ids[k]) & (assessor_keys == rec_assessors[k])
        removed = int(np.count_nonzero(hit & ~recused))
        recused |= hit
        shown_id = apps.ids[apps.index[rec_ids[k]]] if apps.table is not None else ids[k]
        account.append(
            (str(shown_id), str(assessors[k]), str(t.values["reason"][k] or ""), row, removed)
        )
        if removed:
            message = W.RECUSED_SCORES.format(
                assessor=assessors[k], id=ids[k], scores=F.count(removed, *W.SCORE_NOUN)
            )
            ctx.problems.append(
                Problem(raw.file, message, row=row, severity="warning", code=Code.RECUSED_SCORES)
            )
    return recused, tuple(account)
