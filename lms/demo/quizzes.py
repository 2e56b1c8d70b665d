"""The demo quizzes: one question bank and one graded quiz per module, and a
practice quiz for self-assessment. Loading twice duplicates nothing.

Questions are checked by the same rules as the admin's question form (through
``quizzes.transfer.record_errors``) before anything is written.
"""

from dataclasses import dataclass, field

from django.db import transaction

from lms.demo.course import load_clauses
from quizzes.admin_forms import ChoiceValues
from quizzes.models import Category, CategoryDraw, Choice, Question, QuestionBank, Quiz
from quizzes.transfer import QuestionRecord, record_errors

STANDARD_SETTINGS = {
    "mode": Quiz.Mode.GRADED,
    "pass_mark": 80,
    "attempt_limit": 3,
    "cooldown_minutes": 10,
    "time_limit_minutes": None,
    "question_count": None,
    "random_order": False,
    "shuffle_choices": True,
    "one_question_per_page": False,
    "feedback": Quiz.Feedback.END,
    "grading": Quiz.Grading.HIGHEST,
}
PRACTICE_TITLE = "Self-check: serving the customer"
# The module whose bank the practice quiz draws from; its page links to it.
PRACTICE_MODULE = "stages-of-service"


# Question builders: choices are (text, correct, feedback) unless said otherwise.


def single(text, choices, explanation, clauses, *, category="", points=1):
    return QuestionRecord(
        kind="single",
        text=text,
        category=category,
        points=points,
        explanation=explanation,
        clauses=clauses,
        choices=[ChoiceValues(t, correct, "", fb) for t, correct, fb in choices],
    )


def multiple(text, choices, explanation, clauses, *, category="", points=2):
    return QuestionRecord(
        kind="multiple",
        text=text,
        category=category,
        points=points,
        partial_credit=True,
        explanation=explanation,
        clauses=clauses,
        choices=[ChoiceValues(t, correct, "", fb) for t, correct, fb in choices],
    )


def true_false(text, answer, explanation, clauses, *, category=""):
    return QuestionRecord(
        kind="true_false",
        text=text,
        category=category,
        answer_is_true=answer,
        explanation=explanation,
        clauses=clauses,
    )


def ordering(text, items, explanation, clauses, *, category="", points=2):
    """``items`` in the correct order."""
    return QuestionRecord(
        kind="ordering",
        text=text,
        category=category,
        points=points,
        partial_credit=True,
        explanation=explanation,
        clauses=clauses,
        choices=[ChoiceValues(item) for item in items],
    )


def matching(text, pairs, explanation, clauses, *, category="", points=2):
    """``pairs`` of (left, right)."""
    return QuestionRecord(
        kind="matching",
        text=text,
        category=category,
        points=points,
        partial_credit=True,
        explanation=explanation,
        clauses=clauses,
        choices=[ChoiceValues(left, False, right) for left, right in pairs],
    )


def short_text(text, answers, explanation, clauses, *, category=""):
    return QuestionRecord(
        kind="short_text",
        text=text,
        category=category,
        accepted_answers=answers,
        explanation=explanation,
        clauses=clauses,
    )


def essay(text, explanation, clauses, *, category="", points=4):
    return QuestionRecord(
        kind="essay",
        text=text,
        category=category,
        points=points,
        explanation=explanation,
        clauses=clauses,
    )


