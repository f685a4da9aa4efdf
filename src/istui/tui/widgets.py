"""Widgets of the Today screen. They format a DayView; they compute nothing."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from istui.domain.pace import DayPhase
from istui.domain.today import DayView, MetricLine, format_percent, format_rate


def pace_words(delta: int) -> str:
    """Ahead/behind as sign *and* word, never colour alone."""
    if delta > 0:
        return f"ahead +{delta}"
    if delta < 0:
        return f"behind {delta}"
    return "on pace ±0"


class TopBar(Static):
    """Rep name, date, live clock and the day's phase; marks on the right."""

    def show(self, name: str, view: DayView, marks: str = "") -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" istui ", style="bold reverse")
        text.append(f" {name} ", style="bold")
        text.append(f" {view.now:%a %Y-%m-%d  %H:%M:%S}  ")
        text.append(view.phase.value, style="italic")
        if marks:
            text.append(f"  {marks}", style="bold")
        self.update(text)


class MetricRow(Static):
    """One counter: label, count / target, a bar, % of target."""

    COMPONENT_CLASSES = {"metric-row--done", "metric-row--todo", "metric-row--over"}

    def __init__(self, line: MetricLine, **kwargs: object) -> None:
        super().__init__(id=f"metric-{line.metric.key}", **kwargs)  # type: ignore[arg-type]
        self.line = line

    def show(self, line: MetricLine) -> None:
        self.line = line
        self.refresh()

    def render(self) -> Text:
        line = self.line
        width = max(10, self.size.width)
        head = f"[{line.metric.bind}] {line.metric.label}"
        numbers = f"{line.count:>4} / {line.target:<4}"
        percent = format_percent(line.percent)
        bar_width = min(60, max(4, width - 14 - len(numbers) - 8))
        share = min(1.0, (line.percent or 0.0) / 100)
        filled = round(bar_width * share)
        done_style = self.get_component_rich_style(
            "metric-row--over" if line.target and line.count >= line.target else "metric-row--done"
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{head[:13]:<13} ")
        text.append(numbers, style="bold")
        text.append(" ")
        text.append("█" * filled, style=done_style)
        text.append(
            "░" * (bar_width - filled), style=self.get_component_rich_style("metric-row--todo")
        )
        text.append(f" {percent:>5}")
        return text


class RatesPanel(Static):
    """Live funnel rates against the rates the targets imply."""

    def show(self, view: DayView) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("Rates\n", style="bold")
        for rate in view.rates:
            actual, target = format_rate(rate.actual.value), format_rate(rate.target.value)
            gap = rate.gap
            mark = "" if gap is None else ("▲ above" if gap >= 0 else "▼ below")
            text.append(f"{rate.label:<13}{actual:>5} ", style="bold")
            text.append(f"vs {target:>4} {mark}\n")
            text.append(f"  {rate.actual.num} of {rate.actual.den} {rate.upper}s\n", style="dim")
        self.update(text)


class PacePanel(Static):
    """Where the day stands against the clock, for the top of the funnel."""

    def show(self, view: DayView) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        head = view.headline
        text.append("Pace", style="bold")
        if head is None:
            self.update(text)
            return
        text.append(f" ({head.metric.label.lower()})\n")
        if view.phase is DayPhase.OFF:
            text.append("not a working day: no target today\n")
            self.update(text)
            return
        p = head.pace
        text.append(f"day passed   {view.fraction * 100:>3.0f}%\n")
        text.append(f"expected now {p.expected:>5.0f}\n")
        text.append("status       ")
        text.append(pace_words(p.delta), style="bold")
        text.append("\n")
        projected = "–" if p.projected is None else f"{p.projected}"
        text.append(f"landing      {projected:>5}  (target {p.target})\n")
        if p.needed_per_hour is None:
            need = "day over"
        elif p.needed_per_hour == 0:
            need = "target reached"
        else:
            need = f"{p.needed_per_hour:.1f} / hour for {p.remaining_hours:.1f} h"
        text.append(f"needed       {need}\n")
        self.update(text)


class HourStrip(Static):
    """Dials and connects hour by hour (shown when the terminal is tall enough)."""

    def show(self, view: DayView, first_hour: int, last_hour: int) -> None:
        keys = [line.metric.key for line in view.lines if line.metric.funnel][:2]
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("Hour by hour  ", style="bold")
        text.append(" / ".join(keys) + "\n", style="dim")
        peak = max((view.hourly.get(h, {}).get(keys[0], 0) for h in range(24)), default=0) or 1
        for hour in range(first_hour, last_hour + 1):
            counts = view.hourly.get(hour, {})
            first = counts.get(keys[0], 0) if keys else 0
            second = counts.get(keys[1], 0) if len(keys) > 1 else 0
            bar = "▇" * round(20 * first / peak)
            text.append(f"{hour:02d}h {first:>3} {second:>3} ")
            text.append(f"{bar}\n", style="bold")
        self.update(text)


class WeekStrip(Static):
    """The week so far: each day's funnel counts against its own target."""

    def show(self, rows: list[tuple[str, list[tuple[int, int]]]], labels: list[str]) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("This week\n", style="bold")
        text.append(
            "          " + "".join(f"{label[:9]:>11}" for label in labels) + "\n", style="dim"
        )
        for day_label, cells in rows:
            text.append(f"{day_label:<10}")
            for count, target in cells:
                text.append(f"{f'{count}/{target}':>11}")  # right edge under its label
            text.append("\n")
        self.update(text)
