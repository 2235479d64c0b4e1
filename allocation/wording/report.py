"""Norwegian texts of the run pipeline: parameter and scenario errors, progress, and the
innstilling (DOCX, HTML, XLSX), kept in one place.

Placeholders use ``str.format`` names. Nothing here is markup: the HTML template escapes
every value, so these texts may contain ``<`` or ``&`` safely.
"""

from __future__ import annotations

from allocation.wording.language import Lang

# -- parameters (allocation.run.config) ----------------------------------------------------------

CFG_HEADER = "Ugyldige parametere:"
CFG_KINDS = {
    "money": "et helt kronebeløp (0 eller mer)",
    "count": "et helt tall (0 eller mer)",
    "share": "en andel mellom 0 og 1",
    "number": "et tall",
    "seconds": "et antall sekunder",
    "path": "en filsti (tekst)",
}
CFG_UNKNOWN = "{where}ukjent parameter «{name}». Kjente parametere: {known}."
CFG_TYPE = "parameteren «{name}» må være {kind}, ikke {value!r}."
CFG_RANGE = "parameteren «{name}» har en verdi utenfor tillatt område: {value!r}."
CFG_BOOL = "parameteren «{name}» må være true eller false, ikke {value!r}."
CFG_CHOICE = "parameteren «{name}» må være en av {choices}, ikke {value!r}."
CFG_PROJECTS = (
    "parameteren «{name}» må være [min] eller [min, maks] med hele tall (min ≤ maks), "
    "eller false, ikke {value!r}."
)
CFG_GROUPS_TYPE = "«{name}» må være en tabell med gruppenavn og vekter."
CFG_GROUP_WEIGHT = "«{name}»: vekten til gruppen «{group}» må være et tall ≥ 0, ikke {value!r}."
CFG_GROUP_SUM = "«{name}»: gruppevektene må summere til 1, men summerer til {total:g}."
CFG_GROUP_NAMES = (
    "Gruppevektene må nevne nøyaktig gruppene i regelverket ({known}). "
    "Ukjente grupper: {unknown}. Manglende grupper: {missing}."
)
CFG_ROUND_MISSING = "parameteren «round» (mappen med søknadsrunden) mangler."
CFG_CLI_RESERVED = (
    "parameteren «{name}» kan ikke settes med -p; oppgi runden som argument og utmappen med --out."
)
CFG_DUPLICATE = "parameteren «{name}» er oppgitt mer enn én gang."

# -- scenario files (allocation.run.scenario) ----------------------------------------------------

SCN_HEADER = "Feil i scenariofilen {file}:"
SCN_NOT_FOUND = "Fant ikke scenariofilen {file}."
SCN_ENCODING = "Scenariofilen {file} er ikke UTF-8."
SCN_TOML = "Scenariofilen {file} er ikke gyldig TOML: {error}"
SCN_TOML_AT = (
    "Scenariofilen {file} er ikke gyldig TOML: feil på linje {line}, kolonne {column}. "
    "Sjekk klammer [ ], anførselstegn og likhetstegn der (se docs/scenario.md)."
)
SCN_TOML_END = (
    "Scenariofilen {file} er ikke gyldig TOML: filen slutter midt i en verdi eller tabell. "
    "Sjekk klammer [ ] og anførselstegn (se docs/scenario.md)."
)
SCN_UNKNOWN_TABLE = "ukjent tabell [{table}]. Tillatte tabeller: {known}."
SCN_UNKNOWN_KEY = "[{table}]: ukjent nøkkel «{key}»."
SCN_MISSING_HEAD = "tabellen [scenario] mangler (med nøkkelen «name»)."
SCN_NAME = "[scenario]: nøkkelen «name» mangler eller er tom."
SCN_STRING = "[{table}]: nøkkelen «{key}» må være tekst."
SCN_TABLE = "[{table}] må være en tabell."
SCN_LOCKS_TYPE = "«locks» må skrives som [[locks]]-tabeller."
SCN_LOCK_WHERE = "[[locks]] nr. {n}: "
SCN_LOCK_TABLE = "må være en tabell."
SCN_UNKNOWN_LOCK_KEY = "ukjent nøkkel «{key}» (tillatt: application_id, lock, reason)."
SCN_LOCK_APP = "nøkkelen «application_id» mangler eller er tom."
SCN_LOCK_ACTION = "nøkkelen «lock» må være «must_fund» eller «must_not_fund», ikke {value!r}."
SCN_LOCK_REASON = "nøkkelen «reason» (rådgiverens begrunnelse) mangler eller er tom."
SCN_LOCK_DUPLICATE = "søknaden «{app}» er låst mer enn én gang."
SCN_LOCK_UNKNOWN_APP = "[[locks]]: søknaden «{app}» finnes ikke i søknadsrunden."

LOCK_LABELS = {"must_fund": "skal innvilges", "must_not_fund": "skal ikke innvilges"}

# -- the innstilling -------------------------------------------------------------------------

