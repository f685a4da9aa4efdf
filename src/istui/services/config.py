"""The TOML config: who the rep is, what they count, their targets and hours.

Users edit this file by hand and scripts write it, so its keys are a public
contract (documented in the commented default below). A bad value stops istui
with one line naming the file, the key and what is wrong; it never starts with
silently wrong targets.

Long (~440 lines) because the commented default file is spelled out here
whole, beside the parser whose every key it documents; the file itself is
read and edited in store/config_file.py.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from istui.domain.calendar import (
    WEEKDAY_NAMES,
    DaysOff,
    PublicHolidays,
    WorkCalendar,
    WorkHours,
    year_problem,
)
from istui.domain.deals import MAX_AMOUNT
from istui.domain.funnel import Metric, MetricSet
from istui.domain.lists import MAX_LIST_SIZE, MAX_TAG, CallList, ListSettings, tag_problem
from istui.domain.targets import target_problem
from istui.i18n import LANGUAGES, N_, current_language, set_language, tr
from istui.services.keys import RESERVED_KEYS  # the app's own keys (plain data, no Textual)

KNOWN_METRICS: dict[str, tuple[str, str, str]] = {
    # key: (label, short label for the status line, default binding). A label
    # the config does not set is shown translated (Metric.label).
    "call": (N_("Calls"), "calls", "c"),
    "connect": (N_("Connects"), "conn", "o"),
    "contact": (N_("Contacts"), "cont", "t"),
    "meeting": (N_("Meetings"), "mtg", "m"),
    "email": (N_("Emails"), "email", "e"),
}

DEFAULT_OBJECTIONS = (
    "no budget",
    "no need",
    "using a competitor",
    "bad timing",
    "not the decision maker",
    "send information",
)

#: A Japanese default config's own words (docs/glossary.md): written into the
#: file as values, like any the rep types, so exports carry them as they are.
JA_LABELS: dict[str, str] = {
    "call": "架電数",
    "connect": "接続数",
    "contact": "有効コンタクト数",
    "meeting": "商談設定数",
    "email": "メール送信数",
}
JA_OBJECTIONS = (
    "予算がない",
    "ニーズがない",
    "他社サービス利用中",
    "タイミングが合わない",
    "決裁者ではない",
    "資料送付の依頼",
)
DEFAULT_CANCEL_REASONS = ("rescheduled", "no reply", "lost interest", "double-booked")
DEFAULT_LOST_REASONS = (
    "no budget",
    "chose a competitor",
    "no decision",
    "bad timing",
    "price",
)

#: Every default, once: the parser falls back to these and the commented
#: default file is written from them, so the two cannot disagree.
DEFAULTS: dict[str, dict[str, Any]] = {
    "metrics": {"funnel": ["call", "connect", "meeting"], "counters": ["email"]},
    "targets": {"call": 100, "connect": 25, "meeting": 4, "email": 40},
    "hours": {
        "start": "09:00",
        "end": "18:00",
        "breaks": ["12:00-13:00"],
        "workdays": list(WEEKDAY_NAMES[:5]),
        "holidays": [],
    },
    "midchecks": {"times": ["12:00", "15:30"]},
    "reflection": {"objections": list(DEFAULT_OBJECTIONS)},
    "deals": {
        "cancel_reasons": list(DEFAULT_CANCEL_REASONS),
        "lost_reasons": list(DEFAULT_LOST_REASONS),
        "currency": "JPY",
        "win_rate_target": 25,
        "monthly_won": 0,
        "monthly_amount": 0,
    },
    "lists": {
        "channels": ["inbound", "outbound", "webinar", "referral"],
        "segments": [],
    },
    "ui": {"theme": "istui-dark", "language": "auto", "bell": False, "desktop_notify": False},
    "store": {"backups_kept": 28},
    # A UTF-8 byte order mark at the start of CSV outputs, so Excel in a Japanese
    # locale reads them as UTF-8 (a Japanese default config turns it on).
    "export": {"csv_bom": False},
    # A config without [calendar] counts no public holiday and no company day
    # off (as before there was one); the Japanese default file sets both
    # (CALENDAR_JA).
    "calendar": {"country": "", "company_days_off": []},
}

#: What a Japanese default config writes differently (docs/glossary.md).
JA_DEFAULTS: dict[str, dict[str, Any]] = {
    "reflection": {"objections": list(JA_OBJECTIONS)},
    "export": {"csv_bom": True},
}

#: The [calendar] a Japanese default config is written with: Japan's public
#: holidays and the usual year-end break (年末年始, 12/29-1/3).
CALENDAR_JA: dict[str, Any] = {"country": "JP", "company_days_off": ["12-29..01-03"]}
#: The most company days off entries, and days in one dated span.
MAX_DAYS_OFF = 366


def _default(table: str, key: str) -> Any:
    """A default value, copied so a caller cannot change the table."""
    value = DEFAULTS[table][key]
    return list(value) if isinstance(value, list) else value


def _toml(value: object) -> str:
    """A default as TOML source: strings and lists of strings, whole numbers."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
