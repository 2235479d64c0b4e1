"""Labels and messages of the interactive explorer (``allocation.explore``), in bokmål.

Everything an adviser reads in the explorer comes from here; the explorer only formats these
templates with numbers and names.
"""

from __future__ import annotations

# --- headings -------------------------------------------------------------------------------
TITLE = "Utforsk fordelingen"
INTRO = (
    "Endre ramme, regler, spredning, vekter og skjønn til venstre: fordelingen regnes ut på "
    "nytt med en gang. Under «Scenarier» kan du lagre og sammenligne innstillingene; lagrede "
    "scenarier blir liggende til neste gang. «Lag innstilling» lager dokumentene for "
    "innstillingene som vises."
)
SECTION_BUDGET = "Budsjett"
SECTION_GRANTS = "Tildelingsregler"
SECTION_QUALITY = "Kvalitet"
SECTION_SPREAD = "Spredning"
SECTION_GROUPS = "Vekter for kriteriegruppene"
SECTION_LOCKS = "Skjønn"
TAB_TABLE = "Søknader"
TAB_CHARTS = "Diagrammer"
TAB_LOCKS = "Skjønn (låser)"
TAB_SCENARIOS = "Scenarier"

# --- controls -------------------------------------------------------------------------------
BUDGET = "Ramme (kr)"
BUDGET_TOOLTIP = "Rammen i kroner; skriv f.eks. 2 905 000"
BUDGET_SLIDER = "Ramme"
BUDGET_SLIDER_TOOLTIP = (
    "Dra for å prøve rammer rundt den du skrev; feltet over er det nøyaktige valget"
)
CARRY_OVER = "Overført (kr)"
POLICY = "Prinsipp"
POLICY_OPTIONS = (("Kvalitet", "merit"), ("Dekning", "coverage"), ("Rangering", "priority"))
POLICY_TOOLTIPS = (
    "Størst mulig sum av poengsum ganger tilskudd i kroner",
    "Størst mulig sum av poengsum ganger andel dekket av det som kan innvilges",
    "I poengrekkefølge: den best rangerte får så mye reglene tillater, så den neste, og så videre",
)
CAP_ON = "Øvre grense per søknad"
CAP = "Maks (kr)"
FLOOR = "Minste tilskudd (kr)"
MIN_SHARE = "Minste andel av det som kan dekkes"
MIN_SHARE_TOOLTIP = (
    "En søknad som får tilskudd, får minst denne andelen (0 til 1, f.eks. 0,5) av beløpet som "
    "kan innvilges (søkt beløp etter øvre grense)"
)
ROUNDING = "Avrunding (kr)"
PROJECTS_ON = "Begrens antall prosjekter"
PROJECTS = "Antall"
THRESHOLD_ON = "Poenggrense"
THRESHOLD = "Minst poeng"
ONE_PER_APPLICANT = "Maks ett prosjekt per søker"
MIN_PER_REGION_ON = "Minst per region"
MIN_PER_REGION = "Antall"
MAX_REGION_SHARE_ON = "Største andel per region"
MAX_REGION_SHARE = "Andel av B"
MIN_MODELS_ON = "Minst antall modeller"
MIN_MODELS = "Antall"
MAX_PER_MODEL_ON = "Maks per modell"
MAX_PER_MODEL = "Antall"
MIN_PER_SIZE_CLASS_ON = "Minst per kommunestørrelse"
MIN_PER_SIZE_CLASS = "Antall"
MIN_PER_SIZE_CLASS_NEEDS = (
    "Krever innbyggertall (kolonnen population) for alle søknader; runden mangler det."
)
GROUPS_NOTE = "Vektene holdes til sammen lik 1: endrer du én, justeres de andre."
#: The lock's words, the same as the reasons' («låst som «skal innvilges»», wording/reasons.py).
LOCK_SHOWN = {"must_fund": "Skal innvilges", "must_not_fund": "Skal ikke innvilges"}
LOCK_OPTIONS = (
    ("Automatisk", "auto"),
    (LOCK_SHOWN["must_fund"], "must_fund"),
    (LOCK_SHOWN["must_not_fund"], "must_not_fund"),
)
LOCK_REASON_PLACEHOLDER = "Begrunnelse for skjønnet"
LOCK_LABEL = "Skjønn for {app}"
LOCK_REASON_LABEL = "Begrunnelse for {app}"
LOCKS_NOTE = (
    "Skjønn legges inn som krav i modellen: «Skal innvilges» gir søknaden minst minste "
    "tilskudd, «Skal ikke innvilges» holder den utenfor. Skriv en begrunnelse; den står i "
    "innstillingen."
)
DEFAULT_LOCK_REASON = "Skjønn (begrunnelse ikke skrevet ennå)"

