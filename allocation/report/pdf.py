"""PDF for the archive: a document converted by LibreOffice (``soffice --headless``).

:func:`convert_to_pdf` converts one file (the innstilling's DOCX, the workbook) and raises
:class:`PdfError` when it cannot; :func:`archive_pdf` is what ``allocation run`` calls: it
writes ``<name>.pdf`` beside the document, or says in words why it did not (no LibreOffice on
the machine, a conversion that failed or took too long). A missing PDF never fails a run.

Each conversion runs LibreOffice with a profile of its own in a temporary folder
(``-env:UserInstallation=file:///...``): LibreOffice refuses to start a second instance on a
profile in use, so parallel runs (and an adviser's open LibreOffice) would otherwise clash. The
profile's locale is Norwegian bokmål, so the workbook's number formats print as the office
reads them ("1 250 000 kr", "4,13"), whatever the machine's locale. Where LibreOffice takes
filter options in JSON (7.4 and later) the PDF is PDF/A-2b, the archive format.

The file is written under a hidden name and renamed when complete, with the process's umask
(as every file of a run folder).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from allocation import format as fmt
from allocation.errors import AllocationError
from allocation.wording import report as W

#: Seconds a conversion may take before LibreOffice is stopped (a first start on a fresh
#: profile takes a few seconds; a hung instance must not hold a run for ever).
TIMEOUT = 180.0
#: LibreOffice's programs, first found on PATH wins.
PROGRAMS = ("soffice", "libreoffice")
#: The first LibreOffice version that reads ``--convert-to`` filter options written as JSON.
JSON_FILTER_OPTIONS = (7, 4)
#: The export filters by document kind, and the option that makes the PDF PDF/A-2b.
FILTERS = {".docx": "writer_pdf_Export", ".xlsx": "calc_pdf_Export"}
PDFA_2B = '{"SelectPdfVersion":{"type":"long","value":"2"}}'
#: The profile's locale: number formats and hyphenation as a Norwegian office has them.
LOCALE = "nb-NO"
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>{locale}</value></prop></item>
</oor:items>
"""


class PdfError(AllocationError):
    """LibreOffice is missing, failed, or took longer than the timeout; the message says which."""


@dataclass(frozen=True)
class PdfOutcome:
    """What :func:`archive_pdf` did: the PDF written (None when skipped) and, when skipped,
    why in words; ``pdfa`` tells whether PDF/A-2b was asked for."""

    path: Path | None
    message: str = ""
    pdfa: bool = False


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return next((found for name in PROGRAMS if (found := shutil.which(name))), None)


@cache
def soffice_version(program: str) -> tuple[int, ...]:
    """LibreOffice's version as numbers (``(7, 4, 7, 2)``); ``()`` when it does not say."""
    try:
        out = subprocess.run(
            [program, "--headless", "--version"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?", out)
    return tuple(int(g) for g in match.groups() if g is not None) if match else ()


def supports_pdfa(program: str) -> bool:
    """True when this LibreOffice reads the PDF/A option (JSON filter options, 7.4 and later)."""
    return soffice_version(program)[:2] >= JSON_FILTER_OPTIONS


def convert_to_pdf(
    source: str | Path,
    target: str | Path | None = None,
    *,
    pdfa: bool = True,
    timeout: float = TIMEOUT,
    program: str | None = None,
) -> Path:
    """Convert ``source`` (DOCX or XLSX) to PDF with LibreOffice.

    Parameters
    ----------
    source
        The document.
    target
        The PDF to write (default: ``source`` with the suffix ``.pdf``); written under a
        hidden name and renamed when complete, so it is complete or absent.
    pdfa
        Ask for PDF/A-2b where this LibreOffice can (:func:`supports_pdfa`).
    timeout
        Seconds before LibreOffice is stopped.
    program
        The LibreOffice program (default :func:`find_soffice`).

    Returns
    -------
    Path
        The PDF written.

    Raises
    ------
    PdfError
        LibreOffice is not installed, exited with an error, wrote nothing, or timed out.
    """
    source = Path(source)
    target = Path(target) if target is not None else source.with_suffix(".pdf")
    program = program or find_soffice()
    if program is None:
        raise PdfError(W.PDF_NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="allocation-pdf-") as work:
        profile = Path(work) / "profile"
        (profile / "user").mkdir(parents=True)
        settings = _PROFILE_SETTINGS.format(locale=LOCALE)
        (profile / "user" / "registrymodifications.xcu").write_text(
            settings, encoding="utf-8", newline="\n"
        )
        out_dir = Path(work) / "out"
        out_dir.mkdir()
        export = "pdf"
        if pdfa and supports_pdfa(program):
            export = f"pdf:{FILTERS.get(source.suffix.lower(), 'writer_pdf_Export')}:{PDFA_2B}"
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            export,
            "--outdir",
            str(out_dir),
            str(source.resolve()),
        ]
        _run(command, source, timeout)
        written = out_dir / f"{source.stem}.pdf"
        if not written.is_file():
            raise PdfError(W.PDF_FAILED.format(file=source.name, why=W.PDF_NO_OUTPUT))
        partial = target.with_name(f".{target.name}.tmp")
        try:
            shutil.copyfile(written, partial)  # a new file: the umask's mode, as open() gives
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _run(command: list[str], source: Path, timeout: float) -> None:
    """Run LibreOffice; on a timeout stop it and everything it started (its process group)."""
    # Its own process group on POSIX, so that a timeout stops soffice.bin too.
    group: dict[str, Any] = {"start_new_session": True} if os.name == "posix" else {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **group) as proc:
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            proc.communicate()
            why = W.PDF_TIMED_OUT.format(seconds=fmt.integer(max(1, round(timeout))))
            raise PdfError(W.PDF_FAILED.format(file=source.name, why=why)) from None
    if proc.returncode != 0:
        why = W.PDF_EXIT_STATUS.format(code=proc.returncode)
        raise PdfError(W.PDF_FAILED.format(file=source.name, why=why))


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and the processes it started (soffice starts soffice.bin)."""
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            return
        except ProcessLookupError:
            return
    proc.kill()


def archive_pdf(document: str | Path, *, timeout: float = TIMEOUT) -> PdfOutcome:
    """``<document>.pdf`` beside ``document`` (PDF/A-2b where possible), or why not.

    Never raises for a missing or failing LibreOffice: the run's documents are complete
    without the PDF, and the outcome's ``message`` says why it is missing.
    """
    program = find_soffice()
    if program is None:
        return PdfOutcome(None, W.PDF_NO_LIBREOFFICE)
    try:
        path = convert_to_pdf(document, timeout=timeout, program=program)
    except PdfError as exc:
        return PdfOutcome(None, str(exc))
    return PdfOutcome(path, pdfa=supports_pdfa(program))