DECISIONS = ("innvilget", "delvis_innvilget", "avslått", "avvist")
DECISION_LABELS = {
    "innvilget": "Innvilget fullt ut",
    "delvis_innvilget": "Innvilget delvis",
    "avslått": "Avslått",
    "avvist": "Avvist (ikke tilskuddsberettiget)",
}
#: In the table of applications not recommended (its reason column says why).
DECISION_SHORT = {"avslått": "Avslått", "avvist": "Avvist"}
POLICY_LABELS = {
    "merit": "Kvalitet (merit): mest mulig poeng per krone innenfor rammen",
    "coverage": "Dekning (coverage): flest mulig søknader dekket i forhold til søknadsbeløpet",
    "priority": "Rangering (priority): i poengrekkefølge får hver søknad så mye reglene tillater",
}

TITLE = "Innstilling: {name}"
SUBTITLE = "Tildeling {year}{place}"
DATE_LABEL = "Dato"
DOC_LANGUAGE = "nb-NO"

H_SUMMARY = "Sammendrag"
H_BUDGET = "Budsjettramme"
H_OUTCOME = "Søknader og utfall"
H_CRITERIA = "Tildelingskriterier og vekter"
H_GRANTS = "Innstilte tilskudd"
H_REJECTED = "Søknader som ikke innstilles"
H_LOCKS = "Rådgivers skjønn: låste søknader"
H_SPREAD = "Fordeling på region og modell"
H_GREEDY = "Sammenligning med manuell metode"
H_RANKING = "Rangering: når en lavere rangert søknad går foran"
H_CHANGES = "Endringer fra forrige kjøring"
H_CONDITIONS = "Vilkår for tilskuddet"
H_APPROVAL = "Godkjenning"

#: Nouns for :func:`allocation.format.count`, singular and plural: ``1 søknad``, ``2 søknader``.
APPLICATIONS = ("søknad", "søknader")
PROJECTS = ("prosjekt", "prosjekter")
ONGOING_PROJECTS = ("pågående prosjekt", "pågående prosjekter")
GRANTS = ("tilskudd", "tilskudd")

# ``{n}``, ``{funded}``, ``{rejected}``: a count with its noun (``1 søknad``, ``12 søknader``).
SUMMARY_TEXT = (
    "Det kom inn {n} om til sammen {requested}. Til fordeling er det {budget}. "
    "Vi innstiller på at {funded} får tilskudd, til sammen {granted}: "
    "{full} innvilges fullt ut og {partial} delvis. {rejected} avslås."
)
SUMMARY_INELIGIBLE = " {n} avvises fordi søkeren ikke er tilskuddsberettiget."
SCENARIO_TEXT = "Innstillingen bygger på scenarioet «{name}»."
PARAMETERS_TEXT = "I denne beregningen er disse reglene endret fra regelverket: {items}."
PARAMETER_LABELS = {
    "budget": "ramme",
    "carry_over": "overført fra tidligere år",
    "policy": "prioritering",
    "solver": "løser",
    "time_limit": "tidsgrense (sekunder)",
    "cap": "høyeste tilskudd",
    "floor": "laveste tilskudd",
    "min_share": "minste andel av søkt beløp",
    "rounding": "avrunding",
    "projects": "antall prosjekter",
    "threshold": "poenggrense",
    "one_per_applicant": "én søknad per søker",
    "min_per_region": "minst innvilget per region",
    "max_region_share": "høyeste andel per region",
    "min_models": "minst antall modeller",
    "max_per_model": "høyst innvilget per modell",
    "min_per_size_class": "minst innvilget per kommunestørrelse",
    "groups": "gruppevekter",
}

F_FRAME = "Ramme for året"
F_CARRY_OVER = "Overført fra tidligere år"
F_COMMITTED = "Tidligere gitt tilsagn for året (trekkes fra)"
F_AVAILABLE = "Til fordeling i denne runden"
F_GRANTED = "Innstilt"
F_UNALLOCATED = "Ikke fordelt"
COMMITTED_TEXT = (
    "{n} har allerede fått tilsagn for året, til sammen {total}: {names}. "
    "Disse beløpene er trukket fra rammen og vurderes ikke på nytt."
)

