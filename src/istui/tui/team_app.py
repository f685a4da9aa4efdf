"""The lead's app (``istui team``): the team view, and a rep's week on enter.

It shares AppBase with the rep's app: the themes ([ui].theme or --theme), the
palette, help on F1 and the clock, which ``istui team`` passes in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from istui.domain.team import RepWeek, TeamWeek
from istui.domain.trends import Trend
from istui.i18n import tr
from istui.services.clock import Clock
from istui.services.team import rep_config
from istui.store.team import TeamStore
from istui.tui.base import DEFAULT_THEME, STYLES, AppBase
from istui.tui.screens.help import HelpScreen, HelpSection, binding_keys
from istui.tui.screens.team import TeamScreen


def rep_review_screen(app: TeamApp, rep: RepWeek) -> Screen[None]:
    """The rep's weekly review of the team view's week, read-only."""
    from istui.domain.calendar import IsoWeek
    from istui.tui.screens.review import ReviewScreen

    config = rep_config(app.team.reps().get(rep.rep_id, {"rep_id": rep.rep_id}))

    def team_trends(week: IsoWeek) -> tuple[Trend, ...]:
        from istui.services.trends import load_team_trends

        return load_team_trends(app.team, week).team

    return ReviewScreen(
        config,
        app.team.rep_store(rep.rep_id),
        app.clock,
        IsoWeek.of(app.week_start),
        read_only=True,
        covered=frozenset(app.team.covered_days(rep.rep_id)),
        beside=team_trends,
    )


class TeamApp(AppBase):
    CSS_PATH = [
        STYLES / "app.tcss",
        STYLES / "help.tcss",
        STYLES / "team.tcss",
        # review.tcss and oneonone.tcss come with their screens (their
        # CSS_PATH), read when a rep's week is first opened: the first screen
        # does not parse and match them.
    ]
    TITLE = "istui team"

    #: Builds the drill-down screen: the rep's own weekly review.
    rep_screen_factory: Callable[[TeamApp, RepWeek], Screen[None]] = staticmethod(rep_review_screen)

    def __init__(
        self,
        *,
        team: TeamStore,
        week: TeamWeek,
        clock: Clock,
        theme_override: str | None = None,
        configured_theme: str = DEFAULT_THEME,
        config_path: Path | None = None,
    ) -> None:
        super().__init__(
            clock=clock,
            configured_theme=configured_theme,
            config_path=config_path,
            theme_override=theme_override,
        )
        self.team = team
        self.week = week
        self.week_start = week.start

    def on_mount(self) -> None:
        self.push_screen(TeamScreen(self.team, self.week))
        self.notify_theme_warnings()

    async def rebuild_screens(self) -> None:
        """A fresh team view of the week in view, in place of every screen."""
        week = self.week
        for screen in self.screen_stack:
            if isinstance(screen, TeamScreen):
                week = screen.week
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(TeamScreen(self.team, week))

    def help_screen(self) -> HelpScreen:
        """The team screens' keys (the rep's own keys are in istui's help)."""
        from istui.tui.screens.oneonone import OneOnOneScreen
        from istui.tui.screens.review import ReviewScreen
        from istui.tui.screens.team_trends import TeamTrendsScreen

        sections = [
            HelpSection(tr("Team view"), binding_keys(self, TeamScreen.BINDINGS)),
            HelpSection(tr("Trends (t)"), binding_keys(self, TeamTrendsScreen.BINDINGS)),
            HelpSection(tr("A rep's week (enter)"), binding_keys(self, ReviewScreen.BINDINGS)),
            HelpSection(
                tr("A rep's 1on1 (o, read-only)"), binding_keys(self, OneOnOneScreen.BINDINGS)
            ),
        ]
        anywhere = [
            ("ctrl+p", tr("command palette")),
            ("?/f1", tr("this help")),
            ("ctrl+q", tr("quit")),
        ]
        sections.append(HelpSection(tr("Anywhere"), tuple(anywhere)))
        return HelpScreen(None, [], sections)
