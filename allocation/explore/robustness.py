"""The explorer's "Hvor robust?" button: robustness for the settings on screen.

It runs :func:`allocation.robust.robustness` for the round under the current settings (the
adviser's locks included) in a background thread, with a progress bar and a cancel button, and
shows per application how often it is funded across the samples, the funding-line zone named
in words. The samples run serially in the kernel: a process pool inside a notebook kernel is
not worth its start-up for the few hundred samples an adviser waits for on screen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from allocation import format as fmt
from allocation.explore.render import esc, note
from allocation.wording import robustness as WR
from allocation.wording import widgets as T

if TYPE_CHECKING:
    from allocation.results import Lock
    from allocation.robust.analysis import RobustnessResult
    from allocation.round.data import Round

__all__ = ["SAMPLE_CHOICES", "RobustnessPanel", "render_robustness"]

#: The sample counts offered (per kind: weights and assessors).
SAMPLE_CHOICES = (50, 100, 200, 500, 1000)
DEFAULT_SAMPLES = 100


def _share_cell(value: Any) -> str:
    return "" if value is None or value != value else fmt.percent(float(value))


def render_robustness(result: RobustnessResult, seconds: float, round_: Round) -> str:
    """The summary line (samples, time, the funding-line zone) and one row per application:
    the share of samples with a grant (funding probability, else core index), the mean grant
    and the class in words."""
    table = result.table
    applicants = dict(
        zip(
            round_.applications["application_id"].astype(str),
            round_.applications["applicant"].astype(str),
            strict=True,
        )
    )
    zone = result.zone()
    zone_text = WR.ROBUSTNESS_ZONE.format(ids=", ".join(zone)) if zone else WR.ROBUSTNESS_NO_ZONE
    drawn = sum(c.drawn for c in result.counts.values())
    head = T.ROBUST_DONE.format(
        samples=fmt.count(drawn, *WR.SAMPLES_NOUN), seconds=fmt.seconds(seconds), zone=zone_text
    )
    share = "funding_probability" if table["funding_probability"].notna().any() else "core_index"
    rows = []
    for row in table.to_dict("records"):
        app = str(row["application_id"])
        rows.append(
            f"<tr><td>{esc(app)}</td><td>{esc(applicants.get(app, ''))}</td>"
            f'<td class="num">{_share_cell(row[share])}</td>'
            f'<td class="num">{esc(fmt.money(int(row["mean_grant"])))}</td>'
            f"<td>{esc(WR.CLASS_LABELS.get(str(row['class']), ''))}</td></tr>"
        )
    h = WR.COLUMN_HEADERS
    names = (h["application_id"], h["applicant"], T.ROBUST_SHARE, h["mean_grant"], h["class"])
    header = "<tr>" + "".join(f'<th scope="col">{esc(n)}</th>' for n in names) + "</tr>"
    table_html = f'<table class="alloc-robust">{header}{"".join(rows)}</table>'
    return note(head, "p") + f'<div class="alloc-scroll">{table_html}</div>'


class RobustnessPanel:
    """The button, the sample count, the progress bar, the cancel button and the answer.

    Parameters
    ----------
    current
        Returns the round under the settings on screen and the locks, or None when there is
        no optimal result to test.
    """

    def __init__(self, current: Callable[[], tuple[Round, dict[str, Lock]] | None]) -> None:
        self.current = current
        self.button = w.Button(description=T.ROBUST_BUTTON, tooltip=T.ROBUST_TOOLTIP)
        self.button.layout.width = "auto"
        self.samples = w.Dropdown(
            options=[(fmt.integer(n), n) for n in SAMPLE_CHOICES],
            value=DEFAULT_SAMPLES,
            description=T.ROBUST_SAMPLES,
            tooltip=T.ROBUST_SAMPLES_TOOLTIP,
            style={"description_width": "initial"},
        )
        self.samples.layout.width = "auto"
        self.cancel_button = w.Button(description=T.ROBUST_CANCEL, disabled=True)
        self.cancel_button.layout.width = "auto"
        self.progress = w.IntProgress(value=0, min=0, max=1, description=T.ROBUST_PROGRESS)
        self.progress.layout.display = "none"
        self.html = w.HTML()
        self.html.add_class("alloc-robustness-result")
        self.widget = w.VBox(
            [w.HBox([self.button, self.samples, self.cancel_button, self.progress]), self.html]
        )
        self.cancel = threading.Event()
        self.thread: threading.Thread | None = None
        self.result: RobustnessResult | None = None
        self.button.on_click(lambda _b: self.start())
        self.cancel_button.on_click(lambda _b: self.cancel.set())

    @property
    def running(self) -> bool:
        """A computation is under way."""
        return self.thread is not None and self.thread.is_alive()

    def clear(self) -> None:
        """Forget the answer (the settings changed: it belonged to the previous result)."""
        if not self.running:
            self.result = None
            self.html.value = ""

    def start(self, *, wait: bool = False) -> threading.Thread | None:
        """Run :meth:`run` in a background thread (None when one runs already or nothing to
        test); ``wait`` joins it (for scripts and tests)."""
        if self.running:
            return None
        now = self.current()
        if now is None:
            self.html.value = note(T.ROBUST_NOT_OPTIMAL, "p")
            return None
        self.cancel.clear()
        self.thread = threading.Thread(target=self.run, args=now, daemon=True)
        self.thread.start()
        if wait:
            self.thread.join()
        return self.thread

    def _progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.html.value = note(T.ROBUST_WORKING.format(done=done, total=total), "p")

    def run(self, round_: Round, locks: dict[str, Lock]) -> RobustnessResult | None:
        """Compute the robustness now (in this thread) and show it; None when cancelled or
        failed (the reason is shown)."""
        from allocation.robust import Cancelled, robustness  # the samplers load on first use

        self.button.disabled, self.cancel_button.disabled = True, False
        self.progress.layout.display = None
        start = time.perf_counter()
        try:
            result = robustness(
                round_,
                samples=int(self.samples.value),
                locks=locks or None,
                executor="serial",
                progress=self._progress,
                cancel=self.cancel,
            )
        except Cancelled:
            self.html.value = note(T.ROBUST_CANCELLED, "p")
            return None
        except Exception as exc:  # noqa: BLE001 - shown to the adviser, the kernel lives on
            self.html.value = note(T.ROBUST_FAILED.format(error=exc), "p")
            return None
        finally:
            self.button.disabled, self.cancel_button.disabled = False, True
            self.progress.layout.display = "none"
        self.result = result
        if not result.ok:
            self.html.value = note(T.ROBUST_NOT_OPTIMAL, "p")
            return result
        self.html.value = render_robustness(result, time.perf_counter() - start, round_)
        return result
