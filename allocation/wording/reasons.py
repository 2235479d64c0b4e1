"""Norwegian wording of decisions, reasons and rule conflicts (allocation.csv, summary.json).

Everything an adviser reads about why an application got what it got lives here;
:mod:`allocation.explain` decides which text applies.
"""

from __future__ import annotations

from allocation import format as fmt

DECISIONS = {
    "innvilget": "Innvilget",
    "delvis_innvilget": "Delvis innvilget",
    "avslått": "Avslått",
    "avvist": "Avvist",
}


def kr(amount: int | float) -> str:
    """``1250000`` -> ``"1 250 000 kr"`` (the one money formatter, :func:`allocation.format.money`).

    >>> kr(1250000)
    '1 250 000 kr'
    """
    return fmt.money(amount)


def number(value: float, decimals: int = 2) -> str:
    """A decimal number with a decimal comma, rounded half up: ``4.125`` -> ``"4,13"``.

    >>> number(4.125)
    '4,13'
    >>> number(float("nan"))
    '–'
    """
    return fmt.decimal(value, decimals) or "–"


def percent(share: float) -> str:
    """``0.4`` -> ``"40 %"``, ``0.625`` -> ``"62,5 %"`` (:func:`allocation.format.percent`)."""
    return fmt.percent(share)


