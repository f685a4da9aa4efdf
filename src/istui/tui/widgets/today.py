"""Widgets of the Today screen. They format a DayView; they compute nothing."""

from __future__ import annotations

from collections.abc import Sequence
from string import Formatter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from istui.domain.funnel import FunnelRate
from istui.domain.pace import DayPhase
from istui.domain.today import DayView, MetricLine
from istui.i18n import N_, tr, trp
from istui.render.cells import cells, clip, fit, pad
from istui.render.dates import full_date
from istui.render.labels import rate_name
from istui.render.numbers import NO_VALUE, percent, rate
from istui.render.statusline import status_word
from istui.render.today import needed_words

#: The day's phase as the top bar says it.
PHASE_WORDS = {
    DayPhase.OFF: N_("day off"),
    DayPhase.BEFORE: N_("before work"),
    DayPhase.WORKING: N_("working"),
    DayPhase.BREAK: N_("on a break"),
    DayPhase.AFTER: N_("after work"),
}


def outcome_word(kind: str, fallback: str) -> str:
    """A logged outcome by its metric key, as a word of the language in force
    ("call" in English, 架電 in Japanese); ``fallback`` for a key of the rep's own."""
    if kind == "call":
        return trp("outcome", "call")
    if kind == "connect":
        return trp("outcome", "connect")
    if kind == "contact":
        return trp("outcome", "contact")
    if kind == "meeting":
        return trp("outcome", "meeting")
    if kind == "email":
        return trp("outcome", "email")
    return fallback


def rate_words(line: FunnelRate) -> str:
    """A funnel rate's name in the language in force."""
    return rate_name(line.key)


def phase_words(phase: DayPhase) -> str:
    return tr(PHASE_WORDS[phase])


def pace_words(delta: int) -> str:
    """Ahead/behind as sign *and* word, never colour alone."""
    if delta > 0:
        return tr("ahead +{delta}", delta=delta)
    if delta < 0:
        return tr("behind {delta}", delta=delta)
    return tr("on pace ±0")


def append_sentence(
    text: Text, template: str, literal_styles: tuple[str, ...] = (), **fields: tuple[str, str]
) -> None:
    """A translated sentence onto ``text`` with each field in its own style
    (``name=(value, style)``) and the words between them in ``literal_styles``
    in turn (the last one for the rest): the whole sentence is one catalog
    entry, in the translation's word order; only the styles follow the pieces."""
    run = 0
    for literal, name, _spec, _conversion in Formatter().parse(template):
        if literal:
            style = literal_styles[min(run, len(literal_styles) - 1)] if literal_styles else ""
            text.append(literal, style=style)
            run += 1
        if name is not None:
            value, style = fields[name]
            text.append(value, style=style)


