"""The 1on1's words: the seven questions, the follow-ups for 「特に問題ありません」,
the advice on silence, the format's phases and its clock (domain/oneonone.py).

English keeps its own wording (domain.md); the Japanese catalog holds the
article's own (seeds/000: 7つの質問, ケース1 and ケース2), so a Japanese sheet
or screen asks exactly what the article asks. The same words serve the 1on1
screen and the markdown 1on1 sheet (render/review_report.py).
"""

from __future__ import annotations

from istui.domain.oneonone import PHASES, SILENCE_SECONDS, TOTAL_MINUTES, OneOnOne, PhaseAt
from istui.i18n import N_, tr, trp
from istui.render.numbers import NO_VALUE
from istui.render.review import kpi_row
from istui.render.safe import one_line
from istui.services.review import ReviewBundle

#: The seven 1on1 questions of the articles (domain.md), for the conversation.
ONE_ON_ONE_QUESTIONS = (
    N_("What results or progress did you have this week?"),
    N_("What is consuming most of your time or energy right now?"),
    N_("When do you feel most fulfilled in this job?"),
    N_("If things were ideal one month from now, what would that look like?"),
    N_("What skills or knowledge would help you get more results?"),
    N_("What support from me or the organisation could be better?"),
    N_("Any new discoveries or learnings from recent work?"),
)
#: What each question is for (the article's headings: 現状把握のための質問 …).
QUESTION_PURPOSES = (
    N_("to see the current state"),
    N_("to find the issue"),
    N_("to check motivation"),
    N_("to set the goal"),
    N_("to develop skills"),
    N_("to check support"),
    N_("to share learnings"),
)
#: The follow-ups when the answer is "no problems" (the article's ケース2).
NO_PROBLEM_PROMPTS = (
    N_("If you could improve one thing, what would it be?"),
    N_("What differs from the ideal?"),
    N_("What would you advise a teammate in your situation?"),
)


def phase_name(key: str) -> str:
    """A phase of the format by its key (domain PHASES)."""
    names = {
        "ice_break": trp("1on1 phase", "Ice-break"),
        "current_state": trp("1on1 phase", "Current state"),
        "real_issue": trp("1on1 phase", "The real issue"),
        "solutions": trp("1on1 phase", "Their own solutions"),
        "actions": trp("1on1 phase", "Next actions in their words"),
    }
    return names[key]


#: The article's example opener for the ice-break.
ICE_BREAK_EXAMPLE = N_("Has anything changed in your private life lately?")


def question(number: int) -> str:
    """ "3. When do you feel …" in the language in force."""
    return tr(
        "{number}. {question} ({purpose})",
        number=number,
        question=tr(ONE_ON_ONE_QUESTIONS[number - 1]),
        purpose=tr(QUESTION_PURPOSES[number - 1]),
    )


def no_problem_line() -> str:
    """The three follow-ups, on one line."""
    return tr(
        "If the answer is “no problems”: {prompts}",
        prompts=" · ".join(tr(p) for p in NO_PROBLEM_PROMPTS),
    )


def silence_line() -> str:
    return tr(
        "Silence after a question is thinking time: wait at least {seconds} seconds, "
        "and say “Take your time, there is no hurry.”",
        seconds=SILENCE_SECONDS,
    )


def ice_break_line() -> str:
    return tr("Ice-break, for example: {example}", example=tr(ICE_BREAK_EXAMPLE))


def phase_label(index: int) -> str:
    """ "② Current state 10′" (minutes)."""
    key, minutes = PHASES[index]
    return tr(
        "{mark} {phase} {minutes}′",
        mark="①②③④⑤⑥"[index],
        phase=phase_name(key),
        minutes=minutes,
    )


def clock_text(elapsed_seconds: float) -> str:
    """ "12:34 of 45:00" (minutes and seconds since the 1on1 began)."""
    seconds = max(0, int(elapsed_seconds))
    minutes, rest = divmod(seconds, 60)
    elapsed = f"{minutes}:{rest:02d}"
    return tr("{elapsed} of {total}:00", elapsed=elapsed, total=TOTAL_MINUTES)


def guide_note(at: PhaseAt) -> str:
    """What the clock suggests, never forces."""
    if at.over:
        return tr("past the format's {total} minutes: close with the actions", total=TOTAL_MINUTES)
    return tr("the guide suggests: {phase}", phase=phase_name(at.key))


def figures_line(bundle: ReviewBundle) -> str:
    """The week's KPIs on one line: "Calls 420/500 84% · Connects …"."""
    parts = []
    for line in bundle.review.lines:
        label, actual, target, achieved, *_ = kpi_row(line)
        parts.append(
            trp(
                "1on1",
                "{metric} {actual}/{target} {achieved}",
                metric=label,
                actual=actual,
                target=target,
                achieved=achieved,
            )
        )
    return " · ".join(parts) or NO_VALUE


def answers_lines(talk: OneOnOne | None) -> list[str]:
    """A recorded 1on1's answers, one line each ("3. …: answer"), the unanswered left out."""
    if talk is None:
        return []
    return [
        trp(
            "1on1",
            "{number}. {answer}",
            number=number,
            answer=one_line(talk.answer(number)),
        )
        for number in range(1, len(talk.answers) + 1)
        if talk.answer(number).strip()
    ]
