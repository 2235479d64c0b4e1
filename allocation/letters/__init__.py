"""Decision letters (issue 13 item 2): ``brev/`` with one DOCX per application and
``brev/oversikt.xlsx``.

:mod:`~allocation.letters.content` builds the letters as records from a result (one kind per
decision: innvilget, delvis innvilget, avslått, avvist, overført, videreført),
:mod:`~allocation.letters.compose` makes their text in each applicant's written standard,
:mod:`~allocation.letters.write` writes the DOCX and :mod:`~allocation.letters.overview` the
overview. :func:`allocation.letters.folder.write_letters` does all of it for a run's output folder.
(The package itself imports nothing, so that its modules can import each other.)
"""
