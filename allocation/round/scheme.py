"""Parsing and checking ``scheme.toml`` (CONTRACT section 1) into :class:`~.data.Scheme`.

The known tables and keys are declared once, in :data:`BASE_TABLES` and, for the rule families,
in each rule unit (:func:`scheme_tables` joins them): each key has a kind (text,
integer, amount, number, true/false, list of text, ``projects``, ``scale``). One generic
checker walks the file against that table, so an unknown table or key is always an error
(with the nearest known name suggested) and a misspelt rule is never silently ignored.

Besides the contract's tables, the project reads its own ``[conditions]`` table::

    [conditions]
    revisor_threshold = 500_000   # grants from this amount need an attested report
    revisor_from = "amount"       # "amount" (from the amount, inclusive) or "above" (strictly)
    report_deadline = "1. mars 2026"
    notes = ["Tilskuddet skal brukes i tråd med søknaden."]

and its own ``[case]`` table, the heading and the klage statement of the innstilling and the
letters (every key optional; see docs/round.md)::

    [case]
    virksomhet = "Statsforvalteren i Trøndelag"
    avdeling = "Oppvekst- og utdanningsavdelingen"
    saksnummer = "2025/1234"
    til = "Direktøren"
    fra = "Oppvekst- og utdanningsavdelingen"
    hjemmel = "Regelverk for tilskuddsordningen, kapittel 225 post 64"
    malform = "nb"                # "nb"/"bokmål" or "nn"/"nynorsk"
    klagerett = false             # false: "ikke et enkeltvedtak ... ikke klagerett"
    klage_tekst = "..."           # the office's own wording instead of the standard
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allocation import format as F
from allocation.errors import DataValidationError, Problem
from allocation.model.rules import INT_LIST, registered_rules
from allocation.round.data import POLICIES, Case, Conditions, Criterion, Scheme, key
from allocation.round.keys import (
    AMOUNT,
    BOOL,
    INT,
    NUMBER,
    PROJECTS,
    SCALE,
    SIGNED_AMOUNT,
    TEXT,
    TEXT_LIST,
    Key,
    SchemeKey,
)
from allocation.tolerances import WEIGHT_SUM_TOLERANCE
from allocation.wording import inputs as I
from allocation.wording import reading as R
from allocation.wording import validation as W
from allocation.wording.language import lang_of
from allocation.wording.validation import Code

SCHEME_FILE = "scheme.toml"

#: Every table and key scheme.toml may hold, except the rule families' own keys, which each
#: rule unit declares (:attr:`allocation.model.rules.Rule.scheme_keys`; see
#: :func:`scheme_tables`). ``groups`` has free keys (group names -> weight); ``criteria`` is an
#: array of tables.
BASE_TABLES: dict[str, dict[str, Key]] = {
    "scheme": {
        "name": Key(TEXT, required=True),
        "year": Key(INT, required=True, low=1900, high=2200),
        "region": Key(TEXT),
    },
    "budget": {
        "frame": Key(AMOUNT, required=True),
        "carry_over": Key(AMOUNT),  # unspent money of last year: never below 0
    },
    "grants": {
        "policy": Key(TEXT),
        "cap": Key(AMOUNT),
        "floor": Key(AMOUNT),
        "min_share": Key(NUMBER, low=0.0, high=1.0),
        "rounding": Key(INT, low=1),
        # the project's own key: a grant is promised for this many years in all (1 = this
        # year only); ``allocation next`` carries the promises into next year's round
        "years": Key(INT, low=1, high=10),
    },
    "quality": {
        "scale": Key(SCALE),
        "threshold": Key(NUMBER),
        "disagreement": Key(NUMBER, low=0.0),  # the project's own key
    },
    "groups": {},
    "criteria": {
        "id": Key(TEXT, required=True),
        "group": Key(TEXT, required=True),
        "label": Key(TEXT),
        "weight": Key(NUMBER, low=0.0),
    },
    "spread": {},  # its keys come from the rule units
    "eligibility": {
        "applicant_types": Key(TEXT_LIST),
        "excluded_cost_categories": Key(TEXT_LIST),
        "partner_required": Key(BOOL),  # the project's own key: an application needs a partner
    },
    "conditions": {
        "revisor_threshold": Key(AMOUNT),
        "revisor_from": Key(TEXT),
        "report_deadline": Key(TEXT),
        "notes": Key(TEXT_LIST),
    },
    # the project's own table: the heading and the klage statement of the documents
    "case": {
        "virksomhet": Key(TEXT),
        "avdeling": Key(TEXT),
        "saksnummer": Key(TEXT),
        "til": Key(TEXT),
        "fra": Key(TEXT),
        "hjemmel": Key(TEXT),
        "malform": Key(TEXT),
        "klagerett": Key(BOOL),
        "klage_tekst": Key(TEXT),
    },
}
REQUIRED_TABLES = ("scheme", "budget", "groups", "criteria")


def scheme_tables() -> dict[str, dict[str, Key]]:
    """Every table and key: the base tables and the keys of the registered rule families."""
    tables = {name: dict(keys) for name, keys in BASE_TABLES.items()}
    for sk in rule_scheme_keys():
        tables.setdefault(sk.table, {})[sk.key] = sk.spec
    return tables


def rule_scheme_keys() -> list[SchemeKey]:
    """The scheme keys the registered rule families read, in registry order."""
    return [sk for family in registered_rules() for sk in family.scheme_keys]


#: Names a criterion id may not take: they are columns of the wide scores form.
RESERVED_CRITERION_IDS = ("application_id", "assessor")
GROUP_SUM_TOLERANCE = WEIGHT_SUM_TOLERANCE  # the name this module used before


@dataclass
class SchemeResult:
    """What parsing scheme.toml gave: the scheme (None on any error), problems, and the
    parts that parsed cleanly (``partial``) so that the tables can still be checked."""

    scheme: Scheme | None
    problems: list[Problem] = field(default_factory=list)
    partial: dict[str, Any] = field(default_factory=dict)


def suggestion(name: str, candidates: list[str] | tuple[str, ...]) -> str:
    """The Norwegian "did you mean" tail for ``name``, or "" when nothing is close."""
    lowered = {c.casefold(): c for c in candidates}
    close = difflib.get_close_matches(name.casefold(), list(lowered), n=1, cutoff=0.6)
    if not close:  # "mål" for "maal": compare with æ, ø, å spelt out as well
        spelt = {_spell_out(c): c for c in lowered}
        found = difflib.get_close_matches(_spell_out(name.casefold()), list(spelt), n=1, cutoff=0.6)
        close = [spelt[f] for f in found]
    return W.SUGGESTION.format(name=lowered[close[0]]) if close else ""


_SPELT_OUT: dict[str, str | int | None] = {"æ": "ae", "ø": "o", "å": "aa"}


def _spell_out(text: str) -> str:
    return text.translate(str.maketrans(_SPELT_OUT))


def _show(value: Any) -> str:
    """A TOML value as the adviser wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "en tabell"
    return str(value)


