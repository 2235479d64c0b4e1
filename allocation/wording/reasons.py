"""Norwegian wording of decisions, reasons and rule conflicts (allocation.csv, summary.json).

Everything an adviser reads about why an application got what it got lives here;
:mod:`allocation.explain` decides which text applies. The reason templates, the nouns of their
counts and the decision names are one table per written standard (``{"nb": {...}, "nn":
{...}}``, :mod:`allocation.wording.language`): an applicant answered in nynorsk reads the same
records in nynorsk. allocation.csv, summary.json and the terminal stay in bokmål.
"""

from __future__ import annotations

from collections.abc import Sequence

from allocation import format as fmt
from allocation.wording.language import Lang, pick

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
    """``["a", "b", "c"]`` -> ``"a, b og c"`` (the same in bokmål and nynorsk)."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " og " + items[-1]


def projects(n: int, lang: Lang = "nb") -> str:
    """``1`` -> ``"1 prosjekt"``, ``3`` -> ``"3 prosjekter"`` (nynorsk ``"3 prosjekt"``).

    >>> projects(3), projects(3, "nn")
    ('3 prosjekter', '3 prosjekt')
    """
    one, many = pick(NOUNS, lang)["projects"]
    return fmt.count(n, one, many)


# ---- reason templates, by reason code (allocation.records.Reason) --------------------------------
#
# A template names its parameters with a format spec saying how to write them (see
# allocation.wording.render): ``kr`` money, ``score`` (2 decimals; ``score4`` 4), ``share``
# per cent, ``projects`` "3 prosjekter" (nynorsk "3 prosjekt"), ``int`` a whole number,
# ``list`` "a, b og c" (of texts or reasons), ``qlist`` the same with each item in «»,
# ``region`` a region name ("(uten region)" when blank).
# Reasons of one decision are joined with a space, in order. Each template is written twice,
# bokmål (_NB) and nynorsk (_NN): careful official nynorsk, not a word swap.

_NB: dict[str, str] = {
    # not a candidate
    "ineligible": "Avvist: søkertypen «{type}» kan ikke få tilskudd i denne ordningen "
    "(bare {allowed:list}).",
    "no_score": "Avslått: søknaden mangler poeng for {criteria:qlist} og har derfor ingen samlet "
    "poengsum.",
    "below_threshold": "Avslått: samlet poengsum {score:score{digits}} er under kvalitetsterskelen "
    "{threshold:score}.",
    "nothing_requested": "Avslått: søknaden ber ikke om nye midler i denne runden.",
    "nothing_fundable.excluded": "Avslått: hele søknadsbeløpet ({requested:kr}) gjelder kostnader "
    "som ikke dekkes ({categories:list}).",
    "nothing_fundable.rounding": "Avslått: beløpet som kan dekkes ({u:kr}) er mindre enn "
    "tilskuddsenheten på {rounding:kr}.",
    "below_smallest": "Avslått: beløpet som kan dekkes ({fundable:kr}) er lavere enn minste "
    "tilskudd ({smallest:kr}).",
    # funded
    "granted.full": "Innvilget hele beløpet som kan dekkes ({fundable:kr}); samlet poengsum "
    "{score:score}.",
    "granted.partial": "Delvis innvilget: {granted:kr} av {fundable:kr} som kan dekkes; samlet "
    "poengsum {score:score}.",
    "reduced": "Søknadsbeløpet ({requested:kr}) er redusert fordi {parts:list}.",
    "reduced.excluded": "kostnader til {categories:list} ({amount:kr}) ikke dekkes",
    "reduced.cap": "det gis høyst {cap:kr} per søknad",
    "reduced.rounding": "tilskudd gis i hele {rounding:kr}",
    "locked.in": "Låst som «skal innvilges» etter skjønn. Begrunnelse: {reason:sentence}",
    "needed_for": "Søknaden trengs for å oppfylle {rules:list}.",
    "partial.budget": "Budsjettet var brukt opp.",
    "partial.max_region_share": "Regionen {region:region} har nådd taket på {share:share} av "
    "budsjettet ({limit:kr}).",
    "partial.other": "Resten av budsjettet ga mer samlet verdi hos andre søknader innenfor "
    "reglene.",
    # a candidate, not funded
    "not_funded": "Avslått: samlet poengsum {score:score}.",
    "locked.out": "Avslått etter skjønn (låst som «skal ikke innvilges»). Begrunnelse: "
    "{reason:sentence}",
    "out.one_per_applicant": "Søkeren har fått innvilget en annen søknad ({other:list}), og det "
    "gis høyst ett tilskudd per søker.",
    "out.max_per_model": "Modellen «{model}» har allerede {count:projects}, som er det høyeste "
    "tillatte per modell.",
    "out.projects_max": "Det høyeste antallet prosjekter i runden ({max:projects}) er nådd.",
    "out.max_region_share": "Regionen {region:region} ville gått over taket på {share:share} av "
    "budsjettet ({limit:kr}).",
    "out.budget.score": "Nådde ikke opp: budsjettet ble brukt opp av søknader med høyere poengsum "
    "(det som var igjen, {left:kr}, er mindre enn minste tilskudd på {smallest:kr}).",
    "out.budget.rules": "Nådde ikke opp: budsjettet ble brukt opp (det som var igjen, {left:kr}, "
    "er mindre enn minste tilskudd på {smallest:kr}); noen søknader med lavere poengsum ble "
    "innvilget for å oppfylle {rules:list}.",
    "out.budget.value": "Nådde ikke opp: budsjettet ble brukt opp (det som var igjen, {left:kr}, "
    "er mindre enn minste tilskudd på {smallest:kr}); andre søknader ga mer samlet verdi for "
    "pengene.",
    "out.other": "En annen fordeling ga høyere samlet verdi innenfor reglene.",
    # rank inversions (allocation.ranking)
    "inversion.needed": "{ids:ids} trengs for å oppfylle {rules:list}.",
    "inversion.smallest": "Minste tilskudd til søknaden ({smallest:kr}) er mer enn det som var "
    "igjen ({left:kr}) og det lavere rangerte søknader fikk uten å trengs for en minsteregel "
    "({free:kr}) til sammen.",
    "inversion.value": "Tilskuddet til {ids:ids} ga mer samlet verdi for pengene innenfor reglene.",
    "passed.by": "Søknader med lavere poengsum har fått tilskudd ({ids:ids}).",
    "ahead.of": "Innvilget foran søknader med høyere poengsum ({ids:ids}).",
    "unspent.smallest": "Det som er igjen ({left:kr}) er mindre enn minste tilskudd til de "
    "søknadene som står igjen.",
    "locked.smallest": "Søknaden er låst som «skal innvilges» og har fått minste tilskudd "
    "({smallest:kr}).",
    "rule.min_per_region.capped": "regelen om minst {n:projects} per region (i {region:region} "
    "bare {need:projects}, så mange som det er kandidater)",
    # minimum rules named in reasons
    "rule.min_per_region": "regelen om minst {n:projects} per region",
    "rule.min_models": "regelen om minst {n:int} ulike modeller",
    "rule.projects_min": "regelen om minst {n:projects} totalt",
    "rule.locks": "låsingen av {id} som «skal innvilges»",
    "out.locks": "Søknad {id} er låst som «skal ikke innvilges».",
    # rule families in a conflict (infeasible rules)
    "conflict.budget": "tilgjengelig budsjett på {budget:kr}",
    "conflict.projects_min": "minst {n:projects} totalt",
    "conflict.projects_max": "høyst {n:projects} totalt",
    "conflict.one_per_applicant": "høyst én innvilget søknad per søker",
    "conflict.min_per_region": "minst {n:projects} per region ({regions:regions} med kandidater)",
    "conflict.max_region_share": "høyst {share:share} av budsjettet per region ({limit:kr})",
    "conflict.min_models": "minst {n:int} ulike modeller ({models:models} blant kandidatene)",
    "conflict.max_per_model": "høyst {n:projects} per modell",
    "conflict.locks": "låsingene ({locks:list})",
    "lock.fund": "{id} skal innvilges",
    "lock.not_fund": "{id} skal ikke innvilges",
    "conflict.two": "Regelen om {a} kan ikke oppfylles samtidig med {b}.",
    "conflict.many": "Disse reglene kan ikke oppfylles samtidig: {rules:semicolons}.",
    "conflict.one": "Regelen om {a} kan ikke oppfylles med de søknadene som kan få tilskudd "
    "({n:int} kandidater).",
    "conflict.unknown": "Reglene for runden kan ikke oppfylles samtidig.",
    "conflict.with_cost": "{main} {cost}",
    "conflict.smallest_grants": "De {n:int} minste tilskuddene som er mulige, koster til sammen "
    "{cost:kr}.",
    "conflict.lock_not_candidate": "Søknad {id} er låst som «skal innvilges», men kan ikke "
    "innvilges: {why}",
    "conflict.why.ineligible": "søkertypen «{type}» kan ikke få tilskudd i denne ordningen.",
    "conflict.why.no_score": "søknaden har ingen samlet poengsum.",
    "conflict.why.below_threshold": "samlet poengsum {score:score{digits}} er under "
    "kvalitetsterskelen {threshold:score}.",
    "conflict.why.nothing_fundable": "ingen del av søknadsbeløpet kan dekkes.",
    "conflict.why.below_smallest_grant": "beløpet som kan dekkes ({fundable:kr}) er lavere enn "
    "minste tilskudd ({smallest:kr}).",
    # the greedy ("by hand") baseline
    "greedy.full": "Innvilget i poengrekkefølge: hele beløpet som kan dekkes ({fundable:kr}).",
    "greedy.partial": "Delvis innvilget i poengrekkefølge: resten av budsjettet ({granted:kr}).",
    "greedy.out.budget": "Avslått: budsjettet var brukt opp før søknaden kom etter "
    "poengrekkefølgen.",
    "greedy.out.projects_max": "Avslått: det høyeste antallet prosjekter ({max:projects}) var "
    "nådd.",
    "greedy.out.one_per_applicant": "Avslått: søkeren hadde allerede fått en søknad innvilget.",
    # rules an allocation breaks (the greedy baseline, an edited table)
    "breaks.min_per_region": "Regionen {region:region} får {count:projects}; regelen krever minst "
    "{need:int}.",
    "breaks.max_region_share": "Regionen {region:region} får {granted:kr}, mer enn taket på "
    "{share:share} av budsjettet ({limit:kr}).",
    "breaks.min_models": "Bare {count:int} ulike modeller får tilskudd; regelen krever minst "
    "{need:int}.",
    "breaks.max_per_model": "Modellen «{model}» får {count:projects}; høyst {max:int} er tillatt.",
    "breaks.projects_min": "{count:projects} får tilskudd; regelen krever minst {need:int}.",
    "breaks.projects_max": "{count:projects} får tilskudd; høyst {max:int} er tillatt.",
    "breaks.one_per_applicant": "Søkeren {applicant} får {count:grants}; høyst ett er tillatt.",
    "breaks.budget": "Tilskuddene ({granted:kr}) går over budsjettet ({budget:kr}).",
    "breaks.not_candidate": "Søknad {id} kan ikke få tilskudd, men har fått {granted:kr}.",
    "breaks.grant_bounds": "Søknad {id} har fått {granted:kr}, utenfor grensene for tilskuddet "
    "({smallest:kr} til {fundable:kr}).",
    "breaks.locks": "Låsingen av søknad {id} er ikke fulgt.",
    # v1.2: transfers, continuing projects, partners, size classes
    "continued": "Videreført: fortsettelse av et prosjekt med tilsagn for året "
    "({committed:kr}); søknaden ber ikke om nye midler og vurderes ikke på nytt.",
    "transferred": "Overført: søkeren får bruke ubrukte midler fra et tidligere tilskudd "
    "({transfer:kr}) i denne runden; søknaden ber ikke om nye midler.",
    "no_partner": "Avvist: ordningen krever at søknaden har minst én samarbeidskommune, og "
    "søknaden oppgir ingen.",
    "conflict.why.continued": "søknaden ber ikke om nye midler (videreført prosjekt).",
    "conflict.why.transferred": "søknaden ber ikke om nye midler (overføring).",
    "rule.min_per_size_class": "regelen om minst {n:projects} per kommunestørrelse",
    "rule.min_per_size_class.capped": "regelen om minst {n:projects} per kommunestørrelse "
    "(blant {size_class} bare {need:projects}, så mange som det er kandidater)",
    "conflict.min_per_size_class": "minst {n:projects} per kommunestørrelse ({classes:int} "
    "størrelsesgrupper med kandidater)",
    "breaks.min_per_size_class": "Størrelsesgruppen {size_class} får {count:projects}; "
    "regelen krever minst {need:int}.",
}

#: The same templates in nynorsk (the same keys and the same {placeholders}; a test checks it).
_NN: dict[str, str] = {
    # not a candidate
    "ineligible": "Avvist: søkjartypen «{type}» kan ikkje få tilskot i denne ordninga "
    "(berre {allowed:list}).",
    "no_score": "Avslått: søknaden manglar poeng for {criteria:qlist} og har difor ingen samla "
    "poengsum.",
    "below_threshold": "Avslått: samla poengsum {score:score{digits}} er under "
    "kvalitetsterskelen {threshold:score}.",
    "nothing_requested": "Avslått: søknaden ber ikkje om nye midlar i denne runden.",
    "nothing_fundable.excluded": "Avslått: heile søknadsbeløpet ({requested:kr}) gjeld kostnader "
    "som ikkje blir dekte ({categories:list}).",
    "nothing_fundable.rounding": "Avslått: beløpet som kan dekkjast ({u:kr}) er mindre enn "
    "tilskotseininga på {rounding:kr}.",
    "below_smallest": "Avslått: beløpet som kan dekkjast ({fundable:kr}) er lågare enn minste "
    "tilskot ({smallest:kr}).",
    # funded
    "granted.full": "Innvilga heile beløpet som kan dekkjast ({fundable:kr}); samla poengsum "
    "{score:score}.",
    "granted.partial": "Delvis innvilga: {granted:kr} av {fundable:kr} som kan dekkjast; samla "
    "poengsum {score:score}.",
    "reduced": "Søknadsbeløpet ({requested:kr}) er redusert fordi {parts:list}.",
    "reduced.excluded": "kostnader til {categories:list} ({amount:kr}) ikkje blir dekte",
    "reduced.cap": "det blir gitt høgst {cap:kr} per søknad",
    "reduced.rounding": "tilskot blir gitt i heile {rounding:kr}",
    "locked.in": "Låst som «skal innvilgast» etter skjønn. Grunngiving: {reason:sentence}",
    "needed_for": "Søknaden trengst for å oppfylle {rules:list}.",
    "partial.budget": "Budsjettet var brukt opp.",
    "partial.max_region_share": "Regionen {region:region} har nådd taket på {share:share} av "
    "budsjettet ({limit:kr}).",
    "partial.other": "Resten av budsjettet gav meir samla verdi hos andre søknader innanfor "
    "reglane.",
    # a candidate, not funded
    "not_funded": "Avslått: samla poengsum {score:score}.",
    "locked.out": "Avslått etter skjønn (låst som «skal ikkje innvilgast»). Grunngiving: "
    "{reason:sentence}",
    "out.one_per_applicant": "Søkjaren har fått innvilga ein annan søknad ({other:list}), og det "
    "blir gitt høgst eitt tilskot per søkjar.",
    "out.max_per_model": "Modellen «{model}» har allereie {count:projects}, som er det høgaste "
    "talet som er tillate per modell.",
    "out.projects_max": "Det høgaste talet på prosjekt i runden ({max:projects}) er nådd.",
    "out.max_region_share": "Regionen {region:region} ville ha gått over taket på {share:share} "
    "av budsjettet ({limit:kr}).",
    "out.budget.score": "Nådde ikkje opp: budsjettet vart brukt opp av søknader med høgare "
    "poengsum (det som var att, {left:kr}, er mindre enn minste tilskot på {smallest:kr}).",
    "out.budget.rules": "Nådde ikkje opp: budsjettet vart brukt opp (det som var att, {left:kr}, "
    "er mindre enn minste tilskot på {smallest:kr}); nokre søknader med lågare poengsum vart "
    "innvilga for å oppfylle {rules:list}.",
    "out.budget.value": "Nådde ikkje opp: budsjettet vart brukt opp (det som var att, {left:kr}, "
    "er mindre enn minste tilskot på {smallest:kr}); andre søknader gav meir samla verdi for "
    "pengane.",
    "out.other": "Ei anna fordeling gav høgare samla verdi innanfor reglane.",
    # rank inversions (allocation.ranking)
    "inversion.needed": "{ids:ids} trengst for å oppfylle {rules:list}.",
    "inversion.smallest": "Minste tilskot til søknaden ({smallest:kr}) er meir enn det som var "
    "att ({left:kr}) og det lågare rangerte søknader fekk utan å trengast for ein minsteregel "
    "({free:kr}) til saman.",
    "inversion.value": "Tilskotet til {ids:ids} gav meir samla verdi for pengane innanfor reglane.",
    "passed.by": "Søknader med lågare poengsum har fått tilskot ({ids:ids}).",
    "ahead.of": "Innvilga framfor søknader med høgare poengsum ({ids:ids}).",
    "unspent.smallest": "Det som er att ({left:kr}) er mindre enn minste tilskot til dei "
    "søknadene som står att.",
    "locked.smallest": "Søknaden er låst som «skal innvilgast» og har fått minste tilskot "
    "({smallest:kr}).",
    "rule.min_per_region.capped": "regelen om minst {n:projects} per region (i {region:region} "
    "berre {need:projects}, så mange som det er kandidatar)",
    # minimum rules named in reasons
    "rule.min_per_region": "regelen om minst {n:projects} per region",
    "rule.min_models": "regelen om minst {n:int} ulike modellar",
    "rule.projects_min": "regelen om minst {n:projects} totalt",
    "rule.locks": "låsinga av {id} som «skal innvilgast»",
    "out.locks": "Søknad {id} er låst som «skal ikkje innvilgast».",
    # rule families in a conflict (infeasible rules)
    "conflict.budget": "tilgjengeleg budsjett på {budget:kr}",
    "conflict.projects_min": "minst {n:projects} totalt",
    "conflict.projects_max": "høgst {n:projects} totalt",
    "conflict.one_per_applicant": "høgst éin innvilga søknad per søkjar",
    "conflict.min_per_region": "minst {n:projects} per region ({regions:regions} med kandidatar)",
    "conflict.max_region_share": "høgst {share:share} av budsjettet per region ({limit:kr})",
    "conflict.min_models": "minst {n:int} ulike modellar ({models:models} blant kandidatane)",
    "conflict.max_per_model": "høgst {n:projects} per modell",
    "conflict.locks": "låsingane ({locks:list})",
    "lock.fund": "{id} skal innvilgast",
    "lock.not_fund": "{id} skal ikkje innvilgast",
    "conflict.two": "Regelen om {a} kan ikkje oppfyllast samtidig med {b}.",
    "conflict.many": "Desse reglane kan ikkje oppfyllast samtidig: {rules:semicolons}.",
    "conflict.one": "Regelen om {a} kan ikkje oppfyllast med dei søknadene som kan få tilskot "
    "({n:int} kandidatar).",
    "conflict.unknown": "Reglane for runden kan ikkje oppfyllast samtidig.",
    "conflict.with_cost": "{main} {cost}",
    "conflict.smallest_grants": "Dei {n:int} minste tilskota som er moglege, kostar til saman "
    "{cost:kr}.",
    "conflict.lock_not_candidate": "Søknad {id} er låst som «skal innvilgast», men kan ikkje "
    "innvilgast: {why}",
    "conflict.why.ineligible": "søkjartypen «{type}» kan ikkje få tilskot i denne ordninga.",
    "conflict.why.no_score": "søknaden har ingen samla poengsum.",
    "conflict.why.below_threshold": "samla poengsum {score:score{digits}} er under "
    "kvalitetsterskelen {threshold:score}.",
    "conflict.why.nothing_fundable": "ingen del av søknadsbeløpet kan dekkjast.",
    "conflict.why.below_smallest_grant": "beløpet som kan dekkjast ({fundable:kr}) er lågare enn "
    "minste tilskot ({smallest:kr}).",
    # the greedy ("by hand") baseline
    "greedy.full": "Innvilga i poengrekkjefølgje: heile beløpet som kan dekkjast ({fundable:kr}).",
    "greedy.partial": "Delvis innvilga i poengrekkjefølgje: resten av budsjettet ({granted:kr}).",
    "greedy.out.budget": "Avslått: budsjettet var brukt opp før søknaden kom etter "
    "poengrekkjefølgja.",
    "greedy.out.projects_max": "Avslått: det høgaste talet på prosjekt ({max:projects}) var nådd.",
    "greedy.out.one_per_applicant": "Avslått: søkjaren hadde allereie fått ein søknad innvilga.",
    # rules an allocation breaks (the greedy baseline, an edited table)
    "breaks.min_per_region": "Regionen {region:region} får {count:projects}; regelen krev minst "
    "{need:int}.",
    "breaks.max_region_share": "Regionen {region:region} får {granted:kr}, meir enn taket på "
    "{share:share} av budsjettet ({limit:kr}).",
    "breaks.min_models": "Berre {count:int} ulike modellar får tilskot; regelen krev minst "
    "{need:int}.",
    "breaks.max_per_model": "Modellen «{model}» får {count:projects}; høgst {max:int} er tillate.",
    "breaks.projects_min": "{count:projects} får tilskot; regelen krev minst {need:int}.",
    "breaks.projects_max": "{count:projects} får tilskot; høgst {max:int} er tillate.",
    "breaks.one_per_applicant": "Søkjaren {applicant} får {count:grants}; høgst eitt er tillate.",
    "breaks.budget": "Tilskota ({granted:kr}) går over budsjettet ({budget:kr}).",
    "breaks.not_candidate": "Søknad {id} kan ikkje få tilskot, men har fått {granted:kr}.",
    "breaks.grant_bounds": "Søknad {id} har fått {granted:kr}, utanfor grensene for tilskotet "
    "({smallest:kr} til {fundable:kr}).",
    "breaks.locks": "Låsinga av søknad {id} er ikkje følgd.",
    # v1.2: transfers, continuing projects, partners, size classes
    "continued": "Vidareført: framhald av eit prosjekt med tilsegn for året ({committed:kr}); "
    "søknaden ber ikkje om nye midlar og blir ikkje vurdert på nytt.",
    "transferred": "Overført: søkjaren får bruke ubrukte midlar frå eit tidlegare tilskot "
    "({transfer:kr}) i denne runden; søknaden ber ikkje om nye midlar.",
    "no_partner": "Avvist: ordninga krev at søknaden har minst éin samarbeidskommune, og "
    "søknaden oppgir ingen.",
    "conflict.why.continued": "søknaden ber ikkje om nye midlar (vidareført prosjekt).",
    "conflict.why.transferred": "søknaden ber ikkje om nye midlar (overføring).",
    "rule.min_per_size_class": "regelen om minst {n:projects} per kommunestorleik",
    "rule.min_per_size_class.capped": "regelen om minst {n:projects} per kommunestorleik "
    "(blant {size_class} berre {need:projects}, så mange som det er kandidatar)",
    "conflict.min_per_size_class": "minst {n:projects} per kommunestorleik ({classes:int} "
    "storleiksgrupper med kandidatar)",
    "breaks.min_per_size_class": "Storleiksgruppa {size_class} får {count:projects}; "
    "regelen krev minst {need:int}.",
}

#: The reason templates per written standard (:mod:`allocation.wording.language`).
#: :func:`allocation.wording.render.register` adds the codes of rule families defined elsewhere.
TEMPLATES: dict[Lang, dict[str, str]] = {"nb": _NB, "nn": _NN}
#: The codes this module words itself, in both standards.
BUILTIN_CODES = frozenset(_NB)

# ---- short reasons: the decisive reason of a decision in a phrase (the proposal tables) ---------
#
# :attr:`allocation.records.Explanation.short` is one record, chosen by
# :func:`allocation.explain.explain`; its short template says it in at most about twelve words,
# with no full stop (a table cell). A reason nested in a short one (the rule a grant was needed
# for) takes its short template too. A code without a short template is written in full
# (a rule family registered from outside the package). The same keys in both standards.

_NB_SHORT: dict[str, str] = {
    # not a candidate: the eligibility step that failed
    "ineligible": "Avvist: søkertypen «{type}» kan ikke få tilskudd",
    "no_partner": "Avvist: søknaden oppgir ingen samarbeidskommune",
    "no_score": "Mangler poeng og har ingen samlet poengsum",
    "below_threshold": "Under kvalitetsterskelen på {threshold:score} poeng",
    "nothing_requested": "Ber ikke om nye midler i denne runden",
    "nothing_fundable.excluded": "Hele beløpet gjelder kostnader som ikke dekkes",
    "nothing_fundable.rounding": "Beløpet som kan dekkes, er under tilskuddsenheten på "
    "{rounding:kr}",
    "below_smallest": "Beløpet som kan dekkes, er under minste tilskudd på {smallest:kr}",
    "continued": "Videreført prosjekt med tilsagn på {committed:kr}",
    "transferred": "Bruker ubrukte midler fra et tidligere tilskudd ({transfer:kr})",
    # granted in full: the rule it was needed for, what reduced it, or the grant itself
    "granted.full": "Innvilget som søkt",
    "needed_for": "Innvilget for å oppfylle {rules:list}",
    "reduced.cap": "Avkortet til taket på {cap:kr} per søknad",
    "reduced.excluded": "Kostnader som ikke dekkes, er trukket fra ({amount:kr})",
    "reduced.rounding": "Rundet ned til hele {rounding:kr}",
    "rule.min_per_region": "kravet om minst {n:projects} per region",
    "rule.min_per_region.capped": "kravet om minst {n:projects} per region",
    "rule.min_models": "kravet om minst {n:int} ulike modeller",
    "rule.projects_min": "kravet om minst {n:projects} totalt",
    "rule.min_per_size_class": "kravet om minst {n:projects} per kommunestørrelse",
    "rule.min_per_size_class.capped": "kravet om minst {n:projects} per kommunestørrelse",
    "rule.locks": "låsingen av {id}",
    # granted in part: what held it back
    "partial.budget": "Avkortet: budsjettet er brukt opp",
    "partial.max_region_share": "Avkortet: regionen har nådd taket på {share:share} av budsjettet",
    "partial.other": "Avkortet: resten ga mer samlet verdi hos andre søknader",
    # the adviser's locks
    "locked.in": "Låst som «skal innvilges» etter skjønn",
    "locked.smallest": "Låst som «skal innvilges»; minste tilskudd ({smallest:kr})",
    "locked.out": "Låst som «skal ikke innvilges» etter skjønn",
    # a candidate not funded: the first rule or budget fact that holds it out
    "out.one_per_applicant": "Søkeren har fått en annen søknad innvilget",
    "out.max_per_model": "Modellen har nådd taket på {count:projects}",
    "out.projects_max": "Taket på {max:projects} i runden er nådd",
    "out.max_region_share": "Regionen har nådd taket på {share:share} av budsjettet",
    "out.locks": "Søknad {id} er låst som «skal ikke innvilges»",
    "out.budget.score": "Budsjettet er brukt opp av søknader med høyere poengsum",
    "out.budget.rules": "Budsjettet er brukt opp, også til søknader som trengs for minstereglene",
    "out.budget.value": "Budsjettet er brukt opp; andre søknader ga mer verdi for pengene",
    "out.other": "En annen fordeling ga høyere samlet verdi",
}

_NN_SHORT: dict[str, str] = {
    "ineligible": "Avvist: søkjartypen «{type}» kan ikkje få tilskot",
    "no_partner": "Avvist: søknaden oppgir ingen samarbeidskommune",
    "no_score": "Manglar poeng og har ingen samla poengsum",
    "below_threshold": "Under kvalitetsterskelen på {threshold:score} poeng",
    "nothing_requested": "Ber ikkje om nye midlar i denne runden",
    "nothing_fundable.excluded": "Heile beløpet gjeld kostnader som ikkje blir dekte",
    "nothing_fundable.rounding": "Beløpet som kan dekkjast, er under tilskotseininga på "
    "{rounding:kr}",
    "below_smallest": "Beløpet som kan dekkjast, er under minste tilskot på {smallest:kr}",
    "continued": "Vidareført prosjekt med tilsegn på {committed:kr}",
    "transferred": "Brukar ubrukte midlar frå eit tidlegare tilskot ({transfer:kr})",
    "granted.full": "Innvilga som søkt",
    "needed_for": "Innvilga for å oppfylle {rules:list}",
    "reduced.cap": "Avkorta til taket på {cap:kr} per søknad",
    "reduced.excluded": "Kostnader som ikkje blir dekte, er trekte frå ({amount:kr})",
    "reduced.rounding": "Runda ned til heile {rounding:kr}",
    "rule.min_per_region": "kravet om minst {n:projects} per region",
    "rule.min_per_region.capped": "kravet om minst {n:projects} per region",
    "rule.min_models": "kravet om minst {n:int} ulike modellar",
    "rule.projects_min": "kravet om minst {n:projects} totalt",
    "rule.min_per_size_class": "kravet om minst {n:projects} per kommunestorleik",
    "rule.min_per_size_class.capped": "kravet om minst {n:projects} per kommunestorleik",
    "rule.locks": "låsinga av {id}",
    "partial.budget": "Avkorta: budsjettet er brukt opp",
    "partial.max_region_share": "Avkorta: regionen har nådd taket på {share:share} av budsjettet",
    "partial.other": "Avkorta: resten gav meir samla verdi hos andre søknader",
    "locked.in": "Låst som «skal innvilgast» etter skjønn",
    "locked.smallest": "Låst som «skal innvilgast»; minste tilskot ({smallest:kr})",
    "locked.out": "Låst som «skal ikkje innvilgast» etter skjønn",
    "out.one_per_applicant": "Søkjaren har fått innvilga ein annan søknad",
    "out.max_per_model": "Modellen har nådd taket på {count:projects}",
    "out.projects_max": "Taket på {max:projects} i runden er nådd",
    "out.max_region_share": "Regionen har nådd taket på {share:share} av budsjettet",
    "out.locks": "Søknad {id} er låst som «skal ikkje innvilgast»",
    "out.budget.score": "Budsjettet er brukt opp av søknader med høgare poengsum",
    "out.budget.rules": "Budsjettet er brukt opp, også til søknader som trengst for minstereglane",
    "out.budget.value": "Budsjettet er brukt opp; andre søknader gav meir verdi for pengane",
    "out.other": "Ei anna fordeling gav høgare samla verdi",
}

#: The short templates per written standard (:func:`allocation.wording.render.render`, ``short``).
SHORT_TEMPLATES: dict[Lang, dict[str, str]] = {"nb": _NB_SHORT, "nn": _NN_SHORT}

#: Nouns of counts in the templates' specs: spec -> (singular, plural), per language.
NOUNS: dict[Lang, dict[str, tuple[str, str]]] = {
    "nb": {
        "projects": ("prosjekt", "prosjekter"),
        "regions": ("region", "regioner"),
        "models": ("modell", "modeller"),
        "grants": ("tilskudd", "tilskudd"),
    },
    "nn": {
        "projects": ("prosjekt", "prosjekt"),
        "regions": ("region", "regionar"),
        "models": ("modell", "modellar"),
        "grants": ("tilskot", "tilskot"),
    },
}
NO_REGION: dict[Lang, str] = {"nb": "(uten region)", "nn": "(utan region)"}
#: A list of application ids names at most MAX_IDS, then "og N til" (the same in both).
MAX_IDS = 5
MORE_IDS: dict[Lang, str] = {"nb": "{n} til", "nn": "{n} til"}

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
CLI_MORE = "… og {more} til (alle står i allocation.csv)."
CLI_MORE_NOUN = ("innvilget søknad", "innvilgede søknader")
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

# ---- v1.2: size classes, transfers, continuing projects, partners ----

DECISIONS.update({"videreført": "Videreført", "overført": "Overført"})
#: The decision names per written standard (letters, their overview).
DECISION_NAMES: dict[Lang, dict[str, str]] = {
    "nb": DECISIONS,
    "nn": {
        "innvilget": "Innvilga",
        "delvis_innvilget": "Delvis innvilga",
        "avslått": "Avslått",
        "avvist": "Avvist",
        "videreført": "Vidareført",
        "overført": "Overført",
    },
}

#: The names of the size classes (of population) in documents: "små kommuner (under 5 000
#: innbyggere)" for the first class, "mellomstore" for those between, "store" for the last.
SIZE_CLASS_FIRST = "små kommuner (under {high} innbyggere)"
SIZE_CLASS_MIDDLE = "mellomstore kommuner ({low}–{high} innbyggere)"
SIZE_CLASS_LAST = "store kommuner ({low} innbyggere og flere)"
SIZE_CLASS_ONLY = "alle kommuner"
#: The same names per written standard: (first, middle, last, only).
SIZE_CLASSES: dict[Lang, tuple[str, str, str, str]] = {
    "nb": (SIZE_CLASS_FIRST, SIZE_CLASS_MIDDLE, SIZE_CLASS_LAST, SIZE_CLASS_ONLY),
    "nn": (
        "små kommunar (under {high} innbyggjarar)",
        "mellomstore kommunar ({low}–{high} innbyggjarar)",
        "store kommunar ({low} innbyggjarar og fleire)",
        "alle kommunar",
    ),
}


def size_class_labels(bounds: Sequence[int], lang: Lang = "nb") -> list[str]:
    """The name of every size class of ``bounds`` (``len(bounds) + 1`` names, in order).

    >>> size_class_labels((5000, 20000))[0]
    'små kommuner (under 5 000 innbyggere)'
    >>> size_class_labels((5000,), "nn")[1]
    'store kommunar (5 000 innbyggjarar og fleire)'
    """
    first, middle, last, only = pick(SIZE_CLASSES, lang)
    b = list(bounds)
    if not b:
        return [only]
    names = [first.format(high=fmt.integer(b[0]))]
    for low, high in zip(b, b[1:], strict=False):
        names.append(middle.format(low=fmt.integer(low), high=fmt.integer(high - 1)))
    names.append(last.format(low=fmt.integer(b[-1])))
    return names
