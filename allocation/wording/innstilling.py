"""The innstilling's texts in both written standards: one table per language.

:func:`words` gives the texts of one language as attributes (``w.H_SUMMARY``). The bokmål table
is the innstilling's texts of :mod:`allocation.wording.report` with the office form's own texts
and the plain-language changes a leader needs (no code words such as "merit" in the main
text); the nynorsk table has the same keys (a test checks). The tables also hold the
workbook's own texts (sheet names, "Alle søknader", "Offentlig liste", "Hva skal til") and the
sentences of a comparison with an earlier run (``CMP_*``). A name outside the tables (a
constant that is no text, such as ``DECISIONS``) is read from :mod:`allocation.wording.report`.

Placeholders use ``str.format`` names, as in :mod:`allocation.wording.report`.
"""

from __future__ import annotations

from typing import Any

from allocation.wording import report as R
from allocation.wording import validation as V
from allocation.wording.language import Lang, pick

__all__ = ["NB", "NN", "TEXTS", "Words", "words"]

#: The innstilling's texts of :mod:`allocation.wording.report` that both tables carry.
_SHARED = """
ALL_TYPES APPLICATIONS AT_LEAST BETWEEN CAP_BY_MODEL CAP_BY_REGION CAP_BY_SIZE_CLASS
CAP_CHANGES CAP_COMMITMENTS CAP_CONDITIONS CAP_CRITERIA CAP_GRANTS CAP_GREEDY CAP_HISTORY
CAP_KOMMUNER_REACHED CAP_LOCKS CAP_OUTCOME CAP_PARTNERS CAP_RANKING CAP_REJECTED CAP_RULES
CAP_SCORES CAP_TRANSFERS CAP_YEAR_TOTALS CASES CHANGES_NONE CHANGES_TEXT CHART_ALT_GROUP
CHART_ALT_HISTORY CHART_ALT_HISTORY_ITEM CHART_ALT_LINE CHART_ALT_LINE_ALL CHART_ALT_SCORE
CHART_AXIS_KR CHART_AXIS_SCORE CHART_HISTORY CHART_LEGEND_BUDGET CHART_LEGEND_FUNDABLE
CHART_LEGEND_GRANTED CHART_LEGEND_HISTORY_GRANTED CHART_LEGEND_NOT CHART_LEGEND_REQUESTED
CHART_LEGEND_THRESHOLD CHART_LINE CHART_MODEL CHART_REGION CHART_SCORE COL_AFTER COL_APPLICANT
COL_APPLICANT_KOMMUNER COL_APPLIED_N COL_BEFORE COL_BELOW COL_CAUSE COL_CHANGE COL_COMMITTED
COL_COMMITTED_AHEAD COL_CONDITION COL_COUNT COL_CRITERION COL_DECISION COL_DIFFERENCE
COL_EFFECTIVE COL_FLAG COL_FUNDED_N COL_FYLKE COL_GRANTED COL_GREEDY_GRANT COL_GROUP
COL_GROUP_WEIGHT COL_HIST_APPLICATIONS COL_HIST_GRANTED COL_HIST_REJECTED COL_HIST_REQUESTED
COL_HIST_TRANSFERRED COL_ID COL_KOMMUNER_REACHED COL_LOCK COL_LOCK_REASON COL_MODEL
COL_MODEL_GRANT COL_PARTNERS COL_PARTNER_KOMMUNER COL_PROGRAMME_YEAR COL_REASON COL_RECOMMENDED
COL_REGION COL_REJECTED_N COL_REQUESTED COL_RULE COL_SCORE COL_SHARE COL_SHARE_OF_GRANTED
COL_SIZE_CLASS COL_SPREAD COL_TITLE COL_TRANSFER COL_TRANSFERRED COL_VALUE COL_WHY COL_WITHIN
COL_YEAR COMMITMENTS_LINE COMMITMENTS_NONE COMMITMENTS_TEXT COMMITTED_TEXT CONDITIONS_NONE
CONDITIONS_TEXT COND_DEADLINE COND_REVISOR_ABOVE COND_REVISOR_APPLIES COND_REVISOR_FROM
COND_REVISOR_NONE CRITERIA_TEXT DATE_LABEL DECISION_SHORT EMPTY_TABLE FLAG_YES FYLKE_UNKNOWN
F_AVAILABLE F_CARRY_OVER F_COMMITTED F_FRAME F_GRANTED F_UNALLOCATED GRANTS GRANTS_TEXT
GREEDY_NO_VIOLATIONS GREEDY_VIOLATIONS HISTORY_TEXT H_BUDGET H_CHANGES H_COMMITMENTS
H_CONDITIONS H_GREEDY H_HISTORY H_LOCKS H_OUTCOME H_RANKING H_REJECTED H_SPREAD
H_SUMMARY H_TRANSFERS LOCKS_TEXT LOCK_LABELS NO NONE NOT_USED NO_MODEL OFF ONGOING_PROJECTS
PARAMETERS_TEXT PARAMETER_LABELS PROJECTS RANKING_ALL_EXPLAINED RANKING_NONE RANKING_SHOWN
RANKING_TEXT RANKING_TOO_MANY RANKING_UNEXPLAINED REGION_CEILING_EXACT REGION_CEILING_ROUNDED
REJECTED_NONE REJECTED_TEXT REJECTED_TEXT_NO_INELIGIBLE RULE_APPLICANT_TYPES RULE_CAP
RULE_EXCLUDED RULE_FLOOR RULE_MAX_PER_MODEL RULE_MAX_REGION_SHARE RULE_MIN_MODELS
RULE_MIN_PER_REGION RULE_MIN_SHARE RULE_OBJECTIVE RULE_ONE_PER_APPLICANT RULE_POLICY
RULE_PROJECTS RULE_ROUNDING RULE_SCALE RULE_SOLVER RULE_THRESHOLD SCENARIO_TEXT SIZE_CLASS_UNKNOWN
SPREAD_TEXT SUBTITLE SUMMARY_INELIGIBLE SUMMARY_TEXT THRESHOLD_TEXT TITLE TOTAL TRANSFERS_TEXT
UNSPENT_ROUNDING UNSPENT_TEXT YES
STB_GROWS STB_SHRINKS STB_SAME STB_PRICE STB_PRICE_COVERAGE STB_NO_PRICE STB_CHANGED
STB_RELEASED_NONE STB_RELEASED STB_WHY
SHEET_OVERVIEW SHEET_GRANTS SHEET_REJECTED SHEET_SCORES SHEET_RULES SHEET_SPREAD SHEET_GREEDY
SHEET_CHANGES SHEET_RANKING SHEET_WHAT_IT_TAKES SHEET_ALL SHEET_PUBLIC SHEET_ORDER
OVERVIEW_FIGURES CAP_ALL CAP_PUBLIC XLSX_COL_APPLICANT XLSX_COL_KOMMUNE XLSX_COL_FUNDABLE
XLSX_COL_RECIPIENT XLSX_COL_GRANT XLSX_PAGE COL_SPREAD COL_FLAG
CAP_WHAT_IT_TAKES CAP_WHAT_IT_TAKES_NOTES WHAT_NOTE_FRAME WHAT_NOTE_COARSE WHAT_NOTE_SCORE
WHAT_NOTE_HELD_OUT WHAT_NOTE_LIMIT COL_WHAT_APPLICANT COL_WHAT_SCORE COL_WHAT_FRAME
COL_WHAT_FRAME_GRANT COL_WHAT_FRAME_NOTE COL_WHAT_SCORE_NEEDED COL_WHAT_HELD_OUT COL_WHAT_NOTE
WHAT_FRAME_NOTES WHAT_UNSOLVED
CMP_INTRO CMP_BUDGET CMP_BUDGET_SAME CMP_RULE CMP_AS_SCHEME CMP_LOCKS CMP_TOTAL CMP_CAUSE_MORE
CMP_CAUSE_LESS CMP_CAUSE_RULES CMP_NEW_APP CMP_GONE_APP CMP_NOW_FUNDED CMP_NO_LONGER CMP_MORE
CMP_LESS CMP_NOW CMP_ADDED CMP_WITHDRAWN CMP_SCORES
""".split()