_HHMM_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _got(value: object) -> str:
    """A value from the file as the error line shows it: short, one line."""
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


@dataclass(frozen=True)
class DealSettings:
    """The 商談 pick-lists: why a meeting was cancelled, why a deal was lost; and
    the currency a won amount is in (whole units: yen by default)."""

    cancel_reasons: tuple[str, ...] = DEFAULT_CANCEL_REASONS
    lost_reasons: tuple[str, ...] = DEFAULT_LOST_REASONS
    currency: str = "JPY"
    #: The target win rate in percent (受注率; 0: none), the weekly review's
    #: deal stage (the articles' example: 25).
    win_rate_target: int = 25
    #: Monthly targets: deals won (受注数) and 受注金額 (whole units; 0: none).
    monthly_won: int = 0
    monthly_amount: int = 0


class ConfigError(Exception):
    """A config problem, already phrased as the one line the user sees."""


@dataclass(frozen=True)
class Config:
    path: Path | None
    rep_id: str
    rep_name: str
    metrics: MetricSet
    targets: Mapping[str, int]
    hours: WorkHours = field(default_factory=WorkHours)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    midchecks: tuple[time, ...] = tuple(
        time.fromisoformat(t) for t in DEFAULTS["midchecks"]["times"]
    )
    theme: str = DEFAULTS["ui"]["theme"]
    #: "en", "ja", or "auto" (the locale's: LC_ALL / LC_MESSAGES / LANG).
    language: str = DEFAULTS["ui"]["language"]
    #: Attention when a mid-check or the reflection falls due, for a rep looking
    #: at another window: the terminal's bell, and a desktop notification sent
    #: through the terminal (OSC 9 and OSC 777). Off unless the rep opts in.
    bell: bool = DEFAULTS["ui"]["bell"]
    desktop_notify: bool = DEFAULTS["ui"]["desktop_notify"]
    objections: tuple[str, ...] = DEFAULT_OBJECTIONS
    backups_kept: int = DEFAULTS["store"]["backups_kept"]
    #: Start CSV outputs with a UTF-8 byte order mark (Excel in Japan).
    csv_bom: bool = DEFAULTS["export"]["csv_bom"]
    deals: DealSettings = field(default_factory=DealSettings)
    lists: ListSettings = field(default_factory=ListSettings)


def default_config_path() -> Path:
    from istui.store.paths import user_config_dir

    return Path(user_config_dir()) / "config.toml"


def config_path_from(option: str | None) -> Path:
    from istui.store.paths import given_path

    given = given_path(option, "ISTUI_CONFIG")
    return Path(given) if given else default_config_path()


def _default_rep_id() -> str:
    try:
        import getpass  # only for a first run's default

        user = getpass.getuser()
    except Exception:
        user = "rep"
    # Must pass the [rep].id rule below, or the first run fails on its own default
    # (a login like "_apt", "-x" or a very long name used to).
    cleaned = re.sub(r"[^a-z0-9_-]", "", user.lower()).lstrip("_-")[:64]
    return cleaned or "rep"


def _labels_text(language: str) -> str:
    """The [labels] table's body: examples in English; in Japanese the
    articles' terms for every default metric (and one for "contact")."""
    if language != "ja":
        return _c(tr('Optional display names, e.g. meeting = "アポ"'))
    keys = [*DEFAULTS["metrics"]["funnel"], *DEFAULTS["metrics"]["counters"]]
    lines = [_c(tr("Display names (the articles' terms); delete one to use istui's own."))]
    lines += [f"{key} = {_toml(JA_LABELS[key])}" for key in keys]
    when = tr('when "contact" is in the funnel')
    lines += [f"# contact = {_toml(JA_LABELS['contact'])}  # {when}"]
    return "\n".join(lines)


def default_config_text(
    rep_id: str | None = None, rep_name: str | None = None, language: str | None = None
) -> str:
    """The commented default config. ``language`` (default: the language in
    force when it is written) decides the default labels, the objection
    pick-list, the CSV byte order mark and the comments' language: Japanese
    ones for "ja"."""
    language = language or current_language()
    previous = current_language()
    if language == previous or language not in LANGUAGES:
        return _default_config_text(rep_id, rep_name, language)
    set_language(language)  # the comments in the file's language, not the screen's
    try:
        return _default_config_text(rep_id, rep_name, language)
    finally:
        set_language(previous)