class _Checker:
    """Collects problems while converting the TOML values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, code: str, message: str, column: str | None = None) -> None:
        self.problems.append(Problem(SCHEME_FILE, message, column=column, code=code))

    def warning(self, code: str, message: str, column: str | None = None) -> None:
        problem = Problem(SCHEME_FILE, message, column=column, severity="warning", code=code)
        self.problems.append(problem)

    def value(self, table: str, name: str, spec: Key, raw: Any, prefix: str = "") -> Any:
        """Convert one value; on a problem, report it and return None."""
        try:
            return _CONVERTERS.get(spec.kind, _number)(name, spec, raw)
        except _Wrong as exc:
            self.error(exc.code, prefix + exc.message, f"{table}.{name}")
            return None

    def table(
        self, name: str, raw: Any, specs: dict[str, Key], prefix: str = ""
    ) -> dict[str, Any] | None:
        """Check one table's keys against ``specs``; return the converted values."""
        if not isinstance(raw, dict):
            self.error(Code.NOT_A_TABLE, prefix + W.NOT_A_TABLE.format(table=name), name)
            return None
        out: dict[str, Any] = {}
        for k, v in raw.items():
            if k not in specs:
                tail = suggestion(k, list(specs))
                message = W.UNKNOWN_KEY.format(key=k, table=name, suggestion=tail)
                self.error(Code.UNKNOWN_KEY, prefix + message)
                continue
            converted = self.value(name, k, specs[k], v, prefix)
            if converted is not None:
                out[k] = converted
        for k, spec in specs.items():
            if spec.required and k not in raw:
                message = W.KEY_MISSING.format(key=k, table=name)
                self.error(Code.MISSING_KEY, prefix + message, f"{name}.{k}")
        return out


