"""The decision letters' texts (``brev/``), in bokmål and nynorsk.

One table per written standard (:mod:`allocation.wording.language`), the same keys in both; a
letter picks the table of its applicant's ``malform``. Figures come in as formatted text
(:mod:`allocation.format`); :mod:`allocation.letters.compose` decides which text applies.
The letters address the applicant by the ``applicant`` column and sign by role only: no
personal name, e-mail address or phone number is ever written here.
"""

from __future__ import annotations

from allocation.wording.language import Lang

__all__ = ["DOC_LANGUAGE", "FILE_KIND", "MALFORM_NAMES", "OVERVIEW", "TEXTS"]

#: The language tag of a letter's text (spell checking in Word and LibreOffice).
DOC_LANGUAGE: dict[Lang, str] = {"nb": "nb-NO", "nn": "nn-NO"}

#: The kind of letter in its file name, by decision (plain ASCII, the same in both standards).
FILE_KIND = {
    "innvilget": "tildelingsbrev",
    "delvis_innvilget": "tildelingsbrev",
    "videreført": "videreforing",
    "overført": "overforing",
    "avslått": "avslag",
    "avvist": "avvisning",
}

#: The name of each written standard, as the overview prints it.
MALFORM_NAMES: dict[Lang, dict[Lang, str]] = {
    "nb": {"nb": "bokmål", "nn": "nynorsk"},
    "nn": {"nb": "bokmål", "nn": "nynorsk"},
}