TELEPHONE = [
    single(
        "The phone on your desk starts ringing. By which ring at the latest do you "
        "pick it up?",
        [
            ("The first", False, "Quick is good, but the rule allows a little more."),
            ("The third", True, "Right: three rings at most."),
            (
                "The fifth",
                False,
                "By then many callers start to doubt anyone is there.",
            ),
            (
                "Whenever you finish what you are doing",
                False,
                "The caller comes first.",
            ),
        ],
        "Answer within three rings. If you cannot, a colleague takes the call, so "
        "no phone rings out.",
        ["TEL-1"],
    ),
    multiple(
        "What belongs in the greeting when you answer an outside call? Choose all "
        "that apply.",
        [
            (
                "The company's name",
                True,
                "It tells callers they reached the right place.",
            ),
            (
                "Your own name",
                True,
                "It tells callers a person is taking care of them.",
            ),
            ("An offer to help", True, "It invites the caller to say what they need."),
            (
                "“Hello?” and a pause",
                False,
                "Too vague: the caller has to ask who you are.",
            ),
            ("Your working hours", False, "Not needed in a greeting."),
        ],
        "A complete greeting: a good morning or afternoon, the company (and branch), "
        "your name, and an offer to help.",
        ["TEL-2"],
    ),
    true_false(
        "A caller can hear whether you are smiling.",
        True,
        "A smile changes your voice. Callers notice it even if they could not say "
        "why, so smile before you pick up.",
        ["TEL-3"],
    ),
    ordering(
        "Put the parts of a phone greeting in the order you say them.",
        [
            "Good morning",
            "Brightline Home",
            "Riga Central branch",
            "This is Anna",
            "How can I help you?",
        ],
        "Greeting, company, branch, your name, then the offer to help: the caller "
        "knows where they are and who is talking before they explain.",
        ["TEL-2"],
    ),
    matching(
        "Match each moment of a call with what you say.",
        [
            ("You need to look something up", "I'm checking your order now."),
            (
                "You need to put the caller on hold",
                "May I put you on hold for a moment?",
            ),
            (
                "You cannot answer right away",
                "I'll find out and call you back by 3 pm.",
            ),
            (
                "Another colleague must help",
                "I'm putting you through to Ilze in deliveries.",
            ),
        ],
        "Never leave the caller guessing: say what you are doing, ask before a "
        "hold, give a time for the call-back, and tell them who they will speak to.",
        ["TEL-3", "TEL-4"],
    ),
    short_text(
        "You put a caller on hold. Within how many seconds at most do you come back "
        "to them? (a number)",
        ["30", "30 seconds", "thirty", "thirty seconds", "30 sec", "30s"],
        "Come back within 30 seconds, even if only to say you are still checking.",
        ["TEL-4"],
    ),
    single(
        "A caller asks about a delivery that another department handles. What do "
        "you do?",
        [
            (
                "Give them the other department's number",
                False,
                "That bounces the caller from desk to desk.",
            ),
            (
                "Take their details, find out, and call back within the hour",
                True,
                "Yes: the request is now yours.",
            ),
            (
                "Put them on hold while you look for someone",
                False,
                "A long, silent hold loses callers.",
            ),
        ],
        "Whoever picks up owns the request until it is answered, or handed over with "
        "a warm introduction.",
        ["TEL-4"],
    ),
    multiple(
        "Which of these do you avoid while you are on a call? Choose all that apply.",
        [
            ("Eating, drinking or chewing", True, "The caller hears it."),
            (
                "Talking to a colleague with the caller still on the line",
                True,
                "The caller feels ignored.",
            ),
            (
                "Transferring without saying who they will speak to",
                True,
                "The caller has to start again.",
            ),
            ("Writing down the caller's name", False, "Do write it down, and use it."),
        ],
        "Keep your attention on the caller: nothing in your mouth, no side "
        "conversations, and no blind transfers.",
        ["TEL-3", "TEL-4"],
    ),
]