def _c(comment: str) -> str:
    """``comment`` as TOML comment lines (each line after "# ")."""
    return "\n".join(f"# {line}" for line in comment.splitlines())


def _default_config_text(rep_id: str | None, rep_name: str | None, language: str) -> str:
    rep_id = rep_id or _default_rep_id()
    rep_name = rep_name or rep_id
    d: dict[str, dict[str, Any]] = {
        table: {**values, **(JA_DEFAULTS.get(table, {}) if language == "ja" else {})}
        for table, values in DEFAULTS.items()
    }
    k = KNOWN_METRICS
    reserved = " ".join(sorted(key for key in RESERVED_KEYS if key.isalnum()))
    targets = "\n".join(f"{key} = {value}" for key, value in d["targets"].items())
    c0 = _c(
        tr(
            "istui configuration. Edit by hand; istui re-reads it at every start.\n"
            "Keys in [rep], [targets] and [hours] are a public contract used by scripts."
        )
    )
    c1 = _c(tr("A stable id used in exports and the team merge, and the name shown on screen."))
    c2 = _c(
        tr(
            "The dial funnel, top first. Each dial is logged once with the deepest stage\n"
            'it reached, and counts for every stage above it. Add "contact" between\n'
            '"connect" and "meeting" to track effective conversations.'
        )
    )
    c3 = _c(tr("Counters outside the funnel (each key press adds one)."))
    c4 = _c(
        tr(
            "Daily targets per metric key. Target rates follow from them\n"
            "(connect rate target = connect / call). Every funnel metric needs one;\n"
            "a counter left out has no target (0)."
        )
    )
    c5 = _c(tr("Days worked, and dates off (holidays count as non-working days)."))
    c6 = _c(tr("When the morning and afternoon mid-checks fall due."))
    c7 = _c(tr("The objection pick-list of the end-of-day reflection; extend freely."))
    c8 = _c(
        tr(
            "The pick-lists of a cancelled meeting's and a lost deal's reason (comparable\n"
            "across reps: the team view counts them), and the currency of a won amount\n"
            "(whole units, kept exact)."
        )
    )
    c9 = _c(
        tr(
            "The target win rate in percent (受注率 = won ÷ meetings held; 0: none): the\n"
            "weekly review's bottleneck flow judges it once 5 deals were decided in a week."
        )
    )
    c10 = _c(
        tr(
            "Monthly targets for deals won and 受注金額 (0: none): the month view shows them\n"
            "against the deals won so far and their landing forecast."
        )
    )
    c11 = _c(
        tr(
            "The lead channels (リード流入元) and target segments (業界・企業規模) your team\n"
            "compares, and your call lists: on Today, / picks the list being dialled, and\n"
            "every dial carries its name, channel and segment (also: istui log --list NAME)."
        )
    )
    c12 = _c(
        tr(
            'The interface\'s language: "ja", "en", or "auto" (from LC_ALL / LC_MESSAGES /\n'
            'LANG: one beginning with "ja" gives Japanese). --lang overrides it for a run.'
        )
    )
    c13 = _c(
        tr(
            "When a mid-check or the reflection falls due: ring the terminal's bell, and\n"
            "send a desktop notification through the terminal (OSC 9 / OSC 777: iTerm2,\n"
            "WezTerm, kitty, foot, Ghostty and others show it). Also in the app's palette."
        )
    )
    c14 = _c(tr("Dated daily backups kept (one a day)."))
    c15 = _c(
        tr(
            "Start CSV outputs (export --format csv, report --format csv) with a UTF-8\n"
            "byte order mark, so Excel in a Japanese locale opens them as UTF-8."
        )
    )
    keys_comment = _c(
        tr(
            "One key per outcome, no Enter: a letter or digit, not one of {reserved}.",
            reserved=reserved,
        )
    )
    on_call = tr("a dial that did not connect")
    on_connect = tr("a dial that connected, no meeting")
    on_meeting = tr("a dial that connected and booked a meeting")
    on_size = tr("leads on the list (for リスト消化率); optional")
    on_channel = tr("one of channels")
    on_segment = tr("one of segments")
    contact_comment = tr('when "contact" is in the funnel')
    return f"""\
{c0}

[rep]
{c1}
id = "{rep_id}"
name = "{rep_name}"

[metrics]
{c2}
funnel = {_toml(d["metrics"]["funnel"])}
{c3}
counters = {_toml(d["metrics"]["counters"])}

[keys]
{keys_comment}
call = "{k["call"][2]}"       # {on_call}
connect = "{k["connect"][2]}"    # {on_connect}
meeting = "{k["meeting"][2]}"    # {on_meeting}
email = "{k["email"][2]}"
# contact = "{k["contact"][2]}"  # {contact_comment}

[labels]
{_labels_text(language)}

[targets]
{c4}
{targets}

[hours]
start = {_toml(d["hours"]["start"])}
end = {_toml(d["hours"]["end"])}
breaks = {_toml(d["hours"]["breaks"])}
{c5}
workdays = {_toml(d["hours"]["workdays"])}
holidays = {_toml(d["hours"]["holidays"])}

{_calendar_text(language)}
[midchecks]
{c6}
times = {_toml(d["midchecks"]["times"])}

[reflection]
{c7}
objections = {_toml(d["reflection"]["objections"])}

[deals]
{c8}
cancel_reasons = {_toml(d["deals"]["cancel_reasons"])}
lost_reasons = {_toml(d["deals"]["lost_reasons"])}
currency = {_toml(d["deals"]["currency"])}
{c9}
win_rate_target = {d["deals"]["win_rate_target"]}
{c10}
monthly_won = {d["deals"]["monthly_won"]}
monthly_amount = {d["deals"]["monthly_amount"]}

[lists]
{c11}
channels = {_toml(d["lists"]["channels"])}
segments = {_toml(d["lists"]["segments"])}
# [lists.named."Webinar 11月"]
# size = 300            # {on_size}
# channel = "webinar"   # {on_channel}
# segment = ""          # {on_segment}

[ui]
theme = {_toml(d["ui"]["theme"])}
{c12}
language = {_toml(d["ui"]["language"])}
{c13}
bell = {_toml(d["ui"]["bell"])}
desktop_notify = {_toml(d["ui"]["desktop_notify"])}

[store]
{c14}
backups_kept = {d["store"]["backups_kept"]}

[export]
{c15}
csv_bom = {_toml(d["export"]["csv_bom"])}
"""