class _Wrong(ValueError):
    """A value that does not convert: the problem's code and message (without prefix)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _wrong_type(name: str, kind: str, raw: Any) -> _Wrong:
    return _Wrong(Code.WRONG_TYPE, W.WRONG_TYPE.format(key=name, kind=kind, value=_show(raw)))


def _text(name: str, spec: Key, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _wrong_type(name, W.KIND_TEXT, raw)
    if spec.required and not raw.strip():
        raise _Wrong(Code.EMPTY_TEXT, W.EMPTY_TEXT.format(key=name))
    return raw.strip()


def _bool(name: str, spec: Key, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _wrong_type(name, W.KIND_BOOL, raw)
    return raw


def _text_list(name: str, spec: Key, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise _wrong_type(name, W.KIND_TEXT_LIST, raw)
    return tuple(v.strip() for v in raw)


def _projects(name: str, spec: Key, raw: Any) -> tuple[int, int | None]:
    ok = (
        isinstance(raw, list)
        and 1 <= len(raw) <= 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
    )
    if not ok:
        raise _wrong_type(name, W.KIND_PROJECTS, raw)
    if any(v < 0 for v in raw):
        raise _Wrong(Code.NEGATIVE_VALUE, W.NEGATIVE.format(key=name, value=_show(raw)))
    if len(raw) == 2 and raw[0] > raw[1]:
        message = W.PROJECTS_MIN_GT_MAX.format(low=raw[0], high=raw[1])
        raise _Wrong(Code.PROJECTS_MIN_ABOVE_MAX, message)
    return (raw[0], raw[1] if len(raw) == 2 else None)


def _scale(name: str, spec: Key, raw: Any) -> tuple[float, float]:
    ok = (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw)
        and all(math.isfinite(v) for v in raw)
    )
    if not ok:
        raise _wrong_type(name, W.KIND_SCALE, raw)
    if raw[0] >= raw[1]:
        raise _Wrong(Code.SCALE_ORDER, W.SCALE_ORDER.format(low=raw[0], high=raw[1]))
    return (float(raw[0]), float(raw[1]))


def _number(name: str, spec: Key, raw: Any) -> int | float:
    """A number of kind INT, AMOUNT, SIGNED_AMOUNT or NUMBER, within the key's bounds."""
    kind = spec.kind
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _wrong_type(
            name, {INT: W.KIND_INT, NUMBER: W.KIND_NUMBER}.get(kind, W.KIND_AMOUNT), raw
        )
    if isinstance(raw, float) and not math.isfinite(raw):
        raise _wrong_type(name, W.KIND_NUMBER, raw)
    if kind in (INT, AMOUNT, SIGNED_AMOUNT):
        if isinstance(raw, float):
            if not raw.is_integer():
                raise _wrong_type(name, W.KIND_INT if kind == INT else W.KIND_AMOUNT, raw)
            raw = int(raw)
        if kind == AMOUNT and raw < 0:
            raise _Wrong(Code.NEGATIVE_VALUE, W.NEGATIVE.format(key=name, value=_show(raw)))
    else:
        raw = float(raw)
    _check_bounds(name, spec, raw)
    return raw


def _check_bounds(name: str, spec: Key, raw: int | float) -> None:
    if spec.low is not None and spec.high is not None:
        if not spec.low <= raw <= spec.high:
            message = W.OUT_OF_RANGE.format(
                key=name, low=_num(spec.low), high=_num(spec.high), value=_show(raw)
            )
            raise _Wrong(Code.OUT_OF_RANGE, message)
    elif spec.low is not None and raw < spec.low:
        if spec.low == 0:
            raise _Wrong(Code.NEGATIVE_VALUE, W.NEGATIVE.format(key=name, value=_show(raw)))
        message = W.AT_LEAST.format(key=name, low=_num(spec.low), value=_show(raw))
        raise _Wrong(Code.BELOW_MINIMUM, message)