STAGES = [
    ordering(
        "Put the five stages of serving a customer in order.",
        [
            "Greeting",
            "Finding out the need",
            "The offer",
            "Closing",
            "After-sale follow-up",
        ],
        "Every visit goes through the same five stages; skipping one is where most "
        "lost sales and complaints start.",
        ["STG-1", "STG-2", "STG-3", "STG-4", "STG-5"],
    ),
    short_text(
        "A customer walks in. Within how many seconds do you greet them? (a number)",
        ["10", "10 seconds", "ten", "ten seconds", "10 sec", "10s"],
        "Look up, make eye contact, smile and greet within ten seconds, even when "
        "you are busy.",
        ["STG-1"],
    ),
    true_false(
        "If you are serving someone else, it is fine to wait until you are free "
        "before acknowledging a new customer.",
        False,
        "Acknowledge them within ten seconds anyway: “I'll be with you in just a "
        "minute.”",
        ["STG-1"],
    ),
    single(
        "A customer is looking at coffee machines. Which opening finds out what "
        "they need?",
        [
            ("Are you just looking?", False, "It invites a “yes” that ends the talk."),
            (
                "This one is on offer this week.",
                False,
                "That is an offer before you know the need.",
            ),
            (
                "How many cups do you usually make in the morning?",
                True,
                "An open question about their use.",
            ),
        ],
        "Open questions about use, place and people come before any offer.",
        ["STG-2"],
    ),
    single(
        "The customer needs a small sofa for a studio flat. Which offer fits the "
        "standard?",
        [
            (
                "The largest model, because it is the best seller",
                False,
                "It does not fit the need.",
            ),
            (
                "A compact two-seater that fits the room, even though it costs less",
                True,
                "Yes: offer what fits the need.",
            ),
            (
                "Whatever has the highest margin this month",
                False,
                "Customers notice, and do not come back.",
            ),
        ],
        "Never sell more than the customer needs. Trust brings them back for years.",
        ["STG-3"],
    ),
    multiple(
        "What belongs in closing a sale? Choose all that apply.",
        [
            (
                "Sum up what was agreed",
                True,
                "Delivery date, price, what happens next.",
            ),
            ("Thank the customer", True, "Always."),
            ("Invite them to come back", True, "End with the next visit in mind."),
            (
                "Push an extra warranty at the till",
                False,
                "Offers belong to the offer stage, fitted to the need.",
            ),
        ],
        "Close with a summary, thanks and an invitation to return.",
        ["STG-4"],
    ),
    matching(
        "Match each stage of service with something you would say or do in it.",
        [
            ("Greeting", "Good morning! Welcome to Brightline Home."),
            ("Finding out the need", "Tell me a little about the room it's for."),
            ("The offer", "For a room that size, this model fits well."),
            ("Closing", "So it arrives on Friday. Thank you, and see you again."),
            (
                "After-sale follow-up",
                "A call on Monday to check the sofa arrived undamaged.",
            ),
        ],
        "Each stage has its own job: welcome, understand, suggest, agree, and "
        "check afterwards.",
        ["STG-1", "STG-2", "STG-3", "STG-4", "STG-5"],
    ),
    true_false(
        "After-sale follow-up means checking that what was promised arrived and works.",
        True,
        "Follow-up closes the loop: a short call or message after delivery.",
        ["STG-5"],
    ),
    single(
        "What do you do before you suggest any product?",
        [
            ("Ask open questions and listen to the answers", True, "Right."),
            (
                "Show the newest arrivals",
                False,
                "That is an offer before you know the need.",
            ),
            (
                "Ask about their budget first thing",
                False,
                "Start with what they need it for.",
            ),
        ],
        "Find out the need first; the offer follows from it.",
        ["STG-2"],
    ),
]

