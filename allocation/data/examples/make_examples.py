"""Generate the synthetic example rounds in ``allocation/data/examples/`` (CONTRACT section 1).

The rounds are modelled on the seed documents of two real grant schemes: the regional
*kompetansehevende tiltak for lindrende behandling og omsorg* (Statsforvalteren i Trøndelag,
2025) and the national *utviklingsprogram hjemmetid og hjemmedød* (Helsedirektoratet's
regelverk). Kommuner and kommunenummer are real (read from
``allocation/data/reference/kommuner.csv``); titles, amounts and scores are invented. No names
of people, e-mails or phone numbers.

The output is deterministic: a fixed seed per round, stable row orders, ``\\n`` line endings.
Run it from anywhere::

    .venv/bin/python allocation/data/examples/make_examples.py            # writes next to it
    .venv/bin/python allocation/data/examples/make_examples.py --out DIR  # writes under DIR

Only the standard library and pandas are needed for the two CSV rounds; the third round
(``regional-2025-excel``, the regional round as XLSX files) also needs openpyxl and is skipped
with a message when it is missing.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
KOMMUNER = HERE.parent / "reference" / "kommuner.csv"

ASSESSORS = ("R1", "R2", "R3")
ASSESSOR_BIAS = {"R1": 0.25, "R2": -0.25, "R3": 0.0}


@dataclass(frozen=True)
class App:
    """One synthetic application, before scores and budget lines are generated."""

    kommunenummer: str  # "" for applicants without one (then ``region`` is given)
    title: str
    model: str
    requested: int
    quality: float  # the latent quality the scores are drawn around (about the total score)
    excluded: tuple[tuple[str, int], ...] = ()  # budget lines in excluded categories
    committed: int = 0
    applicant: str = ""  # default: the kommune's name
    applicant_type: str = "kommune"
    region: str = ""
    own_funding: int = 0
    period: str = ""


@dataclass
class Criterion:
    id: str
    group: str
    label: str
    weight: int = 1


@dataclass
class Spec:
    """Everything the generator needs for one round."""

    folder: str
    seed: int
    prefix: str
    apps: list[App]
    criteria: list[Criterion]
    eligible_categories: list[tuple[str, float]]  # (category, typical share of the budget)
    scheme_toml: str
    two_assessor_share: float = 0.35


# ---------------------------------------------------------------------------------------------
# Round 1: regional kompetansehevende tiltak, Trøndelag and Møre og Romsdal, 2025 (seed 001/003)
# ---------------------------------------------------------------------------------------------

REGIONAL_CRITERIA = [
    Criterion("maal", "Prosjekt", "I tråd med målet for ordningen, med tiltak som når målene", 2),
    Criterion(
        "kvalitet", "Prosjekt", "Kvalitetsutvikling gjennom fagutvikling og kompetanseheving"
    ),
    Criterion("overforing", "Prosjekt", "Overføringsverdi til andre kommuner"),
    Criterion("foringer", "Prosjekt", "Sammenheng med nasjonale føringer og faglige råd"),
    Criterion("forankring", "Forankring", "Forankring i kommunens ledelse"),
    Criterion("samarbeid", "Forankring", "Samarbeid med USHT, palliativt team og fastleger"),
    Criterion("videreforing", "Forankring", "Plan for videreføring i ordinær drift"),
    Criterion("realistisk", "Budsjett", "Realistisk budsjett i samsvar med tiltakene"),
    Criterion("egenfinansiering", "Budsjett", "Egenfinansiering"),
]

# Trøndelag (50xx) is strong and has many palliativ plan projects: max_region_share and
# max_per_model bind, so money moves to lower-scored projects in Møre og Romsdal.
REGIONAL_APPS = [
    App(
        "5001",
        "Kompetansenettverk for lindrende behandling i sykehjem og hjemmetjeneste",
        "kompetansenettverk",
        560_000,
        5.3,
        excluded=(("Utstyr", 60_000),),
    ),
    App("5006", "Innføring av palliativ plan i hjemmetjenesten", "palliativ plan", 340_000, 5.1),
    App(
        "5007",
        "Trygge pårørende – pårørendestøtte ved livets slutt",
        "pårørendestøtte",
        280_000,
        4.4,
    ),
    App("5037", "Forhåndssamtaler med beboere i sykehjem", "forhåndssamtaler", 310_000, 4.9),
    App(
        "5038",
        "Livets siste dager i hjemmetjenesten",
        "Livets siste dager",
        260_000,
        4.2,
        excluded=(("Fagdager", 40_000),),
    ),
    App(
        "5035",
        "Digital opplæringspakke i lindrende behandling",
        "ALIS/e-læring",
        420_000,
        4.7,
        excluded=(("Utstyr", 120_000),),
    ),
    App("5059", "Palliativ plan i helse- og omsorgstjenesten", "palliativ plan", 300_000, 5.0),
    App("5025", "Innføring av CSNAT i hjemmetjenesten", "CSNAT", 220_000, 4.0),
    App(
        "5021",
        "Interkommunalt kompetansenettverk i lindrende behandling",
        "kompetansenettverk",
        380_000,
        3.9,
    ),
    App("5054", "Palliativ plan og prosedyrer ved livets slutt", "palliativ plan", 290_000, 4.8),
    App(
        "5060",
        "Lik omsorg ved livets slutt, år 2",
        "palliativ plan",
        240_000,
        4.5,
        committed=150_000,
        period="2024–2025",
    ),
    App(
        "5026",
        "Kreftplan og kreftteam i pleie- og omsorgstjenesten",
        "palliativt team",
        350_000,
        3.0,
        excluded=(("Stillinger", 150_000),),
    ),
    App(
        "5047",
        "Å dø hjemme når tiden er inne, år 2",
        "CSNAT",
        180_000,
        4.6,
        committed=100_000,
        period="2024–2025",
    ),
    App(
        "5014",
        "Mentorordning i lindrende omsorg",
        "kompetansenettverk",
        200_000,
        3.2,
        excluded=(("Videreutdanning", 80_000),),
    ),
    App("1508", "CSNAT i samarbeid med palliativt team", "CSNAT", 450_000, 4.3),
    App(
        "1506",
        "Palliativ koordinator og kommunalt palliativt team",
        "palliativt team",
        520_000,
        4.1,
        excluded=(("Drift", 140_000),),
    ),
    App("1505", "Forhåndssamtaler i hjemmetjenesten", "forhåndssamtaler", 330_000, 3.8),
    App(
        "1520",
        "Ressursnettverk for fysio- og ergoterapeuter i palliasjon",
        "kompetansenettverk",
        240_000,
        3.7,
    ),
    App("1577", "E-læring i lindrende behandling for nyansatte", "ALIS/e-læring", 190_000, 3.6),
    App(
        "1547",
        "Fra floskel til handling – forhåndssamtaler med palliativ plan",
        "palliativ plan",
        380_000,
        4.4,
    ),
    App("1563", "Pårørendeskole og ettersamtaler", "pårørendestøtte", 210_000, 3.9),
    App(
        "1579",
        "Livets siste dager på sykehjem",
        "Livets siste dager",
        260_000,
        2.8,
        excluded=(("Utstyr", 60_000),),
    ),
]

REGIONAL_TOML = """\
# Synthetic example round (see data/examples/README.md), modelled on Statsforvalteren i
# Trøndelag's 2025 call. Kommuner are real; titles, amounts and scores are invented.

