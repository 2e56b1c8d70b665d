"""Demo lesson content for the six modules of the standard.

Each lesson is a list of (block type, value); ``clauses`` lists clause codes,
which the loader turns into the clause snippets.
"""


def practice(question, choices, explanation, clauses):
    return (
        "practice_question",
        {
            "question": question,
            "choices": [
                {"text": text, "is_correct": correct, "feedback": feedback}
                for text, correct, feedback in choices
            ],
            "explanation": explanation,
            "clauses": clauses,
        },
    )


TELEPHONE_FIRST_SECONDS = [
    (
        "text",
        "<p>On the phone the customer cannot see you. Everything they know about "
        "us in the first seconds comes from how quickly we answer and how we sound. "
        "This lesson gives you the exact words and habits for those seconds.</p>",
    ),
    ("heading", {"text": "Pick up quickly"}),
    (
        "callout",
        {
            "kind": "policy",
            "title": "Three rings",
            "text": "<p>Answer every call <b>within three rings</b>. If you cannot, a colleague "
            "takes it: no phone rings out in our stores.</p>",
            "clauses": ["TEL-1"],
        },
    ),
    ("heading", {"text": "Greet the caller"}),
    (
        "speech_formula",
        {
            "situation": "Answering an outside call",
            "say_this": [
                "Good morning, Brightline Home, Riga Central. This is Anna. How can I help you?",
                "Good afternoon, Brightline Home customer care, Jānis speaking.",
            ],
            "not_that": ["Hello?", "Yes?", "Brightline.", "Wait a second..."],
            "why": "The company's name tells callers they reached the right place; your own "
            "name tells them a person is responsible for their call.",
            "clauses": ["TEL-2"],
        },
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Smile: it can be heard",
            "text": "<p>Smile before you pick up. A smile changes the shape of your mouth and "
            "the tone of your voice, and callers notice it even if they could not say "
            "why.</p>",
            "clauses": ["TEL-3"],
        },
    ),
    (
        "do_dont",
        {
            "title": "During the call",
            "do": [
                "Write down the caller's name and use it",
                'Say what you are doing when there is silence ("I\'m checking the order now")',
                "Ask before putting someone on hold, and come back within 30 seconds",
            ],
            "dont": [
                "Eat, drink or chew while on the phone",
                "Talk to a colleague with the caller still on the line",
                "Transfer a caller without telling them who they will speak to and why",
            ],
            "clauses": ["TEL-3", "TEL-4"],
        },
    ),
    practice(
        "A caller asks about an order you know nothing about. What do you do?",
        [
            (
                "Tell them to call the online-orders line instead",
                False,
                "That sends the caller from desk to desk. The request is now yours.",
            ),
            (
                "Take their details, find out the answer and call back within the hour",
                True,
                "Yes: you own the request and give a clear time for the answer.",
            ),
            (
                "Put them on hold while you look for someone who knows",
                False,
                "Long holds with no word from you lose callers. Take details and call back.",
            ),
        ],
        "Whoever picks up owns the request until it is answered or handed over with a "
        "warm introduction.",
        ["TEL-4"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Three rings at most.",
                "Company name, branch, your name, an offer to help.",
                "Smile before you pick up.",
                "The request is yours until it is answered.",
            ],
            "clauses": ["TEL-1", "TEL-2", "TEL-3", "TEL-4"],
        },
    ),
]

STAGES_GREETING = [
    (
        "text",
        "<p>Every visit goes through the same stages: <b>greeting</b>, <b>finding out "
        "the need</b>, <b>the offer</b>, <b>closing</b> and <b>after-sale "
        "follow-up</b>. Skipping one is where most lost sales and complaints start.</p>",
    ),
    ("heading", {"text": "The greeting"}),
    (
        "checklist",
        {
            "title": "When a customer comes in",
            "items": [
                "Look up from what you are doing within ten seconds",
                "Make eye contact and smile",
                'Greet them: "Good morning! Welcome to Brightline Home."',
                'If you are busy, say so: "I\'ll be with you in just a minute."',
            ],
            "clauses": ["STG-1"],
        },
    ),
    ("heading", {"text": "Finding out the need"}),
    (
        "speech_formula",
        {
            "situation": "Opening the conversation",
            "say_this": [
                "What are you planning to use it for?",
                "Tell me a little about the room it's for.",
            ],
            "not_that": ["Can I help you?", "Are you just looking?"],
            "why": 'Open questions get the customer talking; "Can I help you?" invites a '
            '"No, thanks" that ends the conversation.',
            "clauses": ["STG-2"],
        },
    ),
    (
        "callout",
        {
            "kind": "example",
            "title": "Trust before turnover",
            "text": "<p>A car-service centre we admire never sells a customer more than they "
            "need. Customers return for years because they trust the advice.</p>",
            "clauses": ["STG-3"],
        },
    ),
    practice(
        "Which question best finds out a customer's need?",
        [
            ("Can I help you?", False, 'Easy to answer with "No, thanks".'),
            (
                "Would you like our best-selling model?",
                False,
                "That is an offer before you know the need.",
            ),
            (
                "What will you mainly use it for?",
                True,
                "An open question about the need.",
            ),
        ],
        "Open questions about use, place and people come before any offer.",
        ["STG-2"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Greeting, need, offer, closing, follow-up: in that order.",
                "Ten seconds to greet, even when busy.",
                "Offer what fits the need, not the most expensive.",
            ],
            "clauses": ["STG-1", "STG-2", "STG-3"],
        },
    ),
]

