"""Role-play scenarios as Twee 3, the text format of Twine.

Authors can sketch a scenario in Twine's visual map and import it, or export one
to edit there. Everything our model needs travels in passage tags, because Twine
keeps tags (and drops most else):

    :: StoryTitle
    Late sofa delivery

    :: StoryData
    {"ifid": "…", "format": "Harlowe", "format-version": "3.3.9", "start": "greeting"}

    :: greeting [customer]
    Three weeks! Where is my sofa?
    [[I'm sorry. Let me check your order right now.->greeting/apologise]]
    [[Deliveries are not my department.->greeting/deflect]]

    :: greeting/apologise [reply score:3 mood:+2 clause:TEL-4 clause:POL-1]
    Good: you owned the problem before explaining it.
    [[Continue->lookup]]

    :: greeting/deflect [reply score:-3 mood:-2 clause:TEL-4 critical]
    Passing the caller on breaks TEL-4.
    [[Continue->lost]]

    :: lookup [narration]
    The order is stuck at the warehouse.
    [[Continue->explain]]

    :: won-back [ending outcome:resolved pass]
    The debrief the learner reads at the end.

- A step is a passage named by its key and tagged `customer`, `narration` or
  `ending`. A customer passage's text runs up to its first link; each link line
  after it is one reply, linking to the reply's passage.
- A reply is a passage named `<step key>/<reply key>` and tagged `reply`, with
  `score:N`, `mood:N` (signed), one `clause:CODE` per clause, and `critical` when
  the reply fails the role-play. Its text is the feedback; its one link leads to
  the next step.
- An ending is tagged `outcome:resolved`, `outcome:escalated` or
  `outcome:customer_lost`, plus `pass` when it counts as a pass. Its text is the
  debrief.
- StoryData's `start` names the first step. `script` and `stylesheet` passages
  are ignored, so a file can carry a story format's own code.
Such a file still plays in Twine: the reader picks a reply, reads its feedback
and continues.
"""

import json
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from roleplays import scenario as sc
from roleplays.scenario.graph import successors

STORY_FORMAT, STORY_FORMAT_VERSION = "Harlowe", "3.3.9"
HEADER = re.compile(
    r"^::\s*(?P<name>(?:\\.|[^\\\[{])*?)\s*"
    r"(?:\[(?P<tags>[^\]]*)\])?\s*(?:(?P<meta>\{.*\}))?\s*$"
)
LINK = re.compile(r"^\s*\[\[(?P<inner>.+?)\]\]\s*$")
SPECIAL = {"StoryTitle", "StoryData"}
IGNORED_TAGS = {"script", "stylesheet"}
REPLY_SEPARATOR = "/"

NO_PASSAGES = _("The file has no passages (lines starting with “::”).")
NO_STEPS = _("The file has no steps: tag passages customer, narration or ending.")
BAD_STORY_DATA = _("Line %(line)s: StoryData is not valid JSON.")
DUPLICATE_PASSAGE = _("Line %(line)s: a second passage named “%(name)s”.")
UNKNOWN_KIND = _(
    "Line %(line)s: passage “%(name)s” needs one of the tags customer, reply, "
    "narration or ending."
)
BAD_NUMBER = _("Line %(line)s: “%(tag)s” needs a whole number, e.g. score:3.")
UNKNOWN_TAG = _("Line %(line)s: unknown tag “%(tag)s” on “%(name)s”.")
UNKNOWN_CLAUSE = _("Line %(line)s: no clause of the standard has the code “%(code)s”.")
BAD_OUTCOME = _(
    "Line %(line)s: ending “%(name)s” needs outcome:resolved, outcome:escalated "
    "or outcome:customer_lost."
)
ONE_LINK = _("Line %(line)s: “%(name)s” needs exactly one link to the next step.")
NO_LINKS_IN_ENDING = _("Line %(line)s: ending “%(name)s” cannot link anywhere.")
TEXT_AFTER_REPLIES = _(
    "Line %(line)s: text after the replies of “%(name)s”; put the customer's "
    "words before the links."
)
REPLY_NOT_A_REPLY = _(
    "Line %(line)s: “%(name)s” links to “%(target)s”, which is not a reply passage "
    "of this step (name it “%(name)s/<reply key>” and tag it reply)."
)
ORPHAN_REPLY = _(
    "Line %(line)s: reply “%(name)s” is not linked from its step's passage."
)


@dataclass
class Passage:
    name: str
    tags: list[str]
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip("\n").rstrip()


@dataclass
class TweeImport:
    title: str = ""
    scenario: sc.Scenario | None = None
    problems: list[str] = field(default_factory=list)


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("\\::") else line


