"""Role-play pages and steps for tests, built as an editor would."""

from django.utils.text import slugify

from courses.models import Clause, ModulePage
from roleplays.models import RolePlayPage
from tests.factories import make_course, publish


def clause(code, title=""):
    return Clause.objects.get_or_create(code=code, defaults={"title": title or code})[0]


def reply(key, text, next, score=0, mood=0, clauses=(), critical=False, feedback=""):
    return {
        "key": key,
        "text": text,
        "next": next,
        "score": score,
        "mood_change": mood,
        "clauses": list(clauses),
        "critical": critical,
        "feedback": feedback or f"Feedback on {key}.",
    }


def customer(key, line, *replies):
    return ("customer_step", {"key": key, "line": line, "replies": list(replies)})


def narration(key, text, next):
    return ("narration", {"key": key, "text": text, "next": next})


def ending(key, outcome="resolved", passes=True, debrief=""):
    return (
        "ending",
        {
            "key": key,
            "outcome": outcome,
            "counts_as_pass": passes,
            "debrief": debrief or f"Debrief of {key}.",
        },
    )


def sofa_steps():
    """The late-sofa call: three endings, a critical reply, narration, clauses."""
    own, promise = clause("TEL-4", "Own the request"), clause("POL-1", "One hour")
    return [
        customer(
            "greeting",
            "Three weeks! Where is my sofa?",
            reply("apologise", "I'm sorry. Let me look now.", "lookup", 3, 2, [own]),
            reply("policy", "Deliveries take up to four weeks.", "lookup", 0, 0),
            reply("blame", "That's the courier's fault.", "lost", -3, -2, [own], True),
        ),
        narration("lookup", "The order is stuck at the warehouse.", "offer"),
        customer(
            "offer",
            "So what now?",
            reply("own", "I'll call you back within the hour.", "won", 3, 2, [promise]),
            reply(
                "transfer", "I'll pass you to logistics.", "escalated", -1, -1, [own]
            ),
        ),
        ending("won", "resolved", True),
        ending("escalated", "escalated", False),
        ending("lost", "customer_lost", False),
    ]


def chain_steps(count):
    """``count`` customer steps in a row, each with two replies, then two endings."""
    steps = []
    for n in range(count):
        after = f"s{n + 1}" if n + 1 < count else "won"
        steps.append(
            customer(
                f"s{n}",
                f"Line {n}",
                reply("good", f"Good answer {n}", after, 2, 1),
                reply("poor", f"Poor answer {n}", after if n else "lost", -1, -1),
            )
        )
    steps += [ending("won"), ending("lost", "customer_lost", False)]
    return steps


def make_roleplay(module=None, steps=None, title="Late sofa", **fields):
    """A published role-play under ``module`` (a new course's first, by default)."""
    if module is None:
        course = make_course(f"Course for {title}", modules=1, lessons=1)
        module = ModulePage.objects.child_of(course).get()
    fields = {
        "persona_name": "Maria Ozola",
        "persona_role": "Waiting for a sofa",
        "starting_mood": -2,
        "pass_threshold": 70,
        **fields,
    }
    page = RolePlayPage(
        title=title,
        slug=slugify(title),
        steps=sofa_steps() if steps is None else steps,
        **fields,
    )
    publish(module, page)
    page.refresh_from_db()
    return page