[scheme]
name = "Tilskudd til kompetansehevende tiltak for lindrende behandling og omsorg ved livets slutt"
year = 2025
region = "Trøndelag og Møre og Romsdal"

[budget]
frame = 2_905_000        # same frame as 2024
carry_over = 150_000     # ubrukte midler overført fra 2024

[grants]
policy = "merit"
cap = 400_000
min_share = 0.5          # a funded project gets at least half of what it can be given
rounding = 5_000

[quality]
scale = [1, 6]
threshold = 3.5

[groups]
Prosjekt = 0.5
Forankring = 0.3
Budsjett = 0.2

{criteria}
[spread]                 # "geografisk spredning av kommunale prosjekter"
min_per_region = 3
max_region_share = 0.6
max_per_model = 3

[eligibility]
applicant_types = ["kommune", "bydel"]
# Det gis ikke tilskudd til drift, videreutdanning eller studier, fagdager, nytt utstyr
# (call 2025) or nye stillinger (call 2022).
excluded_cost_categories = ["utstyr", "stillinger", "videreutdanning", "drift", "fagdager"]

[conditions]             # the project's own table (see data/examples/README.md)
revisor_threshold = 200_000
revisor_from = "above"   # "Revisorattestert regnskap ... (beløp over 200.000)"
report_deadline = "1. mars 2026"
notes = [
    "Tilskuddet skal brukes i tråd med søknaden og tildelingsbrevet.",
    "Rapport og regnskap sendes innen søknads- og rapporteringsfristen 1. mars 2026.",
    "Er tilskuddet over 200 000 kroner, sendes revisorattestert regnskap innen 31. mars 2026.",
    "Behov for å overføre ubrukte midler til neste år varsles innen utgangen av november; \
overføring kan skje én gang i prosjektperioden.",
    "Det gis ikke tilskudd til drift, videreutdanning eller studier, fagdager eller nytt utstyr.",
]