def _escape(text: str) -> str:
    return "\n".join(
        "\\" + ln if ln.startswith("::") else ln for ln in text.split("\n")
    )


def _link_target(inner: str) -> tuple[str, str]:
    """(text, target) of a Twine link's inside, in any of its four forms."""
    if "->" in inner:
        text, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, text = inner.split("<-", 1)
    elif "|" in inner:
        text, target = inner.rsplit("|", 1)
    else:
        text = target = inner
    return text.strip(), target.strip()


def read_passages(text: str) -> list[Passage]:
    passages, current = [], None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        match = HEADER.match(line) if line.startswith("::") else None
        if match:
            name = re.sub(r"\\(.)", r"\1", match["name"])
            current = Passage(name, (match["tags"] or "").split(), number)
            passages.append(current)
        elif current is not None:
            current.lines.append(_unescape(line))
    return passages


def _split_links(passage: Passage):
    """The text before a passage's first link line, and its links with line numbers."""
    body, links = [], []
    for offset, line in enumerate(passage.lines, start=1):
        match = LINK.match(line)
        if match:
            links.append((passage.line + offset, *_link_target(match["inner"])))
        elif links and line.strip():
            return None, links
        elif not links:
            body.append(line)
    return "\n".join(body).strip("\n").rstrip(), links


def _reply(passage, text, target, problems, clause_ids) -> sc.Reply | None:
    score = mood = 0
    clauses, critical = [], False
    at = {"line": passage.line, "name": passage.name}
    for tag in passage.tags:
        name, _sep, value = tag.partition(":")
        if tag == "reply":
            continue
        if tag == "critical":
            critical = True
        elif name in ("score", "mood"):
            try:
                number = int(value)
            except ValueError:
                problems.append(BAD_NUMBER % {**at, "tag": tag})
                continue
            score, mood = (number, mood) if name == "score" else (score, number)
        elif name == "clause":
            if value in clause_ids:
                clauses.append(clause_ids[value])
            else:
                problems.append(UNKNOWN_CLAUSE % {**at, "code": value})
        else:
            problems.append(UNKNOWN_TAG % {**at, "tag": tag})
    feedback, links = _split_links(passage)
    if feedback is None or len(links) != 1:
        problems.append(ONE_LINK % at)
        return None
    key = passage.name.rpartition(REPLY_SEPARATOR)[2]
    return sc.Reply(
        key, text, links[0][2], score, feedback, mood, tuple(clauses), critical
    )


def _step(passage, by_name, used, problems, clause_ids) -> sc.Step | None:
    at = {"line": passage.line, "name": passage.name}
    tags = set(passage.tags)
    if "customer" in tags:
        line, links = _split_links(passage)
        if line is None:
            problems.append(TEXT_AFTER_REPLIES % at)
            return None
        replies = []
        for number, text, target in links:
            reply_passage = by_name.get(target)
            prefix = passage.name + REPLY_SEPARATOR
            if (
                reply_passage is None
                or "reply" not in reply_passage.tags
                or not target.startswith(prefix)
            ):
                problems.append(
                    REPLY_NOT_A_REPLY % {**at, "line": number, "target": target}
                )
                continue
            used.add(target)
            reply = _reply(reply_passage, text, target, problems, clause_ids)
            if reply:
                replies.append(reply)
        return sc.Step(passage.name, sc.CUSTOMER, line, tuple(replies))
    if "narration" in tags:
        body, links = _split_links(passage)
        if body is None or len(links) != 1:
            problems.append(ONE_LINK % at)
            return None
        return sc.Step(passage.name, sc.NARRATION, body, next=links[0][2])
    outcomes = [t.partition(":")[2] for t in passage.tags if t.startswith("outcome:")]
    if len(outcomes) != 1 or outcomes[0] not in sc.OUTCOMES:
        problems.append(BAD_OUTCOME % at)
        return None
    body, links = _split_links(passage)
    if links:
        problems.append(NO_LINKS_IN_ENDING % at)
        return None
    return sc.Step(
        passage.name,
        sc.ENDING,
        body,
        outcome=outcomes[0],
        counts_as_pass="pass" in tags,
    )


