"""The weekly review's edit modals: one action (what, who, by when), and next
week's focus. They return what was typed; the review screen writes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from istui.domain.weekplan import ReviewAction, parse_deadline
from istui.i18n import tr
from istui.tui.screens.field_form import FieldsForm
from istui.tui.widgets.forms import TextInput


class ActionForm(FieldsForm[ReviewAction]):
    """Add or edit one action: what, who, by when."""

    LAST_FIELD = "f-deadline"

    def __init__(self, action: ReviewAction | None, default_owner: str) -> None:
        super().__init__(id="action-form")
        self.action_being_edited = action
        self.default_owner = default_owner

    def compose(self) -> ComposeResult:
        a = self.action_being_edited
        with Vertical(id="action-box"):
            yield Label(
                tr("Edit action") if a else tr("New action for next week"), id="action-title"
            )
            yield TextInput(
                a.action if a else "", placeholder=tr("what will be done"), id="f-action"
            )
            yield TextInput(
                a.owner if a else self.default_owner, placeholder=tr("owner"), id="f-owner"
            )
            yield TextInput(
                a.deadline.isoformat() if a and a.deadline else "",
                placeholder=tr("deadline YYYY-MM-DD"),
                id="f-deadline",
            )
            yield Label(tr("enter: next / save · esc: cancel"), id="action-hint")

    def action_save(self) -> None:
        what = self.query_one("#f-action", Input).value.strip()
        if not what:
            self.notify(tr("an action needs a text"), severity="warning")
            self.query_one("#f-action", Input).focus()
            return
        try:
            deadline = parse_deadline(self.query_one("#f-deadline", Input).value)
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            self.query_one("#f-deadline", Input).focus()
            return
        old = self.action_being_edited
        self.dismiss(
            ReviewAction(
                id=old.id if old else 0,
                action=what,
                owner=self.query_one("#f-owner", Input).value.strip(),
                deadline=deadline,
                done=old.done if old else False,
            )
        )


class FocusForm(FieldsForm[tuple[str, str]]):
    """Next week's focus: which lists, which script or approach."""

    LAST_FIELD = "f-approach"

    def __init__(self, lists: str, approach: str) -> None:
        super().__init__(id="focus-form")
        self.lists = lists
        self.approach = approach

    def compose(self) -> ComposeResult:
        with Vertical(id="focus-box"):
            yield Label(tr("Next week's focus"), id="focus-title")
            yield TextInput(self.lists, placeholder=tr("which lists / targets"), id="f-lists")
            yield TextInput(
                self.approach, placeholder=tr("which script or approach"), id="f-approach"
            )
            yield Label(tr("enter: next / save · esc: cancel"), id="focus-hint")

    def action_save(self) -> None:
        self.dismiss(
            (
                self.query_one("#f-lists", Input).value.strip(),
                self.query_one("#f-approach", Input).value.strip(),
            )
        )