def _calendar_text(language: str | None = None) -> str:
    """The default file's [calendar] table: Japan's holidays and year-end break
    in a Japanese default (``language``, else the language in force), none in
    an English one (with the Japanese example); its comment in the language in
    force."""
    values = CALENDAR_JA if (language or current_language()) == "ja" else DEFAULTS["calendar"]
    comment = tr(
        "Days off besides the weekdays not in [hours].workdays and your own dates in\n"
        "[hours].holidays; working days (plans, the month, pace, reviews) leave them out.\n"
        'country: the public holidays of a country (ISO code, e.g. "JP": 祝日 and\n'
        '振替休日, from the holidays library), or "" for none.\n'
        'company_days_off: the company\'s days off, every year as "MM-DD" or\n'
        '"MM-DD..MM-DD" (a span may cross the year end: "12-29..01-03"), or once as\n'
        '"YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD". A Japanese office:\n'
        'country = "JP" and company_days_off = ["12-29..01-03"].'
    )
    commented = "".join(f"# {line}\n" for line in comment.splitlines())
    return (
        f"[calendar]\n{commented}"
        f"country = {_toml(values['country'])}\n"
        f"company_days_off = {_toml(values['company_days_off'])}\n"
    )


class _Tracked(Mapping[str, Any]):
    """A TOML table that remembers which keys the parser asked for, so a key it
    never asked for (a typo like ``strat = "08:00"``) is reported, not ignored."""

    def __init__(self, data: Mapping[str, Any], asked: set[str]) -> None:
        self._data = data
        self._asked = asked

    def __getitem__(self, key: str) -> Any:
        self._asked.add(key)
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        self._asked.update(self._data)  # a table read whole (targets, keys) knows every key
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