POLICY_PROMISES = [
    (
        "text",
        "<p>Our service policy is a short list of promises with numbers in them. "
        "Numbers make a promise checkable: a customer, a manager or a mystery shopper "
        "can tell whether we kept it.</p>",
    ),
    (
        "callout",
        {
            "kind": "policy",
            "title": "One hour to answer, 24 hours to resolve",
            "text": "<p>Every request or complaint gets an <b>answer within one hour</b>, by "
            "the channel the customer used. Every complaint is <b>resolved within 24 "
            "hours</b>. Senior managers read and answer complaints personally.</p>",
            "clauses": ["POL-1", "POL-2"],
        },
    ),
    (
        "do_dont",
        {
            "title": "Promises",
            "do": [
                "Give a date and time you can keep",
                "Write the promise in the customer's record",
                "Check that it happened, and tell the customer",
            ],
            "dont": [
                'Promise "as soon as possible"',
                "Promise what another department must do without asking them",
            ],
            "clauses": ["POL-3"],
        },
    ),
    (
        "callout",
        {
            "kind": "example",
            "title": "Authority on the front line",
            "text": "<p>A department-store chain lets every employee decide on the spot. When "
            "an item is out of stock, the employee may buy it from a competitor and "
            "deliver it at no extra charge. You too may solve the problem first and "
            "tell your manager afterwards.</p>",
            "clauses": ["POL-4"],
        },
    ),
    practice(
        "A customer e-mails a complaint at 10:00. By when must they hear from us?",
        [
            ("By 11:00", True, "Right: an answer within one hour."),
            ("By the end of the day", False, "Too late: the standard says one hour."),
            (
                "Within 24 hours",
                False,
                "24 hours is for the resolution, not the answer.",
            ),
        ],
        "The first answer comes within one hour; the resolution within 24 hours.",
        ["POL-1", "POL-2"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Answer within one hour; resolve within 24.",
                "A promise has a date, and you check it was kept.",
                "You have the authority to fix things on the spot.",
                "Every branch gives the same service.",
            ],
            "clauses": ["POL-1", "POL-2", "POL-3", "POL-4", "POL-5"],
        },
    ),
]

