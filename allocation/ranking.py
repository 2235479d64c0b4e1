"""Defending the allocation against the ranking: rank inversions and money left unspent.

An *inversion* is a pair of candidates where i ranks above j (the contract's priority ranking,
:func:`allocation.solve.priority.priority_order`), j gets a grant and i gets less than its
fundable amount ``U_i``. Likebehandling asks that every such pair is explained by a rule of the
scheme. For each pair the causes are taken from the rule units (:mod:`allocation.model.rules`):

- a rule that holds i out or back, whatever j gets (:meth:`Rule.holds_out` when i got nothing,
  :meth:`Rule.holds_back` when it got part): a region's ceiling, a model's maximum, one per
  applicant, the projects maximum;
- a minimum rule that needs j (:meth:`Rule.requires`): each region, each model, the projects
  minimum;
- the budget with the smallest grant, where no rule applies: i got nothing, and its smallest
  grant ``L_i`` is more than the money left and all that lower-ranked applications got without
  being needed by a minimum rule, together (``smallest``).

A pair with none of these is *unexplained*: under ``merit`` and ``coverage`` it is the price of
"more total value for the money"; under ``priority`` it cannot occur (the lexicographic maximum
would have moved the money to i), which the tests check.

*Unspent* money: what is left of B when no remaining candidate can get its smallest grant
under the rules; the rules that hold them out are named.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from allocation.model.data import ModelData
from allocation.model.rules import Tally
from allocation.records import Reason, reason
from allocation.solve.priority import priority_order

#: Cause code of the budget-with-smallest-grant case (no rule unit of its own).
SMALLEST = "smallest"
#: The "rule" an unexplained inversion is counted under.
VALUE = "value"
#: Above this many pairs, the inversions are counted but not analysed one by one.
MAX_PAIRS = 20_000


@dataclass(frozen=True)
class Inversion:
    """Candidate ``above`` (better ranked) got less than ``U``; ``below`` got a grant."""

    above: str
    below: str
    causes: tuple[Reason, ...]

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule families that explain the pair (``("value",)`` when none does)."""
        names = [name for cause in self.causes for name in _rules_of(cause)]
        return tuple(dict.fromkeys(names)) or (VALUE,)


@dataclass
class RankingFacts:
    """The inversions of an allocation and its unspent money, as records."""

    inversions: list[Inversion] = field(default_factory=list)
    total: int = 0  # pairs, also when they were too many to analyse
    analysed: bool = True
    unspent: int = 0
    unspent_causes: list[Reason] = field(default_factory=list)
    _by: tuple[dict[str, list[Inversion]], dict[str, list[Inversion]], int] | None = field(
        default=None, repr=False, compare=False
    )

    def summary(self) -> dict[str, object]:
        """``inversions`` of summary.json: ``{total, by_rule: {rule: count}, unexplained}``."""
        by_rule: Counter[str] = Counter()
        for inv in self.inversions:
            by_rule.update(inv.rules)
        unexplained = by_rule.pop(VALUE, 0)
        out: dict[str, object] = {
            "total": self.total,
            "by_rule": dict(sorted(by_rule.items())),
            "unexplained": unexplained,
        }
        if not self.analysed:
            out["analysed"] = False
        return out

    @property
    def unexplained(self) -> int:
        """The pairs no rule explains."""
        return sum(1 for inv in self.inversions if inv.rules == (VALUE,))

    def against(self, app_id: str) -> list[Inversion]:
        """The inversions where ``app_id`` is the better-ranked one that got less."""
        return self._index()[0].get(app_id, [])

    def passing(self, app_id: str) -> list[Inversion]:
        """The inversions where ``app_id`` is the lower-ranked one that got a grant."""
        return self._index()[1].get(app_id, [])

    def _index(self) -> tuple[dict[str, list[Inversion]], dict[str, list[Inversion]]]:
        """The inversions by their better- and their lower-ranked application (built once)."""
        if self._by is None or self._by[2] != len(self.inversions):
            above: dict[str, list[Inversion]] = {}
            below: dict[str, list[Inversion]] = {}
            for inv in self.inversions:
                above.setdefault(inv.above, []).append(inv)
                below.setdefault(inv.below, []).append(inv)
            self._by = (above, below, len(self.inversions))
        return self._by[0], self._by[1]


def _rules_of(cause: Reason) -> list[str]:
    if cause.code == "inversion.smallest":
        return [SMALLEST]
    if cause.code == "inversion.needed":
        return [r.rule for r in cause.params["rules"]]
    return [cause.rule]


def reason_key(item: Reason) -> str:
    """A reason's identity (code and parameters), for saying each reason once."""
    return item.code + repr(sorted(item.params.items()))