[case]                   # the project's own table: the heading and klage statement (docs/round.md)
virksomhet = "Statsforvalteren i Trøndelag"
avdeling = "Helse- og omsorgsavdelingen"
saksnummer = "2025/1234"
til = "Ass. statsforvalter"
fra = "Helse- og omsorgsavdelingen"
hjemmel = "Statsbudsjettet kapittel 761 post 21 og regelverket for tilskuddsordningen"
malform = "nb"
klagerett = true
"""

REGIONAL_CATEGORIES = [
    ("Lønn prosjektleder", 0.40),
    ("Frikjøp", 0.30),
    ("Kurs", 0.20),
    ("Reise", 0.10),
]


# ---------------------------------------------------------------------------------------------
# Round 2: national hjemmetid og hjemmedød, 2024 (seed 004, Helsedirektoratet's regelverk)
# ---------------------------------------------------------------------------------------------

NATIONAL_CRITERIA = [
    Criterion("maal", "Prosjekt", "Mål og delmål med tiltaket lokalt"),
    Criterion("kunnskap", "Prosjekt", "Kunnskapsbasert metode"),
    Criterion("praksis", "Prosjekt", "Eksisterende praksis"),
    Criterion("medvirkning", "Prosjekt", "Medvirkning"),
    Criterion("overforing", "Søknad", "Overføringsverdi"),
    Criterion("forankring", "Søknad", "Forankring"),
    Criterion("tverrfaglig", "Søknad", "Tverrfaglig samarbeid i modellutviklingen"),
    Criterion("realistisk", "Budsjett", "Realistisk budsjett"),
    Criterion("egenfinansiering", "Budsjett", "Egenfinansiering"),
    Criterion("viderefinansiering", "Budsjett", "Plan for viderefinansiering"),
]

DRIFT = "Drift"
UTTESTING = "Uttesting av modell"

# The best projects crowd into one model (palliativt team), one applicant (Bergen twice) and
# one region (two Oslo bydeler): max_per_model, one_per_applicant and max_region_share bind.
NATIONAL_APPS = [
    App(
        "4601",
        "Palliativt team i bydelene – modell for hjemmetid",
        "palliativt team",
        750_000,
        5.4,
        own_funding=400_000,
    ),
    App(
        "4601",
        "Digital hjemmeoppfølging av alvorlig syke",
        "digital hjemmeoppfølging",
        780_000,
        5.2,
        own_funding=300_000,
        excluded=((DRIFT, 80_000),),
    ),
    App(
        "0301",
        "Forhåndssamtaler i hjemmesykepleien",
        "forhåndssamtaler",
        720_000,
        5.0,
        applicant="Bydel Grünerløkka",
        applicant_type="bydel",
        own_funding=250_000,
    ),
    App(
        "0301",
        "Ambulant team og fastlegeforløp i bydelen",
        "ambulant døgnberedskap",
        740_000,
        5.5,
        applicant="Bydel Nordre Aker",
        applicant_type="bydel",
        own_funding=350_000,
    ),
    App(
        "1103",
        "Helhetlig palliativt forløp hjem",
        "palliativt team",
        880_000,
        5.5,
        own_funding=500_000,
        excluded=((DRIFT, 100_000),),
    ),
    App(
        "1108",
        "Pårørendestøtte og avlastning hjemme",
        "pårørendestøtte",
        560_000,
        4.3,
        own_funding=150_000,
    ),
    App(
        "4204",
        "Interkommunal palliativ enhet som støtte for hjemmetid",
        "palliativ enhet",
        760_000,
        4.8,
        own_funding=300_000,
    ),
    App(
        "4203",
        "Ambulant sykepleie på kveld og natt",
        "ambulant døgnberedskap",
        620_000,
        4.1,
        own_funding=200_000,
    ),
    App(
        "5501",
        "Ambulant døgnberedskap for hjemmeboende alvorlig syke",
        "ambulant døgnberedskap",
        750_000,
        4.7,
        own_funding=300_000,
    ),
    App(
        "1804",
        "Pårørende som ressurs – støtte gjennom hele forløpet",
        "pårørendestøtte",
        700_000,
        4.5,
        own_funding=200_000,
    ),
    App(
        "1824",
        "Forhåndssamtaler i distriktskommunen",
        "forhåndssamtaler",
        520_000,
        4.6,
        own_funding=100_000,
        excluded=((DRIFT, 60_000),),
    ),
    App(
        "3403",
        "Palliativ enhet og hjemmetid i samarbeid",
        "palliativ enhet",
        740_000,
        4.4,
        own_funding=250_000,
    ),
    App(
        "3407",
        "Digital tilsyn og oppfølging hjemme",
        "digital hjemmeoppfølging",
        580_000,
        3.9,
        own_funding=150_000,
        excluded=((UTTESTING, 120_000),),
    ),
    App(
        "3405",
        "Samtaler om livets slutt i hjemmetjenesten",
        "forhåndssamtaler",
        640_000,
        3.2,
        own_funding=100_000,
    ),
    App(
        "3301",
        "Palliativt team med døgnkontinuerlig tilgang",
        "palliativt team",
        820_000,
        4.6,
        own_funding=300_000,
        excluded=((UTTESTING, 150_000),),
    ),
    App(
        "3303",
        "Avlastning og støtte for pårørende",
        "pårørendestøtte",
        540_000,
        3.8,
        own_funding=120_000,
    ),
    App(
        "3107",
        "Ambulant team for hjemmeboende i livets siste fase",
        "ambulant døgnberedskap",
        710_000,
        4.2,
        own_funding=250_000,
    ),
    App(
        "3905",
        "Forhåndssamtaler og samvalg med fastlegen",
        "forhåndssamtaler",
        600_000,
        4.0,
        own_funding=200_000,
    ),
    App(
        "4003",
        "Palliativ enhet på sykehjemmet som base for hjemmetid",
        "palliativ enhet",
        680_000,
        3.6,
        own_funding=150_000,
        excluded=((DRIFT, 90_000),),
    ),
    App(
        "1508",
        "Velferdsteknologi og hjemmeoppfølging ved livets slutt",
        "digital hjemmeoppfølging",
        730_000,
        4.4,
        own_funding=200_000,
    ),
    App(
        "5001",
        "Palliativt team i hjemmetjenesten",
        "palliativt team",
        750_000,
        5.0,
        own_funding=450_000,
    ),
    App(
        "5601",
        "Beredskap hjemme i en langstrakt kommune",
        "ambulant døgnberedskap",
        650_000,
        4.3,
        own_funding=150_000,
    ),
    App(
        "3201",
        "Forhåndssamtaler i hjemmebaserte tjenester",
        "forhåndssamtaler",
        700_000,
        3.0,
        own_funding=300_000,
    ),
    # Not eligible: the regelverk only admits kommuner (and their bydeler).
    App(
        "",
        "Regional plattform for kompetanse om hjemmedød",
        "palliativt team",
        600_000,
        4.0,
        applicant="Vestland fylkeskommune",
        applicant_type="fylkeskommune",
        region="Vestland",
    ),
    App(
        "5501",
        "Frivillige ved livets slutt i hjemmet",
        "pårørendestøtte",
        500_000,
        4.2,
        applicant="Frivillig hospicelag",
        applicant_type="frivillig",
    ),
    App(
        "",
        "Hjemmesykehus for palliative pasienter",
        "palliativ enhet",
        750_000,
        4.5,
        applicant="Sykehuset Innlandet HF",
        applicant_type="helseforetak",
        region="Innlandet",
    ),
]

NATIONAL_TOML = """\
# Synthetic example round (see data/examples/README.md), modelled on Helsedirektoratet's
# regelverk for the utviklingsprogram. Kommuner are real; titles, amounts and scores invented.