CONDUCT_DISTANCE = [
    (
        "text",
        "<p>How we stand, speak and behave says as much as what we say. These rules "
        "apply from the moment you are on the shop floor or on the phone.</p>",
    ),
    ("heading", {"text": "Keep the right distance"}),
    (
        "callout",
        {
            "kind": "tip",
            "title": "About one arm's length",
            "text": "<p>Stand <b>0.7 to 1.2 metres</b> from the customer: close enough to talk "
            "quietly, far enough not to crowd them. Come closer only when they invite "
            "it, for example to look at a screen together.</p>",
            "clauses": ["CON-2"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "Words to avoid",
            "say_this": [
                "Let me find out for you.",
                "Thank you for waiting.",
                "I'm sorry for the inconvenience.",
            ],
            "not_that": ["I don't know.", "That's not my department.", "Calm down."],
            "why": "The set phrases keep the conversation open and polite; the banned ones "
            "close it or put the customer on the defensive.",
            "clauses": ["CON-1"],
        },
    ),
    (
        "do_dont",
        {
            "title": "On the shop floor",
            "do": [
                "Help a colleague who is serving a queue",
                "Keep your phone out of sight",
            ],
            "dont": [
                "Discuss colleagues, pay or shifts where customers can hear",
                "Argue with a colleague in front of a customer",
            ],
            "clauses": ["CON-3", "CON-4"],
        },
    ),
    practice(
        "A customer steps very close while you explain a price. What do you do?",
        [
            ("Tell them they are too close", False, "That embarrasses the customer."),
            (
                "Keep talking and, if you need to, take a small step back",
                True,
                "Yes: restore the distance calmly without comment.",
            ),
            (
                "Walk away to fetch something",
                False,
                "That breaks off the conversation.",
            ),
        ],
        "Restore the distance quietly; never comment on it.",
        ["CON-2"],
    ),
]

APPEARANCE_CHECK = [
    (
        "text",
        "<p>Customers form an impression of us in a few seconds, and our appearance "
        "is a large part of it. The rules are short and the same for everyone.</p>",
    ),
    (
        "checklist",
        {
            "title": "Before every shift",
            "items": [
                "Uniform clean and ironed",
                "Name badge on the left, readable",
                "Hair tidy; long hair tied back in the warehouse",
                "Make-up, jewellery and scent discreet",
                "Shoes clean and safe for the floor",
            ],
            "clauses": ["APP-1", "APP-2"],
        },
    ),
    (
        "do_dont",
        {
            "do": [
                "Keep a spare shirt in your locker",
                "Wear the badge from the first minute",
            ],
            "dont": [
                "Strong perfume or aftershave",
                "Large jewellery that catches on goods",
            ],
            "clauses": ["APP-1", "APP-2"],
        },
    ),
    practice(
        "Where does the name badge go?",
        [
            ("On the left, where customers can read it", True, "Right."),
            (
                "In a pocket until a customer asks",
                False,
                "Customers should not have to ask.",
            ),
        ],
        "A visible badge lets the customer address you by name.",
        ["APP-1"],
    ),
]

CONFLICT_LISTEN = [
    (
        "text",
        "<p>A customer who complains is giving us a last chance. Handled well, a "
        "complaint makes a more loyal customer than one who never had a problem.</p>",
    ),
    ("heading", {"text": "Four steps"}),
    (
        "checklist",
        {
            "title": "When a customer is upset",
            "items": [
                "Listen to the end without interrupting",
                'Name the feeling: "I can see this has been really frustrating."',
                "Apologise for the inconvenience, without blaming anyone",
                "Offer a concrete solution and a time",
            ],
            "clauses": ["CNF-1", "CNF-2", "CNF-3"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "Apologising",
            "say_this": [
                "I'm sorry this happened. Let's sort it out now.",
                "I understand; I would be upset too.",
            ],
            "not_that": [
                "It's not our fault.",
                "The warehouse messed up again.",
                "You should have read the terms.",
            ],
            "why": "Blame turns a complaint into an argument. The customer wants a solution, "
            "not a culprit.",
            "clauses": ["CNF-2"],
        },
    ),
    (
        "callout",
        {
            "kind": "warning",
            "title": "Your safety first",
            "text": "<p>If a customer becomes aggressive, keep the counter between you, do not "
            "raise your voice, and call the duty manager. Nobody expects you to put up "
            "with threats.</p>",
            "clauses": ["CNF-4"],
        },
    ),
    practice(
        "A customer shouts that their sofa arrived damaged. What is your first step?",
        [
            ("Explain that the carrier damaged it, not us", False, "That is blaming."),
            (
                "Let them finish, then say you understand how annoying this is",
                True,
                "Yes: listen, then acknowledge the feeling.",
            ),
            (
                "Ask them to calm down first",
                False,
                '"Calm down" usually does the opposite.',
            ),
        ],
        "Listen to the end, acknowledge the feeling, then apologise and solve.",
        ["CNF-1"],
    ),
]

# module slug -> (title, introduction, objectives, minutes, [(lesson slug, title, summary, body)])
MODULES = [
    (
        "telephone",
        "Telephone communication",
        "How we answer, greet and help people who call us.",
        "Answer within three rings\nGreet with the company's and your own name\n"
        "Keep a caller's request until it is answered",
        30,
        [
            (
                "the-first-seconds",
                "The first seconds of a call",
                "Pick up fast, greet the right way, own the request.",
                TELEPHONE_FIRST_SECONDS,
            )
        ],
    ),
    (
        "stages-of-service",
        "Serving the customer, stage by stage",
        "From greeting to after-sale follow-up.",
        "Name the five stages of service\nFind out a need with open questions\n"
        "Make an offer that fits the need",
        40,
        [
            (
                "greeting-and-need",
                "Greeting and finding out the need",
                "Ten seconds to greet, open questions before any offer.",
                STAGES_GREETING,
            )
        ],
    ),
    (
        "service-policy",
        "Our service policy",
        "The promises we make, with their deadlines.",
        "Quote the one-hour and 24-hour rules\nMake promises you can check\n"
        "Use your authority to solve problems on the spot",
        30,
        [
            (
                "promises-and-deadlines",
                "Promises and deadlines",
                "One hour to answer, 24 hours to resolve.",
                POLICY_PROMISES,
            )
        ],
    ),
    (
        "rules-of-conduct",
        "Rules of conduct for consultants",
        "Distance, words and behaviour on the shop floor.",
        "Keep the right distance\nUse the set phrases\nTreat colleagues as internal customers",
        30,
        [
            (
                "distance-and-words",
                "Distance and words",
                "About one arm's length, and the phrases we use.",
                CONDUCT_DISTANCE,
            )
        ],
    ),
    (
        "appearance",
        "Employees' appearance",
        "What customers see before you say a word.",
        "Check your appearance before a shift\nKnow the rules on uniform, badge and jewellery",
        15,
        [
            (
                "before-your-shift",
                "Before your shift",
                "The two-minute appearance check.",
                APPEARANCE_CHECK,
            )
        ],
    ),
    (
        "conflict-situations",
        "Behaviour in conflict situations",
        "Turning a complaint into a loyal customer, safely.",
        "Listen and acknowledge before solving\nApologise without blaming\n"
        "Know when to call for help",
        40,
        [
            (
                "listen-acknowledge-solve",
                "Listen, acknowledge, solve",
                "Four steps for an upset customer.",
                CONFLICT_LISTEN,
            )
        ],
    ),
]
