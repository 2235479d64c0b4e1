"""Norwegian texts of the command line's own messages (argparse's usage errors and help)."""

from __future__ import annotations

#: argparse's messages (Python 3.11-3.13) and their Norwegian form; others stay as they are.
ARGPARSE = {
    "usage: ": "bruk: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
    "options": "valg",
    "positional arguments": "argumenter",
    "show this help message and exit": "vis denne hjelpen og avslutt",
    "the following arguments are required: %s": "disse argumentene mangler: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ugyldig verdi: %(value)r",
    "expected one argument": "venter én verdi",
    "expected at least one argument": "venter minst én verdi",
    "expected at most one argument": "venter høyst én verdi",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydig valg: %(option)s kan bety %(matches)s"
    ),
    "one of the arguments %s is required": "ett av argumentene %s må gis",
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    "ignored explicit argument %r": "ignorerte verdien %r",
}

#: argparse's plural messages: (singular, plural) -> Norwegian (singular, plural).
ARGPARSE_PLURAL = {
    ("expected %s argument", "expected %s arguments"): ("venter %s verdi", "venter %s verdier"),
}

STABLE_HELP = (
    "stabil omberegning mot en tidligere kjøring (mappe eller allocation.csv): ingen tidligere "
    "tilskudd går mot endringen av rammen"
)
#: ``allocation examples``: what was copied, and what to try next.
EXAMPLES_COPIED = "Kopierte {rounds} til «{path}»: {names}."
EXAMPLES_NEXT = "Prøv for eksempel: allocation run {round}"
EXAMPLE_ROUNDS = ("eksempelrunde", "eksempelrunder")

#: ``allocation init``: what was written, and what to do next.
INIT_WRITTEN = "Skrev en ny søknadsrunde (mal: {scheme}) i «{path}»: {files}."
INIT_NEXT = (
    "Fyll inn scheme.toml (se FYLL INN) og søknadene, legg til poengene (scores.xlsx), og "
    "kontroller med: allocation validate {path}"
)
INIT_SCHEME_HELP = "malen for scheme.toml: regional (standard), hjemmetid eller blank"
INIT_DIR_HELP = "mappen som lages (ny eller tom)"

#: ``allocation init``: the Norwegian notes on the headings of the template workbooks (shown
#: as cell comments), one per column.
COLUMN_NOTES = {
    "applications": {
        "application_id": "Påkrevd. Saksnummer eller referanse, unik per søknad (tekst).",
        "applicant": "Påkrevd. Søkeren: kommunen eller bydelen som søker.",
        "kommunenummer": (
            "Kommunenummeret, 4 siffer (tekst, med ledende null: 0301). Gir regionen (fylket) "
            "der kolonnen region er tom."
        ),
        "region": (
            "Regionen (fylket) for spredningsreglene. Kan stå tom når kommunenummer er fylt inn."
        ),
        "applicant_type": (
            "Søkertype: kommune (standard), bydel, fylkeskommune, helseforetak, frivillig, ... "
            "Typer som ikke står i applicant_types i scheme.toml, avvises."
        ),
        "title": "Påkrevd. Prosjektets tittel.",
        "model": "Prosjektets modell eller tema (f.eks. palliativ plan, CSNAT); brukes av "
        "spredningsreglene for modeller.",
        "requested": "Påkrevd. Nye midler det søkes om i denne runden, i hele kroner.",
        "committed": (
            "Midler som allerede er lovet søknaden for denne runden (videreført prosjekt), i "
            "hele kroner. Standard 0. Trekkes fra rammen."
        ),
        "own_funding": "Egenfinansiering i hele kroner (valgfri).",
        "population": (
            "Antall innbyggere hos søkeren (heltall). Påkrevd når min_per_size_class er satt."
        ),
        "transfer": (
            "Ubrukte midler fra et tidligere tilskudd som søkeren ber om å få bruke i denne "
            "runden (overføring), i hele kroner. Standard 0."
        ),
        "partners": (
            "Andre kommuner i et interkommunalt prosjekt: navn eller kommunenummer skilt med /."
        ),
        "malform": "Målformen søkeren skal svares på: bokmål (standard) eller nynorsk.",
    },
    "budget_lines": {
        "application_id": "Påkrevd. Søknaden budsjettlinjen hører til (som i applications).",
        "category": (
            "Påkrevd. Kostnadskategorien (f.eks. drift, utstyr, kurs). Kategorier i "
            "excluded_cost_categories i scheme.toml dekkes ikke."
        ),
        "amount": "Påkrevd. Beløpet i hele kroner.",
    },
    "recusals": {
        "application_id": "Påkrevd. Søknaden bedømmeren er inhabil i (forvaltningsloven §§ 6-10).",
        "assessor": "Påkrevd. Bedømmeren, med samme kode som i poengene (scores).",
        "reason": "Valgfri. Grunnen til inhabiliteten.",
    },
}
#: The titles of the input validation prompts and errors in the template workbooks.
INPUT_KOMMUNENUMMER = "Kommunenummer: 4 siffer, f.eks. 0301"
INPUT_AMOUNT = "Beløp i hele kroner (0 eller mer), uten øre"
INPUT_POPULATION = "Antall innbyggere: et heltall (0 eller mer)"
INPUT_LIST = "Velg fra listen: {choices}"
INPUT_TITLE = "Ugyldig verdi"
APPLICANT_TYPES = ("kommune", "bydel", "fylkeskommune", "helseforetak", "frivillig")
MALFORMS = ("bokmål", "nynorsk")