class _Reader:
    """Typed access to a parsed TOML document, with errors that name the key."""

    def __init__(self, path: Path, data: Mapping[str, Any]) -> None:
        self.path = path
        self.data = data
        self.asked: dict[str, set[str]] = {}

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {key}: {message}")

    def table(self, name: str) -> Mapping[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, Mapping):
            raise self.fail(f"[{name}]", tr("must be a table"))
        return _Tracked(value, self.asked.setdefault(name, set()))

    def check_no_unknown_keys(self) -> None:
        for name, value in self.data.items():
            if not isinstance(value, Mapping):
                continue
            asked = self.asked.get(name, set())
            for key in value:
                if key not in asked:
                    known = ", ".join(sorted(asked)) or "none"
                    raise self.fail(
                        f"[{name}].{key}", tr("unknown key (known: {known})", known=known)
                    )

    def _typed(
        self, table: str, key: str, default: object, fits: Callable[[Any], bool], problem: str
    ) -> Any:
        """``[table].key`` (``default`` when absent), or the error naming it when
        it does not ``fit``: ``problem``, a catalog id with a ``{value}``."""
        value = self.table(table).get(key, default)
        if not fits(value):
            raise self.fail(f"[{table}].{key}", tr(problem, value=_got(value)))
        return value

    def string(self, table: str, key: str, default: str) -> str:
        value: str = self._typed(table, key, default, _is_str, N_("must be a string, got {value}"))
        return value

    def string_list(self, table: str, key: str, default: list[str]) -> list[str]:
        value: list[str] = self._typed(
            table, key, default, _is_str_list, N_("must be a list of strings, got {value}")
        )
        return value

    def boolean(self, table: str, key: str, default: bool) -> bool:
        value: bool = self._typed(
            table, key, default, _is_bool, N_("must be true or false, got {value}")
        )
        return value

    def clock(self, table: str, key: str, text: str) -> time:
        match = _HHMM_RE.match(text)
        if not match:
            raise self.fail(
                f"[{table}].{key}", tr("{text} is not a time like 09:00", text=repr(text))
            )
        return time(int(match.group(1)), int(match.group(2)))


def parse_config(text: str, path: Path) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(tr("{path}: not valid TOML: {problem}", path=path, problem=exc)) from None
    except RecursionError:
        raise ConfigError(
            tr("{path}: nested too deeply to be an istui config", path=path)
        ) from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise ConfigError(
            tr("{path}: not valid TOML: {problem}", path=path, problem=str(exc)[:80])
        ) from None
    r = _Reader(path, data)
    known_tables = {
        "rep", "metrics", "keys", "labels", "targets", "hours",
        "midchecks", "reflection", "ui", "store", "export", "calendar", "deals", "lists",
    }  # fmt: skip
    for name in data:
        if name not in known_tables:
            raise r.fail(
                f"[{name}]",
                tr("unknown table (known: {known})", known=", ".join(sorted(known_tables))),
            )

    rep_table = data.get("rep")
    has_id = isinstance(rep_table, dict) and "id" in rep_table
    rep_id = r.string("rep", "id", "" if has_id else _default_rep_id()).strip()
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", rep_id):
        raise r.fail(
            "[rep].id",
            tr(
                "{id} must be letters, digits, '.', '_' or '-', "
                "starting with a letter or digit (at most 64)",
                id=repr(rep_id),
            ),
        )
    rep_name = r.string("rep", "name", rep_id).strip() or rep_id

    metrics = _parse_metrics(r)
    targets = _parse_targets(r, metrics)
    hours = _parse_hours(r)
    calendar = _parse_calendar(r)

    midchecks = tuple(
        sorted(
            r.clock("midchecks", "times", t)
            for t in r.string_list("midchecks", "times", _default("midchecks", "times"))
        )
    )
    objections = tuple(
        o.strip()
        for o in r.string_list("reflection", "objections", _default("reflection", "objections"))
        if o.strip()
    )
    theme = r.string("ui", "theme", _default("ui", "theme"))
    language = r.string("ui", "language", _default("ui", "language"))
    if language not in ("auto", *LANGUAGES):
        raise r.fail(
            "[ui].language",
            tr(
                "must be one of {known}; got {value}",
                known=", ".join(("auto", *LANGUAGES)),
                value=_got(language),
            ),
        )
    bell = r.boolean("ui", "bell", _default("ui", "bell"))
    desktop_notify = r.boolean("ui", "desktop_notify", _default("ui", "desktop_notify"))
    kept = r.table("store").get("backups_kept", _default("store", "backups_kept"))
    if not isinstance(kept, int) or isinstance(kept, bool) or not 1 <= kept <= 366:
        raise r.fail(
            "[store].backups_kept",
            tr("must be a whole number 1-366, got {value}", value=_got(kept)),
        )
    csv_bom = r.boolean("export", "csv_bom", _default("export", "csv_bom"))
    deals = _parse_deals(r)
    lists = _parse_lists(r)
    r.check_no_unknown_keys()
    return Config(
        path=path,
        rep_id=rep_id,
        rep_name=rep_name,
        metrics=metrics,
        targets=targets,
        hours=hours,
        calendar=calendar,
        midchecks=midchecks,
        theme=theme,
        language=language,
        bell=bell,
        desktop_notify=desktop_notify,
        objections=objections,
        backups_kept=kept,
        csv_bom=csv_bom,
        deals=deals,
        lists=lists,
    )