POLICY = [
    short_text(
        "A customer makes a complaint. Within how many hours must it be resolved?",
        [
            "24",
            "24 hours",
            "24h",
            "24 h",
            "twenty-four",
            "twenty four",
            "twenty-four hours",
            "twenty four hours",
        ],
        "Every complaint is resolved within 24 hours. Once that is met "
        "consistently, the target tightens to 12 hours.",
        ["POL-2"],
    ),
    single(
        "A complaint arrives by e-mail at 14:00. By when must the customer hear "
        "from us?",
        [
            ("15:00", True, "Right: an answer within one hour."),
            ("The end of the working day", False, "Too late: the rule is one hour."),
            (
                "14:00 the next day",
                False,
                "24 hours is for the resolution, not the first answer.",
            ),
        ],
        "The first answer comes within one hour, by the channel the customer used.",
        ["POL-1"],
    ),
    true_false(
        "The one-hour rule means the problem itself must be solved within one hour.",
        False,
        "Within one hour the customer gets an answer, so they know we are on it. "
        "The solution has 24 hours.",
        ["POL-1", "POL-2"],
    ),
    multiple(
        "Which of these are promises a customer can check? Choose all that apply.",
        [
            (
                "Your sofa arrives on Thursday between 10 and 12.",
                True,
                "A day and a time.",
            ),
            ("I'll call you back by 4 pm today.", True, "A clear time."),
            (
                "We'll deliver as soon as possible.",
                False,
                "Nobody can check “as soon as possible”.",
            ),
            (
                "The warehouse will sort it out.",
                False,
                "No time, and another department's promise.",
            ),
        ],
        "A promise has a date and a time you can keep, and you check it was kept.",
        ["POL-3"],
    ),
    single(
        "A customer needs an item today and it is out of stock. What may you do "
        "without asking a manager?",
        [
            (
                "Buy it from a competitor and deliver it at no extra charge",
                True,
                "Yes: front-line staff may decide on the spot.",
            ),
            (
                "Only put the customer on a waiting list",
                False,
                "You can do more than that.",
            ),
            (
                "Ask the customer to come back next week",
                False,
                "That loses the customer.",
            ),
        ],
        "You have the authority to solve the problem first and tell your manager "
        "afterwards.",
        ["POL-4"],
    ),
    true_false(
        "A customer should get the same service in every one of our branches.",
        True,
        "Customers meet one company, not many: the standard applies everywhere.",
        ["POL-5"],
    ),
    matching(
        "Match each situation with its deadline.",
        [
            ("First answer to a request or complaint", "Within one hour"),
            ("Resolving a complaint", "Within 24 hours"),
            (
                "Resolving a complaint, once 24 hours is met consistently",
                "Within 12 hours",
            ),
        ],
        "One hour to answer, 24 hours to resolve, and then a tighter target.",
        ["POL-1", "POL-2"],
    ),
    ordering(
        "Put the steps of making a promise to a customer in order.",
        [
            "Give a date and time you can keep",
            "Write the promise in the customer's record",
            "Check that it happened",
            "Tell the customer it was done",
        ],
        "A promise is only finished when you have checked it was kept and told the "
        "customer.",
        ["POL-3"],
    ),
    multiple(
        "How do we find out whether the standard is really applied? Choose all "
        "that apply.",
        [
            ("Customer surveys", True, ""),
            ("Service metrics, such as answer and resolution times", True, ""),
            (
                "Mystery shopping",
                True,
                "A trained “customer” checks and gives feedback.",
            ),
            (
                "Asking staff whether they think they follow it",
                False,
                "That does not measure it.",
            ),
        ],
        "A standard is measured: surveys, metrics and mystery shopping show whether "
        "every branch keeps it.",
        ["POL-5"],
    ),
]