# --- scenarios ------------------------------------------------------------------------------
SCENARIO_NAME = "Navn"
SCENARIO_NAME_PLACEHOLDER = "f.eks. Ramme 3,2 mill"
SCENARIO_SAVE = "Lagre scenario"
SCENARIO_PICK = "Scenario"
SCENARIO_LOAD = "Hent fram"
SCENARIO_EXPORT = "Eksporter fil"
SCENARIO_DELETE = "Slett"
SCENARIO_NONE = "Ingen lagrede scenarier ennå. Gi innstillingene et navn og trykk «Lagre scenario»."
SCENARIO_SAVED = "Scenarioet «{name}» er lagret."
SCENARIO_LOADED = "Scenarioet «{name}» er hentet fram."
SCENARIO_NEED_NAME = "Gi scenarioet et navn først."
SCENARIO_EXPORTED = (
    "Scenariofilen er skrevet til <code>{path}</code>. Innstillingen lages med "
    "<code>allocation run {round} --scenario {path}</code>. {link}"
)
SCENARIO_DOWNLOAD = "Last ned filen"
SCENARIO_NEED_REASONS = "Skriv en begrunnelse for skjønnet før eksport: {ids}."
SCENARIO_EXPORT_FAILED = "Scenariofilen ble ikke skrevet: {error}"
SCENARIO_DESCRIPTION = "Lagret i utforskeren."
SCENARIO_SAVED_TO = "Scenarioet «{name}» er lagret i filen {file}."
SCENARIO_SAVE_FAILED = "Scenarioet ble ikke lagret: {error}"
SCENARIO_FILE_SKIPPED = "Scenariofilen {file} kan ikke brukes og er hoppet over: {error}"
SCENARIOS_KEPT = (
    "Lagrede scenarier ligger som filer i mappen «scenarios» ved rundens rapporter, og kommer "
    "tilbake når du åpner utforskeren igjen."
)

# --- the innstilling from the explorer ------------------------------------------------------
INNSTILLING_BUTTON = "Lag innstilling"
INNSTILLING_TOOLTIP = (
    "Lager innstillingen (Word, nettside og regneark) for innstillingene som vises nå"
)
INNSTILLING_DEFAULT_NAME = "Innstilling fra utforskeren"
INNSTILLING_NEED_REASONS = "Skriv en begrunnelse for skjønnet før innstillingen lages: {ids}."
INNSTILLING_STABLE_NOTE = (
    "Merk: innstillingen er laget som en vanlig fordeling, ikke stabil: det finnes ingen "
    "innstilling laget fra det sist lagrede scenarioet slik det er lagret nå. Lag innstilling "
    "for det scenarioet først, så kan den neste holdes stabil mot den."
)
JOB_STARTING = "Starter …"
JOB_PROGRESS = "Steg {step} av {total}: {label} …"
JOB_DONE = "Innstillingen for «{name}» er laget. Last ned dokumentene:"
JOB_FOLDER = "Alle filene ligger i kjøremappen {folder}."
JOB_INFEASIBLE = "Reglene kan ikke oppfylles samtidig, så det ble ingen innstilling."
JOB_TIME_LIMIT = "Beregningen stoppet uten bevist beste fordeling, så det ble ingen innstilling."
JOB_FAILED = "Innstillingen ble ikke laget: {error}"
JOB_BUSY = "En innstilling lages allerede; vent til den er ferdig."
DOCUMENT_LABELS = {
    "docx": "Innstilling (Word)",
    "html": "Innstilling (nettside)",
    "xlsx": "Tildeling (regneark)",
}
DOCUMENT_TOO_LARGE = "{label}: for stor til å lastes ned herfra; finn den i kjøremappen"
COMPARE_HEADING = "Scenarier side om side"
COMPARE_DIFF_HEADING = "Tilskudd per søknad (ulikheter uthevet)"
COMPARE_ROWS = {
    "frame": "Ramme",
    "budget": "Tilgjengelig (B)",
    "granted": "Tildelt",
    "left": "Igjen",
    "full": "Innvilget fullt",
    "partial": "Delvis innvilget",
    "none": "Ikke innvilget",
    "funded": "Får tilskudd",
}
COMPARE_FIGURE = "Tall"
COMPARE_APPLICATION = "Søknad"
COMPARE_NOT_SOLVED = "ingen fordeling"
COMPARE_CHANGES = "Endret fra regelverket"
RULE_OFF = "av"
YES = "ja"
NO = "nei"