[scheme]
name = "Utviklingsprogram hjemmetid og hjemmedød"
year = 2024

[budget]
frame = 3_600_000

[grants]
# "merit": the regelverk selects by expected goal attainment and prioritises kommuner with
# experience and good systems, so money goes to the best projects in full (within the
# 500 000-750 000 guidance); model variety and geographic spread are carried by [spread], not by
# the objective. "coverage" would reward small requests: try --policy coverage to compare.
policy = "merit"
cap = 750_000            # "Veiledende tilskuddsbeløp er kr 500 000 - 750 000 per kommune per år"
floor = 500_000
rounding = 10_000
projects = [4, 6]        # "planlagt fordelt på 4-6 prosjekt"
one_per_applicant = true

[quality]
scale = [1, 6]
threshold = 3.5

[groups]
Prosjekt = 0.6
"Søknad" = 0.2
Budsjett = 0.2

{criteria}
[spread]                 # "modellulikhet samt geografisk og demografisk spredning"
max_region_share = 0.3
min_models = 4
max_per_model = 2

[eligibility]
applicant_types = ["kommune", "bydel"]
# "Det gis ikke tilskudd til drift av helse- og omsorgstjenester og uttesting av modell."
excluded_cost_categories = ["drift", "uttesting av modell"]

[conditions]             # the project's own table (see data/examples/README.md)
revisor_threshold = 200_000
revisor_from = "amount"  # "tilskudd på 200 000 kroner eller høyere"
report_deadline = "1. april 2025"
notes = [
    "Det rapporteres for kalenderåret, per 31. desember 2024.",
    "Budsjett og regnskap skal kunne sammenlignes på samme nivå.",
    "Drift og uttesting av modellen finansieres av kommunen selv.",
    "Kommunen må avgi data til Senter for omsorgsforskning i siste fase av programmet.",
]