def rjust(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` cells (cut to fit)."""
    shown = clip(text, width)
    return " " * max(0, width - cells(shown)) + shown


class TextPanel(Static):
    """A Static showing a rich Text that repaints only when the text changed, and
    asks for a relayout only when its number of lines changed: the Today screen
    refreshes every panel on each key and twice a second, and a relayout of the
    whole screen per update was most of the cost of a key press."""

    _shown: Text | None = None

    def show_text(self, text: Text) -> None:
        last = self._shown
        if last is not None and last == text:
            return
        layout = last is None or last.plain.count("\n") != text.plain.count("\n")
        self._shown = text
        self.update(text, layout=layout)


class TopBar(TextPanel):
    """Rep name, date, live clock and the day's phase; marks on the right.
    The name gives way first: the clock, phase and marks always show."""

    def show(self, name: str, view: DayView, marks: str = "") -> None:
        clock = f" {full_date(view.now.date())}  {view.now:%H:%M:%S}  "
        tail = f"  {marks}" if marks else ""
        width = self.size.width or self.app.size.width
        phase = phase_words(view.phase)
        room = width - cells(" istui ") - cells(clock + phase + tail) - 2
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" istui ", style="bold reverse")
        text.append(f" {clip(name, max(3, room))} ", style="bold")
        text.append(clock)
        text.append(phase, style="italic")
        if tail:
            text.append(tail, style="bold")
        self.show_text(text)


def head_width(lines: Sequence[MetricLine]) -> int:
    """The rows' label column: 14 cells, widened (to 20 at most) so that the
    longest "[c] label" shows whole (メール送信数 is 12 cells)."""
    longest = max((cells(f"[{x.metric.bind}] {x.metric.label}") for x in lines), default=0)
    return min(20, max(14, longest + 1))


class MetricRow(Static):
    """One counter: label, count / target, a bar, % of target."""

    COMPONENT_CLASSES = {"metric-row--done", "metric-row--todo", "metric-row--over"}

    def __init__(self, line: MetricLine, head_width: int = 14, **kwargs: object) -> None:
        super().__init__(id=f"metric-{line.metric.key}", **kwargs)  # type: ignore[arg-type]
        self.line = line
        #: Cells for "[c] label", the same on every row (see head_width()).
        self.head_width = head_width
        self._drawn = False

    def show(self, line: MetricLine) -> None:
        if line == self.line and self._drawn:
            return  # unchanged: repainting every row on every key costs a frame
        self.line = line
        self._drawn = True
        self.refresh()

    def render(self) -> Text:
        line = self.line
        width = max(10, self.size.width)
        head = f"[{line.metric.bind}] {line.metric.label}"
        numbers = f"{line.count:>4} / {line.target:<4}"
        shown = percent(line.percent)
        bar_width = min(60, max(4, width - self.head_width - len(numbers) - 8))
        share = min(1.0, (line.percent or 0.0) / 100)
        filled = round(bar_width * share)
        done_style = self.get_component_rich_style(
            "metric-row--over" if line.target and line.count >= line.target else "metric-row--done"
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(fit(head, self.head_width))
        text.append(numbers, style="bold")
        text.append(" ")
        text.append("█" * filled, style=done_style)
        text.append(
            "░" * (bar_width - filled), style=self.get_component_rich_style("metric-row--todo")
        )
        text.append(f" {shown:>5}")
        return text


class RatesPanel(TextPanel):
    """Live funnel rates against the rates the targets imply."""

    def show(self, view: DayView) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(tr("Rates") + "\n", style="bold")
        labels = {line.metric.key: line.metric.label for line in view.lines}
        names = [rate_words(line) for line in view.rates]
        width = max([13, *(cells(name) + 1 for name in names)])
        for line, name in zip(view.rates, names, strict=True):
            actual, target = rate(line.actual.value), rate(line.target.value)
            gap = line.gap
            mark = "" if gap is None else (tr("▲ above") if gap >= 0 else tr("▼ below"))
            text.append(f"{pad(name, width)}{actual:>5} ", style="bold")
            text.append(tr("vs {target}", target=f"{target:>4}") + f" {mark}\n")
            upper = labels.get(line.upper, line.upper).lower()
            text.append(
                "  "
                + tr(
                    "{num} of {den} {label}",
                    num=line.actual.num,
                    den=line.actual.den,
                    label=upper,
                )
                + "\n",
                style="dim",
            )
        text.rstrip()
        self.show_text(text)


class PacePanel(TextPanel):
    """Where the day stands against the clock, for the top of the funnel."""

    def show(self, view: DayView) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        head = view.headline
        text.append(tr("Pace"), style="bold")
        if head is None:
            self.show_text(text)
            return
        text.append(f" ({head.metric.label.lower()})\n")
        if view.phase is DayPhase.OFF:
            text.append(tr("not a working day: no target today") + "\n")
            self.show_text(text)
            return
        p = head.pace
        names = [tr("day passed"), tr("expected now"), tr("status"), tr("landing"), tr("needed")]
        width = max([13, *(cells(name) + 1 for name in names)])
        passed, expected, status, landing, needed = (pad(name, width) for name in names)
        text.append(f"{passed}{percent(view.fraction * 100):>4}\n")
        text.append(f"{expected}{p.expected:>5.0f}\n")
        text.append(status)
        text.append(pace_words(p.delta), style="bold")
        text.append("\n")
        projected = NO_VALUE if p.projected is None else f"{p.projected}"
        target = tr("(target {target})", target=p.target)
        text.append(f"{landing}{projected:>5}  {target}\n")
        need = needed_words(
            p.needed_per_hour, hours_left=p.remaining_hours, out_of_reach=p.out_of_reach
        )
        text.append(f"{needed}{need}")
        self.show_text(text)


class BigFigure(Vertical):
    """One figure in large digits, readable from across the desk (tall terminals)."""

    def compose(self) -> ComposeResult:
        yield Static(classes="big-label")
        yield Digits(classes="big-value")

    def show(self, label: str, value: str, state: str = "") -> None:
        shown: tuple[str, str, str] | None = getattr(self, "_shown", None)
        if (label, value, state) == shown:
            return  # twice a second with nothing new: skip the repaint
        self._shown = (label, value, state)
        if shown is None or shown[0] != label:
            self.query_one(".big-label", Static).update(label, layout=shown is None)
        if shown is None or shown[1] != value:
            self.query_one(Digits).update(value)  # relayouts only if its width changes
        self.set_class(state == "ahead", "-ahead")
        self.set_class(state == "behind", "-behind")


def headline_figures(view: DayView) -> list[tuple[str, str, str]]:
    """(label, value, state) for the big figures: the dials, pace, landing, needed."""
    head = view.headline
    if head is None:
        return []
    p = head.pace
    label = head.metric.label.lower()
    if view.phase is DayPhase.OFF:
        off = (tr("day off"), "--", "")
        return [(tr("{label} today", label=label), f"{head.count}", ""), off, off, off]
    state = "ahead" if p.delta > 0 else "behind" if p.delta < 0 else ""
    projected = "--" if p.projected is None else f"{p.projected}"
    needed = "--" if p.needed_per_hour is None else f"{p.needed_per_hour:.1f}"
    if p.needed_per_hour == 0:
        needed = "0"
    elif p.out_of_reach:
        needed = "--"  # (the big digits show no word: the label says it)
    pace = tr("ahead") if p.delta > 0 else tr("behind") if p.delta < 0 else tr("on pace")
    return [
        (tr("{label} / target", label=label), f"{head.count}/{head.target}", ""),
        (pace, f"{p.delta:+d}", state),
        (tr("landing"), projected, ""),
        (
            tr("target reached")
            if p.needed_per_hour == 0
            else tr("out of reach today")
            if p.out_of_reach
            else tr("needed / hour"),
            needed,
            "",
        ),
    ]


class LastLogged(TextPanel):
    """What the last key logged, so a rep sees the key landed (and what `u` undoes)."""

    def show(self, label: str | None, at: str | None, first_keys: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if label is None or at is None:
            text.append(tr("nothing logged yet today"), style="dim")
            text.append(" · " + tr("press {keys} to log a dial", keys=first_keys))
        else:
            append_sentence(
                text,
                tr("last {label} at {time}"),
                ("dim", ""),
                label=(label, "bold"),
                time=(at, ""),
            )
            text.append(" · " + tr("u undoes it · s fixes any of today's"), style="dim")
        self.show_text(text)


class HourStrip(Static):
    """Dials and connects hour by hour (shown when the terminal is tall enough)."""

    def show(self, view: DayView, first_hour: int, last_hour: int) -> None:
        now_hour = view.now.hour if view.now.date() == view.day else None
        key = (view.hourly, now_hour, first_hour, last_hour)
        if key == getattr(self, "_key", None):
            return
        self._key = key
        self._data = (view, first_hour, last_hour)
        self.refresh()

    def render(self) -> Text:
        data = getattr(self, "_data", None)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(tr("Hour by hour") + "\n", style="bold")
        if data is None:
            return text
        view, first_hour, last_hour = data
        funnel = [line.metric for line in view.lines if line.metric.funnel][:2]
        keys = [m.key for m in funnel]
        if not keys:
            return text
        heads = "".join(" " + rjust(status_word(m.key, m.short), 5) for m in funnel)
        text.append(f"     {heads}\n", style="dim")
        peak = max((view.hourly.get(h, {}).get(keys[0], 0) for h in range(24)), default=0) or 1
        bar_room = max(4, min(40, self.size.width - 5 - 6 * len(keys) - 8))
        now_hour = view.now.hour if view.now.date() == view.day else None
        for hour in range(min(first_hour, last_hour), last_hour + 1):
            counts = view.hourly.get(hour, {})
            text.append(f"{hour:02d}h  ")
            for key in keys:
                text.append(f"{counts.get(key, 0):>6}")
            text.append(" ")
            first = counts.get(keys[0], 0)
            text.append("▇" * round(bar_room * first / peak), style="bold")
            if hour == now_hour:
                text.append(" ◀ " + tr("now"), style="italic")
            text.append("\n")
        text.rstrip()
        return text


class WeekStrip(TextPanel):
    """The week so far: each day's funnel counts against its own target, and the sum."""

    def show(
        self,
        rows: list[tuple[str, list[tuple[int, int]]]],
        labels: list[str],
        total: list[tuple[int, int]],
        today_label: str,
    ) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(tr("This week") + "\n", style="bold")
        # a column as wide as its longest label (商談設定数 is 10 cells) or figure
        figures = [f"{count}/{target}" for _, cells in rows for count, target in cells]
        figures += [f"{count}/{target}" for count, target in total]
        width = max([9, *(cells(label) for label in labels), *(len(f) for f in figures)])
        text.append(
            "          " + "".join("  " + rjust(label, width) for label in labels) + "\n",
            style="dim",
        )
        for day_label, day_cells in rows:
            is_today = day_label == today_label
            text.append(
                f"{'▸' if is_today else ' '} {pad(day_label, 8)}", style="bold" if is_today else ""
            )
            for count, target in day_cells:
                cell = f"{count}/{target}"
                text.append(f"{cell:>{width + 2}}", style="bold" if is_today else "")
            text.append("\n")
        so_far = tr("so far")
        text.append(f"  {pad(clip(so_far, 8), 8)}", style="bold")
        for count, target in total:
            text.append(f"{f'{count}/{target}':>{width + 2}}", style="bold")
        self.show_text(text)
