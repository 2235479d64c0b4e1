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