[case]                   # the project's own table: the heading and klage statement (docs/round.md)
virksomhet = "Helsedirektoratet"
avdeling = "Avdeling omsorgstjenester"
saksnummer = "24/5678"
til = "Divisjonsdirektør"
fra = "Avdeling omsorgstjenester"
hjemmel = "Regelverk for utviklingsprogram hjemmetid og hjemmedød, kapittel 761 post 67"
malform = "nb"
klagerett = false        # seed 004: "ikke et enkeltvedtak ... ikke klagerett"
"""

NATIONAL_CATEGORIES = [
    ("Lønn prosjektleder", 0.45),
    ("Frikjøp prosjektdeltakere", 0.25),
    ("Frikjøp bruker- og pårørenderepresentanter", 0.10),
    ("Møter og reiser", 0.20),
]


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def criteria_toml(criteria: list[Criterion]) -> str:
    """The ``[[criteria]]`` tables of a scheme, in the order given."""
    parts = []
    for c in criteria:
        parts.append(
            f'[[criteria]]\nid = "{c.id}"\ngroup = "{c.group}"\nlabel = "{c.label}"\n'
            f"weight = {c.weight}\n"
        )
    return "\n".join(parts)


def load_kommuner() -> dict[str, tuple[str, str]]:
    """kommunenummer -> (Norwegian name, fylke)."""
    ref = pd.read_csv(KOMMUNER, dtype=str, keep_default_na=False)
    return {
        row.kommunenummer: (row.kommune_norsk, row.fylke) for row in ref.itertuples(index=False)
    }


def split_amount(rng: random.Random, total: int, parts: list[tuple[str, float]]) -> list[int]:
    """Split ``total`` into lines near the typical shares, in whole thousands, summing exactly."""
    weights = [share * rng.uniform(0.7, 1.3) for _, share in parts]
    scale = total / sum(weights)
    amounts = [int(round(w * scale / 1000)) * 1000 for w in weights[:-1]]
    amounts.append(total - sum(amounts))
    return amounts


def draw_score(rng: random.Random, centre: float) -> int:
    """An integer score on the 1-6 scale around ``centre``."""
    return max(1, min(6, int(round(rng.gauss(centre, 0.55)))))


def build(spec: Spec, kommuner: dict[str, tuple[str, str]]) -> dict[str, object]:
    """The tables and scheme text of one round."""
    rng = random.Random(spec.seed)
    apps_rows, score_rows, line_rows = [], [], []
    width = 2 if len(spec.apps) < 100 else 3
    for n, app in enumerate(spec.apps, start=1):
        aid = f"{spec.prefix}-{n:0{width}d}"
        if app.kommunenummer:
            name, _fylke = kommuner[app.kommunenummer]
        else:
            name = ""
        row = {
            "application_id": aid,
            "applicant": app.applicant or name,
            "kommunenummer": app.kommunenummer,
            "region": app.region,
            "applicant_type": app.applicant_type,
            "title": app.title,
            "model": app.model,
            "requested": app.requested,
            "committed": app.committed,
            "own_funding": app.own_funding,
            "prosjektperiode": app.period or "2025",
        }
        apps_rows.append(row)

        # budget lines: the excluded lines, then the eligible categories share the rest
        rest = app.requested - sum(amount for _, amount in app.excluded)
        cats = spec.eligible_categories
        if rest < 300_000:  # small projects: fewer lines
            cats = cats[:3]
        for cat, amount in zip([c for c, _ in cats], split_amount(rng, rest, cats), strict=True):
            line_rows.append({"application_id": aid, "category": cat, "amount": amount})
        for cat, amount in app.excluded:
            line_rows.append({"application_id": aid, "category": cat, "amount": amount})

        # scores: 2 or 3 assessors, each criterion drawn around the application's quality
        assessors = list(ASSESSORS)
        if rng.random() < spec.two_assessor_share:
            assessors.remove(rng.choice(ASSESSORS))
        offsets = {c.id: rng.uniform(-0.6, 0.6) for c in spec.criteria}
        for assessor in assessors:
            for c in spec.criteria:
                centre = app.quality + offsets[c.id] + ASSESSOR_BIAS[assessor]
                score_rows.append(
                    {
                        "application_id": aid,
                        "assessor": assessor,
                        "criterion": c.id,
                        "score": draw_score(rng, centre),
                    }
                )
    applications = pd.DataFrame(apps_rows)
    return {
        "scheme": spec.scheme_toml.replace("{criteria}", criteria_toml(spec.criteria)),
        "applications": applications,
        "scores": pd.DataFrame(score_rows),
        "budget_lines": pd.DataFrame(line_rows),
    }


def regional_spec() -> Spec:
    return Spec(
        folder="regional-2025",
        seed=2025,
        prefix="KT25",
        apps=REGIONAL_APPS,
        criteria=REGIONAL_CRITERIA,
        eligible_categories=REGIONAL_CATEGORIES,
        scheme_toml=REGIONAL_TOML,
    )


def national_spec() -> Spec:
    return Spec(
        folder="national-2024",
        seed=2024,
        prefix="HH24",
        apps=NATIONAL_APPS,
        criteria=NATIONAL_CRITERIA,
        eligible_categories=NATIONAL_CATEGORIES,
        scheme_toml=NATIONAL_TOML,
    )


REGIONAL_COLUMNS = [
    "application_id",
    "applicant",
    "kommunenummer",
    "applicant_type",
    "title",
    "model",
    "requested",
    "committed",
    "prosjektperiode",
]
NATIONAL_COLUMNS = [
    "application_id",
    "applicant",
    "kommunenummer",
    "region",
    "applicant_type",
    "title",
    "model",
    "requested",
    "own_funding",
]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_round(tables: dict[str, object], folder: Path, columns: list[str]) -> None:
    """Write one round as plain UTF-8 CSV with ',' and the scheme."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_text(str(tables["scheme"]), encoding="utf-8", newline="\n")
    apps = tables["applications"]
    assert isinstance(apps, pd.DataFrame)
    write_csv(apps[columns], folder / "applications.csv")
    write_csv(tables["scores"], folder / "scores.csv")
    write_csv(tables["budget_lines"], folder / "budget_lines.csv")


