"""``allocation validate ROUND``: report every problem of a round, or an overview of it.

Problems go to standard output, one a line (``FEIL: applications.csv, rad 7, kolonne
«requested»: ...``), then a count; the exit status is 1 when there is an error. Warnings
(``ADVARSEL: ...``) never fail. A valid round prints an overview in Norwegian. Input files are
only read, never written.
"""

from __future__ import annotations

import argparse
from collections import Counter

from allocation import format as F
from allocation.errors import Problem
from allocation.round.data import Round, key
from allocation.wording import validation as W

EXIT_OK = 0
EXIT_INVALID = 1


def overview_lines(round_: Round) -> list[str]:
    """The Norwegian overview of a valid round, one line per entry.

    Parameters
    ----------
    round_ : Round
        A loaded round.

    Returns
    -------
    list of str
        Scheme name, year, region, budget (frame + carry-over - committed = available),
        applications and total requested, per-region counts, assessors, criteria and groups,
        number of warnings.
    """
    s = round_.scheme
    apps = round_.applications
    lines = [
        W.OVERVIEW_TITLE.format(folder=round_.name),
        W.OVERVIEW_SCHEME.format(name=s.name),
        W.OVERVIEW_YEAR.format(year=s.year),
    ]
    if s.region:
        lines.append(W.OVERVIEW_REGION.format(region=s.region))
    lines.append(_budget_line(round_))
    lines.append(W.OVERVIEW_POLICY.format(policy=W.POLICY_NAMES.get(s.policy, s.policy)))
    lines.append(
        W.OVERVIEW_APPLICATIONS.format(
            n=F.integer(len(apps)), requested=F.money(int(apps["requested"].sum()))
        )
    )
    if s.applicant_types is not None:
        allowed = {key(t) for t in s.applicant_types}
        ineligible = sum(1 for t in apps["applicant_type"] if key(t) not in allowed)
        if ineligible:
            types = ", ".join(s.applicant_types) or "(ingen)"
            lines.append(W.OVERVIEW_INELIGIBLE.format(n=F.integer(ineligible), types=types))
    lines.append(W.OVERVIEW_PER_REGION.format(regions=_per_region(round_)))
    assessors = {key(a) for a in round_.scores["assessor"]}
    lines.append(W.OVERVIEW_ASSESSORS.format(n=F.integer(len(assessors))))
    lines.extend(assessor_lines(round_))
    group_list = ", ".join(f"{g} {W.number(w)}" for g, w in s.groups.items())
    groups = F.count(len(s.groups), *W.GROUP_NOUN)
    lines.append(
        W.OVERVIEW_CRITERIA.format(
            n=F.integer(len(s.criteria)), groups=groups, group_list=group_list
        )
    )
    if len(round_.budget_lines):
        lines.append(W.OVERVIEW_BUDGET_LINES.format(n=F.integer(len(round_.budget_lines))))
    lines.append(W.OVERVIEW_FILES.format(files=", ".join(p.name for p in round_.files.values())))
    lines.append(W.OVERVIEW_WARNINGS.format(n=F.integer(len(round_.warnings))))
    return lines


def assessor_lines(round_: Round) -> list[str]:
    """Per assessor: the scores that came in and the leniency (the mean offset from the other
    assessors on the same applications, :func:`allocation.model.scoring.leniency`); then the
    number of recusals, when there is a recusals file."""
    from allocation.model.scoring import leniency

    lines = []
    for row in leniency(round_.scores).itertuples(index=False):
        scores = F.count(int(row.scores), *W.SCORE_NOUN)
        if row.leniency != row.leniency:  # NaN: no application shared with another assessor
            lines.append(W.OVERVIEW_ASSESSOR_ALONE.format(assessor=row.assessor, scores=scores))
            continue
        shown = F.decimal(float(row.leniency), 2)
        shown = "+" + shown if float(row.leniency) > 0 and shown.strip("0,") else shown
        lines.append(
            W.OVERVIEW_ASSESSOR.format(assessor=row.assessor, scores=scores, leniency=shown)
        )
    recusals = round_.scores.attrs.get("recusals")
    if recusals is not None:
        lines.append(W.OVERVIEW_RECUSALS.format(n=F.integer(len(recusals))))
    return lines


def _budget_line(round_: Round) -> str:
    """frame + carry-over - committed = available."""
    s = round_.scheme
    committed = int(round_.applications["committed"].sum())
    return W.OVERVIEW_BUDGET.format(
        frame=F.money(s.frame),
        carry_over=F.money(s.carry_over),
        committed=F.money(committed),
        available=F.money(s.frame + s.carry_over - committed),
    )


def _per_region(round_: Round) -> str:
    """The number of applications per region (compared as text keys), regions sorted."""
    shown: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for region in round_.applications["region"]:
        k = key(region)
        shown.setdefault(k, region or "(uten region)")
        counts[k] += 1
    return ", ".join(f"{shown[k]} {F.integer(n)}" for k, n in sorted(counts.items()))


def report(problems: list[Problem]) -> list[str]:
    """The problem lines, then the count line when there is an error."""
    lines = [str(p) for p in problems]
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        e, w = W.count_phrase(errors, len(problems) - errors)
        lines.append(W.COUNT_LINE.format(errors=e, warnings=w))
    return lines


def command_validate(args: argparse.Namespace) -> int:
    """Run ``allocation validate``: print problems or the overview; return the exit status."""
    from pathlib import Path

    from allocation.round.read import check_round

    folder = Path(args.round)
    if not folder.is_dir():
        template = W.ROUND_NOT_DIR if folder.exists() else W.ROUND_NOT_FOUND
        print(f"{W.ERROR_LABEL}: {template.format(path=folder)}")
        return EXIT_INVALID
    round_, problems = check_round(folder)
    for line in report(problems):
        print(line)
    if round_ is None:
        return EXIT_INVALID
    if problems:
        print()
    for line in overview_lines(round_):
        print(line)
    return EXIT_OK
