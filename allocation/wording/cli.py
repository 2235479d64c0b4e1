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
