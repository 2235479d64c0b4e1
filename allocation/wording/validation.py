"""Norwegian (bokmål) texts of input validation: problems and the round overview.

Every template is a ``str.format`` pattern. Values shown to the adviser are quoted with
« » as they were written in the file. Figures are formatted by :mod:`allocation.format`
(amounts with :func:`allocation.format.money`, other numbers with :func:`number`).

Every kind of problem has a stable code (:class:`Code`), set on each
:class:`~allocation.errors.Problem`, so that tests and tools can tell problems apart without
matching sentences.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from allocation import format as F


class Code(StrEnum):
    """The kind of a validation problem: a short identifier that never changes with the wording."""

    # the round folder and its files
    ROUND_NOT_FOUND = "round_not_found"
    ROUND_NOT_DIR = "round_not_dir"
    MISSING_FILE = "missing_file"
    DUPLICATE_FILE = "duplicate_file"
    FILE_IS_DIR = "file_is_dir"
    UNREADABLE_FILE = "unreadable_file"
    EMPTY_FILE = "empty_file"
    NO_ROWS = "no_rows"
    BAD_ENCODING = "bad_encoding"
    NOT_TEXT = "not_text"
    BAD_CSV = "bad_csv"
    UNCLOSED_QUOTE = "unclosed_quote"
    XLSX_NAMED_CSV = "xlsx_named_csv"
    XLS_FILE = "xls_file"
    PDF_FILE = "pdf_file"
    CSV_NAMED_XLSX = "csv_named_xlsx"
    BAD_XLSX = "bad_xlsx"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    TITLE_ROW = "title_row"
    # columns and cells
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    NAMELESS_COLUMN = "nameless_column"
    MISSING_REGION_COLUMNS = "missing_region_columns"
    ROW_TOO_LONG = "row_too_long"
    MISSING_VALUE = "missing_value"
    BAD_AMOUNT = "bad_amount"
    AMOUNT_ORE = "amount_ore"
    NEGATIVE_AMOUNT = "negative_amount"
    AMOUNT_DOT = "amount_dot"
    DECIMAL_COMMA = "decimal_comma"
    BAD_INTEGER = "bad_integer"
    BAD_NUMBER = "bad_number"
    BAD_KOMMUNENUMMER = "bad_kommunenummer"
    # applications
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_KOMMUNE = "unknown_kommune"
    REGION_CONTRADICTS = "region_contradicts"
    MISSING_REGION = "missing_region"
    # scores and budget lines
    SCORE_OUT_OF_SCALE = "score_out_of_scale"
    EMPTY_SCORE = "empty_score"
    UNKNOWN_APPLICATION = "unknown_application"
    UNKNOWN_CRITERION = "unknown_criterion"
    UNKNOWN_COLUMN = "unknown_column"
    IGNORED_COLUMN = "ignored_column"
    UNKNOWN_HEADING = "unknown_heading"
    DUPLICATE_SCORE = "duplicate_score"
    MISSING_SCORE = "missing_score"
    NO_CRITERIA_COLUMNS = "no_criteria_columns"
    BUDGET_SUM_DIFFERS = "budget_sum_differs"
    NEGATIVE_BUDGET = "negative_budget"
    # scheme.toml
    TOML_SYNTAX = "toml_syntax"
    NOT_UTF8 = "not_utf8"
    UNKNOWN_TABLE = "unknown_table"
    UNKNOWN_KEY = "unknown_key"
    NOT_A_TABLE = "not_a_table"
    MISSING_TABLE = "missing_table"
    MISSING_KEY = "missing_key"
    NO_CRITERIA = "no_criteria"
    WRONG_TYPE = "wrong_type"
    NEGATIVE_VALUE = "negative_value"
    OUT_OF_RANGE = "out_of_range"
    BELOW_MINIMUM = "below_minimum"
    EMPTY_TEXT = "empty_text"
    UNKNOWN_POLICY = "unknown_policy"
    UNKNOWN_REVISOR_FROM = "unknown_revisor_from"
    UNKNOWN_MALFORM = "unknown_malform"
    NO_KLAGE_STATEMENT = "no_klage_statement"
    PROJECTS_MIN_ABOVE_MAX = "projects_min_above_max"
    SCALE_ORDER = "scale_order"
    THRESHOLD_OUTSIDE_SCALE = "threshold_outside_scale"
    GROUP_SUM = "group_sum"
    NEGATIVE_WEIGHT = "negative_weight"
    GROUP_WITHOUT_CRITERIA = "group_without_criteria"
    UNKNOWN_GROUP = "unknown_group"
    DUPLICATE_CRITERION = "duplicate_criterion"
    RESERVED_CRITERION_ID = "reserved_criterion_id"
    # scores sheet by sheet, the scores/ folder, recusals (CONTRACT v1.2)
    EMPTY_SHEET = "empty_sheet"
    SCORES_FOLDER_AND_FILE = "scores_folder_and_file"
    SCORES_FOLDER_EMPTY = "scores_folder_empty"
    SHEETS_NEED_ASSESSOR = "sheets_need_assessor"
    BLANK_CRITERION = "blank_criterion"
    RECUSAL_UNKNOWN_APPLICATION = "recusal_unknown_application"
    RECUSAL_UNKNOWN_ASSESSOR = "recusal_unknown_assessor"
    RECUSED_SCORES = "recused_scores"


# --- the round folder -------------------------------------------------------------------------

ROUND_NOT_FOUND = "Finner ikke mappen «{path}»."
ROUND_NOT_DIR = "«{path}» er ikke en mappe. Oppgi mappen som inneholder scheme.toml og søknadene."
FILE_MISSING = "filen mangler i mappen (forventet {expected})"
FILE_BOTH = "både {first} og {second} finnes; fjern den ene, så det er klart hvilken som gjelder"
FILE_UNREADABLE = "filen kan ikke leses ({detail})"
FILE_EMPTY = "filen er tom; første rad skal være overskriftene (kolonnenavnene)"
FILE_NOT_XLSX = "filen er ikke en gyldig Excel-fil (.xlsx); lagre den på nytt fra Excel"
FILE_ENCODING = (
    "filen har tegn som verken er UTF-8 eller Windows-1252; lagre den som «CSV UTF-8» fra Excel"
)
FILE_NO_ROWS = "filen har overskrifter, men ingen rader"
FILE_IS_DIR = "dette er en mappe, ikke en fil; legg filen selv i rundemappen"
FILE_BINARY = (
    "filen er ikke en tekstfil (CSV); lagre tabellen fra Excel som «CSV UTF-8» eller som .xlsx"
)
FILE_CSV_BROKEN = (
    "filen kan ikke leses som CSV; åpne den i Excel og lagre den på nytt som «CSV UTF-8»"
)
CSV_UNCLOSED_QUOTE = (
    'et felt i raden begynner med anførselstegn (") som aldri avsluttes, så resten av filen '
    "leses som ett felt; fjern anførselstegnet eller legg til det avsluttende"
)
FILE_IS_XLSX = (
    "filen er en Excel-fil (.xlsx), men navnet slutter på .csv; gi den navnet {stem}.xlsx"
)
FILE_IS_XLS = (
    "filen er i det gamle Excel-formatet (.xls); åpne den i Excel og lagre den som "
    "{stem}.xlsx eller som «CSV UTF-8»"
)
FILE_IS_PDF = (
    "filen er en PDF, ikke en tabell; lagre tabellen fra Excel som «CSV UTF-8» eller .xlsx"
)
XLSX_IS_XLS = (
    "filen er i det gamle Excel-formatet (.xls) selv om navnet slutter på .xlsx; åpne den i "
    "Excel og lagre den som «Excel-arbeidsbok (.xlsx)»"
)
XLSX_IS_TEXT = (
    "filen er en tekstfil (CSV), ikke en Excel-fil, selv om navnet slutter på .xlsx; "
    "gi den navnet {stem}.csv"
)
XLSX_FORMULA_NO_VALUE = (
    "cellen har formelen «{formula}», men ingen lagret verdi (filen er laget av et annet "
    "program enn Excel); åpne filen i Excel og lagre den på nytt, eller skriv inn verdien"
)
TITLE_ROW = (
    "første rad har bare «{title}», men skal ha overskriftene (kolonnenavnene), som ser ut til "
    "å stå i rad {row}; slett radene over dem, så overskriftene står i rad 1"
)

# --- columns and cells ------------------------------------------------------------------------

COLUMN_MISSING = "kolonnen «{column}» mangler"
COLUMN_DUPLICATE = "kolonnen «{column}» finnes flere ganger"
COLUMN_NAMELESS = "en kolonne uten overskrift har verdier; de blir ikke lest (gi kolonnen et navn)"
REGION_COLUMNS_MISSING = (
    "kolonnen «region» eller «kommunenummer» må finnes (regionen avledes fra kommunenummeret)"
)
ROW_TOO_LONG = "raden har flere felt enn overskriftsraden (har en verdi skilletegn i seg?)"
VALUE_MISSING = "verdien mangler"
BAD_AMOUNT = "«{value}» er ikke et gyldig beløp i hele kroner"
AMOUNT_ORE = "«{value}» har øre; beløp skal oppgis i hele kroner"
AMOUNT_NEGATIVE = "«{value}» er negativt; beløpet kan ikke være under 0"
AMOUNT_DOT = (
    "«{value}» leses som {amount} (punktum er desimaltegn); skriv «{value_without_dot}» "
    "hvis det var ment som tusenskille"
)
DECIMAL_COMMA_NOT_ALLOWED = (
    "«{value}» har desimalkomma, men filen er kommaseparert; bruk punktum som desimaltegn "
    "eller lagre filen med semikolon som skilletegn"
)
BAD_INTEGER = "«{value}» er ikke et gyldig heltall"
BAD_NUMBER = "«{value}» er ikke et gyldig tall"
BAD_KOMMUNENUMMER = "«{value}» er ikke et gyldig kommunenummer (fire sifre, for eksempel 0301)"

# --- applications -----------------------------------------------------------------------------

DUPLICATE_ID = "søknadsnummeret «{id}» finnes også i rad {first}; hvert søknadsnummer må være unikt"
KOMMUNE_UNKNOWN = "kommunenummer {nr} finnes ikke i kommunelisten for 2024"
KOMMUNE_UNKNOWN_OLD = (
    "kommunenummer {nr} finnes ikke i kommunelisten for 2024 (runden gjelder {year})"
)
KOMMUNE_OLD_REGION = "regionen er satt til «{region}» ut fra fylkesnummeret"
KOMMUNE_OLD_NO_REGION = "regionen kan ikke avledes fra det"
REGION_CONTRADICTS = (
    "regionen «{region}» stemmer ikke med kommunenummer {nr} ({kommune}, som ligger i {fylke}); "
    "regionen «{region}» brukes"
)
REGION_BLANK_ERROR = (
    "søknaden mangler både region og kommunenummer; regionen trengs for spredningsreglene"
)
REGION_BLANK_WARNING = "søknaden mangler både region og kommunenummer"

# --- scores -----------------------------------------------------------------------------------

SCORE_OUT_OF_SCALE = "poengsummen {value} er utenfor skalaen {low}–{high}"
SCORE_EMPTY = "poengsummen er tom; raden regnes som ingen poeng"
SCORE_UNKNOWN_APPLICATION = "poeng for søknad «{id}», som ikke finnes i {applications}"
SCORE_UNKNOWN_CRITERION = "kriteriet «{criterion}» finnes ikke i scheme.toml{suggestion}"
SCORE_UNKNOWN_COLUMN = (
    "kolonnen «{column}» er verken et kriterium i scheme.toml eller en kjent kolonne{suggestion}"
)
SCORE_IGNORED_COLUMN = (
    "kolonnen «{column}» er ikke et kriterium i scheme.toml og leses ikke som poeng"
)
SCORE_DUPLICATE = (
    "bedømmer «{assessor}» har gitt poeng for søknad «{id}», kriterium «{criterion}» "
    "også i rad {first}"
)
SCORE_MISSING = (
    "søknad «{id}» (rad {row} i {applications}) mangler poeng for kriteriet «{criterion}»"
)
SCORE_NO_CRITERIA_COLUMNS = (
    "finner verken kolonnene «criterion» og «score» (lang form) eller en kolonne per "
    "kriterium (bred form)"
)

# --- budget lines -----------------------------------------------------------------------------

BUDGET_UNKNOWN_APPLICATION = "budsjettlinje for søknad «{id}», som ikke finnes i {applications}"
BUDGET_SUM_DIFFERS = (
    "budsjettlinjene for søknad «{id}» summerer til {total}, men søkt beløp er {requested}"
)

# --- scheme.toml ------------------------------------------------------------------------------

SCHEME_SYNTAX = "filen kan ikke leses: feil i TOML-oppsettet på linje {line} («{text}»): {reason}"
SCHEME_SYNTAX_NO_LINE = "filen kan ikke leses: feil i TOML-oppsettet: {reason}"
SCHEME_QUOTE_HINT = '; navn med æ, ø eller å må stå i anførselstegn: "{name}" = ...'
SCHEME_NUMBER_HINT = (
    "; beløp skrives uten mellomrom og uten «kr», for eksempel 1000000 eller 1_000_000"
)
SCHEME_DECIMAL_HINT = "; bruk punktum som desimaltegn: {value}"
SCHEME_TEXT_HINT = '; tekst må stå i anførselstegn: {name} = "{value}"'
#: tomllib's error messages (their beginning) in words an adviser understands.
TOML_REASONS = {
    "Expected newline or end of document after a statement": "uventet tekst etter verdien",
    "Expected ']' at the end of a table declaration": "tabellnavnet mangler avsluttende ]",
    "Expected ']]' at the end of an array declaration": "tabellnavnet mangler avsluttende ]]",
    "Invalid value": "verdien er ugyldig",
    "Unterminated string": "en tekst mangler avsluttende anførselstegn",
    "Illegal character": "et tegn er ikke tillatt her (mangler et anførselstegn?)",
    "Cannot overwrite a value": "en nøkkel er oppgitt to ganger",
    "Cannot declare": "en tabell er oppgitt to ganger",
    "Expected '=' after a key in a key/value pair": "mangler «=» etter nøkkelen",
    "Invalid initial character for a key part": "nøkkelen begynner med et ugyldig tegn",
    "Unclosed array": "en liste mangler avsluttende ]",
    "Unclosed inline table": "en tabell mangler avsluttende }",
}
TOML_REASON_OTHER = "ugyldig TOML (teknisk: {detail})"
SCHEME_NOT_UTF8 = "filen er ikke lagret som UTF-8; den er lest som Windows-1252"
SUGGESTION = "; mente du «{name}»?"
UNKNOWN_TABLE = "ukjent tabell [{table}]{suggestion}"
UNKNOWN_KEY = "ukjent nøkkel «{key}» i [{table}]{suggestion}"
NOT_A_TABLE = "«{table}» skal være en tabell ([{table}])"
TABLE_MISSING = "tabellen [{table}] mangler"
KEY_MISSING = "«{key}» mangler i [{table}]"
NO_CRITERIA = "minst ett kriterium ([[criteria]]) må være med"
WRONG_TYPE = "«{key}» skal være {kind}, ikke {value}"
KIND_INT = "et heltall"
KIND_AMOUNT = "et beløp i hele kroner (heltall)"
KIND_NUMBER = "et tall"
KIND_TEXT = "tekst i anførselstegn"
KIND_BOOL = "true eller false"
KIND_TEXT_LIST = 'en liste med tekst, for eksempel ["kommune", "bydel"]'
KIND_TEXT_LIST_PLAIN = "en liste med tekst"
KIND_PROJECTS = "[min] eller [min, maks], for eksempel [4, 6]"
KIND_SCALE = "[lavest, høyest], for eksempel [1, 6]"
NEGATIVE = "«{key}» kan ikke være negativ ({value})"
OUT_OF_RANGE = "«{key}» må være mellom {low} og {high} ({value})"
AT_LEAST = "«{key}» må være minst {low} ({value})"
EMPTY_TEXT = "«{key}» kan ikke være tom"
UNKNOWN_POLICY = "ukjent policy «{value}»; bruk «merit», «coverage» eller «priority»"
UNKNOWN_REVISOR_FROM = "ukjent verdi «{value}» for revisor_from; bruk «amount» eller «above»"
UNKNOWN_MALFORM = (
    "ukjent målform «{value}» i [case] malform; bruk «nb» (bokmål) eller «nn» (nynorsk)"
)
NO_KLAGE_STATEMENT = (
    "[case] sier ikke om vedtaket kan påklages (klagerett = true/false eller klage_tekst); "
    "innstillingen og brevene får da ingen setning om klage"
)
PROJECTS_MIN_GT_MAX = "minste antall prosjekter ({low}) er større enn største antall ({high})"
SCALE_ORDER = "skalaen [{low}, {high}] må gå fra lavest til høyest"
THRESHOLD_OUTSIDE_SCALE = "terskelen {value} ligger utenfor skalaen {low}–{high}"
GROUP_SUM = "vektene i [groups] summerer til {total}, ikke 1; juster vektene så summen blir 1"
GROUP_NEGATIVE = "vekten til gruppen «{group}» kan ikke være negativ ({value})"
GROUP_WITHOUT_CRITERIA = (
    "gruppen «{group}» har vekt {weight}, men ingen kriterier med vekt over 0 i [[criteria]]"
)
CRITERION_UNKNOWN_GROUP = (
    "kriteriet «{id}» hører til gruppen «{group}», som ikke finnes i [groups]{suggestion}"
)
CRITERION_DUPLICATE = "kriteriet «{id}» er oppført flere ganger i [[criteria]]"
CRITERION_ID_INVALID = "kriteriet «{id}» kan ikke hete det samme som kolonnen «{id}» i poengfilen"
CRITERION_WHERE = "kriterium nr. {number}"
NEGATIVE_BUDGET = (
    "disponibelt budsjett er negativt: ramme {frame} + overført {carry_over} − tidligere "
    "tilsagn {committed} = {available}"
)

# --- summary lines ----------------------------------------------------------------------------

ERROR_LABEL = "FEIL"
WARNING_LABEL = "ADVARSEL"
COUNT_LINE = "Fant {errors} og {warnings}. Runden er ikke gyldig."
ERROR_NOUN = ("feil", "feil")  # singular, plural
WARNING_NOUN = ("advarsel", "advarsler")
GROUP_NOUN = ("gruppe", "grupper")

# --- the overview printed after a valid round ---------------------------------------------------

OVERVIEW_TITLE = "Søknadsrunden «{folder}» er gyldig."
OVERVIEW_SCHEME = "Ordning:          {name}"
OVERVIEW_YEAR = "År:               {year}"
OVERVIEW_REGION = "Region:           {region}"
OVERVIEW_BUDGET = (
    "Budsjett:         ramme {frame} + overført {carry_over} − tidligere tilsagn {committed} "
    "= disponibelt {available}"
)
OVERVIEW_APPLICATIONS = "Søknader:         {n}, til sammen søkt {requested}"
OVERVIEW_INELIGIBLE = "Ikke tilskuddsberettiget: {n} (søkertype utenfor {types})"
OVERVIEW_PER_REGION = "Per region:       {regions}"
OVERVIEW_ASSESSORS = "Bedømmere:        {n}"
OVERVIEW_CRITERIA = "Kriterier:        {n} i {groups} ({group_list})"
OVERVIEW_POLICY = "Prinsipp:         {policy}"
OVERVIEW_BUDGET_LINES = "Budsjettlinjer:   {n}"
OVERVIEW_WARNINGS = "Advarsler:        {n}"
OVERVIEW_FILES = "Filer lest:       {files}"
POLICY_NAMES = {
    "merit": "merit (mest til de beste)",
    "coverage": "coverage (flest mulig dekket)",
    "priority": "priority (i poengrekkefølge, så mye reglene tillater)",
}


def number(value: float) -> str:
    """A number as a message shows it: at most six significant digits, no trailing zeros.

    Parameters
    ----------
    value : float
        A score, a weight or a sum of weights.

    Returns
    -------
    str
        The number through :func:`allocation.format.decimal`, with as many decimals as it
        needs (up to six significant digits).

    Examples
    --------
    >>> number(7.0)
    '7'
    >>> number(0.9)
    '0,9'
    >>> number(0.1 + 0.2)
    '0,3'
    >>> number(1000.0)
    '1 000'
    """
    exponent = Decimal(f"{value:.6g}").as_tuple().exponent
    digits = max(0, -exponent) if isinstance(exponent, int) else 0
    return F.decimal(value, digits)


def count_phrase(errors: int, warnings: int) -> tuple[str, str]:
    """The Norwegian phrases for numbers of errors and warnings: ``1 feil``, ``2 advarsler``."""
    return F.count(errors, *ERROR_NOUN), F.count(warnings, *WARNING_NOUN)


# --- headings close to a known column (allocation/round/columns.py) ----------------------------

COLUMN_UNKNOWN_HEADING = (
    "kolonnen «{column}» er ingen kjent kolonne og leses som en ekstra kolonne{suggestion}"
)
SUGGESTION_ALIAS = "; mente du «{name}» (det norske navnet på «{column}»)?"

# --- scores sheet by sheet, the scores/ folder, recusals (CONTRACT v1.2) -----------------------

SHEET_LABEL = "{file}, ark «{sheet}»"
SHEET_EMPTY = "arket «{sheet}» er tomt eller har bare overskrifter, og leses ikke"
SCORES_FOLDER_AND_FILE = (
    "både mappen {folder}/ og en poengfil finnes; bruk enten én fil per bedømmer i "
    "{folder}/ eller én poengfil"
)
SCORES_FOLDER_EMPTY = "mappen {folder}/ har ingen CSV- eller XLSX-filer med poeng"
SHEETS_NEED_ASSESSOR = (
    "filen har {n} ark med poeng, men ingen kolonne «assessor»; med flere ark i én fil må "
    "kolonnen «assessor» si hvem som har gitt poengene"
)
SCORE_DUPLICATE_ELSEWHERE = (
    "bedømmer «{assessor}» har gitt poeng for søknad «{id}», kriterium «{criterion}» "
    "også i {file}, rad {first}"
)
SCORE_BLANK_CRITERION = (
    "bedømmer «{assessor}» har ikke gitt poeng for søknad «{id}», kriterium «{criterion}», "
    "men andre bedømmere har det"
)
RECUSAL_UNKNOWN_APPLICATION = "inhabilitet i søknad «{id}», som ikke finnes i {applications}"
RECUSAL_UNKNOWN_ASSESSOR = "bedømmer «{assessor}» har ikke gitt poeng noe sted i runden"
RECUSED_SCORES = (
    "bedømmer «{assessor}» er inhabil i søknad «{id}»: {scores} holdes utenfor søknadens poeng"
)
SCORE_NOUN = ("poeng", "poeng")
#: The overview: per assessor, the scores received and the leniency.
OVERVIEW_ASSESSOR = "  {assessor}: {scores}, mildhet {leniency}"
OVERVIEW_ASSESSOR_ALONE = "  {assessor}: {scores}, mildhet – (ingen felles søknader)"
OVERVIEW_RECUSALS = "Inhabilitet:      {n}"
#: The innstilling's account of recusals (the criteria section).
REPORT_RECUSALS = (
    "Bedømmere som var inhabile (forvaltningsloven §§ 6–10), og hvis poeng derfor er holdt "
    "utenfor: {items}."
)
REPORT_RECUSAL_ITEM = "{assessor} i {ids}"
