"""Use cases of the call lists: which list is being dialled now, switching it,
and the tags a dial logged now carries (its list, channel and segment)."""

from __future__ import annotations

from istui.domain.lists import CallList, ListSettings
from istui.i18n import tr
from istui.services.context import Context


def current_call_list(context: Context) -> CallList | None:
    """The list being dialled now, as the config describes it (None: no list,
    or one the config no longer has, whose dials would carry nothing true)."""
    name = context.store.current_list()
    return context.config.lists.get(name) if name else None


def find_list(settings: ListSettings, name: str) -> CallList:
    """The configured list ``name``; LookupError naming the known ones."""
    found = settings.get(name)
    if found is None:
        if not settings.names:
            raise LookupError(
                tr(
                    "unknown list {name} (known: none: add [lists.named.NAME] to the config)",
                    name=repr(name),
                )
            )
        raise LookupError(
            tr(
                "unknown list {name} (known: {known})",
                name=repr(name),
                known=", ".join(settings.names),
            )
        )
    return found


def switch_list(context: Context, name: str) -> CallList | None:
    """Make ``name`` the current list ("": none); LookupError for an unknown one."""
    item = find_list(context.config.lists, name) if name else None
    context.store.set_current_list(name)
    return item


def tags_of(item: CallList | None) -> dict[str, str]:
    return {} if item is None else item.tags
