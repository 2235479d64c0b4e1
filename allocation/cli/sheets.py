"""``allocation sheets ROUND [--assessors A B C] [--out DIR]``: one scoring workbook per assessor.

Each workbook (openpyxl) holds the round's applications (id, applicant, title) and one column
per criterion, the criterion's label and the scale as a note (cell comment) on its header, data
validation for the scale, and the assessor's name filled in: the wide form of CONTRACT v1.2,
so the filled-in workbooks read back as they are, as the sheets of one ``scores.xlsx`` or as
the files of a ``scores/`` folder. The assessors are those named, else those in the round's
scores, else the command stops (exit 2) saying so. ``--out`` is as for ``solve`` (a folder
that does not exist or is empty); by default a new folder in the current directory, never
inside the round itself.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from allocation import format as F
from allocation.errors import Problem
from allocation.exit_codes import ExitCode
from allocation.round.applications import check_applications
from allocation.round.context import Context
from allocation.round.data import Scheme, key
from allocation.round.files import find_files, read_raw
from allocation.round.scheme import read_scheme_file
from allocation.round.scores import read_score_sheets
from allocation.wording import cli as C
from allocation.wording.validation import Code

#: The fixed columns before the criteria (``applicant`` and ``title`` are read back as notes).
FIXED_COLUMNS = ("application_id", "assessor", "applicant", "title")


def _round_parts(folder: Path) -> tuple[Scheme | None, pd.DataFrame | None, list[Problem]]:
    """The scheme and the applications of a round that may not have scores yet."""
    files, problems = find_files(folder)
    problems = [p for p in problems if p.code != Code.MISSING_FILE or "scores" not in p.file]
    ctx = Context(problems, {})
    scheme = None
    if "scheme" in files:
        result = read_scheme_file(files["scheme"])
        problems.extend(result.problems)
        scheme, ctx.partial = result.scheme, result.partial
    table = None
    if "applications" in files:
        raw, found = read_raw(files["applications"])
        problems.extend(found)
        if raw is not None:
            table, _ = check_applications(raw, ctx)
    return scheme, table, [p for p in problems if p.severity == "error"]


def round_assessors(folder: Path) -> list[str]:
    """The assessors in the round's scores, as first written, in order of appearance."""
    files, _ = find_files(folder)
    if "scores" not in files:
        return []
    ctx = Context([], {})
    seen: dict[str, str] = {}
    for raw in read_score_sheets(files["scores"], ctx):
        for j, header in enumerate(raw.header):
            if header.casefold() == "assessor":
                for cell in raw.column(j):
                    name = str(cell).strip()
                    if name:
                        seen.setdefault(key(name), name)
    return list(seen.values())


def _file_name(assessor: str, taken: set[str]) -> str:
    """A file name for the assessor's workbook (characters Windows forbids replaced)."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", assessor).strip(" .") or "bedommer"
    name, n = stem, 2
    while name.casefold() in taken:
        name, n = f"{stem}-{n}", n + 1
    taken.add(name.casefold())
    return name + ".xlsx"


def write_sheet(path: Path, assessor: str, scheme: Scheme, applications: pd.DataFrame) -> None:
    """Write one assessor's workbook.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file to write.
    assessor : str
        The assessor's name, filled into every row (and the sheet's name).
    scheme : Scheme
        The criteria (columns, notes) and the scale (data validation).
    applications : pd.DataFrame
        The applications table (``application_id``, ``applicant``, ``title``).
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", assessor)[:31] or "Poeng"
    criteria = [c.id for c in scheme.criteria]
    ws.append([*FIXED_COLUMNS, *criteria])
    for row in applications.itertuples(index=False):
        ws.append([str(row.application_id), assessor, str(row.applicant), str(row.title)])
    low, high = scheme.scale
    scale = C.SHEETS_SCALE.format(low=_plain(low), high=_plain(high))
    last = len(applications) + 1
    for k, criterion in enumerate(scheme.criteria):
        column = get_column_letter(len(FIXED_COLUMNS) + 1 + k)
        note = f"{criterion.label or criterion.id}\n{scale}"
        ws[f"{column}1"].comment = Comment(note, "allocation")
        rule = DataValidation(
            type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}"
        )
        rule.error, rule.errorTitle = scale, C.SHEETS_SCALE_TITLE
        rule.showErrorMessage = True
        ws.add_data_validation(rule)
        if last > 1:
            rule.add(f"{column}2:{column}{last}")
    for j, width in enumerate((14, 16, 24, 40), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = f"{get_column_letter(len(FIXED_COLUMNS) + 1)}2"
    wb.save(path)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _default_out(folder: Path) -> Path:
    """A new folder in the current directory (its parent, if that is inside the round)."""
    base = Path.cwd().resolve()
    inside = folder.resolve()
    if base == inside or inside in base.parents:
        base = inside.parent
    out, n = base / f"vurderingsark-{inside.name}", 2
    while out.exists() and (not out.is_dir() or any(out.iterdir())):
        out, n = base / f"vurderingsark-{inside.name}-{n}", n + 1
    return out


def command_sheets(args: argparse.Namespace) -> int:
    """Run ``allocation sheets``; return the exit status."""
    from allocation.cli.solve import check_out_dir

    folder = Path(args.round)
    if not folder.is_dir():
        print(C.SHEETS_NO_ROUND.format(path=folder), file=sys.stderr)
        return ExitCode.INVALID_INPUT
    scheme, applications, problems = _round_parts(folder)
    if problems or scheme is None or applications is None:
        for problem in problems:
            print(problem)
        return ExitCode.INVALID_INPUT
    assessors = list(dict.fromkeys(a.strip() for a in args.assessors or [] if a.strip()))
    assessors = assessors or round_assessors(folder)
    if not assessors:
        print(C.SHEETS_NO_ASSESSORS, file=sys.stderr)
        return ExitCode.USAGE
    out = Path(args.out) if args.out else _default_out(folder)
    inside = folder.resolve()
    if out.resolve() == inside or inside in out.resolve().parents:
        print(C.SHEETS_OUT_IN_ROUND.format(path=out), file=sys.stderr)
        return ExitCode.USAGE
    if (out_problem := check_out_dir(out)) is not None:
        print(out_problem, file=sys.stderr)
        return ExitCode.USAGE
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for assessor in assessors:
        write_sheet(out / _file_name(assessor, taken), assessor, scheme, applications)
    print(C.SHEETS_WRITTEN.format(sheets=F.count(len(assessors), *C.SHEET_NOUN), path=out))
    return ExitCode.OK