CONDUCT = [
    single(
        "How far from a customer do you stand while you talk?",
        [
            ("About 30 centimetres", False, "Too close: it crowds the customer."),
            ("0.7 to 1.2 metres, about one arm's length", True, "Right."),
            ("Two to three metres", False, "Too far for a quiet conversation."),
        ],
        "About an arm's length lets you talk quietly without crowding anyone.",
        ["CON-2"],
        category="Distance and behaviour",
    ),
    true_false(
        "A customer comes closer to look at a screen with you. You should step "
        "back at once.",
        False,
        "Coming closer when the customer invites it, for example to look at a "
        "screen together, is fine.",
        ["CON-2"],
        category="Distance and behaviour",
    ),
    single(
        "A customer steps very close to you while you explain a price. What do you do?",
        [
            (
                "Tell them they are standing too close",
                False,
                "That embarrasses the customer.",
            ),
            (
                "Keep talking and, if needed, take a small step back",
                True,
                "Restore the distance calmly, without comment.",
            ),
            (
                "Walk away to fetch a brochure",
                False,
                "That breaks off the conversation.",
            ),
        ],
        "Restore the distance quietly and never comment on it.",
        ["CON-2"],
        category="Distance and behaviour",
    ),
    multiple(
        "Which phrases are on the list of words to avoid? Choose all that apply.",
        [
            ("I don't know.", True, "Say “Let me find out for you.”"),
            (
                "That's not my department.",
                True,
                "Take the customer to the right colleague.",
            ),
            ("Calm down.", True, "It usually does the opposite."),
            ("Thank you for waiting.", False, "That is one of our set phrases."),
        ],
        "Set phrases keep the conversation open and polite; the banned ones close it.",
        ["CON-1"],
        category="Words",
    ),
    matching(
        "Match each phrase to avoid with what we say instead.",
        [
            ("I don't know.", "Let me find out for you."),
            (
                "That's not my department.",
                "I'll take you to the colleague who handles this.",
            ),
            ("Wait here.", "Thank you for waiting; I'll be right back."),
        ],
        "Each banned phrase has a polite, helpful alternative.",
        ["CON-1"],
        category="Words",
    ),
    short_text(
        "Finish the set phrase for a customer who has had to wait: “Thank you for …”",
        ["waiting", "waiting.", "your patience", "your patience."],
        "“Thank you for waiting” turns an annoyance into a courtesy.",
        ["CON-1"],
        category="Words",
    ),
    single(
        "You are restocking when a colleague at the till asks for help with a long "
        "queue. What do you do?",
        [
            (
                "Finish restocking first",
                False,
                "Customers in the queue are waiting now.",
            ),
            (
                "Help at the till",
                True,
                "Yes: colleagues are internal customers, and the queue is real.",
            ),
            ("Tell them to call the manager", False, "You can help yourself."),
        ],
        "Treat colleagues as internal customers: good service between us shows in "
        "service to customers.",
        ["CON-3"],
        category="Colleagues",
    ),
    true_false(
        "Good service between colleagues shows in the service customers get.",
        True,
        "Colleagues are internal customers; how we treat each other reaches the "
        "shop floor.",
        ["CON-3"],
        category="Colleagues",
    ),
    ordering(
        "A colleague starts arguing with you on the shop floor while a customer is "
        "waiting. Put what you do in order.",
        [
            "Stop the conversation politely",
            "Turn to the customer and serve them",
            "Talk it over with your colleague later, away from customers",
        ],
        "The customer always comes before the conversation; disagreements are "
        "settled out of their hearing.",
        ["CON-4", "CON-3"],
        category="Colleagues",
    ),
    single(
        "Where is your personal phone while you are on the shop floor?",
        [
            (
                "In your hand, in case someone calls",
                False,
                "Customers see you as busy.",
            ),
            ("Out of sight", True, "Right."),
            (
                "On the counter, face down",
                False,
                "Still in sight, and still a distraction.",
            ),
        ],
        "Keep your phone out of sight; no private talk in front of customers.",
        ["CON-4"],
        category="Distance and behaviour",
    ),
]