NB: dict[str, Any] = {name: getattr(R, name) for name in _SHARED}
NB.update(
    {
        "DOC_LANGUAGE": "nb-NO",
        "DOC_KEYWORDS": "innstilling, tilskudd",
        "HTML_LANGUAGE": "nb",
        "DECISION_LABELS": {
            **R.DECISION_LABELS,
            # fully of what can be covered: never "fully" beside a smaller grant than asked for
            "innvilget": "Innvilget fullt ut av det som kan dekkes",
        },
        "POLICY_LABELS": {
            "merit": "Mest mulig samlet kvalitet (poengsum) for pengene innenfor rammen",
            "coverage": "Flest mulig søknader dekket i forhold til søknadsbeløpet",
            "priority": "I poengrekkefølge får hver søknad så mye reglene tillater",
        },
        "GREEDY_TEXT": (
            "Manuell metode betyr å gå gjennom søknadene etter poengsum og gi hver søknad det den "
            "kan få, til pengene er brukt opp, uten å ta hensyn til reglene om spredning. Med "
            "manuell metode ville {n_greedy} fått til sammen {greedy}; beregningen gir {n_model} "
            "til sammen {model}."
        ),
        "GREEDY_DIFFER": " Tildelingen er ulik for {differ}.",
        "GREEDY_SAME": " Tildelingen er den samme med begge metodene.",
        # the office form (issue 13)
        "L_TO": "Til",
        "L_FROM": "Fra",
        "L_CASE": "Saksnr.",
        "L_DATE": "Dato",
        "H_BACKGROUND": "Bakgrunn og hjemmel",
        "BACKGROUND_TEXT": (
            "Innstillingen gjelder tildeling av tilskudd for {year} under "
            "ordningen «{name}»{place}."
        ),
        "BACKGROUND_PLACE": " i {region}",
        "BACKGROUND_LEGAL": "Tilskuddet gis med hjemmel i {hjemmel}.",
        "BACKGROUND_FRAME": "Rammen for året er {frame}.",
        "H_CRITERIA": "Vurderingen av søknadene",
        "ASSESSORS_TEXT": (
            "Hver søknad er vurdert av {n}, og poengsummen er snittet av vurderingene."
        ),
        "ASSESSORS": ("fagperson", "fagpersoner"),
        "H_GRANTS": "Innstilte tilskudd",
        "COL_FUNDABLE": "Kan dekkes",
        "COL_SHORT_REASON": "Begrunnelse",
        "COL_FULL_REASON": "Full begrunnelse",
        "COL_ASSESSMENT": "Rådgivers vurdering",
        "FUNDABLE_NOTE": (
            "«Kan dekkes» er det søknaden kan få etter reglene for ordningen (høyeste tilskudd, "
            "kostnader som ikke dekkes, avrunding)."
        ),
        "H_VEDTAK": "Forslag til vedtak",
        "VEDTAK_TEXT": (
            "{who} innstiller på at følgende søkere tildeles tilskudd under ordningen «{name}» "
            "for {year}, til sammen {total}:"
        ),
        "VEDTAK_WHO": "Vi",
        "VEDTAK_LINE": "{applicant}: {amount} til «{title}» ({id})",
        "VEDTAK_REST": "De øvrige {n} avslås eller avvises, med begrunnelsen gitt ovenfor.",
        "VEDTAK_NONE": "Vi innstiller på at ingen søkere tildeles tilskudd i denne runden.",
        "H_KLAGE": "Klageadgang",
        "H_APPROVAL": "Godkjenning",
        "PREPARED_BY": "Saksbehandler",
        "APPROVED_BY": "Godkjent av",
        "SIGNATURE_NAME": "Navn",
        "SIGNATURE_DATE": "Dato",
        "H_APPENDIX": "Vedlegg: Om beregningen",
        "APPENDIX_TEXT": (
            "Vedlegget viser hvordan fordelingen er beregnet, slik at den kan etterprøves. "
            "Beregningen er gjort med et matematisk program som finner den fordelingen som "
            "oppfyller alle reglene og gir mest igjen etter prioriteringen nedenfor."
        ),
        "RULE_GAP": "Bevist avstand til beste mulige fordeling",
        "RULE_INPUT": "Kontrollsum (SHA-256) for {file}",
        "SOLVER_OPTIMAL": "optimal (bevist)",
        "RECUSALS": V.REPORT_RECUSALS,
        "RECUSAL_ITEM": V.REPORT_RECUSAL_ITEM,
        # the robustness section's sheet (allocation.report.robustness_section)
        "SHEET_ROBUSTNESS": "Robusthet",
    }
)