CAP_OUTCOME = "Søknader etter utfall"
CRITERIA_TEXT = (
    "Søknadene er vurdert etter kriteriene nedenfor på en skala fra {lo} til {hi}. "
    "Poengsummen er det vektede snittet av vurderingene.{threshold}"
)
THRESHOLD_TEXT = " Søknader med poengsum under {t} innstilles ikke."
CAP_CRITERIA = "Kriterier og vekter"
GRANTS_TEXT = "Vi innstiller på {n}, til sammen {total}, sortert etter poengsum."
CAP_GRANTS = "Innstilte tilskudd"
REJECTED_TEXT = (
    "{n} innstilles ikke: {rejected} avslås og {ineligible} avvises. "
    "Begrunnelsen står for hver søknad."
)
REJECTED_TEXT_NO_INELIGIBLE = "{n} innstilles ikke og avslås. Begrunnelsen står for hver søknad."
REJECTED_NONE = "Alle søknadene innstilles til tilskudd."
CAP_REJECTED = "Søknader som ikke innstilles, med begrunnelse"
LOCKS_TEXT = (
    "{n} er låst etter rådgivers skjønn. Låsene er lagt inn som krav i beregningen; "
    "begrunnelsen er rådgiverens."
)
CAP_LOCKS = "Låste søknader og begrunnelse"
SPREAD_TEXT = (
    "Tabellene viser hvordan tilskuddene fordeler seg på region og på modell/tema. "
    "Figurene viser det samme, og hvordan tilskudd henger sammen med poengsum."
)
CAP_BY_REGION = "Fordeling på region"
CAP_BY_MODEL = "Fordeling på modell"
NO_MODEL = "(uten modell)"
GREEDY_TEXT = (
    "Manuell metode betyr å gå gjennom søknadene etter poengsum og gi hver søknad det den kan "
    "få, til pengene er brukt opp, uten å ta hensyn til reglene om spredning. Med manuell "
    "metode ville {n_greedy} fått til sammen {greedy}; beregningen gir {n_model} "
    "til sammen {model}. Tildelingen er ulik for {differ}."
)
GREEDY_VIOLATIONS = "Manuell metode ville brutt disse reglene:"
GREEDY_NO_VIOLATIONS = "Manuell metode ville ikke brutt noen av reglene."
CAP_GREEDY = "Beregnet tildeling og manuell metode, side om side"
CHANGES_TEXT = "Tildelingen er endret for {n}:"
CHANGES_NONE = "Ingen søknader får endret tildeling."
CAP_CHANGES = "Endringer fra forrige kjøring: hvem får mer, hvem får mindre, og hvorfor"
CONDITIONS_TEXT = "Følgende vilkår følger av regelverket og gjelder for tilskuddene:"
CONDITIONS_NONE = "Regelverket for runden angir ingen særskilte vilkår."
COND_REVISOR_FROM = "Tilskudd på {amount} eller mer krever revisorattestert regnskap."
COND_REVISOR_ABOVE = "Tilskudd over {amount} krever revisorattestert regnskap."
COND_REVISOR_APPLIES = (
    "Kravet om revisorattestasjon gjelder {n} av de innstilte tilskuddene: {names}."
)
COND_REVISOR_NONE = "Kravet om revisorattestasjon gjelder ingen av de innstilte tilskuddene."
COND_DEADLINE = "Frist for rapportering: {deadline}."
CAP_CONDITIONS = "Vilkår"
CAP_RULES = "Regler og innstillinger i beregningen"
RULE_POLICY = "Prioritering"
RULE_CAP = "Høyeste tilskudd per søknad"
RULE_FLOOR = "Laveste tilskudd"
RULE_MIN_SHARE = "Minste andel av det som kan gis"
RULE_ROUNDING = "Tilskudd avrundes til hele"
RULE_PROJECTS = "Antall prosjekter"
RULE_ONE_PER_APPLICANT = "Høyst ett tilskudd per søker"
RULE_SCALE = "Poengskala"
RULE_THRESHOLD = "Poenggrense"
RULE_MIN_PER_REGION = "Minst innvilget per region"
RULE_MAX_REGION_SHARE = "Høyeste andel av rammen per region"
#: The region ceiling with its origin (the figure the rule binds at, quoted everywhere).
REGION_CEILING_ROUNDED = "{share} av {budget}, avrundet ned til {ceiling}"
REGION_CEILING_EXACT = "{share} av {budget}, det vil si {ceiling}"
RULE_MIN_MODELS = "Minst antall ulike modeller"
RULE_MAX_PER_MODEL = "Høyst innvilget per modell"
RULE_APPLICANT_TYPES = "Hvem kan søke"
RULE_EXCLUDED = "Kostnader som ikke dekkes"
RULE_SOLVER = "Løser"
RULE_OBJECTIVE = "Målfunksjonens verdi"
NONE = "ingen"
NOT_USED = "ikke i bruk"  # a rule the scheme (or the run) switches off
OFF = "av"
YES = "ja"
NO = "nei"
ALL_TYPES = "alle"
AT_LEAST = "minst {n}"
BETWEEN = "{lo}–{hi}"

H_SCORES = "Poeng per kriterium"
CAP_SCORES = "Gjennomsnittlig poeng per kriterium"
FLAG_YES = "sprik"

PREPARED_BY = "Utarbeidet av"
APPROVED_BY = "Godkjent av"
SIGNATURE_NAME = "Navn"
SIGNATURE_DATE = "Dato"