def _int_list(name: str, spec: Key, raw: Any) -> tuple[int, ...]:
    """A non-empty, strictly increasing list of positive integers (``size_classes``)."""
    ok = (
        isinstance(raw, list)
        and len(raw) > 0
        and all(isinstance(v, int) and not isinstance(v, bool) for v in raw)
    )
    if not ok:
        raise _wrong_type(name, I.KIND_INT_LIST, raw)
    if any(v <= 0 for v in raw) or any(a >= b for a, b in zip(raw, raw[1:], strict=False)):
        raise _Wrong(I.InputCode.BAD_SIZE_CLASSES, I.BAD_SIZE_CLASSES.format(value=_show(raw)))
    return tuple(raw)


_CONVERTERS: dict[str, Callable[[str, Key, Any], Any]] = {
    INT_LIST: _int_list,
    TEXT: _text,
    BOOL: _bool,
    TEXT_LIST: _text_list,
    PROJECTS: _projects,
    SCALE: _scale,
}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _syntax_problem(exc: tomllib.TOMLDecodeError, source: str) -> Problem:
    """The Norwegian message for a TOML syntax error: the line, its text, what is wrong and,
    for the usual slips (``1 000 000``, ``3,5``, unquoted text or æ/ø/å in a key), the fix."""
    text = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)", text)
    detail = re.sub(r"\s*\((?:at line \d+, column \d+|at end of document)\)", "", text).strip()
    reason = next(
        (words for start, words in W.TOML_REASONS.items() if detail.startswith(start)),
        W.TOML_REASON_OTHER.format(detail=detail or text),
    )
    lines = source.splitlines()
    number = int(match.group(1)) if match else None
    if number is None and detail.startswith("Cannot overwrite a value"):
        number = _repeated_key_line(lines)
    if number is None or not 0 < number <= len(lines):
        message = W.SCHEME_SYNTAX_NO_LINE.format(reason=reason)
        return Problem(SCHEME_FILE, message, code=Code.TOML_SYNTAX)
    line = lines[number - 1]
    message = W.SCHEME_SYNTAX.format(line=number, text=line.strip(), reason=reason)
    bare = re.match(r"^\s*([^\"'=\[#]+?)\s*=\s*(.*?)\s*(?:#.*)?$", line)
    if bare:
        name, value = bare.group(1).strip(), bare.group(2)
        if not name.isascii():  # a bare key with æ, ø, å (Søknad = 0.2) needs quotes
            message += W.SCHEME_QUOTE_HINT.format(name=name)
        elif re.fullmatch(r"-?\d{1,3}(?:[ \u00a0]\d{3})+(?:\s*(?:kr|nok))?", value, re.I) or (
            re.fullmatch(r"-?[\d_]+\s*(?:kr|nok|,-)", value, re.I)
        ):
            message += W.SCHEME_NUMBER_HINT
        elif re.fullmatch(r"-?\d+,\d+", value):
            message += W.SCHEME_DECIMAL_HINT.format(value=value.replace(",", "."))
        elif value[:1].isalpha() and not re.fullmatch(r"true|false|inf|nan", value):
            message += W.SCHEME_TEXT_HINT.format(name=name, value=value)
    return Problem(SCHEME_FILE, message, code=Code.TOML_SYNTAX)


def _repeated_key_line(lines: list[str]) -> int | None:
    """The line of the first key given twice in the same table (tomllib does not say)."""
    seen: set[tuple[str, str]] = set()
    table = ""
    for number, line in enumerate(lines, start=1):
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]", line)
        if header:
            table = header.group(1) + (f"#{number}" if line.lstrip().startswith("[[") else "")
            continue
        bare = re.match(r"^\s*([^\"'=\[#\s]+|\"[^\"]*\")\s*=", line)
        if bare:
            entry = (table, bare.group(1).strip('"'))
            if entry in seen:
                return number
            seen.add(entry)
    return None