def _tag_sentence(text: str, shown: str | None) -> str:
    """What is wrong with ``text`` as a list, channel or segment name, as one
    sentence about ``shown`` (None: about "the name" of a named list)."""
    if not text.strip() or text != text.strip():
        if shown is None:
            return tr("the name must be a name without surrounding spaces")
        return tr("{value} must be a name without surrounding spaces", value=shown)
    if len(text) > MAX_TAG:
        if shown is None:
            return tr(
                "the name is {length} characters (at most {limit})",
                length=len(text),
                limit=MAX_TAG,
            )
        return tr(
            "{value} is {length} characters (at most {limit})",
            value=shown,
            length=len(text),
            limit=MAX_TAG,
        )
    if shown is None:
        return tr("the name has a control character")
    return tr("{value} has a control character", value=shown)


def _parse_lists(r: _Reader) -> ListSettings:
    picks = {}
    for key in ("channels", "segments"):
        values = r.string_list("lists", key, _default("lists", key))
        for value in values:
            if tag_problem(value):
                raise r.fail(f"[lists].{key}", _tag_sentence(value, _got(value)))
        if len(set(values)) != len(values) or len(values) > 50:
            raise r.fail(f"[lists].{key}", tr("must be at most 50 different names"))
        picks[key] = tuple(values)
    named = r.table("lists").get("named", {})
    if not isinstance(named, Mapping) or len(named) > 500:
        raise r.fail("[lists].named", tr("must be a table of at most 500 lists"))
    items = []
    for name, spec in named.items():
        where = f"[lists.named.{name}]"
        if tag_problem(name):
            raise r.fail(where, _tag_sentence(name, None))
        if not isinstance(spec, Mapping):
            raise r.fail(where, tr("must be a table (size, channel, segment)"))
        unknown = sorted(set(spec) - {"size", "channel", "segment"})
        if unknown:
            raise r.fail(f"{where}.{unknown[0]}", tr("unknown key (known: channel, segment, size)"))
        size = spec.get("size")
        if size is not None and (
            not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_LIST_SIZE
        ):
            raise r.fail(
                f"{where}.size",
                tr("must be a whole number 1-{limit}", limit=f"{MAX_LIST_SIZE:,}"),
            )
        tags = {}
        for key, known in (("channel", picks["channels"]), ("segment", picks["segments"])):
            value = spec.get(key, "")
            if not isinstance(value, str) or (value and value not in known):
                raise r.fail(
                    f"{where}.{key}",
                    tr(
                        "{value} is not one of [lists].{key}s {known}",
                        value=_got(value),
                        key=key,
                        known=list(known),
                    ),
                )
            tags[key] = value
        items.append(CallList(name, size, tags["channel"], tags["segment"]))
    return ListSettings(picks["channels"], picks["segments"], tuple(items))


def _parse_deals(r: _Reader) -> DealSettings:
    lists = {}
    for key in ("cancel_reasons", "lost_reasons"):
        values = [v.strip() for v in r.string_list("deals", key, _default("deals", key))]
        for value in values:
            if not value or len(value) > 80 or not value.isprintable():
                raise r.fail(
                    f"[deals].{key}",
                    tr("{value} must be one line of 1-80 characters", value=_got(value)),
                )
        if len(set(values)) != len(values) or len(values) > 30:
            raise r.fail(f"[deals].{key}", tr("must be at most 30 different reasons"))
        lists[key] = tuple(values)
    currency = r.string("deals", "currency", _default("deals", "currency")).strip()
    if not re.match(r"^[A-Z]{3}$", currency):
        raise r.fail(
            "[deals].currency",
            tr("must be a 3-letter code like JPY, got {value}", value=_got(currency)),
        )
    win = r.table("deals").get("win_rate_target", _default("deals", "win_rate_target"))
    if not isinstance(win, int) or isinstance(win, bool) or not 0 <= win <= 100:
        raise r.fail(
            "[deals].win_rate_target",
            tr("must be a whole percent 0-100, got {value}", value=_got(win)),
        )
    monthly = {}
    for key, top in (("monthly_won", 10_000), ("monthly_amount", MAX_AMOUNT)):
        value = r.table("deals").get(key, _default("deals", key))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise r.fail(
                f"[deals].{key}",
                tr(
                    "must be a whole number 0-{limit}, got {value}",
                    limit=f"{top:,}",
                    value=_got(value),
                ),
            )
        monthly[key] = value
    return DealSettings(
        lists["cancel_reasons"],
        lists["lost_reasons"],
        currency,
        win,
        monthly["monthly_won"],
        monthly["monthly_amount"],
    )