NN: dict[str, Any] = {
    "DOC_LANGUAGE": "nn-NO",
    "DOC_KEYWORDS": "innstilling, tilskot",
    "HTML_LANGUAGE": "nn",
    "ALL_TYPES": "alle",
    "APPLICATIONS": ("søknad", "søknader"),
    "AT_LEAST": "minst {n}",
    "BETWEEN": "{lo}–{hi}",
    "CAP_BY_MODEL": "Fordeling på modell",
    "CAP_BY_REGION": "Fordeling på region",
    "CAP_BY_SIZE_CLASS": "Fordeling på kommunestorleik",
    "CAP_CHANGES": "Endringar frå førre køyring: kven får meir, kven får mindre, og kvifor",
    "CAP_COMMITMENTS": "Tilsegner for dei komande åra, per søknad",
    "CAP_CONDITIONS": "Vilkår",
    "CAP_CRITERIA": "Kriterium og vekter",
    "CAP_GRANTS": "Innstilte tilskot",
    "CAP_GREEDY": "Berekna tildeling og manuell metode, side om side",
    "CAP_HISTORY": "Søknader, avslag, søkte og tildelte midlar per år",
    "CAP_KOMMUNER_REACHED": "Kommunar nådde per fylke (søkjarar og samarbeidskommunar med tilskot)",
    "CAP_LOCKS": "Låste søknader og grunngiving",
    "CAP_OUTCOME": "Søknader etter utfall",
    "CAP_PARTNERS": "Interkommunale søknader: samarbeidskommunane",
    "CAP_RANKING": "Søknader som fekk mindre enn søknader med lågare poengsum",
    "CAP_REJECTED": "Søknader som ikkje blir innstilte, med grunngiving",
    "CAP_RULES": "Reglar og innstillingar i berekninga",
    "CAP_SCORES": "Gjennomsnittleg poeng per kriterium",
    "CAP_TRANSFERS": "Vidareførte prosjekt og overføringar",
    "CAP_YEAR_TOTALS": "Året samla: søkt, tildelt og overført",
    "CASES": ("tilfelle", "tilfelle"),
    "CHANGES_NONE": "Ingen søknader får endra tildeling.",
    "CHANGES_TEXT": "Tildelinga er endra for {n}:",
    "CHART_ALT_GROUP": "Stolpediagram. {items}.",
    "CHART_ALT_HISTORY": "Søkte og tildelte midlar per år: {items}",
    "CHART_ALT_HISTORY_ITEM": "{year}: søkt {requested}, tildelt {granted}",
    "CHART_ALT_LINE": (
        "Stolpar for kvar søknad etter poengsum, med det som kan givast og det som er innstilt. "
        "Summen av det som kan givast for søknadene over grensa passerer ramma på {budget} "
        "etter {n}."
    ),
    "CHART_ALT_LINE_ALL": (
        "Stolpar for kvar søknad etter poengsum, med det som kan givast og det som er innstilt. "
        "Ramma på {budget} dekkjer alt som kan givast."
    ),
    "CHART_ALT_SCORE": (
        "Punktdiagram med poengsum langs x-aksen og innstilt tilskot langs y-aksen. "
        "{funded} er innstilte med poengsum frå {lo} til {hi}; "
        "{not_funded} er ikkje innstilte."
    ),
    "CHART_AXIS_KR": "kroner",
    "CHART_AXIS_SCORE": "Poengsum",
    "CHART_HISTORY": "Søkte og tildelte midlar per år",
    "CHART_LEGEND_BUDGET": "Til fordeling",
    "CHART_LEGEND_FUNDABLE": "Kan givast (etter tak og avrunding)",
    "CHART_LEGEND_GRANTED": "Innstilt",
    "CHART_LEGEND_HISTORY_GRANTED": "Tildelt",
    "CHART_LEGEND_NOT": "Ikkje innstilt",
    "CHART_LEGEND_REQUESTED": "Søkt",
    "CHART_LEGEND_THRESHOLD": "Poenggrense",
    "CHART_LINE": "Finansieringslinja: søknadene etter poengsum mot ramma",
    "CHART_MODEL": "Innstilt beløp per modell",
    "CHART_REGION": "Innstilt beløp per region",
    "CHART_SCORE": "Poengsum og innstilt tilskot",
    "COL_AFTER": "No",
    "COL_APPLICANT": "Kommune",
    "COL_APPLICANT_KOMMUNER": "Søkjarkommunar",
    "COL_APPLIED_N": "Søknader",
    "COL_BEFORE": "Før",
    "COL_BELOW": "Lågare rangert med tilskot",
    "COL_CAUSE": "Årsak",
    "COL_CHANGE": "Endring",
    "COL_COMMITTED": "Tilsegn for året",
    "COL_COMMITTED_AHEAD": "Tilsegn",
    "COL_CONDITION": "Vilkår",
    "COL_COUNT": "Tal",
    "COL_CRITERION": "Kriterium",
    "COL_DECISION": "Utfall",
    "COL_DIFFERENCE": "Skilnad",
    "COL_EFFECTIVE": "Vekt totalt",
    "COL_FLAG": "Merknad",
    "COL_FUNDED_N": "Tal innstilte",
    "COL_FYLKE": "Fylke",
    "COL_GRANTED": "Innstilt",
    "COL_GREEDY_GRANT": "Manuell metode",
    "COL_GROUP": "Gruppe",
    "COL_GROUP_WEIGHT": "Vekta til gruppa",
    "COL_HIST_APPLICATIONS": "Tal søknader",
    "COL_HIST_GRANTED": "Tildelt",
    "COL_HIST_REJECTED": "Avslag",
    "COL_HIST_REQUESTED": "Søkte midlar",
    "COL_HIST_TRANSFERRED": "Overført",
    "COL_ID": "Søknad",
    "COL_KOMMUNER_REACHED": "Kommunar nådde i alt",
    "COL_LOCK": "Lås",
    "COL_LOCK_REASON": "Grunngivinga til rådgivaren",
    "COL_MODEL": "Modell",
    "COL_MODEL_GRANT": "Berekna",
    "COL_PARTNERS": "Samarbeidskommunar",
    "COL_PARTNER_KOMMUNER": "Samarbeidskommunar",
    "COL_PROGRAMME_YEAR": "Prosjektår",
    "COL_REASON": "Grunngiving",
    "COL_RECOMMENDED": "Innstilt",
    "COL_REGION": "Region",
    "COL_REJECTED_N": "Avslått eller avvist",
    "COL_REQUESTED": "Søkt",
    "COL_RULE": "Regel",
    "COL_SCORE": "Poeng",
    "COL_SHARE": "Del av søkt",
    "COL_SHARE_OF_GRANTED": "Del av innstilt",
    "COL_SIZE_CLASS": "Kommunestorleik",
    "COL_SPREAD": "Største sprik",
    "COL_TITLE": "Prosjekt",
    "COL_TRANSFER": "Overført",
    "COL_TRANSFERRED": "Overført",
    "COL_VALUE": "Verdi",
    "COL_WHY": "Kvifor",
    "COL_WITHIN": "Vekt i gruppa",
    "COL_YEAR": "År",
    "COMMITMENTS_LINE": "{year}: {projects}, til saman {amount}",
    "COMMITMENTS_NONE": "Innstillinga gir ingen tilsegner for dei komande åra.",
    "COMMITMENTS_TEXT": (
        "Ordninga gir tilskot for inntil {years} år: eit prosjekt som får tilskot no, får det "
        "same beløpet dei neste åra i prosjektperioden, under føresetnad av at Stortinget "
        "løyver midlar. Denne innstillinga gir difor tilsegner for dei komande åra:"
    ),
    "COMMITTED_TEXT": (
        "{n} har alt fått tilsegn for året, til saman {total}: {names}. "
        "Desse beløpa er trekte frå ramma og blir ikkje vurderte på nytt."
    ),
    "CONDITIONS_NONE": "Regelverket for runden set ingen særskilde vilkår.",
    "CONDITIONS_TEXT": "Desse vilkåra følgjer av regelverket og gjeld for tilskota:",
    "COND_DEADLINE": "Frist for rapportering: {deadline}.",
    "COND_REVISOR_ABOVE": "Tilskot over {amount} krev rekneskap attestert av revisor.",
    "COND_REVISOR_APPLIES": (
        "Kravet om revisorattestasjon gjeld {n} av dei innstilte tilskota: {names}."
    ),
    "COND_REVISOR_FROM": "Tilskot på {amount} eller meir krev rekneskap attestert av revisor.",
    "COND_REVISOR_NONE": "Kravet om revisorattestasjon gjeld ingen av dei innstilte tilskota.",
    "CRITERIA_TEXT": (
        "Søknadene er vurderte etter kriteria nedanfor på ein skala frå {lo} til {hi}. "
        "Poengsummen er det vekta snittet av vurderingane.{threshold}"
    ),
    "DATE_LABEL": "Dato",
    "DECISION_LABELS": {
        "innvilget": "Innvilga fullt ut av det som kan dekkjast",
        "delvis_innvilget": "Innvilga delvis",
        "avslått": "Avslått",
        "avvist": "Avvist (ikkje rett på tilskot)",
        "videreført": "Vidareført (tidlegare tilsegn)",
        "overført": "Overføring av ubrukte midlar",
    },
    "DECISION_SHORT": {"avslått": "Avslått", "avvist": "Avvist"},
    "EMPTY_TABLE": "Ingen.",
    "FLAG_YES": "sprik",
    "FYLKE_UNKNOWN": "(ukjent fylke)",
    "F_AVAILABLE": "Til fordeling i denne runden",
    "F_CARRY_OVER": "Overført frå tidlegare år",
    "F_COMMITTED": "Tidlegare gitt tilsegn for året (blir trekt frå)",
    "F_FRAME": "Ramme for året",
    "F_GRANTED": "Innstilt",
    "F_UNALLOCATED": "Ikkje fordelt",
    "GRANTS": ("tilskot", "tilskot"),
    "GRANTS_TEXT": "Vi innstiller på {n}, til saman {total}, sorterte etter poengsum.",
    "GREEDY_NO_VIOLATIONS": "Manuell metode ville ikkje ha brote nokon av reglane.",
    "GREEDY_VIOLATIONS": "Manuell metode ville ha brote desse reglane:",
    "GREEDY_TEXT": (
        "Manuell metode vil seie å gå gjennom søknadene etter poengsum og gi kvar søknad det ho "
        "kan få, til pengane er brukte opp, utan å ta omsyn til reglane om spreiing. Med "
        "manuell metode ville {n_greedy} ha fått til saman {greedy}; berekninga gir {n_model} "
        "til saman {model}."
    ),
    "GREEDY_DIFFER": " Tildelinga er ulik for {differ}.",
    "GREEDY_SAME": " Tildelinga er den same med begge metodane.",
    "HISTORY_TEXT": (
        "Tabellen viser ordninga dei siste åra, med tala for i år (innstillinga) nedst: "
        "{year} har {requested} søkt og {granted} føreslått tildelt."
    ),
    "H_BUDGET": "Budsjettramme",
    "H_CHANGES": "Endringar frå førre køyring",
    "H_COMMITMENTS": "Tilsegner for dei komande åra",
    "H_CONDITIONS": "Vilkår for tilskotet",
    "H_GREEDY": "Samanlikning med manuell metode",
    "H_HISTORY": "Historikk",
    "H_LOCKS": "Skjønnet til rådgivaren: låste søknader",
    "H_OUTCOME": "Søknader og utfall",
    "H_RANKING": "Rangering: når ein lågare rangert søknad går føre",
    "H_REJECTED": "Søknader som ikkje blir innstilte",
    "H_SPREAD": "Fordeling på region og modell",
    "H_SUMMARY": "Samandrag",
    "H_TRANSFERS": "Vidareførte prosjekt og overføringar",
    "LOCKS_TEXT": (
        "{n} er låst etter skjønnet til rådgivaren. Låsane er lagde inn som krav i berekninga; "
        "grunngivinga er rådgivaren si."
    ),
    "LOCK_LABELS": {"must_fund": "skal innvilgast", "must_not_fund": "skal ikkje innvilgast"},
    "NO": "nei",
    "NONE": "ingen",
    "NOT_USED": "ikkje i bruk",
    "NO_MODEL": "(utan modell)",
    "OFF": "av",
    "ONGOING_PROJECTS": ("pågåande prosjekt", "pågåande prosjekt"),
    "PARAMETERS_TEXT": "I denne berekninga er desse reglane endra frå regelverket: {items}.",
    "PARAMETER_LABELS": {
        "budget": "ramme",
        "carry_over": "overført frå tidlegare år",
        "policy": "prioritering",
        "solver": "løysar",
        "time_limit": "tidsgrense (sekund)",
        "cap": "høgaste tilskot",
        "floor": "lågaste tilskot",
        "min_share": "minste del av søkt beløp",
        "rounding": "avrunding",
        "projects": "tal prosjekt",
        "threshold": "poenggrense",
        "one_per_applicant": "éin søknad per søkjar",
        "min_per_region": "minst innvilga per region",
        "max_region_share": "høgaste del per region",
        "min_models": "minste tal modellar",
        "max_per_model": "høgst innvilga per modell",
        "min_per_size_class": "minst innvilga per kommunestorleik",
        "groups": "gruppevekter",
    },
    "POLICY_LABELS": {
        "merit": "Mest mogleg samla kvalitet (poengsum) for pengane innanfor ramma",
        "coverage": "Flest moglege søknader dekte i høve til søknadsbeløpet",
        "priority": "I poengrekkjefølgje får kvar søknad så mykje som reglane tillèt",
    },
    "PROJECTS": ("prosjekt", "prosjekt"),
    "RANKING_ALL_EXPLAINED": "Alle kjem av ein regel i ordninga.",
    "RANKING_NONE": (
        "Ingen søknad med lågare poengsum har fått tilskot framfor ein søknad med høgare "
        "poengsum som fekk mindre enn det som kan dekkjast."
    ),
    "RANKING_SHOWN": "Tabellen viser dei {shown} første søknadene som fekk mindre.",
    "RANKING_TEXT": (
        "I {n} har ein søknad med lågare poengsum fått tilskot medan ein søknad med høgare "
        "poengsum fekk mindre enn det som kan dekkjast. Tabellen viser, for kvar søknad som fekk "
        "mindre, kva søknader som gjekk føre, og kva regel som er årsaka."
    ),
    "RANKING_TOO_MANY": (
        "Det er {n} slike tilfelle; dei er talde, men for mange til å visast kvart for seg."
    ),
    "RANKING_UNEXPLAINED": (
        "{n} kjem ikkje av nokon regel i ordninga: fordelinga gav der meir samla verdi for pengane."
    ),
    "REGION_CEILING_EXACT": "{share} av {budget}, det vil seie {ceiling}",
    "REGION_CEILING_ROUNDED": "{share} av {budget}, avrunda ned til {ceiling}",
    "REJECTED_NONE": "Alle søknadene blir innstilte til tilskot.",
    "REJECTED_TEXT": (
        "{n} blir ikkje innstilte: {rejected} får avslag og {ineligible} blir avviste. "
        "Grunngivinga står for kvar søknad."
    ),
    "REJECTED_TEXT_NO_INELIGIBLE": (
        "{n} blir ikkje innstilte og får avslag. Grunngivinga står for kvar søknad."
    ),
    "RULE_APPLICANT_TYPES": "Kven kan søkje",
    "RULE_CAP": "Høgaste tilskot per søknad",
    "RULE_EXCLUDED": "Kostnader som ikkje blir dekte",
    "RULE_FLOOR": "Lågaste tilskot",
    "RULE_MAX_PER_MODEL": "Høgst innvilga per modell",
    "RULE_MAX_REGION_SHARE": "Høgaste del av ramma per region",
    "RULE_MIN_MODELS": "Minste tal ulike modellar",
    "RULE_MIN_PER_REGION": "Minst innvilga per region",
    "RULE_MIN_SHARE": "Minste del av det som kan givast",
    "RULE_OBJECTIVE": "Verdien av målfunksjonen",
    "RULE_ONE_PER_APPLICANT": "Høgst eitt tilskot per søkjar",
    "RULE_POLICY": "Prioritering",
    "RULE_PROJECTS": "Tal prosjekt",
    "RULE_ROUNDING": "Tilskot blir avrunda til heile",
    "RULE_SCALE": "Poengskala",
    "RULE_SOLVER": "Løysar",
    "RULE_THRESHOLD": "Poenggrense",
    "SCENARIO_TEXT": "Innstillinga byggjer på scenarioet «{name}».",
    "SIZE_CLASS_UNKNOWN": "(innbyggjartal ikkje oppgitt)",
    "SPREAD_TEXT": (
        "Tabellane viser korleis tilskota fordeler seg på region og på modell/tema. "
        "Figurane viser det same, og korleis tilskot heng saman med poengsum."
    ),
    "SUBTITLE": "Tildeling {year}{place}",
    "SUMMARY_INELIGIBLE": " {n} blir avviste fordi søkjaren ikkje har rett på tilskot.",
    "SUMMARY_TEXT": (
        "Det kom inn {n} om til saman {requested}. Til fordeling er det {budget}. "
        "Vi innstiller på at {funded} får tilskot, til saman {granted}: "
        "{full} blir innvilga fullt ut og {partial} delvis. {rejected} får avslag."
    ),
    "THRESHOLD_TEXT": " Søknader med poengsum under {t} blir ikkje innstilte.",
    "TITLE": "Innstilling: {name}",
    "TOTAL": "Sum",
    "TRANSFERS_TEXT": (
        "Desse søknadene gjeld ikkje nye midlar i denne runden: {continued} blir vidareførte med "
        "tilsegn frå tidlegare år ({committed}), og {transferred} får bruke ubrukte midlar frå "
        "tidlegare tilskot ({transfer}). Beløpa blir haldne utanfor fordelinga av nye midlar."
    ),
    "UNSPENT_ROUNDING": "Det som er att, er mindre enn éi tilskotseining.",
    "UNSPENT_TEXT": "{amount} av budsjettet er ikkje fordelt. {why}",
    "YES": "ja",
    # the office form (issue 13)
    "L_TO": "Til",
    "L_FROM": "Frå",
    "L_CASE": "Saksnr.",
    "L_DATE": "Dato",
    "H_BACKGROUND": "Bakgrunn og heimel",
    "BACKGROUND_TEXT": (
        "Innstillinga gjeld tildeling av tilskot for {year} under ordninga «{name}»{place}."
    ),
    "BACKGROUND_PLACE": " i {region}",
    "BACKGROUND_LEGAL": "Tilskotet blir gitt med heimel i {hjemmel}.",
    "BACKGROUND_FRAME": "Ramma for året er {frame}.",
    "H_CRITERIA": "Vurderinga av søknadene",
    "ASSESSORS_TEXT": "Kvar søknad er vurdert av {n}, og poengsummen er snittet av vurderingane.",
    "ASSESSORS": ("fagperson", "fagpersonar"),
    "H_GRANTS": "Innstilte tilskot",
    "COL_FUNDABLE": "Kan dekkjast",
    "COL_SHORT_REASON": "Grunngiving",
    "COL_FULL_REASON": "Full grunngiving",
    "COL_ASSESSMENT": "Vurderinga til rådgivaren",
    "FUNDABLE_NOTE": (
        "«Kan dekkjast» er det søknaden kan få etter reglane for ordninga (høgaste tilskot, "
        "kostnader som ikkje blir dekte, avrunding)."
    ),
    "H_VEDTAK": "Framlegg til vedtak",
    "VEDTAK_TEXT": (
        "{who} innstiller på at følgjande søkjarar får tildelt tilskot under ordninga «{name}» "
        "for {year}, til saman {total}:"
    ),
    "VEDTAK_WHO": "Vi",
    "VEDTAK_LINE": "{applicant}: {amount} til «{title}» ({id})",
    "VEDTAK_REST": "Dei andre {n} får avslag eller blir avviste, med grunngivinga gitt ovanfor.",
    "VEDTAK_NONE": "Vi innstiller på at ingen søkjarar får tildelt tilskot i denne runden.",
    "H_KLAGE": "Klagerett",
    "H_APPROVAL": "Godkjenning",
    "PREPARED_BY": "Saksbehandlar",
    "APPROVED_BY": "Godkjend av",
    "SIGNATURE_NAME": "Namn",
    "SIGNATURE_DATE": "Dato",
    "H_APPENDIX": "Vedlegg: Om berekninga",
    "APPENDIX_TEXT": (
        "Vedlegget viser korleis fordelinga er berekna, slik at ho kan etterprøvast. "
        "Berekninga er gjord med eit matematisk program som finn den fordelinga som "
        "oppfyller alle reglane og gir mest att etter prioriteringa nedanfor."
    ),
    "RULE_GAP": "Prova avstand til den beste moglege fordelinga",
    "RULE_INPUT": "Kontrollsum (SHA-256) for {file}",
    "SOLVER_OPTIMAL": "optimal (prova)",
    "RECUSALS": (
        "Fagpersonar som var ugilde (forvaltningslova §§ 6–10), og som difor ikkje har gitt "
        "poeng: {items}."
    ),
    "RECUSAL_ITEM": "{assessor} i {ids}",
}
# The stable re-run (--stable-from) in nynorsk.
NN.update(
    {
        "STB_GROWS": (
            "Stabil omrekning: ramma er større enn i køyringa {label} ({before}), så ingen "
            "søknad får mindre enn der."
        ),
        "STB_SHRINKS": (
            "Stabil omrekning: ramma er mindre enn i køyringa {label} ({before}), så ingen "
            "søknad får meir enn der."
        ),
        "STB_SAME": (
            "Stabil omrekning: ramma er den same som i køyringa {label} ({before}), så ingen "
            "søknad får mindre enn der."
        ),
        "STB_PRICE": (
            "Prisen for stabiliteten er {price} i samla verdi (poengsum gonger kroner), "
            "{pct} av verdien utan denne bindinga."
        ),
        "STB_PRICE_COVERAGE": (
            "Prisen for stabiliteten er {price} i samla dekning (poengsum gonger del dekt), "
            "{pct} av verdien utan denne bindinga."
        ),
        "STB_NO_PRICE": (
            "Stabiliteten kostar ingenting: fordelinga er like god som utan denne bindinga."
        ),
        "STB_CHANGED": (
            "{changed} får endra tilskot ({moved} flytta i alt); utan stabilitet ville {plain} "
            "ha fått endra tilskot ({plain_moved})."
        ),
        "STB_RELEASED_NONE": "Alle tilskot frå førre køyring er haldne.",
        "STB_RELEASED": "Grensa er oppheva for {n}: {items}.",
        "STB_WHY": {
            "withdrawn": "{id} (ikkje med i denne runden)",
            "not_candidate": "{id} (kan ikkje lenger få tilskot)",
            "above_fundable": "{id} (fekk {earlier}, meir enn det som no kan bli gitt)",
            "rules": "{id} (reglane kan elles ikkje oppfyllast)",
        },
    }
)

