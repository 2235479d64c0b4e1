"""The innstilling in the office's form (issue 13): the heading block, background and legal
basis, the proposed vedtak, the klage statement, and the technical appendix "Om beregningen".

The sections themselves are functions over one :class:`~allocation.report.sections.Context`,
like those of :mod:`allocation.report.sections`; :data:`SECTIONS` is the document's order. The
main text is plain Norwegian for a leader; the technical facts (the policy in words, the
solver, the objective, the proven gap, the input files' checksums, the rules table
and the by-hand comparison) come after the appendix heading.

The proposal tables (:func:`allocation.report.sections.grants`, ``rejected``) give each
application its *short reason*: the decisive reason record
(:attr:`allocation.records.Explanation.short`) in its short template, a phrase. The full
reasons stay in allocation.csv, the letters and the workbook (a column of its own in the
sheets of the two tables, and "Alle søknader").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from allocation import format as fmt
from allocation.report import sections as S
from allocation.report.document import Section
from allocation.report.robustness_section import robustness_section
from allocation.wording.case import klage_statement

__all__ = [
    "SECTIONS",
    "appendix",
    "background",
    "klage",
    "letterhead",
    "robustness",
    "vedtak",
]


def letterhead(ctx: S.Context) -> list[tuple[str, str]]:
    """The heading block from ``[case]``: office and department, Til, Fra, saksnummer, dato
    (a line only for what the scheme gives; the date always)."""
    w = ctx.w
    case = ctx.scheme.case if ctx.scheme is not None else None
    rows: list[tuple[str, str]] = []
    if case is not None:
        office = " – ".join(t for t in (case.virksomhet, case.avdeling) if t)
        if office:
            rows.append(("", office))
        lines = ((w.L_TO, case.til), (w.L_FROM, case.fra), (w.L_CASE, case.saksnummer))
        rows += [(label, value) for label, value in lines if value]
    rows.append((w.L_DATE, fmt.date(ctx.date)))
    return rows


def background(ctx: S.Context) -> Section | None:
    """Bakgrunn og hjemmel: the scheme, its year and place, the legal basis and the frame."""
    s = ctx.scheme
    if s is None:
        return None
    w = ctx.w
    place = w.BACKGROUND_PLACE.format(region=s.region) if s.region else ""
    sec = Section(w.H_BACKGROUND)
    text = w.BACKGROUND_TEXT.format(year=s.year, name=s.name, place=place)
    if s.case.hjemmel:
        text += " " + w.BACKGROUND_LEGAL.format(hjemmel=s.case.hjemmel.rstrip("."))
    sec.p(text + " " + w.BACKGROUND_FRAME.format(frame=fmt.money(ctx.frame)))
    return sec


def vedtak(ctx: S.Context) -> Section:
    """Forslag til vedtak: who is granted how much, and the rest rejected as reasoned above."""
    w = ctx.w
    sec = Section(w.H_VEDTAK)
    funded = ctx.funded.sort_values(["applicant", "application_id"])
    if not len(funded):
        return sec.p(w.VEDTAK_NONE)
    s = ctx.scheme
    fra = s.case.fra if s is not None else None
    sec.p(
        w.VEDTAK_TEXT.format(
            who=fra or w.VEDTAK_WHO,
            name=s.name if s is not None else "",
            year=s.year if s is not None else "",
            total=fmt.money(ctx.granted_total),
        )
    )
    sec.bullets(
        [
            w.VEDTAK_LINE.format(
                applicant=S._text(r.applicant),
                amount=fmt.money(int(r.granted)),
                title=S._text(r.title),
                id=r.application_id,
            )
            for r in funded.itertuples()
        ]
    )
    alloc = ctx.alloc
    apart = alloc["decision"].isin(S.W.DECISIONS_NO_NEW_MONEY)
    rest = int(((alloc["granted"] <= 0) & ~apart).sum())
    if rest > 0:
        sec.p(w.VEDTAK_REST.format(n=S._n(rest, w.APPLICATIONS)))
    return sec


def klage(ctx: S.Context) -> Section | None:
    """Klageadgang: the klage statement of ``[case]`` (None when the scheme states none)."""
    if ctx.scheme is None:
        return None
    text = klage_statement(ctx.scheme.case, ctx.lang)
    if text is None:
        return None
    return Section(ctx.w.H_KLAGE).p(text)


def _checksums(ctx: S.Context) -> list[tuple[str, str]]:
    """(file name, first 16 hex digits of its SHA-256) for each file of the round read."""
    files = ctx.round.files if ctx.round is not None else {}
    out = []
    for path in sorted({Path(p) for p in files.values()}, key=lambda p: p.name):
        if path.is_file():
            out.append((path.name, hashlib.sha256(path.read_bytes()).hexdigest()[:16]))
    return out


def appendix(ctx: S.Context) -> Section:
    """Vedlegg: Om beregningen: every rule as applied, with the policy in words, the solver,
    the objective, the proven gap and the input files' checksums."""
    w = ctx.w
    sec = Section(w.H_APPENDIX, new_page=True).p(w.APPENDIX_TEXT)
    table = S.rules_table(ctx)
    if ctx.summary.get("gap") is not None:
        table.rows.append({"rule": w.RULE_GAP, "value": fmt.percent(float(ctx.summary["gap"]), 2)})
    table.rows += [
        {"rule": w.RULE_INPUT.format(file=name), "value": digest}
        for name, digest in _checksums(ctx)
    ]
    return sec.add_table(table)


def robustness(ctx: S.Context) -> Section | None:
    """Robusthet: the robustness figures and the budget curve, when the run computed them."""
    run = ctx.robustness
    if run is None or not run.robustness.ok:
        return None
    return robustness_section(ctx, run.robustness, run.sweep)


#: The sections in document order; a function returning None leaves its section out. The
#: appendix and what follows it (the by-hand comparison) are the technical part.
SECTIONS: tuple[Callable[[S.Context], Section | None], ...] = (
    S.summary,
    background,
    S.budget_frame,
    S.outcome,
    S.criteria,
    S.grants,
    S.rejected,
    S.transfers,
    S.locks,
    S.ranking,
    robustness,
    S.spread,
    S.commitments_ahead,
    S.history,
    S.changes,
    S.conditions,
    vedtak,
    klage,
    S.approval,
    appendix,
    S.greedy,
)
