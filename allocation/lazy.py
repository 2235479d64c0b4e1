"""Lazy exports for a package's ``__init__`` (PEP 562): a public name is imported on first use.

A package lists its public names with the module that defines each, and takes its
``__getattr__`` and ``__dir__`` from :func:`exports`, so that importing the package stays light
(the command line starts without pandas or the solver) and no submodule depends on the
package's ``__init__``. This module imports nothing from the package: a package's ``__init__``
may import it without a cycle (``tests/test_architecture.py``).

>>> getattr_, dir_ = exports("allocation", {"money": "allocation.format"})
>>> getattr_("money").__name__
'money'
>>> dir_()
['money']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def exports(
    package: str, public: Mapping[str, str], extra: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public names are ``public``.

    Parameters
    ----------
    package
        The package's name (``__name__``), for the error message.
    public
        Public name -> the module that defines it (imported on the first use of the name).
    extra
        Names the package defines itself (``__version__``), listed by ``__dir__`` too.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)``, to assign at the package's top level.

    Raises
    ------
    AttributeError
        From ``__getattr__``, for a name that is not public.

    >>> getattr_, _ = exports("allocation", {})
    >>> getattr_("nothing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'allocation' has no attribute 'nothing'
    """
    names = sorted({*public, *extra})

    def __getattr__(name: str) -> Any:
        if name in public:
            return getattr(importlib.import_module(public[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return list(names)

    return __getattr__, __dir__