def parse_twee(text: str, *, clause_ids: dict[str, int]) -> TweeImport:
    """Read a Twee 3 file; ``problems`` lists everything wrong with it, by line."""
    result = TweeImport()
    passages = read_passages(text)
    if not passages:
        result.problems.append(str(NO_PASSAGES))
        return result
    by_name, start = {}, ""
    for passage in passages:
        if passage.name in by_name:
            result.problems.append(
                DUPLICATE_PASSAGE % {"line": passage.line, "name": passage.name}
            )
            continue
        by_name[passage.name] = passage
        if passage.name == "StoryTitle":
            result.title = passage.text.strip()
        elif passage.name == "StoryData":
            try:
                start = str(json.loads(passage.text or "{}").get("start", ""))
            except (ValueError, AttributeError):
                result.problems.append(BAD_STORY_DATA % {"line": passage.line})
    steps, used = [], set()
    kinds = {"customer", "narration", "ending"}
    for passage in by_name.values():
        tags = set(passage.tags)
        if passage.name in SPECIAL or tags & IGNORED_TAGS or "reply" in tags:
            continue
        if not tags & kinds:
            result.problems.append(
                UNKNOWN_KIND % {"line": passage.line, "name": passage.name}
            )
            continue
        step = _step(passage, by_name, used, result.problems, clause_ids)
        if step:
            steps.append(step)
    for passage in by_name.values():
        if "reply" in passage.tags and passage.name not in used:
            result.problems.append(
                ORPHAN_REPLY % {"line": passage.line, "name": passage.name}
            )
    if not steps and not result.problems:
        result.problems.append(str(NO_STEPS))
    result.problems.sort(key=_line_number)
    result.scenario = sc.Scenario(tuple(steps), start)
    return result


def _line_number(problem) -> int:
    found = re.search(r"\d+", str(problem))
    return int(found.group()) if found else 0


def _positions(scenario: sc.Scenario) -> dict[str, tuple[int, int]]:
    """A tidy layout for Twine's map: one column per depth from the start."""
    depth = {scenario.start: 0}
    queue = [scenario.start]
    while queue:
        key = queue.pop(0)
        for target in successors(scenario, key):
            if target not in depth:
                depth[target] = depth[key] + 1
                queue.append(target)
    rows: dict[int, int] = {}
    positions = {}
    for step in scenario.steps:
        column = depth.get(step.key, max(depth.values(), default=0) + 1)
        row = rows.get(column, 0)
        rows[column] = row + 1 + len(step.replies)
        positions[step.key] = (100 + column * 400, 100 + row * 125)
        for offset, reply in enumerate(step.replies, start=1):
            position = (300 + column * 400, 100 + (row + offset) * 125)
            positions[step.key + REPLY_SEPARATOR + reply.key] = position
    return positions


def _header(name: str, tags: list[str], position: tuple[int, int]) -> str:
    meta = json.dumps({"position": f"{position[0]},{position[1]}", "size": "100,100"})
    return f":: {name} [{' '.join(tags)}] {meta}"


def _block(*lines: str) -> str:
    return "\n".join(line for line in lines if line) + "\n"


def export_twee(
    scenario: sc.Scenario, *, title: str, ifid: str, clause_codes: dict[int, str]
) -> str:
    """The scenario as a Twee 3 file that ``parse_twee`` reads back unchanged."""
    data = {
        "ifid": ifid.upper(),
        "format": STORY_FORMAT,
        "format-version": STORY_FORMAT_VERSION,
        "start": scenario.start,
    }
    chunks = [
        _block(":: StoryTitle", title),
        _block(":: StoryData", json.dumps(data, indent=2)),
    ]
    positions = _positions(scenario)
    for step in scenario.steps:
        position = positions[step.key]
        if step.kind == sc.CUSTOMER:
            names = [step.key + REPLY_SEPARATOR + reply.key for reply in step.replies]
            links = [
                f"[[{reply.text}->{name}]]"
                for reply, name in zip(step.replies, names, strict=True)
            ]
            chunks.append(
                _block(_header(step.key, ["customer"], position), _escape(step.text))
                + "\n".join(links)
                + "\n"
            )
            for reply, name in zip(step.replies, names, strict=True):
                tags = ["reply", f"score:{reply.score}", f"mood:{reply.mood_change:+d}"]
                tags += [
                    f"clause:{clause_codes[pk]}"
                    for pk in reply.clauses
                    if pk in clause_codes
                ]
                tags += ["critical"] if reply.critical else []
                chunks.append(
                    _block(
                        _header(name, tags, positions[name]),
                        _escape(reply.feedback),
                        f"[[Continue->{reply.next}]]",
                    )
                )
        elif step.kind == sc.NARRATION:
            chunks.append(
                _block(
                    _header(step.key, ["narration"], position),
                    _escape(step.text),
                    f"[[Continue->{step.next}]]",
                )
            )
        else:
            tags = ["ending", f"outcome:{step.outcome}"]
            tags += ["pass"] if step.counts_as_pass else []
            chunks.append(_block(_header(step.key, tags, position), _escape(step.text)))
    return "\n".join(chunks)
