"""Nynorsk and bokmål kept apart in the documents a run writes (issue 13 item 3): every text of
innstilling.html, innstilling.docx, tildeling.xlsx (sheet names, every cell, header and footer),
brev/oversikt.xlsx and each letter, read back, holds no marker word of the other written
standard (:mod:`malform_markers`).

Each example round is run (:func:`allocation.run.steps.innstilling_step`, the documents and the
letters without the notebooks) in both standards (``[case] malform``, and every applicant's
``malform`` the same), once plain and once ``--compare`` against a run with another budget,
with the robustness section. The round's own words (the scheme's name, the criteria, the
``[conditions]`` notes, ``[case]``, titles, names, models) are the office's and the
applicants': they are taken out of the text before the check.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import tomllib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pandas as pd
import pytest
from malform_markers import leaks

from allocation.orchestrator import allocate
from allocation.paths import EXAMPLES_DIR
from allocation.round.read import load_round
from allocation.run.config import RunConfig
from allocation.run.prepare import write_result
from allocation.run.steps import innstilling_step
from allocation.wording.language import Lang

pytestmark = pytest.mark.slow

DATE = _dt.date(2025, 5, 20)
ROUNDS = ("regional-2025", "national-2024")
LANG_TAGS: dict[str, Lang] = {"nb-NO": "nb", "nn-NO": "nn"}
#: A text of the round's own cut in a header (the scheme's name) keeps at least this much.
CUT_AT = 20


# -- the text of each document ------------------------------------------------------------------


class _Text(HTMLParser):
    """The text of an HTML page: its data and every alt, title and aria-label (no style or
    script)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("alt", "title", "aria-label") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_texts(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


def docx_texts(path: Path) -> list[str]:
    """Paragraphs, table cells, headers and footers, and the title and keywords."""
    doc = docx.Document(str(path))
    out = [p.text for p in doc.paragraphs]
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        for part in (section.header, section.footer):
            out += [p.text for p in part.paragraphs]
            out += [c.text for t in part.tables for row in t.rows for c in row.cells]
    props = doc.core_properties
    return out + [props.title or "", props.keywords or "", props.subject or ""]


def xlsx_texts(path: Path) -> list[str]:
    """Sheet names, every string cell, every header and footer."""
    wb = openpyxl.load_workbook(path)
    out = list(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            out += [c.value for c in row if isinstance(c.value, str)]
        for hf in (ws.oddHeader, ws.oddFooter):
            out += [part.text or "" for part in (hf.left, hf.center, hf.right)]
    return out


# -- the round's own words --------------------------------------------------------------------


def own_words(folder: Path) -> list[str]:
    """The texts of the round that are the office's or the applicants' (longest first)."""
    scheme = tomllib.loads((folder / "scheme.toml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(scheme)
    for name in ("applications.csv", "history.csv", "scenario.toml"):
        if (folder / name).is_file() and name.endswith(".csv"):
            table = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
            found += [v for col in table.columns for v in table[col]]
    found += [str(g) for g in scheme.get("groups", {})]
    own = {" ".join(f.split()) for f in found}  # as the documents space them
    return sorted({f for f in own if len(f) > 2}, key=len, reverse=True)


def _without(line: str, own: list[str]) -> str:
    """``line`` with the round's own words taken out, each as whole words (a group "Budsjett"
    leaves "Budsjettet" alone), also where a header cut one short ("Tilskudd til …")."""
    for text in own:
        if text in line:
            line = re.sub(rf"(?<!\w){re.escape(text)}(?!\w)", " ", line)
        elif "…" in line and len(text) > CUT_AT:
            for end in range(len(text) - 1, CUT_AT, -1):
                if (cut := text[:end].rstrip() + "…") in line:
                    line = line.replace(cut, " ")
                    break
    return line


def leaks_in(texts: list[str], lang: str, own: list[str]) -> dict[str, list[str]]:
    """Each line holding a marker of the other standard (after the round's own words are
    taken out), with its markers."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for line in str(text).replace("\xa0", " ").split("\n"):
            if hit := leaks(_without(line, own), lang):
                found[line[:200]] = sorted(hit)
    return found


def document_leaks(folder: Path, lang: Lang, own: list[str]) -> dict[str, dict[str, list[str]]]:
    """The leaks of every document in a run's output ``folder`` (innstilling in ``lang``,
    each letter in its own)."""
    out = {
        "innstilling.html": leaks_in(html_texts(folder / "innstilling.html"), lang, own),
        "innstilling.docx": leaks_in(docx_texts(folder / "innstilling.docx"), lang, own),
        "tildeling.xlsx": leaks_in(xlsx_texts(folder / "tildeling.xlsx"), lang, own),
        "brev/oversikt.xlsx": leaks_in(xlsx_texts(folder / "brev" / "oversikt.xlsx"), lang, own),
    }
    for letter in sorted((folder / "brev").glob("*.docx")):
        tag = docx.Document(str(letter)).core_properties.language
        out[f"brev/{letter.name}"] = leaks_in(docx_texts(letter), LANG_TAGS[tag], own)
    return {name: hit for name, hit in out.items() if hit}


# -- the runs ---------------------------------------------------------------------------------


def round_in(lang: Lang, name: str, root: Path) -> Path:
    """A copy of the example round ``name`` with ``[case] malform`` and every applicant's
    ``malform`` set to ``lang``."""
    folder = root / f"{name}-{lang}"
    shutil.copytree(EXAMPLES_DIR / name, folder)
    scheme = folder / "scheme.toml"
    text = scheme.read_text(encoding="utf-8")
    assert 'malform = "nb"' in text
    scheme.write_text(text.replace('malform = "nb"', f'malform = "{lang}"'), encoding="utf-8")
    apps = pd.read_csv(folder / "applications.csv", dtype=str, keep_default_na=False)
    apps["malform"] = lang
    apps.to_csv(folder / "applications.csv", index=False)
    return folder


@pytest.fixture(
    scope="module",
    params=[(r, lang) for r in ROUNDS for lang in ("nb", "nn")],
    ids=[f"{r}-{lang}" for r in ROUNDS for lang in ("nb", "nn")],
)
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """(round folder, documents of a --compare run with the robustness section, lang)."""
    name, lang = request.param
    root = tmp_path_factory.mktemp(f"malform-{name}-{lang}")
    folder = round_in(lang, name, root)
    earlier = root / "earlier"
    round_ = load_round(folder)
    write_result(allocate(round_, budget=int(round_.scheme.frame * 0.8)), earlier)
    out = root / "out"
    cfg = RunConfig(
        round=str(folder),
        output=str(out),
        compare=str(earlier),
        robustness_samples=20,
        pdf=False,
    )
    innstilling_step(cfg, date=DATE)
    yield folder, out, lang


def test_every_document_reads_in_its_own_standard(run: tuple[Path, Path, Lang]) -> None:
    folder, out, lang = run
    found = document_leaks(out, lang, own_words(folder))
    assert not found, found


def test_the_workbook_of_a_run_in_full(run: tuple[Path, Path, Lang]) -> None:
    """The whole workbook: "Hva skal til", the reasons of "Alle søknader" and the robustness
    sheet's name too."""
    folder, out, lang = run
    found = leaks_in(xlsx_texts(out / "tildeling.xlsx"), lang, own_words(folder))
    assert not found, found


def test_the_comparison_and_the_workbook_are_worded(run: tuple[Path, Path, Lang]) -> None:
    """The run compared is there to be read: the changes section and the workbook's sheets."""
    _, out, lang = run
    changes = {"nb": "Endringer fra forrige kjøring", "nn": "Endringar frå førre køyring"}[lang]
    assert changes in "\n".join(docx_texts(out / "innstilling.docx"))
    names = openpyxl.load_workbook(out / "tildeling.xlsx").sheetnames
    assert {"nb": "Offentlig liste", "nn": "Offentleg liste"}[lang] in names
    assert {"nb": "Tildelinger", "nn": "Tildelingar"}[lang] in names


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_stable_rerun_reads_in_its_own_standard(lang: Lang, tmp_path: Path) -> None:
    """``--stable-from``: a smaller frame kept to an earlier run; the stability sentences and
    the reasons of its rule, in every document."""
    folder = round_in(lang, "regional-2025", tmp_path)
    earlier = tmp_path / "earlier"
    write_result(allocate(load_round(folder)), earlier)
    out = tmp_path / "out"
    budget = int(load_round(folder).scheme.frame * 0.9)
    cfg = RunConfig(
        round=str(folder), output=str(out), stable_from=str(earlier), budget=budget, pdf=False
    )
    innstilling_step(cfg, date=DATE)
    assert not document_leaks(out, lang, own_words(folder))
    said = {"nb": "Stabil omberegning", "nn": "Stabil omrekning"}[lang]
    assert said in "\n".join(docx_texts(out / "innstilling.docx"))