# --- totals and status ----------------------------------------------------------------------
TOTAL_BUDGET = "Tilgjengelig (B)"
TOTAL_GRANTED = "Tildelt"
TOTAL_LEFT = "Igjen"
TOTAL_COMMITTED = "Bundet fra før"
COUNT_FULL = "Innvilget fullt"
COUNT_PARTIAL = "Delvis"
COUNT_NONE = "Ikke innvilget"
STATUS_UPDATED = "Oppdatert på {ms} ms."
STATUS_WORKING = "Beregner …"
INFEASIBLE_HEADING = "Reglene kan ikke oppfylles samtidig"
INFEASIBLE_HINT = "Løs opp i minst én av disse reglene, så kommer fordelingen tilbake:"
TIME_LIMIT = (
    "Beregningen stoppet før den fant en bevist beste fordeling (avstand {gap}). "
    "Prøv færre låser eller enklere regler."
)
GAP_UNKNOWN = "ukjent"
ERROR_HEADING = "Innstillingene kan ikke brukes"
UNEXPECTED = "Uventet feil: {error}"
LOAD_FAILED = "Søknadsrunden «{path}» kan ikke åpnes:"

# --- table ----------------------------------------------------------------------------------
COLUMNS = {
    "application_id": "Søknad",
    "applicant": "Søker (region · modell)",
    "score": "Poeng",
    "requested": "Søkt",
    "fundable": "Kan dekkes",
    "granted": "Tilskudd",
    "share": "Andel av søkt",
    "decision": "Vedtak",
    "lock": "Skjønn",
    "reason": "Begrunnelse",
}
COLUMN_WHAT = "Hva skal til"
WHAT_IN_TABLE = "Kolonnen «Hva skal til» viser det for hver søknad uten tilskudd, alt annet likt."
DECISIONS = {
    "innvilget": "Innvilget",
    "delvis_innvilget": "Delvis innvilget",
    "avslått": "Avslått",
    "avvist": "Avvist",
}

# --- charts ---------------------------------------------------------------------------------
CHART_REGION = "Tilskudd per region"
CHART_MODEL = "Tilskudd per modell"
CHART_SCATTER = "Poeng mot tilskudd"
CHART_NO_MODEL = "(uten modell)"
CHART_NO_REGION = "(uten region)"
CHART_X = "Poeng"
CHART_Y = "Tilskudd"
CHART_FUNDING_LINE = "Laveste poeng med tilskudd: {score}"
CHART_THRESHOLD = "Poenggrense: {score}"

# --- serving --------------------------------------------------------------------------------
SERVE_STARTING = "Starter utforskeren for «{round}» …"
SERVE_READY = "Utforskeren kjører på {url}  (avslutt med Ctrl+C)"
SERVE_NOT_FOUND = "Finner ikke søknadsrunden «{path}»."
SERVE_FAILED = "Utforskeren startet ikke (se meldingene over)."
SERVE_STOPPED = "Utforskeren er stoppet."

# -- robustness (issue 12 item 7): "Hvor robust?" over the table --------------------------------

ROBUST_BUTTON = "Hvor robust?"
ROBUST_TOOLTIP = (
    "Løser runden på nytt med litt andre vekter og med fagvurderingene trukket på nytt, og viser "
    "hvor ofte hver søknad får tilskudd (innstillingens regler og skjønn gjelder)."
)
ROBUST_SAMPLES = "Antall trekk"
ROBUST_SAMPLES_TOOLTIP = "Trekk av vekter og av fagvurderinger; flere trekk tar lengre tid."
ROBUST_CANCEL = "Avbryt"
ROBUST_PROGRESS = "Trekk løst"
ROBUST_WORKING = "Regner ut robustheten: {done} av {total} trekk løst …"
ROBUST_CANCELLED = "Robustheten ble ikke regnet ferdig (avbrutt)."
ROBUST_FAILED = "Robustheten kunne ikke regnes ut: {error}"
ROBUST_NOT_OPTIMAL = "Robustheten regnes bare ut når innstillingen har en fordeling."
ROBUST_DONE = "{samples} løst på {seconds}. {zone}"
ROBUST_SHARE = "Andel trekk med tilskudd"