COL_ID = "Søknad"
COL_APPLICANT = "Kommune"
COL_TITLE = "Prosjekt"
COL_SCORE = "Poeng"
COL_REQUESTED = "Søkt"
COL_RECOMMENDED = "Innstilt"
COL_GRANTED = "Innstilt"
COL_SHARE = "Andel av søkt"
COL_DECISION = "Utfall"
COL_REASON = "Begrunnelse"
COL_COUNT = "Antall"
COL_APPLIED_N = "Søknader"
COL_FUNDED_N = "Innstilt antall"
COL_SHARE_OF_GRANTED = "Andel av innstilt"
COL_REGION = "Region"
COL_MODEL = "Modell"
COL_GROUP = "Gruppe"
COL_GROUP_WEIGHT = "Gruppens vekt"
COL_CRITERION = "Kriterium"
COL_WITHIN = "Vekt i gruppen"
COL_EFFECTIVE = "Vekt totalt"
COL_LOCK = "Lås"
COL_LOCK_REASON = "Rådgivers begrunnelse"
COL_MODEL_GRANT = "Beregnet"
COL_GREEDY_GRANT = "Manuell metode"
COL_DIFFERENCE = "Forskjell"
COL_BEFORE = "Før"
COL_AFTER = "Nå"
COL_CHANGE = "Endring"
COL_WHY = "Hvorfor"
COL_RULE = "Regel"
COL_VALUE = "Verdi"
COL_CONDITION = "Vilkår"
COL_SPREAD = "Største sprik"
COL_FLAG = "Merknad"
TOTAL = "Sum"

SHEET_OVERVIEW = "Oversikt"
SHEET_GRANTS = "Tildelinger"
SHEET_REJECTED = "Avslag"
SHEET_SCORES = "Poeng"
SHEET_RULES = "Regler"
SHEET_SPREAD = "Fordeling"
SHEET_GREEDY = "Manuell metode"
SHEET_CHANGES = "Endringer"
SHEET_RANKING = "Rangering"
SHEET_ORDER = (
    SHEET_OVERVIEW,
    SHEET_GRANTS,
    SHEET_REJECTED,
    SHEET_SCORES,
    SHEET_RULES,
    SHEET_SPREAD,
    SHEET_GREEDY,
    SHEET_CHANGES,
    SHEET_RANKING,
)
OVERVIEW_FIGURES = "Nøkkeltall"

CHART_REGION = "Innstilt beløp per region"
CHART_MODEL = "Innstilt beløp per modell"
CHART_SCORE = "Poengsum og innstilt tilskudd"
CHART_LINE = "Finansieringslinjen: søknadene etter poengsum mot rammen"
CHART_AXIS_KR = "kroner"
CHART_AXIS_SCORE = "Poengsum"
CHART_LEGEND_GRANTED = "Innstilt"
CHART_LEGEND_NOT = "Ikke innstilt"
CHART_LEGEND_FUNDABLE = "Kan gis (etter tak og avrunding)"
CHART_LEGEND_BUDGET = "Til fordeling"
CHART_LEGEND_THRESHOLD = "Poenggrense"
CHART_ALT_GROUP = "Stolpediagram. {items}."
CHART_ALT_SCORE = (
    "Punktdiagram med poengsum langs x-aksen og innstilt tilskudd langs y-aksen. "
    "{funded} er innstilt med poengsum fra {lo} til {hi}; "
    "{not_funded} er ikke innstilt."
)
CHART_ALT_LINE = (
    "Stolper for hver søknad etter poengsum, med det som kan gis og det som er innstilt. "
    "Summen av det som kan gis for søknadene over grensen passerer rammen på {budget} "
    "etter {n}."
)
CHART_ALT_LINE_ALL = (
    "Stolper for hver søknad etter poengsum, med det som kan gis og det som er innstilt. "
    "Rammen på {budget} dekker alt som kan gis."
)
EMPTY_TABLE = "Ingen."

# -- comparison with an earlier run (allocation.run.compare) -------------------------------------

