"""The TOML config: the commented default, the public contract, and one clear
line naming file and key for every bad value."""

from __future__ import annotations

import getpass
from datetime import date, time
from pathlib import Path

import pytest

from istui.domain.calendar import WorkHours
from istui.services.config import (
    ConfigError,
    config_path_from,
    default_config_text,
    load_config,
    parse_config,
    set_config_value,
)


def test_first_run_writes_the_commented_default_and_it_works(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "istui" / "config.toml"
    config = load_config(path)
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# istui configuration")
    assert "[rep]" in text and "[targets]" in text and "[hours]" in text
    assert config.path == path
    assert config.metrics.keys == ("call", "connect", "meeting", "email")
    assert [m.bind for m in config.metrics.all] == ["c", "o", "m", "e"]
    assert dict(config.targets) == {"call": 100, "connect": 25, "meeting": 4, "email": 40}
    assert config.hours == WorkHours()
    assert config.calendar.workdays == frozenset(range(5))
    assert config.midchecks == (time(12), time(15, 30))
    assert config.backups_kept == 28
    # A second start reads the same file back unchanged.
    assert load_config(path) == config
    assert path.read_text(encoding="utf-8") == text


def test_missing_file_without_create_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    with pytest.raises(ConfigError, match="no such config file") as err:
        load_config(path, create=False)
    assert str(path) in str(err.value)
    assert not path.exists()


@pytest.mark.parametrize("user", ["_apt", "-x", "J.Doe", "太郎", "a" * 80, "", "Ünïcode-User"])
def test_default_config_loads_whatever_the_login_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str
) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: user)
    config = load_config(tmp_path / "config.toml")
    assert config.rep_id
    assert config.rep_name


def test_default_config_survives_a_failing_getuser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> str:
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", fail)
    assert load_config(tmp_path / "config.toml").rep_id == "rep"


def test_config_path_option_then_env_then_platform_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISTUI_CONFIG", str(tmp_path / "env.toml"))
    assert config_path_from(str(tmp_path / "opt.toml")) == tmp_path / "opt.toml"
    assert config_path_from(None) == tmp_path / "env.toml"
    monkeypatch.delenv("ISTUI_CONFIG")
    default = config_path_from(None)
    assert default.name == "config.toml"
    assert str(tmp_path / "xdg-config") in str(default)  # the isolated XDG dir


MINIMAL = """
[rep]
id = "rep-07"
name = "佐藤 花子"

[targets]
call = 80
connect = 20
meeting = 3

[hours]
start = "08:30"
end = "17:30"
breaks = ["12:00-12:45", "15:00-15:15"]
"""


def test_public_contract_rep_targets_hours(tmp_path: Path) -> None:
    config = parse_config(MINIMAL, tmp_path / "c.toml")
    assert config.rep_id == "rep-07"
    assert config.rep_name == "佐藤 花子"
    assert config.targets["call"] == 80
    assert config.targets["meeting"] == 3
    assert config.targets["email"] == 0  # a metric with no target asks for nothing
    assert config.hours.start == time(8, 30) and config.hours.end == time(17, 30)
    assert config.hours.breaks == ((time(12), time(12, 45)), (time(15), time(15, 15)))
    assert config.hours.total_minutes == 9 * 60 - 60


def test_optional_contact_stage_labels_and_custom_counters(tmp_path: Path) -> None:
    text = """
[metrics]
funnel = ["call", "connect", "contact", "meeting"]
counters = ["email", "linkedin"]
[keys]
contact = "t"
linkedin = "l"
meeting = "1"
[labels]
meeting = "アポ"
linkedin = "LinkedIn DM"
[targets]
call = 100
connect = 25
contact = 18
meeting = 4
linkedin = 10
"""
    config = parse_config(text, tmp_path / "c.toml")
    assert [m.key for m in config.metrics.funnel] == ["call", "connect", "contact", "meeting"]
    assert [m.key for m in config.metrics.counters] == ["email", "linkedin"]
    meeting = config.metrics.get("meeting")
    assert meeting is not None and meeting.label == "アポ" and meeting.bind == "1"
    linkedin = config.metrics.get("linkedin")
    assert linkedin is not None and linkedin.bind == "l" and not linkedin.funnel
    assert config.targets["contact"] == 18