def _parse_metrics(r: _Reader) -> MetricSet:
    funnel_keys = r.string_list("metrics", "funnel", _default("metrics", "funnel"))
    counter_keys = r.string_list("metrics", "counters", _default("metrics", "counters"))
    if not funnel_keys:
        raise r.fail("[metrics].funnel", tr("needs at least one stage (the dial)"))
    seen: set[str] = set()
    for key in funnel_keys + counter_keys:
        if not _KEY_RE.match(key):
            raise r.fail(
                "[metrics]", tr("{key} is not a metric key (lowercase a-z, 0-9, _)", key=repr(key))
            )
        if key in seen:
            raise r.fail("[metrics]", tr("{key} is listed twice", key=repr(key)))
        seen.add(key)
    binds = r.table("keys")
    labels = r.table("labels")
    for table_name, table in (("keys", binds), ("labels", labels)):
        for name in table:
            if name not in seen:
                raise r.fail(f"[{table_name}].{name}", tr("is not a metric in [metrics]"))
    used: dict[str, str] = {}

    def build(key: str, funnel: bool) -> Metric:
        label, short, bind = KNOWN_METRICS.get(key, (key.capitalize(), key[:6], ""))
        bind = binds.get(key, bind)
        if not isinstance(bind, str) or len(bind) != 1 or not (bind.isascii() and bind.isalnum()):
            raise r.fail(
                f"[keys].{key}", tr("must be one letter or digit, got {value}", value=_got(bind))
            )
        if bind in RESERVED_KEYS:
            raise r.fail(f"[keys].{key}", tr("{key} is reserved by istui", key=repr(bind)))
        if bind in used:
            raise r.fail(
                f"[keys].{key}",
                tr("{key} is already bound to {metric}", key=repr(bind), metric=used[bind]),
            )
        used[bind] = key
        text = labels.get(key, label)
        if not isinstance(text, str) or not text.strip():
            raise r.fail(f"[labels].{key}", tr("must be a non-empty string"))
        return Metric(
            key=key,
            name=text.strip(),
            short=short,
            bind=bind,
            funnel=funnel,
            default=key not in labels and key in KNOWN_METRICS,
        )

    return MetricSet(
        funnel=tuple(build(k, True) for k in funnel_keys),
        counters=tuple(build(k, False) for k in counter_keys),
    )


def _parse_targets(r: _Reader, metrics: MetricSet) -> dict[str, int]:
    table = r.table("targets")
    targets: dict[str, int] = {}
    for key, value in table.items():
        if metrics.get(key) is None:
            raise r.fail(f"[targets].{key}", tr("is not a metric in [metrics]"))
        problem = target_problem(value)
        if problem:
            raise r.fail(f"[targets].{key}", problem)
        targets[key] = value
    # A missing funnel target would silently judge every day against 0 (and be
    # recorded as a target version): refuse it. A counter may go without (0 =
    # no target).
    for metric in metrics.funnel:
        if metric.key not in targets:
            raise r.fail(
                f"[targets].{metric.key}", tr("missing; every funnel metric needs a daily target")
            )
    for key in metrics.keys:
        targets.setdefault(key, 0)
    return targets


def _parse_hours(r: _Reader) -> WorkHours:
    start = r.clock("hours", "start", r.string("hours", "start", _default("hours", "start")))
    end = r.clock("hours", "end", r.string("hours", "end", _default("hours", "end")))
    if end <= start:
        raise r.fail(
            "[hours].end",
            tr("{end} must be after start {start}", end=f"{end:%H:%M}", start=f"{start:%H:%M}"),
        )
    breaks = []
    for text in r.string_list("hours", "breaks", _default("hours", "breaks")):
        parts = text.split("-")
        if len(parts) != 2:
            raise r.fail(
                "[hours].breaks", tr("{text} is not a span like 12:00-13:00", text=repr(text))
            )
        b_start = r.clock("hours", "breaks", parts[0].strip())
        b_end = r.clock("hours", "breaks", parts[1].strip())
        if b_end <= b_start:
            raise r.fail("[hours].breaks", tr("{text} ends before it starts", text=repr(text)))
        breaks.append((b_start, b_end))
    hours = WorkHours(start=start, end=end, breaks=tuple(breaks))
    if hours.total_minutes <= 0:
        raise r.fail("[hours]", tr("the breaks leave no working time"))
    return hours


def _parse_calendar(r: _Reader) -> WorkCalendar:
    days = set()
    for name in r.string_list("hours", "workdays", _default("hours", "workdays")):
        if name.lower() not in WEEKDAY_NAMES:
            raise r.fail(
                "[hours].workdays",
                tr("{name} is not one of {known}", name=repr(name), known=", ".join(WEEKDAY_NAMES)),
            )
        days.add(WEEKDAY_NAMES.index(name.lower()))
    if not days:
        # No working day would silently zero every target on every day.
        raise r.fail("[hours].workdays", tr("needs at least one day"))
    holidays = set()
    for text in r.string_list("hours", "holidays", _default("hours", "holidays")):
        try:
            holidays.add(date.fromisoformat(text))
        except ValueError:
            raise r.fail(
                "[hours].holidays", tr("{text} is not a real date (YYYY-MM-DD)", text=repr(text))
            ) from None
    return WorkCalendar(
        workdays=frozenset(days),
        holidays=frozenset(holidays),
        company=_parse_days_off(r),
        public=_parse_country(r),
    )