# The workbook's own texts (sheet names, the sheets of every application and "Kva skal til").
_NN_SHEETS = {
    "SHEET_OVERVIEW": "Oversikt",
    "SHEET_GRANTS": "Tildelingar",
    "SHEET_REJECTED": "Avslag",
    "SHEET_SCORES": "Poeng",
    "SHEET_RULES": "Reglar",
    "SHEET_SPREAD": "Fordeling",
    "SHEET_GREEDY": "Manuell metode",
    "SHEET_CHANGES": "Endringar",
    "SHEET_RANKING": "Rangering",
}
NN.update(_NN_SHEETS)
NN.update(
    {
        "SHEET_ORDER": tuple(_NN_SHEETS.values()),
        "SHEET_WHAT_IT_TAKES": "Kva skal til",
        "SHEET_ROBUSTNESS": "Robustheit",
        "SHEET_ALL": "Alle søknader",
        "SHEET_PUBLIC": "Offentleg liste",
        "OVERVIEW_FIGURES": "Nøkkeltal",
        "CAP_ALL": "Alle søknader i runden",
        "CAP_PUBLIC": "Offentleg liste over tilskot {year}",
        "XLSX_COL_APPLICANT": "Søkjar",
        "XLSX_COL_KOMMUNE": "Kommune",
        "XLSX_COL_FUNDABLE": "Kan dekkjast",
        "XLSX_COL_RECIPIENT": "Tilskotsmottakar",
        "XLSX_COL_GRANT": "Tilskot",
        "XLSX_PAGE": "Side &P av &N",
        "COL_SPREAD": "Største sprik",
        "COL_FLAG": "Merknad",
        "CAP_WHAT_IT_TAKES": "Kva som skulle til for tilskot, alt anna likt",
        "CAP_WHAT_IT_TAKES_NOTES": "Slik er tala funne",
        "WHAT_NOTE_FRAME": (
            "Budsjettramma er den minste ramma, i steg på {step} opp til to gonger ramma "
            "({limit}), som gir søknaden tilskot når alt anna er likt. Kvar ramme er ei ny "
            "berekning med dei same reglane, låsane og poengsummane."
        ),
        "WHAT_NOTE_COARSE": (
            "Rammene er prøvde i grove steg og deretter steg for steg frå det siste grove steget "
            "utan tilskot. Tilskot kan i sjeldne tilfelle kome og gå att mellom to grove steg; "
            "ei slik smal luke under det grove steget blir ikkje fanga opp."
        ),
        "WHAT_NOTE_SCORE": (
            "Poengsummen som trengst, er den lågaste samla poengsummen (med to desimalar) som "
            "gir søknaden tilskot med ramma i denne innstillinga; poenga til dei andre "
            "søknadene er som før."
        ),
        "WHAT_NOTE_HELD_OUT": (
            "Der ingen poengsum på skalaen gir tilskot, står regelen som held søknaden ute."
        ),
        "WHAT_NOTE_LIMIT": (
            "Berre dei {limit} søknadene utan tilskot med høgast poengsum er berekna."
        ),
        "COL_WHAT_APPLICANT": "Søkjar",
        "COL_WHAT_SCORE": "Poengsum",
        "COL_WHAT_FRAME": "Budsjettramme som ville ha gitt tilskot",
        "COL_WHAT_FRAME_GRANT": "Tilskot ved den ramma",
        "COL_WHAT_FRAME_NOTE": "Merknad til ramma",
        "COL_WHAT_SCORE_NEEDED": "Poengsum som trengst",
        "COL_WHAT_HELD_OUT": "Regel som held søknaden ute",
        "COL_WHAT_NOTE": "Merknad",
        "WHAT_FRAME_NOTES": {
            "not_searched": "ikkje berekna (berre dei {n} beste utan tilskot blir berekna)",
            "locked_out": "inga ramme hjelper (låst som «skal ikkje innvilgast»)",
            "below_threshold": "inga ramme hjelper (under kvalitetsterskelen)",
            "not_candidate": "inga ramme hjelper (ikkje kandidat)",
            "beyond": "ikkje innanfor to gonger ramma ({limit})",
        },
        "WHAT_UNSOLVED": "ikkje berekna: løysaren feila på ei av berekningane",
    }
)
# The comparison with an earlier run (--compare, allocation.run.compare).
NN.update(
    {
        "CMP_INTRO": "Samanlikna med køyringa {label}.",
        "CMP_BUDGET": "Beløpet til fordeling er endra frå {before} til {after} ({change}).",
        "CMP_BUDGET_SAME": "Beløpet til fordeling er det same: {budget}.",
        "CMP_RULE": "Regelen «{rule}» er endra frå {before} til {after}.",
        "CMP_AS_SCHEME": "som i regelverket",
        "CMP_LOCKS": "Låsane til rådgivaren er endra (før: {before}, no: {after}).",
        "CMP_TOTAL": (
            "Samla innstilt er endra frå {before} ({f0} tilskot) til {after} ({f1} tilskot)."
        ),
        "CMP_CAUSE_MORE": "Det er {change} meir å fordele, og berekninga er gjord på nytt.",
        "CMP_CAUSE_LESS": "Det er {change} mindre å fordele, og berekninga er gjord på nytt.",
        "CMP_CAUSE_RULES": "Reglane for berekninga er endra, og berekninga er gjord på nytt.",
        "CMP_NEW_APP": "Søknaden var ikkje med i førre køyring.",
        "CMP_GONE_APP": "Søknaden er ikkje med i denne køyringa.",
        "CMP_NOW_FUNDED": "Får no tilskot ({amount}), fekk ikkje før.",
        "CMP_NO_LONGER": "Får ikkje lenger tilskot (fekk {amount}).",
        "CMP_MORE": "Får {change} meir.",
        "CMP_LESS": "Får {change} mindre.",
        "CMP_NOW": "No",
        "CMP_ADDED": "Nye søknader sidan førre køyring: {ids}.",
        "CMP_WITHDRAWN": "Søknader som ikkje er med lenger: {ids}.",
        "CMP_SCORES": "Samla poengsum er endra for {n}: {ids}.",
    }
)

TEXTS: dict[Lang, dict[str, Any]] = {"nb": NB, "nn": NN}


class Words:
    """One language's texts as attributes; a name outside the tables (the workbook's own
    texts) is read from :mod:`allocation.wording.report`."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self.__dict__.update(pick(TEXTS, lang))

    def __getattr__(self, name: str) -> Any:
        return getattr(R, name)


_WORDS = {lang: Words(lang) for lang in TEXTS}


def words(lang: Lang) -> Words:
    """The innstilling's texts in ``lang``.

    >>> words("nn").H_SUMMARY, words("nb").H_SUMMARY
    ('Samandrag', 'Sammendrag')
    """
    return _WORDS[lang]