TEXTS: dict[Lang, dict[str, str]] = {
    "nb": {
        # heading
        "our_date": "Vår dato",
        "our_ref": "Vår referanse",
        "subject.grant": "Tildelingsbrev – {scheme} {year}",
        "subject.continued": "Videreføring av tilskudd – {scheme} {year}",
        "subject.transferred": "Overføring av ubrukte midler – {scheme} {year}",
        "subject.rejected": "Avslag på søknad om tilskudd – {scheme} {year}",
        "subject.ineligible": "Avvisning av søknad om tilskudd – {scheme} {year}",
        "application": "Søknad {id}: «{title}»",
        "intro": "Vi viser til søknaden fra {applicant} om tilskudd under ordningen «{scheme}» "
        "for {year}.",
        # the decision
        "granted": "Søknaden er innvilget med et tilskudd på {granted}.",
        "granted.fundable": "Det er søkt om {requested}. Etter reglene for ordningen kan "
        "{fundable} av dette dekkes, og hele dette beløpet er innvilget.",
        "partial": "Søknaden er delvis innvilget med et tilskudd på {granted}.",
        "partial.asked": "Det er søkt om {requested}.",
        "partial.fundable": "Det er søkt om {requested}, og {fundable} av dette kan dekkes etter "
        "reglene for ordningen.",
        "purpose": "Tilskuddet skal brukes til prosjektet «{title}», slik det er beskrevet i "
        "søknaden.",
        "continued": "Prosjektet har fra før tilsagn om {committed} for {year}. Søknaden ber ikke "
        "om nye midler, og tilsagnet videreføres på de samme vilkårene.",
        "transferred": "Søknaden ber ikke om nye midler.",
        "transfer": "Overføring av ubrukte midler fra et tidligere tilskudd ({transfer}) til "
        "{year} er godkjent. Midlene skal brukes på de samme vilkårene som tilskuddet ble gitt "
        "på.",
        "rejected": "Søknaden er avslått.",
        "ineligible": "Søknaden er avvist.",
        # why
        "h.reasons": "Begrunnelse",
        "h.what": "Hva som skulle til",
        "what.frame": "Alt annet likt ville søknaden fått et tilskudd på {grant} med en "
        "budsjettramme på {frame} (rammen var {actual}).",
        "what.score": "Med en samlet poengsum på {needed} i stedet for {score} ville søknaden "
        "fått et tilskudd på {grant}.",
        "what.held_out": "Ingen poengsum alene ville gitt tilskudd: {reasons}",
        # conditions
        "h.conditions": "Vilkår for tilskuddet",
        "deadline": "Rapport og regnskap skal sendes innen {deadline}.",
        "auditor.amount": "Fordi tilskuddet er på {threshold} eller mer, skal regnskapet være "
        "attestert av revisor.",
        "auditor.above": "Fordi tilskuddet er over {threshold}, skal regnskapet være attestert "
        "av revisor.",
        "acceptance": "Tilskuddet blir utbetalt når vi har fått skriftlig bekreftelse på at "
        "vilkårene er akseptert.",
        # appeal, closing
        "h.klage": "Klagerett",
        "closing": "Med hilsen",
        "electronic": "Dokumentet er elektronisk godkjent og sendes uten signatur.",
    },
    "nn": {
        # heading
        "our_date": "Vår dato",
        "our_ref": "Vår referanse",
        "subject.grant": "Tildelingsbrev – {scheme} {year}",
        "subject.continued": "Vidareføring av tilskot – {scheme} {year}",
        "subject.transferred": "Overføring av ubrukte midlar – {scheme} {year}",
        "subject.rejected": "Avslag på søknad om tilskot – {scheme} {year}",
        "subject.ineligible": "Avvising av søknad om tilskot – {scheme} {year}",
        "application": "Søknad {id}: «{title}»",
        "intro": "Vi viser til søknaden frå {applicant} om tilskot under ordninga «{scheme}» "
        "for {year}.",
        # the decision
        "granted": "Søknaden er innvilga med eit tilskot på {granted}.",
        "granted.fundable": "Det er søkt om {requested}. Etter reglane for ordninga kan "
        "{fundable} av dette dekkjast, og heile dette beløpet er innvilga.",
        "partial": "Søknaden er delvis innvilga med eit tilskot på {granted}.",
        "partial.asked": "Det er søkt om {requested}.",
        "partial.fundable": "Det er søkt om {requested}, og {fundable} av dette kan dekkjast "
        "etter reglane for ordninga.",
        "purpose": "Tilskotet skal brukast til prosjektet «{title}», slik det er skildra i "
        "søknaden.",
        "continued": "Prosjektet har frå før tilsegn om {committed} for {year}. Søknaden ber "
        "ikkje om nye midlar, og tilsegnet blir vidareført på dei same vilkåra.",
        "transferred": "Søknaden ber ikkje om nye midlar.",
        "transfer": "Overføring av ubrukte midlar frå eit tidlegare tilskot ({transfer}) til "
        "{year} er godkjend. Midlane skal brukast på dei same vilkåra som tilskotet vart gitt "
        "på.",
        "rejected": "Søknaden er avslått.",
        "ineligible": "Søknaden er avvist.",
        # why
        "h.reasons": "Grunngiving",
        "h.what": "Kva som skulle til",
        "what.frame": "Med alt anna likt ville søknaden ha fått eit tilskot på {grant} med ei "
        "budsjettramme på {frame} (ramma var {actual}).",
        "what.score": "Med ein samla poengsum på {needed} i staden for {score} ville søknaden "
        "ha fått eit tilskot på {grant}.",
        "what.held_out": "Ingen poengsum åleine ville ha gitt tilskot: {reasons}",
        # conditions
        "h.conditions": "Vilkår for tilskotet",
        "deadline": "Rapport og rekneskap skal sendast innan {deadline}.",
        "auditor.amount": "Fordi tilskotet er på {threshold} eller meir, skal rekneskapen vere "
        "attestert av revisor.",
        "auditor.above": "Fordi tilskotet er over {threshold}, skal rekneskapen vere attestert "
        "av revisor.",
        "acceptance": "Tilskotet blir utbetalt når vi har fått skriftleg stadfesting på at "
        "vilkåra er aksepterte.",
        # appeal, closing
        "h.klage": "Klagerett",
        "closing": "Med helsing",
        "electronic": "Dokumentet er elektronisk godkjent og blir sendt utan signatur.",
    },
}

#: The overview ``brev/oversikt.xlsx``, in the office's written standard (``[case] malform``).
OVERVIEW: dict[Lang, dict[str, str]] = {
    "nb": {
        "sheet": "Oversikt",
        "title": "Vedtaksbrev – {scheme} {year}",
        "application_id": "Søknad",
        "applicant": "Søker",
        "decision": "Vedtak",
        "granted": "Tilskudd",
        "malform": "Målform",
        "file": "Fil",
        "footer": "{n} brev, {date}",
    },
    "nn": {
        "sheet": "Oversikt",
        "title": "Vedtaksbrev – {scheme} {year}",
        "application_id": "Søknad",
        "applicant": "Søkjar",
        "decision": "Vedtak",
        "granted": "Tilskot",
        "malform": "Målform",
        "file": "Fil",
        "footer": "{n} brev, {date}",
    },
}
