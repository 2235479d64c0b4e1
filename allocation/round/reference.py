"""Norway's kommuner and fylker (2024 structure), from ``allocation/data/reference/``.

A ``kommunenummer`` identifies a kommune; its first two digits are the fylkesnummer. The
2024 list is the reference: a number outside it is an error for rounds of 2024 and later
and a warning for older rounds, for which the fylke is then taken from the number's first two
digits using the county structures of 2020-2023 and before 2020 (:data:`HISTORIC_FYLKER`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: The first year whose kommuner and fylker are those of ``data/reference/`` (2024 structure).
REFERENCE_YEAR = 2024

#: Fylkesnummer of earlier county structures (2020-2023 and before 2020) that are not in the
#: 2024 list. None of them collides with a 2024 fylkesnummer.
HISTORIC_FYLKER: dict[str, str] = {
    # 2020-2023
    "30": "Viken",
    "38": "Vestfold og Telemark",
    "54": "Troms og Finnmark",
    # before 2020 (50 Trøndelag from 2018, 34/42/46 from 2020 are in the 2024 list)
    "01": "Østfold",
    "02": "Akershus",
    "04": "Hedmark",
    "05": "Oppland",
    "06": "Buskerud",
    "07": "Vestfold",
    "08": "Telemark",
    "09": "Aust-Agder",
    "10": "Vest-Agder",
    "12": "Hordaland",
    "14": "Sogn og Fjordane",
    "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag",
    "19": "Troms",
    "20": "Finnmark",
}


@dataclass(frozen=True)
class Kommune:
    """One kommune of the 2024 list."""

    number: str
    name: str
    fylkesnummer: str
    fylke: str


def _read_csv(name: str) -> list[dict[str, str]]:
    # Package data: found in an installed wheel as in a checkout.
    source = resources.files("allocation") / "data" / "reference" / name
    with io.TextIOWrapper(source.open("rb"), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def kommuner() -> dict[str, Kommune]:
    """The 2024 kommuner by kommunenummer (4 digits, text)."""
    result = {}
    for row in _read_csv("kommuner.csv"):
        name = row.get("kommune_norsk") or row["kommune"]
        result[row["kommunenummer"]] = Kommune(
            row["kommunenummer"], name, row["fylkesnummer"], row["fylke"]
        )
    return result


@cache
def fylker() -> dict[str, str]:
    """The 2024 fylker: fylkesnummer (2 digits) -> name."""
    return {row["fylkesnummer"]: row["fylke"] for row in _read_csv("fylker.csv")}


def fylke_from_prefix(kommunenummer: str) -> str | None:
    """The fylke named by a kommunenummer's first two digits (2024 or an earlier structure)."""
    prefix = kommunenummer[:2]
    return fylker().get(prefix) or HISTORIC_FYLKER.get(prefix)