def test_workdays_holidays_midchecks_objections_theme_backups(tmp_path: Path) -> None:
    text = """
[hours]
workdays = ["Tue", "wed", "thu", "fri", "sat"]
holidays = ["2026-11-23", "2026-12-31"]
[midchecks]
times = ["16:00", "11:30"]
[reflection]
objections = ["予算がない", "  ", "no need"]
[ui]
theme = "light"
[targets]
call = 100
connect = 25
meeting = 4
[store]
backups_kept = 7
"""
    config = parse_config(text, tmp_path / "c.toml")
    assert config.calendar.workdays == frozenset({1, 2, 3, 4, 5})
    assert config.calendar.holidays == frozenset({date(2026, 11, 23), date(2026, 12, 31)})
    assert config.midchecks == (time(11, 30), time(16))
    assert config.objections == ("予算がない", "no need")
    assert config.theme == "light"
    assert config.backups_kept == 7


BAD: list[tuple[str, str, str]] = [
    # (config text, key named, what is wrong)
    ("[rep\nid = 1", "", "not valid TOML"),
    ('x = "1"\n[rep]\nid = "a"\nid = "b"', "", "not valid TOML"),
    ("[repp]\nid = 'a'", "[repp]", "unknown table"),
    ("rep = 5", "[rep]", "must be a table"),
    ("[rep]\nid = 7", "[rep].id", "must be a string"),
    ("[rep]\nid = 'has space'", "[rep].id", "letters, digits"),
    ("[rep]\nid = ''", "[rep].id", "letters, digits"),
    ("[rep]\nname = ['x']", "[rep].name", "must be a string"),
    ("[targets]\ncall = -1", "[targets].call", "whole number >= 0"),
    ("[targets]\ncall = 10.5", "[targets].call", "whole number >= 0"),
    ("[targets]\ncall = '100'", "[targets].call", "whole number >= 0"),
    ("[targets]\ncall = true", "[targets].call", "whole number >= 0"),
    ("[targets]\ncalls = 100", "[targets].calls", "not a metric"),
    ("[targets]\ncontact = 10", "[targets].contact", "not a metric"),
    # A funnel stage with no target would judge every day against 0, silently.
    ("[targets]", "[targets].call", "missing; every funnel metric needs a daily target"),
    ("[targets]\ncall = 100\nmeeting = 4", "[targets].connect", "missing; every funnel"),
    (
        "[metrics]\nfunnel = ['call', 'meeting']\n[targets]\ncall = 9",
        "[targets].meeting",
        "missing",
    ),
    ("[metrics]\nfunnel = []", "[metrics].funnel", "at least one stage"),
    ("[metrics]\nfunnel = 'call'", "[metrics].funnel", "list of strings"),
    ("[metrics]\nfunnel = ['call', 'Call']", "[metrics]", "not a metric key"),
    ("[metrics]\nfunnel = ['call', 'call']", "[metrics]", "listed twice"),
    ("[metrics]\ncounters = ['call']", "[metrics]", "listed twice"),
    ("[keys]\nemail = 'c'", "[keys].email", "already bound to call"),
    ("[keys]\ncall = 'q'", "[keys].call", "reserved"),
    ("[keys]\ncall = 'u'", "[keys].call", "reserved"),
    ("[keys]\ncall = '?'", "[keys].call", "one letter or digit"),
    ("[keys]\ncall = 'cc'", "[keys].call", "one letter or digit"),
    ("[keys]\ncall = ''", "[keys].call", "one letter or digit"),
    ("[keys]\ncall = 'あ'", "[keys].call", "one letter or digit"),
    ("[keys]\ncall = 1", "[keys].call", "one letter or digit"),
    ("[keys]\ncontact = 't'", "[keys].contact", "not a metric"),
    ("[labels]\ncontact = 'Talks'", "[labels].contact", "not a metric"),
    ("[metrics]\ncounters = ['sms']", "[keys].sms", "one letter or digit"),  # no default key
    ("[labels]\nmeeting = ''", "[labels].meeting", "non-empty string"),
    ("[hours]\nstart = '9:00'", "[hours].start", "not a time like 09:00"),
    ("[hours]\nstart = '24:00'", "[hours].start", "not a time like 09:00"),
    ("[hours]\nend = 1800", "[hours].end", "must be a string"),
    ("[hours]\nstart = '18:00'\nend = '09:00'", "[hours].end", "must be after start"),
    ("[hours]\nstart = '09:00'\nend = '09:00'", "[hours].end", "must be after start"),
    ("[hours]\nbreaks = '12:00-13:00'", "[hours].breaks", "list of strings"),
    ("[hours]\nbreaks = ['12:00']", "[hours].breaks", "span like 12:00-13:00"),
    ("[hours]\nbreaks = ['12:00-13:00-14:00']", "[hours].breaks", "span like"),
    ("[hours]\nbreaks = ['13:00-12:00']", "[hours].breaks", "ends before it starts"),
    ("[hours]\nbreaks = ['12:00-12:70']", "[hours].breaks", "not a time"),
    ("[hours]\nbreaks = ['08:00-19:00']", "[hours]", "no working time"),
    ("[hours]\nworkdays = ['monday']", "[hours].workdays", "not one of mon"),
    ("[hours]\nworkdays = []", "[hours].workdays", "at least one"),
    ("[hours]\nholidays = ['2026-02-30']", "[hours].holidays", "not a real date"),
    ("[hours]\nholidays = ['tomorrow']", "[hours].holidays", "not a real date"),
    ("[hours]\nholidays = '2026-12-31'", "[hours].holidays", "list of strings"),
    ("[midchecks]\ntimes = ['noon']", "[midchecks].times", "not a time"),
    ("[store]\nbackups_kept = 0", "[store].backups_kept", "whole number 1-366"),
    ("[store]\nbackups_kept = 400", "[store].backups_kept", "whole number 1-366"),
    ("[store]\nbackups_kept = '28'", "[store].backups_kept", "whole number 1-366"),
    ("[store]\nbackups_kept = true", "[store].backups_kept", "whole number 1-366"),
    ("[ui]\ntheme = 5", "[ui].theme", "must be a string"),
    # A misspelt key is reported, never silently replaced by its default.
    ("[hours]\nstrat = '08:00'", "[hours].strat", "unknown key (known: breaks, end, holidays"),
    ("[rep]\nid = 'a'\nnmae = 'b'", "[rep].nmae", "unknown key (known: id, name)"),
    ("[store]\nbackup_kept = 3", "[store].backup_kept", "unknown key (known: backups_kept)"),
    ("[midchecks]\ntime = ['11:00']", "[midchecks].time", "unknown key"),
    ("[metrics]\nfunel = ['call']", "[metrics].funel", "unknown key"),
]


