"""scheme.toml: every contract key, defaults, the project's [conditions], and each error."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocation.errors import DataValidationError
from allocation.round.data import Conditions
from allocation.round.scheme import load_scheme, parse_scheme_text

SMALL_SCHEME = Path(__file__).resolve().parent / "fixtures" / "small" / "scheme.toml"

MINIMAL = """
[scheme]
name = "Ordning"
year = 2025

[budget]
frame = 1_000_000

[groups]
Prosjekt = 1

[[criteria]]
id = "kvalitet"
group = "Prosjekt"
"""


def errors_of(text: str) -> list[str]:
    result = parse_scheme_text(text)
    return [str(p) for p in result.problems if p.severity == "error"]


def test_full_scheme_is_read():
    s = load_scheme(SMALL_SCHEME)
    assert s.name == "Testordning for kompetanseheving" and s.year == 2025
    assert s.region == "Hele landet"
    assert (s.frame, s.carry_over) == (1_000_000, 100_000)
    assert (s.policy, s.cap, s.floor, s.min_share, s.rounding) == ("merit", 750_000, 0, 0.0, 1000)
    assert (s.projects_min, s.projects_max) == (1, 3)
    assert s.scale == (1.0, 6.0) and s.threshold == 3.0
    assert s.groups == {"Prosjekt": 0.6, "Søknad": 0.4}
    assert [c.id for c in s.criteria] == ["maal", "metode", "forankring"]
    assert [c.weight for c in s.criteria] == [2.0, 1.0, 1.0]
    assert s.criteria[0].label == "Mål og delmål"
    assert (s.min_per_region, s.max_region_share, s.min_models, s.max_per_model) == (1, 0.8, 1, 2)
    assert s.applicant_types == ("kommune", "bydel")
    assert s.excluded_cost_categories == ("utstyr",)
    assert s.conditions == Conditions(
        revisor_threshold=500_000,
        revisor_from="above",
        report_deadline="1. mars 2026",
        notes=("Tilskuddet skal brukes i tråd med søknaden.",),
    )


def test_defaults_of_a_minimal_scheme():
    result = parse_scheme_text(MINIMAL)
    assert result.problems == []
    s = result.scheme
    assert s is not None
    assert (s.carry_over, s.policy, s.cap, s.floor, s.min_share, s.rounding) == (
        0,
        "merit",
        None,
        0,
        0.0,
        1,
    )
    assert (s.projects_min, s.projects_max, s.one_per_applicant) == (None, None, False)
    assert s.scale == (1.0, 6.0) and s.threshold is None
    assert s.applicant_types is None and s.excluded_cost_categories == ()
    assert s.region is None
    assert s.conditions == Conditions()
    assert s.criteria[0].weight == 1.0


def test_projects_with_one_value_is_a_minimum():
    s = parse_scheme_text(MINIMAL + '\n[grants]\nprojects = [4]\npolicy = "Coverage"\n').scheme
    assert s is not None
    assert (s.projects_min, s.projects_max) == (4, None)
    assert s.policy == "coverage"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("[grant]\ncap = 1", "scheme.toml: ukjent tabell [grant]; mente du «grants»?"),
        ("[grants]\nprojets = [1, 2]", "ukjent nøkkel «projets» i [grants]; mente du «projects»?"),
        ("[spread]\nmin_per_regions = 1", "mente du «min_per_region»?"),
        ('[grants]\npolicy = "fair"', "nøkkel «grants.policy»: ukjent policy «fair»"),
        (
            "[grants]\nprojects = [6, 4]",
            "minste antall prosjekter (6) er større enn største antall (4)",
        ),
        ("[grants]\nprojects = [1, 2, 3]", "«projects» skal være [min] eller [min, maks]"),
        ("[grants]\ncap = -5", "«cap» kan ikke være negativ (-5)"),
        ("[grants]\ncap = 100.5", "«cap» skal være et beløp i hele kroner"),
        ('[grants]\ncap = "750 000"', "«cap» skal være et beløp i hele kroner"),
        ("[grants]\nrounding = 0", "«rounding» må være minst 1 (0)"),
        ("[grants]\nmin_share = 1.5", "«min_share» må være mellom 0 og 1 (1.5)"),
        ('[grants]\none_per_applicant = "ja"', "«one_per_applicant» skal være true eller false"),
        ("[quality]\nscale = [6, 1]", "skalaen [6, 1] må gå fra lavest til høyest"),
        ("[spread]\nmax_region_share = 2", "«max_region_share» må være mellom 0 og 1"),
        ("[spread]\nmin_models = -1", "«min_models» kan ikke være negativ"),
        ('[eligibility]\napplicant_types = "kommune"', "«applicant_types» skal være en liste"),
        ('[conditions]\nrevisor_from = "over"', "ukjent verdi «over» for revisor_from"),
        ("[conditions]\nrevisor_treshold = 1", "mente du «revisor_threshold»?"),
        ('[[criteria]]\nid = "x"\ngroup = "Prosjekt"\nwieght = 1', "mente du «weight»?"),
    ],
)
def test_scheme_errors_name_the_key(extra, expected):
    found = errors_of(MINIMAL + "\n" + extra + "\n")
    assert any(expected in line for line in found), found


def test_required_tables_and_keys():
    found = errors_of('[scheme]\nname = "X"\n')
    text = "\n".join(found)
    assert "«year» mangler i [scheme]" in text
    assert "tabellen [budget] mangler" in text
    assert "tabellen [groups] mangler" in text
    assert "minst ett kriterium ([[criteria]])" in text
    found = errors_of(MINIMAL.replace("frame = 1_000_000", "carry_over = 1"))
    assert any("«frame» mangler i [budget]" in line for line in found)


def test_group_weights_must_sum_to_one():
    found = errors_of(MINIMAL.replace("Prosjekt = 1", 'Prosjekt = 0.6\n"Søknad" = 0.3'))
    assert any("vektene i [groups] summerer til 0,9, ikke 1" in line for line in found)
    # within 1e-6 is fine
    text = MINIMAL.replace("Prosjekt = 1", "Prosjekt = 0.6\nA = 0.4000004")
    assert errors_of(text + '[[criteria]]\nid = "a"\ngroup = "A"\n') == []


def test_group_and_criterion_rules():
    text = MINIMAL.replace("Prosjekt = 1", 'Prosjekt = 0.5\n"Søknad" = 0.5\nTom = 0')
    found = errors_of(text)
    assert any("gruppen «Søknad» har vekt 0,5, men ingen kriterier" in f for f in found), found
    assert not any("Tom" in f for f in found)  # a weight-0 group needs no criteria
    text += '\n[[criteria]]\nid = "forankring"\ngroup = "søknad"\nweight = 0\n'
    found = errors_of(text)
    assert any("gruppen «Søknad» har vekt 0,5" in f for f in found)  # weights sum to 0
    found = errors_of(MINIMAL + '\n[[criteria]]\nid = "b"\ngroup = "Prosjek"\n')
    assert any(
        "kriteriet «b» hører til gruppen «Prosjek», som ikke finnes i [groups]; "
        "mente du «Prosjekt»?" in f
        for f in found
    ), found
    found = errors_of(MINIMAL + '\n[[criteria]]\nid = "Kvalitet"\ngroup = "Prosjekt"\n')
    assert any("kriteriet «Kvalitet» er oppført flere ganger" in f for f in found)
    found = errors_of(MINIMAL + '\n[[criteria]]\nid = "b"\ngroup = "Prosjekt"\nweight = -1\n')
    assert any("kriterium «b»: «weight» kan ikke være negativ (-1.0)" in f for f in found), found
    found = errors_of(MINIMAL.replace("Prosjekt = 1", "Prosjekt = 1.2\nB = -0.2"))
    assert any("vekten til gruppen «B» kan ikke være negativ" in f for f in found)
    found = errors_of(MINIMAL + '\n[[criteria]]\ngroup = "Prosjekt"\n')
    assert any("kriterium nr. 2: «id» mangler i [criteria]" in f for f in found), found


def test_criterion_group_matched_as_text_key():
    s = parse_scheme_text(MINIMAL.replace('group = "Prosjekt"', 'group = " prosjekt"')).scheme
    assert s is not None and s.criteria[0].group == "Prosjekt"


def test_syntax_error_names_the_line():
    found = errors_of(MINIMAL + "\ncap = = 3\n")
    assert len(found) == 1
    assert "feil i TOML-oppsettet på linje 16" in found[0], found


def test_unquoted_norwegian_group_name_gets_a_hint():
    found = errors_of(MINIMAL.replace("Prosjekt = 1", "Prosjekt = 0.5\nSøknad = 0.5"))
    assert len(found) == 1
    assert "linje 11" in found[0] and "anførselstegn" in found[0], found


def test_threshold_outside_scale_is_a_warning():
    result = parse_scheme_text(MINIMAL + "\n[quality]\nthreshold = 7\n")
    assert result.scheme is not None
    assert [p.severity for p in result.problems] == ["warning"]


def test_disagreement_is_the_projects_own_quality_key():
    assert parse_scheme_text(MINIMAL).scheme.disagreement == 2.0
    result = parse_scheme_text(MINIMAL + "\n[quality]\ndisagreement = 1.5\n")
    assert result.scheme.disagreement == 1.5 and result.problems == []
    assert errors_of(MINIMAL + "\n[quality]\ndisagreement = -1\n")


def test_load_scheme_raises_and_windows_1252_is_read_with_warning(tmp_path):
    path = tmp_path / "scheme.toml"
    path.write_text(MINIMAL.replace("[budget]", "[budsjett]"), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_scheme(path)
    assert "ukjent tabell [budsjett]" in str(info.value)
    path.write_bytes(MINIMAL.replace("Ordning", "Søknadsordning").encode("cp1252"))
    assert load_scheme(path).name == "Søknadsordning"