#: The regional round's history (the Trøndelag seed's table "Historikk", 2012-2024), in plain
#: digits: year, applications, rejected (avslag), requested, granted, transferred (overført;
#: blank where the seed gives none). The seed marks the grants of 2017 and 2018 with "*".
REGIONAL_HISTORY = (
    (2012, 18, 0, 11_930_000, 5_110_000, None),
    (2013, 13, 2, 11_417_000, 4_810_000, None),
    (2014, 13, 5, 12_690_000, 2_880_000, None),
    (2015, 10, 0, 6_489_777, 2_880_000, None),
    (2016, 11, 1, 6_376_000, 2_880_000, None),
    (2017, 15, 4, 8_147_500, 4_024_000, None),
    (2018, 10, 1, 8_419_503, 3_700_000, 453_149),
    (2019, 12, 1, 10_226_500, 2_700_000, 473_610),
    (2020, 19, 3, 10_031_000, 2_713_000, 226_000),
    (2021, 12, 1, 7_895_036, 2_248_000, 734_791),
    (2022, 10, 2, 9_482_000, 2_289_000, 563_870),
    (2023, 9, 0, 3_104_720, 2_239_700, 400_000),
    (2024, 13, 4, 6_559_610, 2_905_000, 1_111_618),
)


def write_history(folder: Path) -> None:
    """Write ``history.csv`` (the round's earlier years) as plain UTF-8 CSV."""
    lines = ["year,applications,rejected,requested,granted,transferred"]
    for row in REGIONAL_HISTORY:
        lines.append(",".join("" if v is None else str(v) for v in row))
    (folder / "history.csv").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