CMP_NOT_FOUND = "Fant ikke den tidligere kjøremappen {path} ({option})."
CMP_NO_ALLOCATION = (
    "Den tidligere kjøremappen {path} har ingen fordeling (allocation.csv og summary.json) "
    "å sammenligne med."
)
CMP_INTRO = "Sammenlignet med kjøringen {label}."
CMP_BUDGET = "Beløpet til fordeling er endret fra {before} til {after} ({change})."
CMP_BUDGET_SAME = "Beløpet til fordeling er det samme: {budget}."
CMP_RULE = "Regelen «{rule}» er endret fra {before} til {after}."
CMP_AS_SCHEME = "som i regelverket"
CMP_LOCKS = "Rådgivers låser er endret (før: {before}, nå: {after})."
CMP_TOTAL = "Samlet innstilt er endret fra {before} ({f0} tilskudd) til {after} ({f1} tilskudd)."
CMP_CAUSE_MORE = "Det er {change} mer å fordele, og beregningen er gjort på nytt."
CMP_CAUSE_LESS = "Det er {change} mindre å fordele, og beregningen er gjort på nytt."
CMP_CAUSE_RULES = "Reglene for beregningen er endret, og beregningen er gjort på nytt."
CMP_NEW_APP = "Søknaden var ikke med i forrige kjøring."
CMP_GONE_APP = "Søknaden er ikke med i denne kjøringen."
CMP_NOW_FUNDED = "Får nå tilskudd ({amount}), fikk ikke før."
CMP_NO_LONGER = "Får ikke lenger tilskudd (fikk {amount})."
CMP_MORE = "Får {change} mer."
CMP_LESS = "Får {change} mindre."
CMP_NOW = "Nå"
CMP_ADDED = "Nye søknader siden forrige kjøring: {ids}."
CMP_WITHDRAWN = "Søknader som ikke er med lenger: {ids}."
CMP_SCORES = "Samlet poengsum er endret for {n}: {ids}."
# like with like: --compare and --stable-from refuse a run of another round
CMP_OTHER_SCHEME = (
    "Kan ikke bruke kjøringen {label} ({option}): den gjelder ordningen «{before}», "
    "denne runden ordningen «{after}». Sammenlign bare kjøringer av samme ordning og år."
)
CMP_OTHER_YEAR = (
    "Kan ikke bruke kjøringen {label} ({option}): den gjelder året {before}, denne runden "
    "året {after}. Sammenlign bare kjøringer av samme ordning og år."
)
CMP_NO_SHARED = (
    "Kan ikke bruke kjøringen {label} ({option}): den har ingen søknader felles med denne "
    "runden (ingen like søknads-id-er)."
)
CMP_NOT_A_RUN = "{path} ({option}) er verken en kjøremappe eller en allocation.csv fra en kjøring."

# -- stable re-runs (allocation.solve.stable; the comparison section) ----------------------------

#: Reason templates of the ``stability`` rule (registered by allocation.solve.stable).
#: The stability rule's reasons (allocation.solve.stable), in both written standards.
STABILITY_REASONS: dict[str, dict[Lang, str]] = {
    "rule.stability": {
        "nb": "regelen om at ingen får mindre enn i forrige kjøring når rammen øker "
        "(fikk {earlier:kr})",
        "nn": "regelen om at ingen får mindre enn i førre køyring når ramma aukar "
        "(fekk {earlier:kr})",
    },
    "out.stability": {
        "nb": "Rammen er mindre enn i forrige kjøring, og da får ingen mer enn før "
        "(søknaden fikk {earlier:kr}).",
        "nn": "Ramma er mindre enn i førre køyring, og då får ingen meir enn før "
        "(søknaden fekk {earlier:kr}).",
    },
    "partial.stability": {
        "nb": "Rammen er mindre enn i forrige kjøring, og da får ingen mer enn før ({earlier:kr}).",
        "nn": "Ramma er mindre enn i førre køyring, og då får ingen meir enn før ({earlier:kr}).",
    },
    "breaks.stability_at_least": {
        "nb": "Søknad {id} får {granted:kr}; grensen fra forrige kjøring er minst {earlier:kr}.",
        "nn": "Søknad {id} får {granted:kr}; grensa frå førre køyring er minst {earlier:kr}.",
    },
    "breaks.stability_at_most": {
        "nb": "Søknad {id} får {granted:kr}; grensen fra forrige kjøring er høyst {earlier:kr}.",
        "nn": "Søknad {id} får {granted:kr}; grensa frå førre køyring er høgst {earlier:kr}.",
    },
    "conflict.stability": {
        "nb": "tilskuddene fra forrige kjøring ({n:int} grenser)",
        "nn": "tilskota frå førre køyring ({n:int} grenser)",
    },
}
STB_GROWS = (
    "Stabil omberegning: rammen er større enn i kjøringen {label} ({before}), så ingen søknad "
    "får mindre enn der."
)
STB_SHRINKS = (
    "Stabil omberegning: rammen er mindre enn i kjøringen {label} ({before}), så ingen søknad "
    "får mer enn der."
)
STB_SAME = (
    "Stabil omberegning: rammen er den samme som i kjøringen {label} ({before}), så ingen "
    "søknad får mindre enn der."
)
STB_PRICE = (
    "Prisen for stabiliteten er {price} i samlet verdi (poengsum ganger kroner), "
    "{pct} av verdien uten denne bindingen."
)
STB_PRICE_COVERAGE = (
    "Prisen for stabiliteten er {price} i samlet dekning (poengsum ganger andel dekket), "
    "{pct} av verdien uten denne bindingen."
)
STB_NO_PRICE = "Stabiliteten koster ingenting: fordelingen er like god som uten denne bindingen."
STB_CHANGED = (
    "{changed} får endret tilskudd ({moved} flyttet i alt); uten stabilitet ville {plain} "
    "fått endret tilskudd ({plain_moved})."
)
STB_RELEASED_NONE = "Alle tilskudd fra forrige kjøring er holdt."
STB_RELEASED = "Grensen er opphevet for {n}: {items}."
STB_WHY = {
    "withdrawn": "{id} (ikke med i denne runden)",
    "not_candidate": "{id} (kan ikke lenger få tilskudd)",
    "above_fundable": "{id} (fikk {earlier}, mer enn det som nå kan gis)",
    "rules": "{id} (reglene kan ellers ikke oppfylles)",
}
STB_NOT_OPTIMAL = "Stabil omberegning mot {label} ga ingen bevist optimal fordeling."
# the explorer's checkbox (allocation.explore): against the last saved scenario
STB_EXPLORE_LABEL = "Stabil mot sist lagrede scenario"
STB_EXPLORE_NONE = (
    "Stabil omberegning er valgt, men ingen lagret fordeling finnes ennå; lagre et scenario først."
)
STB_EXPLORE_RESULT = (
    "Stabil mot «{label}»: {changed} endret (uten stabilitet: {plain}); prisen er {pct} av "
    "verdien; {released} grenser opphevet."
)