APPEARANCE = [
    single(
        "Where do you wear your name badge?",
        [
            ("On the left, where customers can read it", True, "Right."),
            (
                "In a pocket until a customer asks",
                False,
                "Customers should not have to ask.",
            ),
            ("On your belt", False, "Too low to read comfortably."),
        ],
        "A visible badge lets the customer address you by name.",
        ["APP-1"],
    ),
    multiple(
        "What do you check before every shift? Choose all that apply.",
        [
            ("Uniform clean and ironed", True, ""),
            ("Name badge on and readable", True, ""),
            ("Hair tidy, long hair tied back in the warehouse", True, ""),
            ("Shoes clean and safe for the floor", True, ""),
            ("Your phone's battery", False, "Not part of the appearance check."),
        ],
        "The two-minute check: uniform, badge, hair, make-up and jewellery, shoes.",
        ["APP-1", "APP-2"],
    ),
    true_false(
        "A strong perfume or aftershave is fine as long as it is a good brand.",
        False,
        "Scent should be discreet whatever the brand: it can put customers off.",
        ["APP-2"],
    ),
    true_false(
        "If you are running late, you may put your badge on after your first customer.",
        False,
        "Wear the badge from the first minute of the shift.",
        ["APP-1"],
    ),
    matching(
        "Match each item with the rule for it.",
        [
            ("Uniform", "Clean and ironed"),
            ("Name badge", "On the left, readable"),
            ("Long hair in the warehouse", "Tied back"),
            ("Jewellery", "Small; nothing that catches on goods"),
        ],
        "The rules are short and the same for everyone.",
        ["APP-1", "APP-2"],
    ),
    short_text(
        "Your shirt gets a stain at lunch. Where should your spare shirt be? "
        "(one word)",
        ["locker", "in my locker", "in your locker", "in the locker", "my locker"],
        "Keep a spare shirt in your locker, so a stain never reaches a customer.",
        ["APP-1"],
    ),
    single(
        "Why do make-up, jewellery and scent have to be discreet?",
        [
            (
                "So nothing distracts the customer or gets in the way of the work",
                True,
                "Right.",
            ),
            (
                "Because the company forbids all jewellery",
                False,
                "Small, safe jewellery is fine.",
            ),
            (
                "So everyone looks the same",
                False,
                "It is about the customer and safety.",
            ),
        ],
        "Appearance should support the conversation, never compete with it.",
        ["APP-2"],
    ),
    multiple(
        "Which of these break the appearance rules? Choose all that apply.",
        [
            ("Large rings that catch on goods", True, ""),
            ("A badge kept in a pocket", True, ""),
            ("A strong aftershave", True, ""),
            ("Tidy hair and a clean uniform", False, "That is what we want."),
        ],
        "Safety and a tidy, approachable look come first.",
        ["APP-1", "APP-2"],
    ),
]

CONFLICT = [
    ordering(
        "Put the steps for handling an upset customer in order.",
        [
            "Listen to the end without interrupting",
            "Name the feeling",
            "Apologise without blaming anyone",
            "Offer a concrete solution and a time",
        ],
        "Listen, acknowledge, apologise, solve: in that order, so the customer "
        "feels heard before you move to facts.",
        ["CNF-1", "CNF-2", "CNF-3"],
    ),
    single(
        "A customer raises their voice because a delivery is two days late. What "
        "do you do first?",
        [
            (
                "Explain that the carrier caused the delay",
                False,
                "That is blaming, and it comes too early.",
            ),
            (
                "Let them finish, then say you understand how annoying this is",
                True,
                "Yes: listen, then acknowledge.",
            ),
            ("Ask them to calm down", False, "“Calm down” usually does the opposite."),
        ],
        "Listen to the end and acknowledge the feeling before anything else.",
        ["CNF-1"],
    ),
    multiple(
        "Which of these replies blame someone? Choose all that apply.",
        [
            ("It's not our fault.", True, ""),
            ("The warehouse messed up again.", True, "Never blame a colleague."),
            ("You should have read the terms.", True, "Never blame the customer."),
            (
                "I'm sorry this happened. Let's sort it out now.",
                False,
                "A good apology.",
            ),
        ],
        "Blame turns a complaint into an argument. The customer wants a solution, "
        "not a culprit.",
        ["CNF-2"],
    ),
    true_false(
        "Saying “Calm down” helps an upset customer settle.",
        False,
        "It tells the customer their feeling is wrong. Name the feeling instead.",
        ["CNF-1"],
    ),
    matching(
        "Match what the customer says with a reply that acknowledges the feeling.",
        [
            (
                "I've waited all morning for the courier!",
                "You've lost a whole morning; I can see why you're annoyed.",
            ),
            (
                "This is the third time I've called!",
                "Having to call three times is frustrating; I'll stay on this "
                "until it's solved.",
            ),
            (
                "The sofa arrived scratched.",
                "I'm sorry it arrived damaged. Let's sort it out now.",
            ),
        ],
        "Name the feeling and the fact before you talk about solutions.",
        ["CNF-1", "CNF-2"],
    ),
    single(
        "Which is a concrete solution?",
        [
            ("We'll look into it.", False, "No action and no time."),
            (
                "I'll book a replacement delivery for Thursday morning and call "
                "you tomorrow by 12 to confirm.",
                True,
                "What, and by when.",
            ),
            ("Someone will get back to you.", False, "Who, and when?"),
        ],
        "Say what you will do and by when, then do it.",
        ["CNF-3"],
    ),
    true_false(
        "If a customer becomes aggressive, keep the counter between you, do not "
        "raise your voice, and call the duty manager.",
        True,
        "Your safety comes first; nobody expects you to put up with threats.",
        ["CNF-4"],
    ),
    short_text(
        "You cannot resolve a conflict yourself. Whom do you call? (two words)",
        ["duty manager", "the duty manager", "a duty manager"],
        "The duty manager takes over when you cannot resolve it, or when it is not "
        "safe.",
        ["CNF-4"],
    ),
    essay(
        "A customer tells you a colleague was rude to them yesterday. Write what "
        "you would say and do, step by step, and why.",
        "A good answer listens without interrupting, names the feeling, apologises "
        "without blaming the colleague, offers something concrete with a time, and "
        "says how the colleague's behaviour will be followed up away from the "
        "customer.",
        ["CNF-1", "CNF-2", "CNF-3"],
    ),
]