XLSX_STAMP = "2025-03-01T12:00:00Z"


def _normalised_xlsx(data: bytes) -> bytes:
    """The same XLSX with fixed timestamps, so that regenerating gives identical bytes.

    openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + XLSX_STAMP.encode() + rb"\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 1, 12, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, content)
    return out.getvalue()


def write_excel_round(tables: dict[str, object], folder: Path, columns: list[str]) -> bool:
    """The same round as XLSX: scores in wide form, identifiers as text cells.

    Returns False (and writes nothing) when openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        print("openpyxl mangler: hopper over", folder.name)
        return False
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_text(str(tables["scheme"]), encoding="utf-8", newline="\n")
    text_columns = {"application_id", "kommunenummer", "assessor"}

    def save(frame: pd.DataFrame, path: Path, sheet: str) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        ws.append(list(frame.columns))
        for values in frame.itertuples(index=False):
            row: list[object] = []
            for col, value in zip(frame.columns, values, strict=True):
                if col in text_columns:
                    row.append(str(value))
                elif pd.isna(value):
                    row.append(None)
                elif isinstance(value, int | float) or hasattr(value, "item"):
                    row.append(value.item() if hasattr(value, "item") else value)
                else:
                    row.append(value if value != "" else None)
            ws.append(row)
        for col_idx, col in enumerate(frame.columns, start=1):
            if col in text_columns:
                for (cell,) in ws.iter_rows(min_row=2, min_col=col_idx, max_col=col_idx):
                    cell.number_format = "@"
        wb.properties.creator = "make_examples.py"
        buffer = io.BytesIO()
        wb.save(buffer)
        path.write_bytes(_normalised_xlsx(buffer.getvalue()))

    apps = tables["applications"]
    scores = tables["scores"]
    lines = tables["budget_lines"]
    assert isinstance(apps, pd.DataFrame) and isinstance(scores, pd.DataFrame)
    assert isinstance(lines, pd.DataFrame)
    criteria = list(dict.fromkeys(scores["criterion"]))
    wide = scores.pivot_table(
        index=["application_id", "assessor"], columns="criterion", values="score", sort=False
    )
    wide = wide.reindex(columns=criteria).reset_index()
    wide.columns.name = None
    for c in criteria:
        wide[c] = wide[c].astype("Int64")
    save(apps[columns], folder / "applications.xlsx", "Søknader")
    save(wide, folder / "scores.xlsx", "Poeng")
    save(lines, folder / "budget_lines.xlsx", "Budsjett")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lag eksempelrundene i data/examples/.")
    parser.add_argument("--out", type=Path, default=HERE, help="mappe å skrive rundene i")
    args = parser.parse_args(argv)
    kommuner = load_kommuner()
    regional_rules, national_rules = regional_spec(), national_spec()
    regional = build(regional_rules, kommuner)
    write_round(regional, args.out / regional_rules.folder, REGIONAL_COLUMNS)
    write_history(args.out / regional_rules.folder)
    national = build(national_rules, kommuner)
    write_round(national, args.out / national_rules.folder, NATIONAL_COLUMNS)
    write_excel_round(regional, args.out / f"{regional_rules.folder}-excel", REGIONAL_COLUMNS)
    print("Skrev eksempelrundene i", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
