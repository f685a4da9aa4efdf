"""The command line in the rep's language: the language decided before any
output, click's own messages through istui's catalog, and every command's and
option's ``--help`` text translated when it is shown.

Help texts are written in English where the command is declared (``help=N_(…)``
on the decorator, so the catalog finds them) and translated at format time by
the command classes below, so ``--help`` follows the language in force even
though the commands were built at import time (and lazily loaded commands stay
lazy).

Click looks its messages up with :func:`gettext.gettext` ("Usage:", "No such
option", "Missing argument", "[default: …]"). Pointing gettext's text domain
at istui's own compiled catalog and naming the chosen language in the
process's ``LANGUAGE`` (the variable gettext reads first) makes those come out
in the same language as istui's own sentences; their ids are listed below
(``CLICK_MESSAGES``) so the catalog carries their Japanese.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from istui import i18n
from istui.i18n import N_, tr, trn

FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)

#: gettext's name for istui's catalog (``locale/<lang>/LC_MESSAGES/istui.mo``).
DOMAIN = "istui"


def use_language(language: str) -> None:
    """Make ``language`` the one istui's sentences and click's messages use."""
    i18n.set_language(language)
    # catalog_path: <locale dir>/<lang>/LC_MESSAGES/istui.mo
    locale_dir = os.path.dirname(os.path.dirname(os.path.dirname(i18n.catalog_path(language))))
    gettext.bindtextdomain(DOMAIN, locale_dir)
    gettext.textdomain(DOMAIN)
    # gettext reads LANGUAGE before LC_ALL/LC_MESSAGES/LANG: this process's
    # click messages follow --lang / [ui].language, not only the locale.
    os.environ["LANGUAGE"] = language


def global_options(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """(--lang, --config) as given before the subcommand, read before click
    parses, so that even ``istui --help`` and a usage error are in the
    language asked for. A value click would refuse is left to click."""
    lang = config = None
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-") or arg == "--":
            break
        name, eq, value = arg.partition("=")
        if name in ("--lang", "--config", "--db", "--theme"):
            if not eq:
                if not rest:
                    break
                value = rest.pop(0)
            if name == "--lang" and value in ("auto", *i18n.LANGUAGES):
                lang = value
            elif name == "--config" and value:
                config = value
    return lang, config


#: The help of ``--help``, as click words it (its option is made once per
#: command, in the language of the moment: set again each time it is shown).
HELP_HELP = N_("Show this message and exit.")


@contextmanager
def translated(command: click.Command, ctx: click.Context | None = None) -> Iterator[None]:
    """The command's help, short help, epilog and its options' help in the
    language in force, for as long as the help is being formatted."""
    saved: list[tuple[object, str, str]] = []

    def swap(
        owner: object, attribute: str, fields: Mapping[str, object] | None, source: str = ""
    ) -> None:
        value = getattr(owner, attribute, None)
        if isinstance(value, str) and value:
            saved.append((owner, attribute, value))
            text = tr(source or value)
            setattr(owner, attribute, text.format(**fields) if fields else text)

    for attribute in ("help", "short_help", "epilog"):
        swap(command, attribute, getattr(command, "help_fields", None))
    for param in command.params:
        swap(param, "help", getattr(param, "help_fields", None))
    help_option = command.get_help_option(ctx) if ctx is not None else None
    if help_option is not None:
        swap(help_option, "help", None, HELP_HELP)
    try:
        yield
    finally:
        for owner, attribute, value in reversed(saved):
            setattr(owner, attribute, value)


#: Characters a wrapped line never begins with (the basic Japanese rule).
NO_LINE_START = "、。，．・：；？！）」』】〕ー～…ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.:;?!)]"


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells: ASCII words kept
    whole, a line broken between any two wide characters, and no line
    beginning with a closing mark (it goes up with the character before)."""
    from istui.render.cells import cells  # (only for --help: Rich)

    tokens: list[str] = []
    for char in text:
        if (
            char == " "
            or cells(char) > 1
            or not tokens
            or tokens[-1] == " "
            or cells(tokens[-1][-1]) > 1
        ):
            tokens.append(char)
        else:
            tokens[-1] += char
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and cells(line + token) > width and token != " ":
            if token[0] in NO_LINE_START:
                # the character before goes down too (and any closing marks before it)
                cut = len(line) - 1
                while cut > 0 and line[cut] in NO_LINE_START:
                    cut -= 1
                if cut > 0 and line[cut] != " ":
                    line, token = line[:cut], line[cut:] + token
            lines.append(line.rstrip())
            line = token
        elif token != " " or line:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