# -- the run pipeline and the notebooks (allocation.run.pipeline) --------------------------------

PROGRESS_VALIDATE = "Leser og kontrollerer søknadsrunden"
PROGRESS_SOLVE = "Beregner fordelingen"
PROGRESS_NOTEBOOKS = "Kjører notatbøkene {names}"
PROGRESS_INDENT = "      "
PROGRESS_NOTEBOOK_DONE = PROGRESS_INDENT + "{name}.ipynb ferdig ({s} s)"
PROGRESS_MANIFEST = "Skriver manifest.json"
PROGRESS_DONE = "ferdig"
PROGRESS_ALL_DONE = "alle ferdig"  # after a step that printed lines of its own
PROGRESS_FAILED = "feilet"
RUN_FOLDER = "Kjøremappe: {path}"
RUN_PDF = "Innstilling (PDF): {path}"
RUN_LETTERS = "Vedtaksbrev: {count} i {path} (oversikt i oversikt.xlsx)"
RUN_LETTERS_NOUN = ("brev", "brev")
# The archive PDF (allocation.report.pdf)
PDF_NO_LIBREOFFICE = (
    "PDF ikke laget: LibreOffice (soffice) finnes ikke på denne maskinen. "
    "Installer LibreOffice, eller slå PDF av med -p pdf false."
)
PDF_FAILED = "PDF ikke laget: LibreOffice kunne ikke konvertere {file} ({why})."
PDF_TIMED_OUT = "stoppet etter {seconds} s uten å bli ferdig"
PDF_EXIT_STATUS = "avsluttet med status {code}"
PDF_NO_OUTPUT = "skrev ingen PDF"
# The workbook's own sheets (allocation.report.xlsx_tables) and its footer (xlsx_print)
SHEET_ALL = "Alle søknader"
SHEET_PUBLIC = "Offentlig liste"
CAP_ALL = "Alle søknader i runden"
CAP_PUBLIC = "Offentlig liste over tilskudd {year}"
XLSX_COL_APPLICANT = "Søker"
XLSX_COL_KOMMUNE = "Kommune"
XLSX_COL_FUNDABLE = "Kan dekkes"
XLSX_COL_RECIPIENT = "Tilskuddsmottaker"
XLSX_COL_GRANT = "Tilskudd"
XLSX_PAGE = "Side &P av &N"
RUN_DOCX = "Innstilling (Word): {path}"
RUN_HTML = "Innstilling (nettleser): {path}"
RUN_XLSX = "Tildeling (Excel): {path}"
RUN_INVALID = "Søknadsrunden har feil (se over). Ingenting er skrevet."
RUN_NO_ROUND = "Fant ikke mappen {path} med søknadsrunden."
RUN_NOTEBOOK_FAILED = "En notatbok feilet, og ingen kjøremappe er skrevet: {error}"
RUN_INFEASIBLE = (
    "Reglene kan ikke oppfylles samtidig, så det er ikke laget noen innstilling. "
    "summary.json i kjøremappen nevner reglene som er i konflikt:"
)
RUN_TIME_LIMIT = (
    "Løseren stoppet før den fant en bevist optimal fordeling, så det er ikke laget noen "
    "innstilling. {message}"
)
RUN_MISMATCH = "Notatboken 03-allocate skrev en annen {file} enn beregningen (skal ikke skje)."
RUN_MISSING_DOCUMENT = "Notatboken 04-innstilling skrev ikke {file}."
NO_INNSTILLING = "Det kan ikke lages en innstilling: {status}."
STATUS_LABELS = {
    "optimal": "optimal fordeling funnet",
    "infeasible": "reglene kan ikke oppfylles samtidig",
    "time_limit": "løseren stoppet ved tidsgrensen uten bevist optimum",
}

NB_WHAT = "Hva"
NB_VALUE = "Verdi"
NB_STATUS = "Status"
NB_MESSAGE = "Melding"
NB_SEVERITY = "Type"
NB_ERROR = "feil"
NB_WARNING = "advarsel"
NB_FILE = "Fil"
NB_ROW = "Rad"
NB_COLUMN = "Kolonne"
NB_SCHEME = "Ordning"
NB_YEAR = "År"
NB_REGION = "Region"
NB_APPLICATIONS = "Søknader"
NB_REQUESTED = "Søkt til sammen"
NB_CRITERIA = "Kriterier"
NB_ASSESSORS = "Vurderere"
NB_FUNDED = "Innstilte tilskudd"
NB_APP_COLUMNS = {
    "application_id": "Søknad",
    "applicant": "Søker",
    "region": "Region",
    "applicant_type": "Søkertype",
    "title": "Prosjekt",
    "model": "Modell",
    "requested": "Søkt (kr)",
}

