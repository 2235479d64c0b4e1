"""The locks tab: per application a three-way lock and its reason, built when first needed.

A round of 25 applications has a hundred lock widgets (a dropdown, a reason field, a label and
a row each, with their layouts and styles): about half of the explorer's widgets, and a third of
the time its first screen takes to build in the kernel and to draw in the browser. Most visits
never open the tab, so the rows are built when the tab is first opened, or when a script or
test asks for a lock widget (``ex.lock_action[app]``). Until then the locks are kept as plain
values, so reading and showing settings work the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from allocation.explore.render import esc, note
from allocation.explore.settings import LOCK_AUTO
from allocation.explore.store import slug
from allocation.round.data import Round
from allocation.wording import widgets as T

#: A lock as the settings hold it: (action, reason).
LockValue = tuple[str, str]


class LockRows:
    """The lock rows of a round, and the tab that shows them.

    Parameters
    ----------
    round_
        The round (one row per application, in its order).
    on_input
        Observer called with the change of any lock widget, once the rows are built.
    """

    def __init__(self, round_: Round, on_input: Callable[[Any], None]) -> None:
        self.round = round_
        self._on_input = on_input
        self._ids = [str(a) for a in round_.applications["application_id"]]
        self._values: dict[str, LockValue] = {}
        self._action: dict[str, Any] = {}
        self._reason: dict[str, Any] = {}
        self.tab = w.VBox([w.HTML(note(T.LOCKS_NOTE, "p"))])

    @property
    def built(self) -> bool:
        """Whether the rows' widgets exist."""
        return bool(self._action) or not self._ids

    @property
    def action(self) -> dict[str, Any]:
        """The lock dropdown of each application (builds the rows)."""
        self.build()
        return self._action

    @property
    def reason(self) -> dict[str, Any]:
        """The reason field of each application (builds the rows)."""
        self.build()
        return self._reason

    def build(self) -> None:
        """Build the rows (once), showing the locks kept so far."""
        if self.built:
            return
        rows = [self._row(row) for row in self.round.applications.itertuples(index=False)]
        self.tab.children = (*self.tab.children, *rows)
        for app, dd in self._action.items():
            dd.observe(self._on_input, names="value")
            self._reason[app].observe(self._on_input, names="value")

    def _row(self, row: Any) -> Any:
        app = str(row.application_id)
        action, reason = self._values.get(app, (LOCK_AUTO, ""))
        # The description is the <select>'s <label> (its accessible name); it is shown
        # hidden from sight since the row's text already names the application.
        dd = w.Dropdown(
            options=list(T.LOCK_OPTIONS),
            value=action,
            description=T.LOCK_LABEL.format(app=app),
            description_allow_html=False,
            style={"description_width": "0px"},
        )
        dd.layout.width = "170px"
        for css in ("alloc-lock", f"alloc-lock-{slug(app)}"):
            dd.add_class(css)
        text = w.Text(
            value=reason,
            placeholder=T.LOCK_REASON_PLACEHOLDER,
            description=T.LOCK_REASON_LABEL.format(app=app),
            style={"description_width": "0px"},
        )
        text.layout.width = "360px"
        text.add_class(f"alloc-lock-reason-{slug(app)}")
        label = w.HTML(
            f"<b>{esc(app)}</b> {esc(row.applicant)}: {esc(row.title)}",
            layout=w.Layout(width="360px"),
        )
        self._action[app] = dd
        self._reason[app] = text
        return w.HBox([label, dd, text])

    def read(self) -> dict[str, LockValue]:
        """The locks shown (or kept), those that are not "automatic", reasons stripped."""
        if not self._action:
            return {app: (action, reason.strip()) for app, (action, reason) in self._values.items()}
        return {
            app: (str(dd.value), str(self._reason[app].value).strip())
            for app, dd in self._action.items()
            if dd.value != LOCK_AUTO
        }

    def show(self, locks: Mapping[str, LockValue]) -> None:
        """Show ``locks`` (applications of other rounds are left out); the caller keeps the
        observers quiet."""
        if not self._action:
            self._values = {
                app: (locks[app][0], locks[app][1])
                for app in self._ids
                if app in locks and locks[app][0] != LOCK_AUTO
            }
            return
        for app, dd in self._action.items():
            action, reason = locks.get(app, (LOCK_AUTO, ""))
            dd.value = action
            self._reason[app].value = reason