class CellHelpFormatter(click.HelpFormatter):
    """click's help layout, its text wrapped in terminal cells when it holds
    wide characters (click counts characters: a Japanese help line would run
    past the terminal's edge); text without them is click's own, byte for byte."""

    def write_text(self, text: str) -> None:
        from istui.render.cells import cells

        if cells(text) == len(text):
            super().write_text(text)
            return
        indent = " " * self.current_indent
        paragraphs = [p for p in text.split("\n\n")]
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.write("\n")
            joined = " ".join(part.strip() for part in paragraph.splitlines())
            for line in wrap_cells(joined, max(self.width - self.current_indent, 10)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        from istui.render.cells import cells

        rows = list(rows)
        if all(cells(second) == len(second) for _first, second in rows):
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max((cells(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_cells(second, max(self.width - first_col - 2, 10))
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class CellContext(click.Context):
    """A context whose help is laid out in terminal cells."""

    formatter_class = CellHelpFormatter


class TranslatedHelp(click.Command):
    """A command whose help is shown in the language in force."""

    context_class = CellContext

    def __init__(
        self, *args: Any, help_fields: Mapping[str, object] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        #: The values of the ``{name}`` fields of the help text.
        self.help_fields = help_fields

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated(self, ctx):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence, in at most ``limit`` terminal cells (click
        counts characters and ends a sentence only at ".": a Japanese line
        would run past the terminal's edge)."""
        from istui.render.cells import cells, clip  # (only for --help: Rich)

        with translated(self):
            text = super().get_short_help_str(limit)
            if cells(text) == len(text):  # no wide characters: click's own rule
                return text
            text = super().get_short_help_str(limit * 2)
        if "。" in text:
            text = text[: text.index("。") + 1]
        if cells(text) <= limit:
            return text
        return clip(text.removesuffix("..."), limit)


class IstuiCommand(TranslatedHelp):
    """Every istui command (``@click.command(cls=IstuiCommand, help=N_(…))``)."""


class IstuiOption(click.Option):
    """An option whose help has ``{name}`` fields (``help_fields={…}``)."""

    def __init__(
        self, *args: Any, help_fields: Mapping[str, object] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.help_fields = help_fields


class IstuiSubGroup(TranslatedHelp, click.Group):
    """A group of istui commands (``istui targets``); its commands are istui's."""

    command_class = IstuiCommand
    group_class = type  # a group made in it is of its own class


def error_message(exc: click.ClickException) -> str:
    """The exception's message in the language in force. A missing option or
    argument is said as one sentence (click joins "Missing option" and the
    name, an order Japanese does not use); the rest is click's (through the
    catalog) or istui's own, already translated."""
    if isinstance(exc, click.MissingParameter) and exc.param is not None and not exc.message:
        param = exc.param
        kind = exc.param_type or param.param_type_name
        hint = exc.param_hint or param.get_error_hint(exc.ctx)
        extra = param.type.get_missing_message(param=param, ctx=exc.ctx)
        if isinstance(hint, str) and not extra:
            if kind == "option":
                return tr("Missing option {name}.", name=hint)
            if kind == "argument":
                return tr("Missing argument {name}.", name=hint)
    return exc.format_message()


#: click's own user-facing messages (click 8.x, looked up by ``gettext``), so
#: the catalog translates them; the ids must stay exactly click's.
CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Aborted!"),
    N_("deprecated"),
    N_("required"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid UUID."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
)


#: What ``istui --version`` prints (click's words).
VERSION_MESSAGE = N_("%(prog)s, version %(version)s")


def version_option(version: str) -> Callable[[FC], FC]:
    """``--version``, its line in the language in force (click's own option
    words it once, when the command is declared)."""

    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(tr(VERSION_MESSAGE) % {"prog": "istui", "version": version})
            ctx.exit()

    return click.option(
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=show,
        help=N_("Show the version and exit."),
    )


def click_plurals(n: int) -> tuple[str, ...]:
    """click's messages with a count (looked up by ``gettext.ngettext``), in
    the language in force: listed here so the catalog carries them."""
    return (
        trn(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            n,
        ),
        trn(
            "Takes {nargs} values but 1 was given.",
            "Takes {nargs} values but {len} were given.",
            n,
        ),
        trn(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            n,
        ),
        trn("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n),
        trn("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
        trn(
            "{value!r} does not match the format {format}.",
            "{value!r} does not match the formats {formats}.",
            n,
        ),
        trn(
            "{len_type} values are required, but {len_value} was given.",
            "{len_type} values are required, but {len_value} were given.",
            n,
        ),
    )