# -- rank inversions and unspent money (allocation.ranking) ------------------------------------
RANKING_NONE = (
    "Ingen søknad med lavere poengsum har fått tilskudd foran en søknad med høyere poengsum som "
    "fikk mindre enn det som kan dekkes."
)
RANKING_TEXT = (
    "I {n} har en søknad med lavere poengsum fått tilskudd mens en søknad med høyere poengsum "
    "fikk mindre enn det som kan dekkes. Tabellen viser, for hver søknad som fikk mindre, hvilke "
    "søknader som gikk foran og hvilken regel som er årsaken."
)
RANKING_UNEXPLAINED = (
    "{n} skyldes ingen regel i ordningen: fordelingen ga der mer samlet verdi for pengene."
)
RANKING_ALL_EXPLAINED = "Alle skyldes en regel i ordningen."
RANKING_TOO_MANY = "Det er {n} slike tilfeller; de er telt, men for mange til å vises enkeltvis."
RANKING_SHOWN = "Tabellen viser de {shown} første søknadene som fikk mindre."
CASES = ("tilfelle", "tilfeller")
UNSPENT_TEXT = "{amount} av budsjettet er ikke fordelt. {why}"
UNSPENT_ROUNDING = "Det som er igjen, er mindre enn én tilskuddsenhet."
CAP_RANKING = "Søknader som fikk mindre enn søknader med lavere poengsum"
COL_BELOW = "Lavere rangert med tilskudd"
COL_CAUSE = "Årsak"
# -- what it would take (allocation.whatif): the workbook sheet "Hva skal til" ------------------
SHEET_WHAT_IT_TAKES = "Hva skal til"
CAP_WHAT_IT_TAKES = "Hva som skulle til for tilskudd, alt annet likt"
CAP_WHAT_IT_TAKES_NOTES = "Slik er tallene funnet"
WHAT_NOTE_FRAME = (
    "Budsjettrammen er den minste rammen, i steg på {step} opp til to ganger rammen ({limit}), "
    "som gir søknaden tilskudd når alt annet er likt. Hver ramme er en ny beregning med de samme "
    "reglene, låsene og poengsummene."
)
WHAT_NOTE_COARSE = (
    "Rammene er prøvd i grove steg og deretter steg for steg fra det siste grove steget uten "
    "tilskudd. Tilskudd kan i sjeldne tilfeller komme og gå igjen mellom to grove steg; en slik "
    "smal luke under det grove steget fanges ikke opp."
)
WHAT_NOTE_SCORE = (
    "Poengsummen som trengs er den laveste samlede poengsummen (med to desimaler) som gir "
    "søknaden tilskudd med rammen i denne innstillingen; de andre søknadenes poeng er som før."
)
WHAT_NOTE_HELD_OUT = (
    "Der ingen poengsum på skalaen gir tilskudd, står regelen som holder søknaden ute."
)
WHAT_NOTE_LIMIT = "Bare de {limit} søknadene uten tilskudd med høyest poengsum er beregnet."
COL_WHAT_APPLICANT = "Søker"
COL_WHAT_SCORE = "Poengsum"
COL_WHAT_FRAME = "Budsjettramme som ville gitt tilskudd"
COL_WHAT_FRAME_GRANT = "Tilskudd ved den rammen"
COL_WHAT_FRAME_NOTE = "Merknad til rammen"
COL_WHAT_SCORE_NEEDED = "Poengsum som trengs"
COL_WHAT_HELD_OUT = "Regel som holder søknaden ute"
COL_WHAT_NOTE = "Merknad"
WHAT_FRAME_BEYOND = "ikke innenfor to ganger rammen ({limit})"
WHAT_FRAME_NOT_CANDIDATE = "ingen ramme hjelper (ikke kandidat)"
WHAT_FRAME_THRESHOLD = "ingen ramme hjelper (under kvalitetsterskelen)"
WHAT_FRAME_LOCKED = "ingen ramme hjelper (låst som «skal ikke innvilges»)"
WHAT_NOT_SEARCHED = "ikke beregnet (bare de {n} beste uten tilskudd beregnes)"
#: One line per unfunded application in the explorer.
WHAT_HEADING = "Hva skal til for tilskudd (alt annet likt)"
WHAT_LINE_FRAME = "tilskudd ({grant}) med rammen {frame}"
WHAT_LINE_SCORE = "poengsum {score} ville gitt tilskudd med denne rammen"
WHAT_LINE_HELD_OUT = "ingen poengsum gir tilskudd: {why}"
WHAT_BUTTON = "Hva skal til?"
WHAT_BUTTON_TOOLTIP = (
    "Regn ut, for hver søknad uten tilskudd, hvilken budsjettramme eller poengsum som ville gitt "
    "tilskudd med innstillingene nå (tar noen sekunder)."
)
WHAT_WORKING = "Regner ut hva som skal til …"
WHAT_NONE = "Alle søknadene har fått tilskudd."
WHAT_SECONDS = "Regnet ut på {seconds} sekunder ({solves} beregninger)."
#: The note on a missing frame, by :attr:`allocation.whatif.WhatItTakes.frame_note`.
WHAT_FRAME_NOTES = {
    "not_searched": WHAT_NOT_SEARCHED,
    "locked_out": WHAT_FRAME_LOCKED,
    "below_threshold": WHAT_FRAME_THRESHOLD,
    "not_candidate": WHAT_FRAME_NOT_CANDIDATE,
    "beyond": WHAT_FRAME_BEYOND,
}
WHAT_UNSOLVED = "ikke beregnet: løseren feilet på en av beregningene"

