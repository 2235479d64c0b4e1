"""Transfers and continuing projects (CONTRACT v1.2): the ``transfer`` column, the decisions
``videreført`` and ``overført`` for applications asking for no new money, and ``transfer`` in
allocation.csv (outside the model: neither part of B nor of any grant)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from roundkit import make_round

from allocation.cli.main import main
from allocation.orchestrator import allocate
from allocation.records import Decision
from allocation.round.read import check_round, load_round

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"


def _round():
    apps = [
        {"application_id": "NEW", "requested": 300_000},
        {"application_id": "CONT", "requested": 0, "committed": 200_000},
        {"application_id": "BOTH", "requested": 0, "committed": 100_000, "transfer": 50_000},
        {"application_id": "TRANS", "requested": 0, "transfer": 80_000},
        {"application_id": "NONE", "requested": 0},
        {"application_id": "NEWT", "requested": 100_000, "transfer": 30_000},
    ]
    for app in apps:
        app.setdefault("transfer", 0)
    # only the applications asking for new money carry scores
    return make_round(apps, {"NEW": 5, "NEWT": 4}, frame=700_000)


def test_decisions_for_applications_asking_for_no_new_money():
    result = allocate(_round())
    decisions = result.allocation.set_index("application_id")["decision"].to_dict()
    assert decisions == {
        "NEW": "innvilget",
        "CONT": "videreført",
        "BOTH": "videreført",  # committed comes first
        "TRANS": "overført",
        "NONE": "avslått",
        "NEWT": "innvilget",
    }
    by_id = {e.application_id: e for e in result.explanations}
    assert by_id["CONT"].decision is Decision.CONTINUED
    assert by_id["TRANS"].decision is Decision.TRANSFERRED
    reasons = result.allocation.set_index("application_id")["reason"]
    assert reasons["CONT"].startswith("Videreført") and "200 000 kr" in reasons["CONT"]
    assert reasons["TRANS"].startswith("Overført") and "80 000 kr" in reasons["TRANS"]
    assert reasons["NONE"] == "Avslått: søknaden ber ikke om nye midler i denne runden."


def test_transfers_are_outside_the_budget_and_the_grants():
    result = allocate(_round())
    # B = frame - committed (300 000); transfers do not enter it
    assert result.summary["budget"] == 700_000 - 300_000
    assert result.summary["granted_total"] == 400_000
    table = result.allocation.set_index("application_id")
    assert table["transfer"].to_dict() == {
        "NEW": 0, "CONT": 0, "BOTH": 50_000, "TRANS": 80_000, "NONE": 0, "NEWT": 30_000,
    }  # fmt: skip
    assert table.loc["TRANS", "granted"] == 0 and table.loc["TRANS", "fundable"] == 0


def test_an_ineligible_application_asking_for_nothing_stays_avvist():
    apps = [
        {"application_id": "X", "requested": 0, "committed": 10_000, "applicant_type": "frivillig"}
    ]
    rnd = make_round(apps, {}, frame=100_000, applicant_types=("kommune",))
    assert allocate(rnd).allocation["decision"].tolist() == ["avvist"]


def _folder(tmp_path: Path, transfer_cells: list[str] | None) -> Path:
    folder = tmp_path / "round"
    shutil.copytree(SMALL, folder)
    if transfer_cells is not None:
        path = folder / "applications.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        out = [lines[0] + ",transfer"] + [
            f"{line},{cell}" for line, cell in zip(lines[1:], transfer_cells, strict=True)
        ]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def test_allocation_csv_has_transfer_in_whole_kroner_and_0_without_the_column(tmp_path, capsys):
    for name, cells, want in (
        ("with", ['"25 000 kr"', "", "0", "7000"], ["25000", "0", "0", "7000"]),
        ("without", None, ["0", "0", "0", "0"]),
    ):
        folder = _folder(tmp_path / name, cells)
        out = tmp_path / name / "out"
        assert main(["solve", str(folder), "--out", str(out)]) == 0
        capsys.readouterr()
        rows = list(csv.DictReader(io.StringIO((out / "allocation.csv").read_text("utf-8"))))
        assert [r["transfer"] for r in rows] == want


def test_every_transfer_fault_is_reported_at_once(tmp_path):
    folder = _folder(tmp_path, ['"12,50"', "-5", "mye", "1000.5"])
    _, problems = check_round(folder)
    errors = [(p.file, p.row, p.column) for p in problems if p.severity == "error"]
    assert errors == [("applications.csv", r, "transfer") for r in (2, 3, 4, 5)]


def test_transfer_is_read_into_the_applications_table(tmp_path):
    rnd = load_round(_folder(tmp_path, ["1000", "", "0", ""]))
    assert rnd.applications["transfer"].tolist() == [1000, 0, 0, 0]
    assert str(rnd.applications["transfer"].dtype) == "int64"


def test_the_innstilling_lists_them_apart_with_the_year_totals():
    from allocation.report.content import innstilling_from_result

    result = allocate(_round())
    doc = innstilling_from_result(result, greedy=False, charts=False)
    apart = doc.table("transfers")
    assert apart is not None
    assert [r["application_id"] for r in apart.rows] == ["CONT", "BOTH", "TRANS", "NEWT"]
    rejected = doc.table("rejected")
    assert [r["application_id"] for r in rejected.rows] == ["NONE"]
    totals = doc.table("year_totals").rows
    assert totals == [
        {
            "year": str(result.round.scheme.year),
            "applications": 6,
            "rejected": 1,
            "requested": 400_000,
            "granted": 400_000,
            "transferred": 160_000,
        }
    ]
    outcome = {r["outcome"]: r["n"] for r in doc.table("outcome").rows}
    assert sum(outcome.values()) == 6


def test_no_section_without_transfers_or_continuing_projects():
    from allocation.report.content import innstilling_from_result

    rnd = make_round([{"application_id": "A", "requested": 10}], {"A": 5}, frame=10)
    doc = innstilling_from_result(allocate(rnd), greedy=False, charts=False)
    assert doc.table("transfers") is None and doc.table("year_totals") is None


def test_an_application_asking_for_no_new_money_needs_no_scores(tmp_path):
    folder = _folder(tmp_path, ["50000", "", "", ""])
    path = folder / "applications.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    first[header.index("requested")] = "0"
    lines[1] = ",".join(first)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app_id = first[header.index("application_id")]
    scores = folder / "scores.csv"
    kept = [
        line
        for n, line in enumerate(scores.read_text(encoding="utf-8").splitlines())
        if n == 0 or not line.startswith(app_id + ",")
    ]
    scores.write_text("\n".join(kept) + "\n", encoding="utf-8")
    rnd, problems = check_round(folder)
    assert rnd is not None, [str(p) for p in problems]
    decisions = allocate(rnd).allocation.set_index("application_id")["decision"]
    assert decisions[app_id] == str(Decision.TRANSFERRED)


def test_what_it_takes_leaves_out_what_asks_for_no_new_money():
    """A continued project or a transfer is not without a grant: no "what it would take"
    (it has no score, and the search used to stop on it); the application asking for nothing
    is there, held out by its fixed status."""
    from allocation.whatif import what_it_takes

    figures = {w.application_id: w for w in what_it_takes(allocate(_round()))}
    assert set(figures) == {"NONE"}
    assert figures["NONE"].frame_out and figures["NONE"].held_out