def _check_tables(c: _Checker, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Check every table but [groups] and [[criteria]]; return their converted values."""
    values: dict[str, dict[str, Any]] = {}
    tables = scheme_tables()
    for table, raw in data.items():
        if table not in tables:
            tail = suggestion(table, list(tables))
            c.error(Code.UNKNOWN_TABLE, W.UNKNOWN_TABLE.format(table=table, suggestion=tail))
            continue
        if table in ("groups", "criteria"):
            continue
        checked = c.table(table, raw, tables[table])
        if checked is not None:
            values[table] = checked
    for table in REQUIRED_TABLES:
        if table not in data:
            if table == "criteria":
                c.error(Code.NO_CRITERIA, W.NO_CRITERIA, "criteria")
            else:
                c.error(Code.MISSING_TABLE, W.TABLE_MISSING.format(table=table), table)
    return values


def _check_group_weights(c: _Checker, groups: dict[str, float], criteria: list[Criterion]) -> None:
    """A group whose weight is above 0 needs criteria whose weights sum above 0."""
    for group, weight in groups.items():
        total = sum(cr.weight for cr in criteria if cr.group == group)
        if weight > 0 and not total > 0:
            c.error(
                Code.GROUP_WITHOUT_CRITERIA,
                W.GROUP_WITHOUT_CRITERIA.format(group=group, weight=W.number(weight)),
                "groups." + group,
            )


def _check_choices(c: _Checker, values: dict[str, dict[str, Any]]) -> None:
    """Keys with a fixed set of values (policy, revisor_from); a bad one is reported and
    dropped."""
    grants = values.get("grants", {})
    if "policy" in grants and grants["policy"].casefold() not in POLICIES:
        message = W.UNKNOWN_POLICY.format(value=grants["policy"])
        c.error(Code.UNKNOWN_POLICY, message, "grants.policy")
        del grants["policy"]
    conditions = values.get("conditions", {})
    if "revisor_from" in conditions and conditions["revisor_from"].casefold() not in (
        "amount",
        "above",
    ):
        message = W.UNKNOWN_REVISOR_FROM.format(value=conditions["revisor_from"])
        c.error(Code.UNKNOWN_REVISOR_FROM, message, "conditions.revisor_from")
        del conditions["revisor_from"]
    _check_case(c, values.get("case"))


def _check_case(c: _Checker, case: dict[str, Any] | None) -> None:
    """``[case] malform`` must name a written standard (an error, the key dropped); a
    ``[case]`` table that says nothing about appeal gets a warning: the documents then carry
    no klage statement."""
    if case is None:
        return
    if "malform" in case:
        try:
            case["malform"] = lang_of(case["malform"])
        except ValueError:
            message = W.UNKNOWN_MALFORM.format(value=case["malform"])
            c.error(Code.UNKNOWN_MALFORM, message, "case.malform")
            del case["malform"]
    if "klagerett" not in case and not case.get("klage_tekst"):
        c.warning(Code.NO_KLAGE_STATEMENT, W.NO_KLAGE_STATEMENT, "case.klagerett")


def _check_cap(c: _Checker, values: dict[str, dict[str, Any]]) -> None:
    """A cap below the rounding step leaves no grant possible: an error naming the key."""
    grants = values.get("grants", {})
    cap, rounding = grants.get("cap"), grants.get("rounding", 1)
    if cap is not None and cap < rounding:
        message = R.CAP_BELOW_ROUNDING.format(cap=F.money(cap), rounding=F.money(rounding))
        c.error(Code.OUT_OF_RANGE, message, "grants.cap")


def _scale_and_threshold(c: _Checker, quality: dict[str, Any]) -> tuple[float, float]:
    """The score scale; a threshold outside it is a warning."""
    scale: tuple[float, float] = quality.get("scale", (1.0, 6.0))
    if "threshold" in quality and not scale[0] <= quality["threshold"] <= scale[1]:
        message = W.THRESHOLD_OUTSIDE_SCALE.format(
            value=W.number(quality["threshold"]), low=W.number(scale[0]), high=W.number(scale[1])
        )
        c.warning(Code.THRESHOLD_OUTSIDE_SCALE, message, "quality.threshold")
    return scale


def _build_scheme(
    values: dict[str, dict[str, Any]],
    groups: dict[str, float],
    criteria: list[Criterion],
    scale: tuple[float, float],
) -> Scheme:
    """The scheme from checked values, with the defaults of :class:`~.data.Scheme`."""
    s, b, e = (values.get(t, {}) for t in ("scheme", "budget", "eligibility"))
    grants, quality = values.get("grants", {}), values.get("quality", {})
    conditions = values.get("conditions", {})
    fields, rule_params = _rule_fields(values)
    return Scheme(
        name=s["name"],
        year=s["year"],
        frame=b["frame"],
        groups=groups,
        criteria=tuple(criteria),
        region=s.get("region") or None,
        carry_over=b.get("carry_over", 0),
        policy=grants.get("policy", "merit").casefold(),
        cap=grants.get("cap"),
        floor=grants.get("floor", 0),
        min_share=grants.get("min_share", 0.0),
        rounding=grants.get("rounding", 1),
        years=grants.get("years", 1),
        scale=scale,
        threshold=quality.get("threshold"),
        disagreement=quality.get("disagreement", Scheme.disagreement),
        applicant_types=e.get("applicant_types"),
        excluded_cost_categories=e.get("excluded_cost_categories", ()),
        conditions=Conditions(
            revisor_threshold=conditions.get("revisor_threshold"),
            revisor_from=conditions.get("revisor_from", "amount").casefold(),
            report_deadline=conditions.get("report_deadline"),
            notes=conditions.get("notes", ()),
        ),
        case=_case(values.get("case", {})),
        rule_params={
            **rule_params,
            **({"partner_required": True} if e.get("partner_required") else {}),
        },
        **fields,
    )


def _case(case: dict[str, Any]) -> Case:
    """The ``[case]`` table as a :class:`~.data.Case` (empty texts read as not given)."""
    texts = {k: (case.get(k) or None) for k in ("virksomhet", "avdeling", "saksnummer")}
    texts.update({k: (case.get(k) or None) for k in ("til", "fra", "hjemmel", "klage_tekst")})
    return Case(**texts, malform=case.get("malform", "nb"), klagerett=case.get("klagerett"))


def _with_partner_rule(rule_params: dict[str, Any], eligibility: dict[str, Any]) -> dict[str, Any]:
    """The project's own ``[eligibility] partner_required``, kept only when it is true."""
    if eligibility.get("partner_required"):
        return {**rule_params, "partner_required": True}
    return rule_params


def _rule_fields(values: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rule families' values: those with a Scheme attribute, and the others
    (``Scheme.rule_params``). A key not in the file keeps the attribute's default."""
    known = {f.name for f in dataclasses.fields(Scheme)}
    fields: dict[str, Any] = {}
    others: dict[str, Any] = {}
    for sk in rule_scheme_keys():
        if sk.key not in values.get(sk.table, {}):
            continue
        value = values[sk.table][sk.key]
        if sk.part is not None:
            value = value[sk.part]
        (fields if sk.field in known else others)[sk.field] = value
    return fields, others


def parse_scheme_text(text: str) -> SchemeResult:
    """Parse and check the text of a scheme.toml.

    Parameters
    ----------
    text : str
        The file's content.

    Returns
    -------
    SchemeResult
        The scheme (None when there is any error), every problem found, and the parts that
        parsed cleanly (``partial``: year, criteria ids, scale, applicant_types, frame,
        carry_over, spread keys) for checks of the tables.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return SchemeResult(None, [_syntax_problem(exc, text)])
    c = _Checker()
    values = _check_tables(c, data)
    groups = _check_groups(c, data.get("groups"))
    criteria, criterion_ids = _check_criteria(c, data.get("criteria"), groups)
    if groups is not None and criteria is not None:
        _check_group_weights(c, groups, criteria)
    _check_choices(c, values)
    _check_cap(c, values)
    scale = _scale_and_threshold(c, values.get("quality", {}))
    partial: dict[str, Any] = {
        "scale": scale,
        "year": values.get("scheme", {}).get("year"),
        "criteria": criterion_ids,
        "applicant_types": values.get("eligibility", {}).get("applicant_types"),
        "frame": values.get("budget", {}).get("frame"),
        "carry_over": values.get("budget", {}).get("carry_over", 0),
        "spread": values.get("spread", {}),
        "partner_required": values.get("eligibility", {}).get("partner_required", False),
    }
    errors = [p for p in c.problems if p.severity == "error"]
    if errors or groups is None or criteria is None:
        return SchemeResult(None, c.problems, partial)
    return SchemeResult(_build_scheme(values, groups, criteria, scale), c.problems, partial)


def _check_groups(c: _Checker, raw: Any) -> dict[str, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        c.error(Code.NOT_A_TABLE, W.NOT_A_TABLE.format(table="groups"), "groups")
        return None
    groups: dict[str, float] = {}
    ok = True
    for name, weight in raw.items():
        value = c.value("groups", name, Key(NUMBER), weight)
        if value is None:
            ok = False
            continue
        if value < 0:
            message = W.GROUP_NEGATIVE.format(group=name, value=W.number(value))
            c.error(Code.NEGATIVE_WEIGHT, message, "groups." + name)
            ok = False
            continue
        groups[name.strip()] = value
    if not ok:
        return None
    total = sum(groups.values())
    if abs(total - 1.0) > GROUP_SUM_TOLERANCE:
        # Reported, but the groups are still returned: the criteria are checked against them
        # (the error keeps the scheme from being built).
        c.error(Code.GROUP_SUM, W.GROUP_SUM.format(total=W.number(total)), "groups")
    return groups


def _check_criterion(
    c: _Checker,
    number: int,
    table: dict[str, Any],
    group_by_key: dict[str, str] | None,
    seen: set[str],
) -> tuple[Criterion | None, str | None, bool]:
    """One [[criteria]] table: the criterion (None on a problem), its id (None unless the id
    is sound) and whether the id may still be used to check the scores."""
    ident = table.get("id")
    label = f"«{ident}»" if isinstance(ident, str) and ident.strip() else f"nr. {number}"
    prefix = f"kriterium {label}: "
    before = len(c.problems)
    values = c.table("criteria", table, BASE_TABLES["criteria"], prefix)
    if values is None or "id" not in values:
        return None, None, False
    cid = values["id"]
    if key(cid) in seen:
        message = W.CRITERION_DUPLICATE.format(id=cid)
        c.error(Code.DUPLICATE_CRITERION, message, "criteria.id")
        return None, None, True
    seen.add(key(cid))
    if key(cid) in RESERVED_CRITERION_IDS:
        c.error(Code.RESERVED_CRITERION_ID, W.CRITERION_ID_INVALID.format(id=cid), "criteria.id")
        return None, None, False
    if len(c.problems) > before:
        return None, cid, True
    group = values.get("group", "")
    if group_by_key is not None:
        if key(group) not in group_by_key:
            tail = suggestion(group, list(group_by_key.values()))
            message = W.CRITERION_UNKNOWN_GROUP.format(id=cid, group=group, suggestion=tail)
            c.error(Code.UNKNOWN_GROUP, message, "criteria.group")
            return None, cid, True
        group = group_by_key[key(group)]
    weight = float(values.get("weight", 1.0))
    return Criterion(id=cid, group=group, label=values.get("label", ""), weight=weight), cid, True


def _check_criteria(
    c: _Checker, raw: Any, groups: dict[str, float] | None
) -> tuple[list[Criterion] | None, list[str] | None]:
    """The criteria (None on any problem) and their ids (None unless every id is sound, so
    that the scores can still be checked against them when a group or weight is wrong)."""
    if raw is None:
        return None, None
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        c.error(Code.NOT_A_TABLE, W.NOT_A_TABLE.format(table="[criteria]"), "criteria")
        return None, None
    if not raw:
        c.error(Code.NO_CRITERIA, W.NO_CRITERIA, "criteria")
        return None, None
    group_by_key = {key(g): g for g in groups} if groups is not None else None
    criteria: list[Criterion] = []
    ids: list[str] = []
    seen: set[str] = set()
    ok = ids_ok = True
    for number, table in enumerate(raw, start=1):
        criterion, cid, id_usable = _check_criterion(c, number, table, group_by_key, seen)
        ids_ok = ids_ok and id_usable
        if cid is not None:
            ids.append(cid)
        if criterion is None:
            ok = False
        else:
            criteria.append(criterion)
    return (criteria if ok else None), (ids if ids_ok else None)


def read_scheme_file(path: Path) -> SchemeResult:
    """Read and check a scheme.toml file (UTF-8; Windows-1252 is read with a warning)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return SchemeResult(
            None,
            [
                Problem(
                    SCHEME_FILE,
                    W.FILE_UNREADABLE.format(detail=exc.strerror),
                    code=Code.UNREADABLE_FILE,
                )
            ],
        )
    warnings: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            problem = Problem(SCHEME_FILE, W.FILE_ENCODING, code=Code.BAD_ENCODING)
            return SchemeResult(None, [problem])
        warnings.append(
            Problem(SCHEME_FILE, W.SCHEME_NOT_UTF8, severity="warning", code=Code.NOT_UTF8)
        )
    result = parse_scheme_text(text)
    result.problems[:0] = warnings
    return result


def load_scheme(path: str | Path) -> Scheme:
    """Load a scheme.toml file; raise :class:`DataValidationError` listing every problem."""
    result = read_scheme_file(Path(path))
    if result.scheme is None:
        raise DataValidationError(result.problems)
    return result.scheme