def listing(items: list[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b og c"``."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " og " + items[-1]


def projects(n: int) -> str:
    """``1`` -> ``"1 prosjekt"``, ``3`` -> ``"3 prosjekter"``."""
    return fmt.count(n, "prosjekt", "prosjekter")


# ---- not a candidate --------------------------------------------------------------------------

INELIGIBLE = "Avvist: søkertypen «{type}» kan ikke få tilskudd i denne ordningen (bare {allowed})."
NO_SCORE = "Avslått: søknaden mangler poeng for {criteria} og har derfor ingen samlet poengsum."
BELOW_THRESHOLD = "Avslått: samlet poengsum {score} er under kvalitetsterskelen {threshold}."
NOTHING_REQUESTED = "Avslått: søknaden ber ikke om nye midler i denne runden."
NOTHING_FUNDABLE_EXCLUDED = (
    "Avslått: hele søknadsbeløpet ({requested}) gjelder kostnader som ikke dekkes ({categories})."
)
NOTHING_FUNDABLE_ROUNDING = (
    "Avslått: beløpet som kan dekkes ({u}) er mindre enn tilskuddsenheten på {rounding}."
)
BELOW_SMALLEST = (
    "Avslått: beløpet som kan dekkes ({fundable}) er lavere enn minste tilskudd ({smallest})."
)
LOCKED_OUT_OF_REACH = " Søknaden var låst som «skal innvilges», men kan ikke innvilges: {why}"

# ---- funded ----

FULL = "Innvilget hele beløpet som kan dekkes ({fundable}); samlet poengsum {score}."
PARTIAL = "Delvis innvilget: {granted} av {fundable} som kan dekkes; samlet poengsum {score}. {why}"
REDUCED = " Søknadsbeløpet ({requested}) er redusert fordi {parts}."
REDUCED_EXCLUDED = "kostnader til {categories} ({amount}) ikke dekkes"
REDUCED_CAP = "det gis høyst {cap} per søknad"
REDUCED_ROUNDING = "tilskudd gis i hele {rounding}"
LOCKED_IN = " Låst som «skal innvilges» etter skjønn. Begrunnelse: {reason}"
NEEDED_FOR = " Søknaden trengs for å oppfylle {rules}."

PARTIAL_BUDGET = "Budsjettet var brukt opp."
PARTIAL_REGION = "Regionen {region} har nådd taket på {share} av budsjettet ({limit})."
PARTIAL_OTHER = "Resten av budsjettet ga mer samlet verdi hos andre søknader innenfor reglene."

# ---- candidate, not funded ----------------------------------------------------------------------

NOT_FUNDED = "Avslått: samlet poengsum {score}. {why}"
LOCKED_OUT = "Avslått etter skjønn (låst som «skal ikke innvilges»). Begrunnelse: {reason}"
OUT_APPLICANT = (
    "Søkeren har fått innvilget en annen søknad ({other}), og det gis høyst ett tilskudd per søker."
)
OUT_MODEL = "Modellen «{model}» har allerede {count}, som er det høyeste tillatte per modell."
OUT_PROJECTS = "Det høyeste antallet prosjekter i runden ({max}) er nådd."
OUT_REGION = "Regionen {region} ville gått over taket på {share} av budsjettet ({limit})."
OUT_BUDGET_SCORE = (
    "Nådde ikke opp: budsjettet ble brukt opp av søknader med høyere poengsum "
    "(det som var igjen, {left}, er mindre enn minste tilskudd på {smallest})."
)
OUT_BUDGET_RULES = (
    "Nådde ikke opp: budsjettet ble brukt opp (det som var igjen, {left}, er mindre enn "
    "minste tilskudd på {smallest}); noen søknader med lavere poengsum ble innvilget for å "
    "oppfylle {rules}."
)
OUT_BUDGET_VALUE = (
    "Nådde ikke opp: budsjettet ble brukt opp (det som var igjen, {left}, er mindre enn "
    "minste tilskudd på {smallest}); andre søknader ga mer samlet verdi for pengene."
)
OUT_OTHER = "En annen fordeling ga høyere samlet verdi innenfor reglene."

RULE_MIN_PER_REGION = "regelen om minst {n} per region"
RULE_MIN_MODELS = "regelen om minst {n} ulike modeller"
RULE_PROJECTS_MIN = "regelen om minst {n} totalt"

# ---- rule conflicts (infeasible) -----------------------------------------------------------------

CONFLICT_FAMILY = {
    "budget": "tilgjengelig budsjett på {budget}",
    "projects_min": "minst {projects_min} totalt",
    "projects_max": "høyst {projects_max} totalt",
    "one_per_applicant": "høyst én innvilget søknad per søker",
    "min_per_region": "minst {min_per_region} per region ({regions} med kandidater)",
    "max_region_share": "høyst {share} av budsjettet per region ({limit})",
    "min_models": "minst {min_models} ulike modeller ({models} blant kandidatene)",
    "max_per_model": "høyst {max_per_model} per modell",
    "locks": "låsingene ({locks})",
}
CONFLICT_TWO = "Regelen om {a} kan ikke oppfylles samtidig med {b}."
CONFLICT_MANY = "Disse reglene kan ikke oppfylles samtidig: {rules}."
CONFLICT_ONE = (
    "Regelen om {a} kan ikke oppfylles med de søknadene som kan få tilskudd ({n} kandidater)."
)
CONFLICT_UNKNOWN = "Reglene for runden kan ikke oppfylles samtidig."
CONFLICT_LOCK_NOT_CANDIDATE = (
    "Søknad {id} er låst som «skal innvilges», men kan ikke innvilges: {why}"
)
CONFLICT_SMALLEST_GRANTS = " De {n} minste tilskuddene som er mulige, koster til sammen {cost}."
LOCK_FUND = "{id} skal innvilges"
CONFLICT_NOT_CANDIDATE_WHY = {
    "ineligible": "søkertypen «{type}» kan ikke få tilskudd i denne ordningen.",
    "no_score": "søknaden har ingen samlet poengsum.",
    "below_threshold": "samlet poengsum {score} er under kvalitetsterskelen {threshold}.",
    "nothing_fundable": "ingen del av søknadsbeløpet kan dekkes.",
    "below_smallest_grant": "beløpet som kan dekkes ({fundable}) er lavere enn minste "
    "tilskudd ({smallest}).",
}
LOCK_NOT_FUND = "{id} skal ikke innvilges"

# ---- solver ----

TIME_LIMIT = (
    "Løseren stoppet ved tidsgrensen uten å bevise at fordelingen er optimal{gap}. "
    "Ingen fordeling er skrevet; prøv igjen med lengre tidsgrense."
)
NEGATIVE_BUDGET = (
    "Tilgjengelig budsjett er negativt: ramme {frame} + overført {carry_over} − tidligere "
    "tilsagn {committed} = {budget}."
)
UNKNOWN_LOCK = "Låsingen gjelder søknad «{id}», som ikke finnes i runden."
BAD_LOCK_ACTION = "Ukjent låsing «{action}» for søknad {id} (bruk must_fund eller must_not_fund)."

# ---- terminal summary of ``allocation solve`` ----

CLI_BAD_BUDGET = (
    "Ugyldig --budget «{value}»: oppgi et helt antall kroner, for eksempel 1800000, "
    "«1 800 000» eller 1_800_000."
)
CLI_OUT_NOT_EMPTY = "Utmappen «{path}» finnes og er ikke tom. Velg en ny eller tom mappe."
CLI_OUT_NOT_DIR = "«{path}» finnes og er ikke en mappe."
CLI_STATUS = {
    "optimal": "Optimal fordeling funnet og bevist ({solver}, policy {policy}).",
    "infeasible": "Reglene kan ikke oppfylles samtidig – ingen fordeling er laget.",
    "time_limit": "Løseren stoppet uten å bevise en optimal fordeling – ingen fordeling er laget.",
}
CLI_HEADER = ("Søknad", "Søker", "Region", "Modell", "Poeng", "Tilskudd", "Vedtak")
CLI_TOTAL = "Innvilget til sammen: {granted} til {funded} av {n} søknader."
CLI_BUDGET = "Tilgjengelig budsjett: {budget}; igjen: {left}."
CLI_PER_REGION = "Per region:"
CLI_PER_MODEL = "Per modell:"
CLI_GROUP_LINE = "  {name}: {granted} ({count})"
CLI_NO_MODEL = "(uten modell)"
CLI_NO_REGION = "(uten region)"
CLI_NONE_FUNDED = "Ingen søknader er innvilget."
CLI_CONFLICTS = "Regler i konflikt:"
CLI_WRITTEN = "Skrevet til {path}"
CLI_OBJECTIVE = "Målverdi: {objective}"

# ---- the greedy ("by hand") baseline ----

GREEDY_FULL = "Innvilget i poengrekkefølge: hele beløpet som kan dekkes ({fundable})."
GREEDY_PARTIAL = "Delvis innvilget i poengrekkefølge: resten av budsjettet ({granted})."
GREEDY_OUT_BUDGET = "Avslått: budsjettet var brukt opp før søknaden kom etter poengrekkefølgen."
GREEDY_OUT_PROJECTS = "Avslått: det høyeste antallet prosjekter ({max}) var nådd."
GREEDY_OUT_APPLICANT = "Avslått: søkeren hadde allerede fått en søknad innvilget."
GREEDY_BREAKS_REGION_MIN = "Regionen {region} får {count}; regelen krever minst {need}."
GREEDY_BREAKS_REGION_SHARE = (
    "Regionen {region} får {granted}, mer enn taket på {share} av budsjettet ({limit})."
)
GREEDY_BREAKS_MIN_MODELS = "Bare {count} ulike modeller får tilskudd; regelen krever minst {need}."
GREEDY_BREAKS_MAX_PER_MODEL = "Modellen «{model}» får {count}; høyst {max} er tillatt."
GREEDY_BREAKS_PROJECTS_MIN = "{count} får tilskudd; regelen krever minst {need}."
GREEDY_BREAKS_PROJECTS_MAX = "{count} får tilskudd; høyst {max} er tillatt."
GREEDY_BREAKS_APPLICANT = "Søkeren {applicant} får {count}; høyst ett er tillatt."
GREEDY_BREAKS_BUDGET = "Tilskuddene ({granted}) går over budsjettet ({budget})."
