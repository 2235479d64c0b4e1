"""Marker words for the målform leak tests.

A bokmål text must contain none of ``NYNORSK_ONLY`` and a nynorsk text none of ``BOKMAL_ONLY``
(whole words, case-folded; see :func:`leaks`). Each list holds only forms that are wrong in the
other written standard's official norm (words spelled the same in both, such as "søknaden",
"vedtaket", "etter" or "mellom", are left out, and so are nynorsk forms bokmål allows too, such
as "endra", "åra" or "beløpa"). Run the check on the texts the package writes,
not on applicant-provided data (titles, names), which may be in either standard.
"""

from __future__ import annotations

import re

BOKMAL_ONLY = frozenset(
    """
    ikke fra tilskudd tilskuddet tilskuddene hvis hva hvordan hvilke hvilken jeg mye noen noe
    bare uten ble hver hvert følgende dere deres disse kommer ønsker innvilget regnskap søker
    søkeren søkere mottatt hele dekkes beregnet beregningen kommunene tilskuddsmottaker mottaker
    vurderingen ordningen innstillingen rammen fordelingen høyest høyst lavere poengene være vært
    gjelder betingelsene vilkårene sammen samlet utbetales midlene mener hvor hvem hvorfor selv
    mulig uke dager senest fikk reglene rekkefølge en et
    beløpene tallene årene pengene vurderingene innbyggere allerede tidligere forrige kjøring
    kjøringen prosjekter regler tilfeller avrundet endret innstilles avslås avvises tildeles
    annen samme mer høyere høyeste laveste sammenligning sammenlignet beregning tilsagn
    robusthet
    """.split()
)

NYNORSK_ONLY = frozenset(
    """
    ikkje frå tilskot tilskotet tilskota kva korleis eg mykje nokon noko berre utan vart kvar
    kvart følgjande dykk dykkar desse kjem ønskjer innvilga rekneskap søkjar søkjaren søkjarar
    motteke heile berekna kommunane tilskotsmottakar mottakar vurderinga ordninga innstillinga
    ramma fordelinga høgast høgst lågare poenga vere vore gjeld vilkåra saman samla midlane meiner
    kven kvifor sjølv mogleg veke dagar seinast fekk reglane rekkjefølgje ein eit òg vert sidan
    difor nokre anna hjå
    pengane vurderingane innbyggjarar allereie tidlegare førre køyring køyringa reglar meir
    høgare høgaste lågaste samanlikning berekning tilsegn tilsegner annan robustheit
    """.split()
)

_WORD = re.compile(r"[\wæøåÆØÅòÒ]+")


def leaks(text: str, lang: str) -> set[str]:
    """The marker words of the *other* written standard found in ``text`` written in ``lang``
    (``"nb"`` or ``"nn"``)."""
    forbidden = NYNORSK_ONLY if lang == "nb" else BOKMAL_ONLY
    return {w for w in _WORD.findall(text.casefold()) if w in forbidden}