_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2,3}$")


def _parse_country(r: _Reader) -> PublicHolidays:
    key = "[calendar].country"
    text = r.string("calendar", "country", _default("calendar", "country")).strip()
    if not text:
        return PublicHolidays()
    if not _COUNTRY_RE.match(text):
        raise r.fail(
            key, tr('{value} is not a country code like "JP" ("" for none)', value=_got(text))
        )
    from istui.services.holidays import HolidaysUnavailable, public_holidays, supported_countries

    code = text.upper()
    try:
        known = supported_countries()
    except HolidaysUnavailable:
        raise r.fail(
            key, tr("{value}: the holidays package is not installed", value=_got(text))
        ) from None
    if code not in known:
        raise r.fail(
            key,
            tr(
                '{value} is not a country the holidays library knows ("JP" for Japan, "" for none)',
                value=_got(text),
            ),
        )
    return public_holidays(code)


def _month_day(r: _Reader, entry: str, text: str) -> tuple[int, int]:
    match = _MONTH_DAY_RE.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2000, month, day)  # a leap year: 02-29 is a real day off
            return month, day
        except ValueError:
            pass
    raise r.fail(
        "[calendar].company_days_off",
        tr("{entry}: {value} is not a real month-day (MM-DD)", entry=_got(entry), value=_got(text)),
    )


def _dated(r: _Reader, entry: str, text: str) -> date:
    try:
        day = date.fromisoformat(text) if _DATE_RE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise r.fail(
            "[calendar].company_days_off",
            tr(
                "{entry}: {value} is not a real date (YYYY-MM-DD)",
                entry=_got(entry),
                value=_got(text),
            ),
        )
    problem = year_problem(day.year)
    if problem:
        raise r.fail(
            "[calendar].company_days_off",
            tr("{entry}: {problem}", entry=_got(entry), problem=problem),
        )
    return day


def _parse_days_off(r: _Reader) -> tuple[DaysOff, ...]:
    key = "[calendar].company_days_off"
    entries = r.string_list(
        "calendar", "company_days_off", _default("calendar", "company_days_off")
    )
    if len(entries) > MAX_DAYS_OFF:
        raise r.fail(key, tr("at most {n} entries, got {got}", n=MAX_DAYS_OFF, got=len(entries)))
    spans: list[DaysOff] = []
    for entry in entries:
        parts = [p.strip() for p in entry.strip().split("..")]
        if len(parts) > 2 or not all(parts):
            raise r.fail(
                key,
                tr(
                    '{entry} is not a day or a span like "12-29..01-03" or "2026-08-12..2026-08-14"',
                    entry=_got(entry),
                ),
            )
        first, last = parts[0], parts[-1]
        if _DATE_RE.match(first) or _DATE_RE.match(last):
            start, end = _dated(r, entry, first), _dated(r, entry, last)
            if end < start:
                raise r.fail(key, tr("{entry} ends before it starts", entry=_got(entry)))
            if (end - start).days >= MAX_DAYS_OFF:
                raise r.fail(
                    key, tr("{entry} is longer than {n} days", entry=_got(entry), n=MAX_DAYS_OFF)
                )
            spans.append(
                DaysOff((start.month, start.day), (end.month, end.day), start.year, end.year)
            )
        else:
            spans.append(DaysOff(_month_day(r, entry, first), _month_day(r, entry, last)))
    return tuple(spans)


def load_config(path: Path, *, create: bool = True) -> Config:
    """Read the config; with ``create``, a missing file is written as the commented default."""
    from istui.store.config_file import ConfigFileError, read_config_text

    try:
        text = read_config_text(path, default_config_text if create else None)
    except ConfigFileError as exc:
        raise ConfigError(str(exc)) from None
    return parse_config(text, path)


def set_config_value(path: Path, table: str, key: str, value: str | bool) -> None:
    """Set one value (the theme chosen in the app, an attention switch), keeping
    the file's comments.

    Adds the table or key when absent; edits a symlinked config at its target.
    """
    from istui.store.config_file import ConfigFileError, set_string_value

    try:
        set_string_value(path, table, key, value)
    except ConfigFileError as exc:
        raise ConfigError(str(exc)) from None