def merged_causes(pairs: Sequence[Inversion]) -> list[Reason]:
    """The causes of some inversions, each said once, in the pairs' order.

    The applications one minimum rule needs are named together ("A og B trengs for å oppfylle
    ..."), and the lower-ranked applications whose grants no rule explains are named in one
    ``inversion.value`` ("mer samlet verdi for pengene").
    """
    out: dict[str, Reason] = {}
    needed: dict[str, tuple[list[Reason], list[str]]] = {}
    value: list[str] = []
    for pair in pairs:
        if not pair.causes:
            value.append(pair.below)
        for cause in pair.causes:
            if cause.code == "inversion.needed":
                rules = list(cause.params["rules"])
                entry = needed.setdefault(repr([reason_key(r) for r in rules]), (rules, []))
                entry[1].extend(str(i) for i in cause.params["ids"])
            else:
                out.setdefault(reason_key(cause), cause)
    merged = list(out.values())
    for rules, ids in needed.values():
        merged.append(reason("inversion.needed", ids=list(dict.fromkeys(ids)), rules=rules))
    if value:
        merged.append(reason("inversion.value", ids=list(dict.fromkeys(value))))
    return merged


def _shortfall_causes(d: ModelData, t: Tally, i: int) -> list[Reason]:
    """Rules that hold candidate i out (nothing granted) or back (part granted) under ``t``."""
    if t.g[i] == 0:
        return [r for rule in d.active_rules if (r := rule.holds_out(d, t, i))]
    return [r for rule in d.active_rules if (r := rule.holds_back(d, t, i))]


def _needs(d: ModelData, t: Tally, j: int) -> list[Reason]:
    """The minimum rules that need funded candidate j."""
    return [r for rule in d.active_rules if (r := rule.requires(d, t, j))]


def ranking_facts(d: ModelData, k: np.ndarray, max_pairs: int = MAX_PAIRS) -> RankingFacts:
    """The inversions and unspent money of the allocation ``k`` (grants in units of R).

    A cause explains the pair (i, j) only if it would still hold with j's grant taken away
    (:meth:`Tally.without`): a model's maximum does not explain why a lower-ranked application of
    the *same* model got the place. Above ``max_pairs`` pairs only their number is counted.
    """
    g = np.asarray(k, dtype=np.int64) * d.R
    t = Tally.of(d, g, (g > 0).astype(np.int64))
    order = priority_order(d.ids, d.score)
    needs: dict[int, list[Reason]] = {}
    for j in range(d.n):
        if g[j] > 0 and (rules := _needs(d, t, j)):
            needs[j] = [reason("inversion.needed", ids=[d.ids[j]], rules=rules)]
    facts = RankingFacts()
    facts.unspent, facts.unspent_causes = _unspent(d, t)
    position = {j: p for p, j in enumerate(order)}
    funded = [j for j in order if g[j] > 0]
    funded_at = [position[j] for j in funded]
    short = [i for i in order if g[i] < int(d.K[i]) * d.R]
    first_below = {i: bisect.bisect_right(funded_at, position[i]) for i in short}
    facts.total = sum(len(funded) - first_below[i] for i in short)
    if facts.total > max_pairs:
        facts.analysed = False
        return facts
    # the money lower-ranked grants could free (those not needed by a minimum rule), by position
    freeable = np.array([0 if (j in needs or g[j] == 0) else int(g[j]) for j in order] + [0])
    free_after = np.cumsum(freeable[::-1])[::-1]
    for i in short:
        smallest, free = int(d.Lk[i]) * d.R, int(free_after[position[i] + 1])
        unreachable = g[i] == 0 and smallest > free + t.left
        for j in funded[first_below[i] :]:
            causes = _shortfall_causes(d, t.without(d, j), i) + needs.get(j, [])
            if unreachable and not causes:  # the budget and the smallest grant, no rule
                figures = {"smallest": smallest, "left": t.left, "free": free}
                causes.append(reason("inversion.smallest", **figures))
            facts.inversions.append(Inversion(d.ids[i], d.ids[j], tuple(causes)))
    return facts


def _unspent(d: ModelData, t: Tally) -> tuple[int, list[Reason]]:
    """Money left when no remaining candidate can be given its smallest grant, and why."""
    if t.left <= 0:
        return 0, []
    causes: dict[str, Reason] = {}
    for j in range(d.n):
        if t.g[j] >= int(d.K[j]) * d.R:
            continue
        found = _shortfall_causes(d, t, j)
        if t.g[j] == 0 and t.left < int(d.Lk[j]) * d.R:
            found.append(reason("unspent.smallest", left=t.left))
        for cause in found:
            causes.setdefault(reason_key(cause), cause)
    return t.left, list(causes.values())