@pytest.mark.parametrize(("text", "key", "message"), BAD, ids=[b[0][:40] for b in BAD])
def test_every_bad_config_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, key: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    if "[targets]" not in text:
        text += "\n[targets]\ncall = 100\nconnect = 25\nmeeting = 4\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    line = str(err.value)
    assert line.startswith(f"{path}: {key}") if key else line.startswith(f"{path}: ")
    assert message in line
    assert "\n" not in line
    assert path.read_text(encoding="utf-8") == text  # never rewritten


@pytest.mark.parametrize("text", ["", "[rep]\nid = 'a'\n", "[targets]\n"])
def test_a_config_without_funnel_targets_is_refused(tmp_path: Path, text: str) -> None:
    """QA: a zero-byte config or one with no [targets] used to give zero targets,
    recorded as a target version judging every past day against 0."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == (
        f"{path}: [targets].call: missing; every funnel metric needs a daily target"
    )
    assert path.read_text(encoding="utf-8") == text


def test_a_counter_without_a_target_has_none(tmp_path: Path) -> None:
    text = "[targets]\ncall = 100\nconnect = 25\nmeeting = 4\n"
    assert parse_config(text, tmp_path / "c.toml").targets["email"] == 0


def test_config_that_is_not_utf8_or_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "sjis.toml"
    path.write_bytes('[rep]\nname = "山田"\n'.encode("shift_jis"))
    with pytest.raises(ConfigError, match="not UTF-8") as err:
        load_config(path)
    assert str(path) in str(err.value)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="cannot read") as err:
        load_config(folder)
    assert str(folder) in str(err.value)


def test_set_config_value_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    set_config_value(path, "ui", "theme", 'my "dark"')
    text = path.read_text(encoding="utf-8")
    assert "# istui configuration" in text
    assert load_config(path).theme == 'my "dark"'
    assert load_config(path).rep_name == "山田 太郎"
    set_config_value(path, "ui", "theme", "istui-dark")
    assert load_config(path).theme == "istui-dark"
    assert text.count("theme =") == 1


def test_set_config_value_adds_a_missing_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    set_config_value(path, "ui", "theme", "light")
    config = load_config(path)
    assert config.theme == "light"
    assert config.targets["call"] == 80


def test_default_config_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    path = afile / "istui" / "config.toml"
    with pytest.raises(ConfigError, match="cannot write the default config") as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert afile.read_text() == "mine"


def test_set_config_value_with_a_commented_table_header(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[ui]  # how it looks\ntheme = "istui-dark"\n\n[store]\nbackups_kept = 9\n'
        "[targets]\ncall = 1\nconnect = 1\nmeeting = 1\n"
    )
    set_config_value(path, "ui", "theme", "light")
    config = load_config(path)  # not a second [ui] table
    assert config.theme == "light"
    assert config.backups_kept == 9
    assert path.read_text().count("[ui]") == 1


def test_set_config_value_never_writes_a_config_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = 'ui = { theme = "istui-dark" }\n'  # an inline table: not editable line by line
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"\[ui\]\.theme") as err:
        set_config_value(path, "ui", "theme", "light")
    assert str(path) in str(err.value)
    assert path.read_text() == text


def test_set_config_value_edits_a_symlinked_config_at_its_target(tmp_path: Path) -> None:
    """A config kept in a dotfiles folder stays a link; the edit lands in the target."""
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "istui.toml"
    target.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(target)
    set_config_value(link, "ui", "theme", "istui-light")
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert load_config(link).theme == "istui-light"
    assert "# istui configuration" in target.read_text(encoding="utf-8")


def test_set_config_value_keeps_a_comment_on_the_edited_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[ui]\ntheme = "istui-dark"  # my pick\n', encoding="utf-8")
    set_config_value(path, "ui", "theme", "istui-light")
    assert path.read_text(encoding="utf-8") == '[ui]\ntheme = "istui-light"  # my pick\n'


def test_the_commented_default_file_and_the_parser_share_one_table_of_defaults(
    tmp_path: Path,
) -> None:
    """The default file written from DEFAULTS parses to the same Config as an empty file."""
    from istui.services.config import DEFAULTS, parse_config

    written = parse_config(default_config_text("rep-01", "x"), tmp_path / "a.toml")
    empty = parse_config(
        '[rep]\nid = "rep-01"\nname = "x"\n[targets]\n'
        + "\n".join(f"{k} = {v}" for k, v in DEFAULTS["targets"].items()),
        tmp_path / "b.toml",
    )
    for name in ("metrics", "targets", "hours", "calendar", "midchecks", "theme", "objections"):
        assert getattr(written, name) == getattr(empty, name), name
    assert written.backups_kept == empty.backups_kept == DEFAULTS["store"]["backups_kept"]
