"""The written standard (målform) a text is rendered in.

Every text an applicant or a leader reads exists in bokmål (``"nb"``) and nynorsk (``"nn"``).
A wording module keeps its texts as one table per language, ``{"nb": {...}, "nn": {...}}``, with
the same keys in both; :func:`pick` chooses, and a test checks the keys match. There is one code
path: only the table differs.

The applicant's ``malform`` column (CONTRACT v1.2: ``bokmål``, ``bokmal``, ``nb``, ``nynorsk``,
``nn``; empty is bokmål) and ``[case] malform`` in ``scheme.toml`` are read through :func:`lang_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

__all__ = ["DEFAULT", "LANGS", "Lang", "lang_of", "pick"]

Lang = Literal["nb", "nn"]
LANGS: tuple[Lang, ...] = ("nb", "nn")
DEFAULT: Lang = "nb"

_ALIASES: dict[str, Lang] = {
    "": "nb",
    "nb": "nb",
    "bokmål": "nb",
    "bokmal": "nb",
    "nn": "nn",
    "nynorsk": "nn",
}

T = TypeVar("T")


def lang_of(malform: object) -> Lang:
    """The language code for a ``malform`` value (trimmed, case-folded; empty or missing: bokmål).

    >>> lang_of(" Nynorsk "), lang_of("bokmal"), lang_of(None)
    ('nn', 'nb', 'nb')
    """
    if malform is None or (isinstance(malform, float) and malform != malform):
        return DEFAULT
    key = str(malform).strip().casefold()
    if key not in _ALIASES:
        raise ValueError(f"unknown malform {malform!r}")
    return _ALIASES[key]


def pick(texts: Mapping[Lang, T], lang: Lang) -> T:
    """The entry of ``texts`` for ``lang``.

    >>> pick({"nb": "ikke", "nn": "ikkje"}, "nn")
    'ikkje'
    """
    return texts[lang]