# --- commitments across years and the history (issue 11, items 7 and 8) -----------------------
H_COMMITMENTS = "Tilsagn for kommende år"
COMMITMENTS_TEXT = (
    "Ordningen gir tilskudd for inntil {years} år: et prosjekt som får tilskudd nå, får det "
    "samme beløpet de neste årene i prosjektperioden, under forutsetning av at Stortinget "
    "bevilger midler. Denne innstillingen gir derfor tilsagn for kommende år:"
)
COMMITMENTS_NONE = "Innstillingen gir ingen tilsagn for kommende år."
COMMITMENTS_LINE = "{year}: {projects}, til sammen {amount}"
CAP_COMMITMENTS = "Tilsagn for kommende år, per søknad"
COL_YEAR = "År"
COL_PROGRAMME_YEAR = "Prosjektår"
COL_COMMITTED_AHEAD = "Tilsagn"
H_HISTORY = "Historikk"
HISTORY_TEXT = (
    "Tabellen viser ordningen de siste årene, med årets tall (innstillingen) nederst: "
    "{year} har {requested} søkt og {granted} foreslått tildelt."
)
CAP_HISTORY = "Søknader, avslag, søkte og tildelte midler per år"
COL_HIST_APPLICATIONS = "Antall søknader"
COL_HIST_REJECTED = "Avslag"
COL_HIST_REQUESTED = "Søkte midler"
COL_HIST_GRANTED = "Tildelt"
COL_HIST_TRANSFERRED = "Overført"
CHART_HISTORY = "Søkte og tildelte midler per år"
CHART_LEGEND_REQUESTED = "Søkt"
CHART_LEGEND_HISTORY_GRANTED = "Tildelt"
CHART_ALT_HISTORY = "Søkte og tildelte midler per år: {items}"
CHART_ALT_HISTORY_ITEM = "{year}: søkt {requested}, tildelt {granted}"
# -- v1.2: continuing projects, transfers, size classes, partners ----------------------------

#: Decisions on applications that ask for no new money (CONTRACT v1.2): listed apart from the
#: new money, and in the outcome table only when a round has them.
DECISIONS_NO_NEW_MONEY = ("videreført", "overført")
DECISION_LABELS.update(
    {"videreført": "Videreført (tidligere tilsagn)", "overført": "Overføring av ubrukte midler"}
)
H_TRANSFERS = "Videreførte prosjekter og overføringer"
TRANSFERS_TEXT = (
    "Disse søknadene gjelder ikke nye midler i denne runden: {continued} videreføres med "
    "tilsagn fra tidligere år ({committed}), og {transferred} får bruke ubrukte midler fra "
    "tidligere tilskudd ({transfer}). Beløpene holdes utenfor fordelingen av nye midler."
)
CAP_TRANSFERS = "Videreførte prosjekter og overføringer"
CAP_YEAR_TOTALS = "Året samlet: søkt, tildelt og overført"
COL_COMMITTED = "Tilsagn for året"
COL_TRANSFER = "Overført"
COL_REJECTED_N = "Avslått eller avvist"
COL_TRANSFERRED = "Overført"
CAP_BY_SIZE_CLASS = "Fordeling på kommunestørrelse"
COL_SIZE_CLASS = "Kommunestørrelse"
SIZE_CLASS_UNKNOWN = "(innbyggertall ikke oppgitt)"
CAP_KOMMUNER_REACHED = "Kommuner nådd per fylke (søkere og samarbeidskommuner med tilskudd)"
COL_FYLKE = "Fylke"
COL_APPLICANT_KOMMUNER = "Søkerkommuner"
COL_PARTNER_KOMMUNER = "Samarbeidskommuner"
COL_KOMMUNER_REACHED = "Kommuner nådd i alt"
CAP_PARTNERS = "Interkommunale søknader: samarbeidskommunene"
COL_PARTNERS = "Samarbeidskommuner"
FYLKE_UNKNOWN = "(fylke ukjent)"