@dataclass
class DemoQuiz:
    slug: str
    bank: str
    title: str
    introduction: str
    questions: list[QuestionRecord]
    settings: dict = field(default_factory=dict)
    draws: dict[str, int] = field(default_factory=dict)


DEMO_QUIZZES = [
    DemoQuiz(
        "telephone",
        "Telephone communication",
        "Telephone communication quiz",
        "Eight questions on answering, greeting and helping callers. One question "
        "per page.",
        TELEPHONE,
        {"one_question_per_page": True},
    ),
    DemoQuiz(
        "stages-of-service",
        "Serving the customer, stage by stage",
        "Serving the customer quiz",
        "From the greeting to the follow-up. The questions come in a random order.",
        STAGES,
        {"random_order": True},
    ),
    DemoQuiz(
        "service-policy",
        "Our service policy",
        "Service policy quiz",
        "Promises and deadlines. You have 15 minutes.",
        POLICY,
        {"time_limit_minutes": 15},
    ),
    DemoQuiz(
        "rules-of-conduct",
        "Rules of conduct for consultants",
        "Rules of conduct quiz",
        "Eight questions drawn at random from ten: words, distance and colleagues.",
        CONDUCT,
        {"question_count": 8, "random_order": True},
        {"Words": 2, "Distance and behaviour": 3, "Colleagues": 2},
    ),
    DemoQuiz(
        "appearance",
        "Employees' appearance",
        "Appearance quiz",
        "The appearance rules. You see the answer after each question, and your "
        "latest attempt counts.",
        APPEARANCE,
        {"feedback": Quiz.Feedback.IMMEDIATE, "grading": Quiz.Grading.LATEST},
    ),
    DemoQuiz(
        "conflict-situations",
        "Behaviour in conflict situations",
        "Conflict situations quiz",
        "Handling upset customers safely. The last question is a short essay that "
        "a trainer marks; your result is final once it is marked.",
        CONFLICT,
        {"one_question_per_page": True},
    ),
]
PRACTICE_SETTINGS = {
    "mode": Quiz.Mode.PRACTICE,
    "question_count": 5,
    "random_order": True,
    "attempt_limit": None,
    "cooldown_minutes": 0,
    "feedback": Quiz.Feedback.IMMEDIATE,
}


