"""Norwegian texts of the robustness analysis and the budget curve (``allocation sweep``,
``allocation robustness``, the innstilling's robustness section, sweep.png).

Figures are formatted by the caller through :mod:`allocation.format` and passed in ready.
The innstilling is the leader's document and is written in bokmål, like the rest of it.
"""

from __future__ import annotations

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
