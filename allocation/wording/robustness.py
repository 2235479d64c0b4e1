"""Norwegian texts of the robustness analysis and the budget curve (``allocation sweep``,
``allocation robustness``, the innstilling's robustness section, sweep.png).

Figures are formatted by the caller through :mod:`allocation.format` and passed in ready.
What the innstilling's section and its chart show is also in nynorsk (:data:`SECTION_TEXTS`,
the same keys; :func:`section_words`), following ``[case] malform``; the command line's
messages are bokmål.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allocation.wording.language import Lang, pick

# ---- parameters ---------------------------------------------------------------------------------

UNKNOWN_POLICY = "Ukjent policy «{policy}» (bruk merit, coverage eller priority)."
UNKNOWN_SOLVER = "Ukjent løser «{solver}» (bruk highs eller cbc)."
BAD_SAMPLES = "Antall trekk må være et helt tall på minst 1, ikke «{value}»."
BAD_VARY = "Ukjent --vary «{value}» (bruk {choices})."
BAD_CONCENTRATION = "Konsentrasjonen må være et tall over 0, ikke «{value}»."
SWEEP_BAD_RANGE = (
    "Ugyldig rammeserie: fra {start} til {stop} i steg på {step} (fra må være minst 0 og "
    "ikke over til, steget over 0)."
)
SWEEP_TOO_MANY = "Rammeserien gir {count} rammer; høyst {most} er tillatt (bruk et større steg)."
BAD_AMOUNT = "Ugyldig beløp for {option} «{value}»: oppgi et helt antall kroner."

# ---- the commands -------------------------------------------------------------------------------

SWEEP_DONE = "Budsjettkurve: {frames} fra {start} til {stop}, løst på {seconds}."
SWEEP_NOT_SOLVED = "Uten fordeling ved {count}: {frames_list}."
ROBUSTNESS_DONE = "Robusthet: {samples} ({vary}) løst på {seconds} ({executor})."
ROBUSTNESS_CLASSES = (
    "Robust innvilget: {funded}; på vippen: {borderline}; robust avslått: {rejected}."
)
ROBUSTNESS_ZONE = "Søknader på finansieringsgrensen (sannsynlighet 0,2–0,8): {ids}."
ROBUSTNESS_NO_ZONE = "Ingen søknad ligger på finansieringsgrensen (sannsynlighet 0,2–0,8)."
ROBUSTNESS_INFEASIBLE_SAMPLES = "Trekk der reglene ikke kan oppfylles samtidig: {count}."
ROBUSTNESS_NOMINAL_INFEASIBLE = (
    "Reglene kan ikke oppfylles samtidig med rundens egne vekter og poeng: ingen robusthet "
    "beregnet (se summary fra allocation solve)."
)
ROBUSTNESS_NOMINAL_TIME_LIMIT = (
    "Løseren stoppet før den beviste et optimum: ingen robusthet beregnet."
)
CANCELLED = "Avbrutt."
SAMPLES_NOUN = ("trekk", "trekk")
FRAMES_NOUN = ("ramme", "rammer")
VARY_LABELS = {"weights": "vekter", "assessors": "fagvurderere", "both": "vekter og fagvurderere"}
EXECUTOR_LABELS = {"serial": "én kjerne", "pool": "lokale prosesser", "dask": "Dask-klynge"}

# ---- the chart ----------------------------------------------------------------------------------

CHART_X_LABEL = "Ramme (kr)"
CHART_COLOUR_LABEL = "Tilskudd av tilskuddsberettiget beløp"
CHART_FRAME_LABEL = "rundens ramme {frame}"
CHART_CAPTION = "Budsjettkurve: tilskudd til hver søknad ved rammer fra {start} til {stop}"
CHART_ALT = (
    "Rutenett med én rad per søknad som får tilskudd et sted på kurven og én kolonne per ramme "
    "fra {start} til {stop}. Mørkere farge betyr større del av søknadens tilskuddsberettigede "
    "beløp. En loddrett linje markerer rundens ramme på {frame}."
)

# ---- the innstilling's section ------------------------------------------------------------------

SECTION_HEADING = "Hvor robust er innstillingen?"
SECTION_INTRO = (
    "Innstillingen er beregnet på nytt {samples} med litt andre vekter (trukket rundt ordningens "
    "vekter, konsentrasjon {concentration}) og {assessor_samples} der hver søknads poeng er "
    "trukket på nytt blant fagvurderernes poeng (bootstrap). Kjerneindeksen er andelen av "
    "vekttrekkene der søknaden får tilskudd; sannsynligheten for tilskudd er andelen av "
    "fagvurderertrekkene. Forventet tilskudd gjelder alle trekk; regnearket viser også "
    "intervallet (10.–90. persentil)."
)
SECTION_INTRO_WEIGHTS = (
    "Innstillingen er beregnet på nytt {samples} med litt andre vekter (trukket rundt ordningens "
    "vekter, konsentrasjon {concentration}). Kjerneindeksen er andelen av trekkene der søknaden "
    "får tilskudd."
)
SECTION_INTRO_ASSESSORS = (
    "Innstillingen er beregnet på nytt {samples} der hver søknads poeng er trukket på nytt blant "
    "fagvurderernes poeng (bootstrap). Sannsynligheten for tilskudd er andelen av trekkene der "
    "søknaden får tilskudd."
)
SECTION_ZONE = (
    "Finansieringsgrensen går mellom disse søknadene: de får tilskudd i noen trekk og ikke i "
    "andre (sannsynlighet mellom 20 og 80 %), så innstillingen for dem hviler på små forskjeller "
    "i vekter og vurderinger: {names}."
)
SECTION_NO_ZONE = (
    "Ingen søknad ligger på finansieringsgrensen: hver søknad får tilskudd i under 20 % eller "
    "over 80 % av trekkene."
)
SECTION_ROBUST = (
    "{funded} får tilskudd i minst 90 % av trekkene, {rejected} i høyst 10 %; "
    "{borderline} ligger imellom."
)
SECTION_INFEASIBLE = "I {count} kunne reglene ikke oppfylles samtidig; de er holdt utenfor tallene."
SECTION_CURVE = (
    "Budsjettkurven viser hva hver søknad ville fått med en annen ramme, fra {start} til {stop}."
)
TABLE_CAPTION = "Robusthet per søknad"
COLUMN_HEADERS = {
    "application_id": "Søknad",
    "applicant": "Søker",
    "granted": "Innstilt",
    "core_index": "Kjerneindeks",
    "funding_probability": "Sannsynlighet",
    "mean_grant": "Forventet tilskudd",
    "p10_grant": "10. persentil",
    "p90_grant": "90. persentil",
    "class": "Vurdering",
}
CLASS_LABELS = {
    "robust_funded": "robust innvilget",
    "borderline": "på vippen",
    "robust_not_funded": "robust avslått",
    "": "",
}
APPLICATIONS_NOUN = ("søknad", "søknader")

# ---- both written standards ---------------------------------------------------------------------

#: The texts the innstilling's section and its chart show, per language (the same keys).
SECTION_KEYS = (
    "SECTION_HEADING SECTION_INTRO SECTION_INTRO_WEIGHTS SECTION_INTRO_ASSESSORS SECTION_ZONE "
    "SECTION_NO_ZONE SECTION_ROBUST SECTION_INFEASIBLE SECTION_CURVE TABLE_CAPTION COLUMN_HEADERS "
    "CLASS_LABELS APPLICATIONS_NOUN SAMPLES_NOUN CHART_CAPTION CHART_ALT CHART_X_LABEL "
    "CHART_COLOUR_LABEL CHART_FRAME_LABEL"
).split()

SECTION_TEXTS: dict[Lang, dict[str, Any]] = {
    "nb": {key: globals()[key] for key in SECTION_KEYS},
    "nn": {
        "SECTION_HEADING": "Kor robust er innstillinga?",
        "SECTION_INTRO": (
            "Innstillinga er rekna ut på nytt {samples} med litt andre vekter (trekte rundt "
            "vektene i ordninga, konsentrasjon {concentration}) og {assessor_samples} der poenga "
            "til kvar søknad er trekte på nytt blant poenga frå fagvurderarane (bootstrap). "
            "Kjerneindeksen er delen av vekttrekka der søknaden får tilskot; sannsynet for "
            "tilskot er delen av fagvurderartrekka. Venta tilskot gjeld alle trekk; reknearket "
            "viser òg intervallet (10.–90. persentil)."
        ),
        "SECTION_INTRO_WEIGHTS": (
            "Innstillinga er rekna ut på nytt {samples} med litt andre vekter (trekte rundt "
            "vektene i ordninga, konsentrasjon {concentration}). Kjerneindeksen er delen av "
            "trekka der søknaden får tilskot."
        ),
        "SECTION_INTRO_ASSESSORS": (
            "Innstillinga er rekna ut på nytt {samples} der poenga til kvar søknad er trekte på "
            "nytt blant poenga frå fagvurderarane (bootstrap). Sannsynet for tilskot er delen av "
            "trekka der søknaden får tilskot."
        ),
        "SECTION_ZONE": (
            "Finansieringsgrensa går mellom desse søknadene: dei får tilskot i nokre trekk og "
            "ikkje i andre (sannsyn mellom 20 og 80 %), så innstillinga for dei kviler på små "
            "skilnader i vekter og vurderingar: {names}."
        ),
        "SECTION_NO_ZONE": (
            "Ingen søknad ligg på finansieringsgrensa: kvar søknad får tilskot i under 20 % "
            "eller over 80 % av trekka."
        ),
        "SECTION_ROBUST": (
            "{funded} får tilskot i minst 90 % av trekka, {rejected} i høgst 10 %; "
            "{borderline} ligg imellom."
        ),
        "SECTION_INFEASIBLE": (
            "I {count} kunne reglane ikkje oppfyllast samtidig; dei er haldne utanfor tala."
        ),
        "SECTION_CURVE": (
            "Budsjettkurva viser kva kvar søknad ville ha fått med ei anna ramme, frå {start} "
            "til {stop}."
        ),
        "TABLE_CAPTION": "Robustheit per søknad",
        "COLUMN_HEADERS": {
            "application_id": "Søknad",
            "applicant": "Søkjar",
            "granted": "Innstilt",
            "core_index": "Kjerneindeks",
            "funding_probability": "Sannsyn",
            "mean_grant": "Venta tilskot",
            "p10_grant": "10. persentil",
            "p90_grant": "90. persentil",
            "class": "Vurdering",
        },
        "CLASS_LABELS": {
            "robust_funded": "robust innvilga",
            "borderline": "på vippen",
            "robust_not_funded": "robust avslått",
            "": "",
        },
        "APPLICATIONS_NOUN": ("søknad", "søknader"),
        "SAMPLES_NOUN": ("trekk", "trekk"),
        "CHART_CAPTION": "Budsjettkurve: tilskot til kvar søknad ved rammer frå {start} til {stop}",
        "CHART_ALT": (
            "Rutenett med éi rad per søknad som får tilskot ein stad på kurva og éi kolonne per "
            "ramme frå {start} til {stop}. Mørkare farge tyder større del av beløpet søknaden "
            "kan få tilskot til. Ei loddrett linje markerer ramma for runden på {frame}."
        ),
        "CHART_X_LABEL": "Ramme (kr)",
        "CHART_COLOUR_LABEL": "Tilskot av beløpet som kan få tilskot",
        "CHART_FRAME_LABEL": "ramma for runden {frame}",
    },
}


#: :data:`SECTION_TEXTS` as attributes, made once per language.
_SECTION_WORDS: dict[Lang, SimpleNamespace] = {
    lang: SimpleNamespace(**texts) for lang, texts in SECTION_TEXTS.items()
}


def section_words(lang: Lang) -> SimpleNamespace:
    """The section's and the chart's texts in ``lang``, as attributes (``w.SECTION_HEADING``)."""
    return pick(_SECTION_WORDS, lang)