def load_quizzes(stdout=None) -> dict[str, Quiz]:
    """The demo banks and quizzes, made or brought up to date: {module slug: quiz}."""
    clauses = load_clauses()
    quizzes = {}
    with transaction.atomic():
        for demo in DEMO_QUIZZES:
            bank = sync_bank(demo.bank, demo.questions, clauses)
            quizzes[demo.slug] = sync_quiz(
                bank,
                demo.title,
                introduction=demo.introduction,
                settings={**STANDARD_SETTINGS, **demo.settings},
                draws=demo.draws,
            )
        sync_quiz(
            quizzes[PRACTICE_MODULE].bank,
            PRACTICE_TITLE,
            introduction=(
                "Five random questions on serving the customer. Not graded: rate "
                "how sure you are of each answer, and see at the end where you "
                "are over- or under-confident."
            ),
            settings={**STANDARD_SETTINGS, **PRACTICE_SETTINGS},
        )
    if stdout:
        questions = Question.objects.filter(bank__quizzes__in=quizzes.values()).count()
        stdout.write(
            f"Quizzes: {len(quizzes)} graded with {questions} questions, "
            f"and a practice quiz."
        )
    return quizzes


def practice_quiz() -> Quiz:
    """The demo's practice (self-assessment) quiz; ``load_quizzes`` makes it."""
    return Quiz.objects.get(title=PRACTICE_TITLE)


def sync_bank(name: str, records: list[QuestionRecord], clauses: dict) -> QuestionBank:
    """The bank ``name`` with ``records``, matched by their text; others stay."""
    for record in records:
        errors = record_errors(record, known_clauses=set(clauses))
        if errors:
            raise ValueError(f"Demo question {record.text!r}: {errors}")
    bank, _created = QuestionBank.objects.get_or_create(name=name)
    categories = {}
    for category_name in sorted({r.category for r in records if r.category}):
        categories[category_name], _created = Category.objects.get_or_create(
            bank=bank, name=category_name
        )
    existing = {question.text: question for question in bank.questions.all()}
    for record in records:
        question = existing.get(record.text) or Question(bank=bank, text=record.text)
        sync_question(question, record, categories.get(record.category), clauses)
    return bank


def sync_question(question: Question, record: QuestionRecord, category, clauses):
    values = {
        "kind": record.kind,
        "category": category,
        "points": record.points,
        "partial_credit": record.partial_credit,
        "answer_is_true": record.answer_is_true,
        "accepted_answers": "\n".join(record.accepted_answers),
        "explanation": record.explanation,
    }
    changed = question.pk is None or any(
        getattr(question, name) != value for name, value in values.items()
    )
    if changed:
        for name, value in values.items():
            setattr(question, name, value)
        question.save()
    current = [
        ChoiceValues(c.text, c.is_correct, c.match, c.feedback)
        for c in question.choices.all()
    ]
    if current != record.choices:
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(
                question=question,
                sort_order=position,
                text=choice.text,
                is_correct=choice.is_correct,
                match=choice.match,
                feedback=choice.feedback,
            )
            for position, choice in enumerate(record.choices)
        )
    wanted = {clauses[code].pk for code in record.clauses}
    if set(question.clauses.values_list("pk", flat=True)) != wanted:
        question.clauses.set(wanted)


def sync_quiz(bank, title, *, introduction, settings, draws=None) -> Quiz:
    quiz = Quiz.objects.filter(bank=bank, title=title).first() or Quiz(
        bank=bank, title=title
    )
    values = {"introduction": introduction, **settings}
    if quiz.pk is None or any(getattr(quiz, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(quiz, name, value)
        quiz.save()
    wanted = [
        (Category.objects.get(bank=bank, name=name), count)
        for name, count in (draws or {}).items()
    ]
    current = [(draw.category, draw.count) for draw in quiz.category_draws.all()]
    if current != wanted:
        quiz.category_draws.all().delete()
        CategoryDraw.objects.bulk_create(
            CategoryDraw(quiz=quiz, category=category, count=count, sort_order=n)
            for n, (category, count) in enumerate(wanted)
        )
    return quiz