#: ``allocation sheets``: one scoring workbook per assessor.
SHEETS_HELP = "lag ett vurderingsark (XLSX) per bedømmer"
SHEETS_ASSESSORS_HELP = "bedømmerne (ellers de som finnes i rundens poeng)"
SHEETS_OUT_HELP = "utmappe (må være tom eller ikke finnes; ikke inne i runden)"
SHEETS_NO_ROUND = "Finner ikke søknadsrunden «{path}»."
SHEETS_NO_ASSESSORS = (
    "Runden har ingen poeng ennå, så bedømmerne er ikke kjent; oppgi dem med --assessors A B C."
)
SHEETS_OUT_IN_ROUND = "Utmappen «{path}» ligger inne i søknadsrunden; velg en mappe utenfor den."
SHEETS_WRITTEN = "Skrev {sheets} til «{path}»."
SHEET_NOUN = ("vurderingsark", "vurderingsark")
SHEETS_SCALE = "Skala {low}–{high}"
SHEETS_SCALE_TITLE = "Utenfor skalaen"

#: ``allocation next``: next year's round folder from a run.
NEXT_HELP = "lag neste års søknadsrunde fra en kjøring (videreførte prosjekter som tilsagn)"
NEXT_RUN_HELP = "kjøremappen (fra allocation run eller allocation solve)"
NEXT_YEAR_HELP = "året for den nye runden (standard: året etter rundens)"
NEXT_OUT_HELP = "mappen den nye runden skrives i (må være tom eller ikke finnes)"
NEXT_ROUND_HELP = "rundemappen kjøringen ble laget fra (standard: den kjøringen oppgir)"
NEXT_NO_ROUND = (
    "Finner ikke rundemappen til kjøringen «{run}»; oppgi den med --round ROUND "
    "(en mappe fra allocation solve oppgir den ikke)."
)
NEXT_YEAR_NOT_AFTER = "Året {year} er ikke etter rundens år ({round_year})."
NEXT_FRAME_NOTE = "fyll inn rammen for {year} (dette er fjorårets)"
NEXT_CARRY_NOTE = "fyll inn ubrukte midler som overføres ({left} ble ikke fordelt i fjor)"
NEXT_WRITTEN = (
    "Skrev runden for {year} i «{path}»: {projects} videreført med tilsagn på {committed}."
)
NEXT_THEN = (
    "Fyll inn rammen i scheme.toml, legg de nye søknadene til i applications.csv og "
    "poengene i scores.csv, og kjør allocation validate {path}."
)
NEXT_PROJECTS = ("prosjekt", "prosjekter")

#: ``allocation sweep``: the budget curve.
SWEEP_HELP = "budsjettkurve: løs runden ved en rekke rammer (sweep.csv, sweep.png)"
SWEEP_FROM_HELP = "første ramme i kroner"
SWEEP_TO_HELP = "siste ramme i kroner (tas med når steget treffer den)"
SWEEP_STEP_HELP = "steg mellom rammene i kroner"
#: ``allocation robustness``: weights and assessors sampled.
ROBUSTNESS_HELP = "hvor robust er hver avgjørelse: trekk vekter og fagvurderere (robustness.csv)"
SAMPLES_HELP = "antall trekk per slag (standard 1000)"
SEED_HELP = "startverdi for trekkene (samme verdi gir samme robustness.csv)"
VARY_HELP = "hva som trekkes: weights (vekter), assessors (fagvurderere) eller both (begge)"
CONCENTRATION_HELP = "konsentrasjon for vekttrekkene (høyere: nærmere ordningens vekter)"
LENIENCY_HELP = "korriger fagvurderernes poeng for hvor milde eller strenge de er"
SCHEDULER_HELP = "adressen til en Dask-planlegger (tcp://...): kjør trekkene på klyngen"
WORKERS_HELP = "antall lokale prosesser (standard: alle kjerner)"
