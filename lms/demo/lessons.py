"""Demo lesson content for the six modules of the standard.

Each lesson is a list of (block type, value); ``clauses`` lists clause codes,
which the loader turns into the clause snippets, and an image block names a
drawing of ``lms.demo.images``, which the loader turns into a Wagtail image.
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


def figure(image, alt_text, caption=""):
    """An illustration (a key of ``lms.demo.images.DRAWINGS``) with its alt text."""
    return ("image", {"image": image, "alt_text": alt_text, "caption": caption})


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
    figure(
        "phone-greeting",
        "A phone ringing: pick up by the third ring. The greeting in four parts: "
        "good morning, the company and branch, your name, an offer to help.",
        "Four parts, in this order, every time.",
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
    figure(
        "service-stages",
        "Five stages in a row: greet within ten seconds, find the need with open "
        "questions, offer what fits, close with a summary and thanks, follow up.",
        "The five stages of every visit, in order.",
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
    figure(
        "response-timeline",
        "A timeline: a complaint arrives at 10:00, gets a first answer by 11:00 and "
        "is resolved by 10:00 the next day; the next goal is 12 hours.",
        "One hour to answer, 24 hours to resolve.",
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
    figure(
        "proxemics",
        "Seen from above: closer than 0.7 metres is too close, 0.7 to 1.2 metres is "
        "the serving distance where the customer stands, 1.2 to 3.5 metres is for "
        "greeting.",
        "Serve at about one arm's length; greet from further away.",
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
    figure(
        "appearance-check",
        "A figure in uniform with labels: tidy hair, discreet make-up and scent, "
        "small jewellery, a name badge on the left, clean uniform, hands and shoes.",
        "The two-minute check, from hair to shoes.",
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
    figure(
        "listen-acknowledge-solve",
        "Four steps in order: listen, acknowledge the feeling, apologise without "
        "blame, solve with a time. If it cannot be solved or turns aggressive, call "
        "the duty manager.",
        "Four steps, and the way out when they are not enough.",
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

TELEPHONE_HOLD_AND_TRANSFER = [
    (
        "text",
        "<p>Many calls cannot be finished in one go: you need to look something up, "
        "ask a colleague or pass the caller on. These are the moments when a caller "
        "feels forgotten, or feels that someone is looking after them.</p>",
    ),
    ("heading", {"text": "Putting a caller on hold"}),
    (
        "speech_formula",
        {
            "situation": "Before and after a hold",
            "say_this": [
                "May I put you on hold for a minute while I check the stock?",
                "Thank you for holding. I have the answer now.",
            ],
            "not_that": ["Hold on.", "Wait.", "Just a sec."],
            "why": "Asking gives the caller a choice and tells them how long it will "
            "take; thanking them afterwards shows you value their time.",
            "clauses": ["TEL-4", "CON-1"],
        },
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Longer than a minute? Offer to call back",
            "text": "<p>If the answer will take more than a minute or two, do not leave "
            "the caller listening to music. Offer to call back, agree a time with "
            "them and write it down.</p>",
            "clauses": ["TEL-4"],
        },
    ),
    ("heading", {"text": "Passing a call on"}),
    figure(
        "handover",
        "Left, crossed out: a customer sent from Sales to Orders to Service, telling "
        "the story three times. Right, ticked: one employee hands the customer to "
        "a colleague once, with a warm handover.",
        "One owner and one warm handover, instead of three desks.",
    ),
    (
        "checklist",
        {
            "title": "A warm transfer",
            "items": [
                "Tell the caller who you are putting them through to, and why",
                "Give the colleague the caller's name and request before you connect",
                "Stay on the line until the colleague has taken over",
                "If nobody answers, go back to the caller and take the request yourself",
            ],
            "clauses": ["TEL-4", "CON-3"],
        },
    ),
    (
        "callout",
        {
            "kind": "policy",
            "title": "A call-back is a promise",
            "text": '<p>"I\'ll call you back by three" is a promise with a '
            "time in it. Call at that time <b>even if you have no news yet</b>: say "
            "where things stand and when the caller will hear from you next.</p>",
            "clauses": ["POL-3", "TEL-4"],
        },
    ),
    practice(
        "You need to pass a caller to the delivery team. What do you do first?",
        [
            (
                "Press transfer straight away so they do not have to wait",
                False,
                "The caller reaches someone who knows nothing and has to start again.",
            ),
            (
                "Tell the caller who will help and why, then brief the colleague before connecting",
                True,
                "Yes: with a warm transfer nobody has to repeat their story.",
            ),
            (
                "Give the caller the delivery team's number to ring themselves",
                False,
                "That sends the caller from desk to desk.",
            ),
        ],
        "A warm transfer: tell the caller, brief the colleague, stay on until they "
        "take over.",
        ["TEL-4"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Ask before you put someone on hold, and thank them afterwards.",
                "More than a minute or two? Offer a call-back at an agreed time.",
                "Brief your colleague before you connect the caller.",
                "Call back when you said you would, even without news.",
            ],
            "clauses": ["TEL-4", "POL-3"],
        },
    ),
]

TELEPHONE_DIFFICULT_AND_GOODBYE = [
    (
        "text",
        "<p>An angry caller is rarely angry with you. They are angry that something "
        "went wrong, and they want to hear that someone will deal with it. On the "
        "phone your voice is all they have, so how you sound matters even more than "
        "in the store.</p>",
    ),
    ("heading", {"text": "An upset caller"}),
    (
        "do_dont",
        {
            "title": "Your voice",
            "do": [
                "Keep your voice low and your pace slow",
                "Let the caller finish, then use their name",
                "Keep smiling, even when it is hard: it softens your voice",
            ],
            "dont": [
                "Raise your voice to match theirs",
                "Put an upset caller on hold without asking",
                "Sigh, or type loudly while they are talking",
            ],
            "clauses": ["TEL-3", "CNF-1"],
        },
    ),
    (
        "callout",
        {
            "kind": "example",
            "title": "The wardrobe that did not come",
            "text": "<p>A customer rings because her wardrobe did not arrive and she "
            "took a day off to wait for it. Anna listens, says she understands how "
            "annoying that is, and promises an answer <b>within the hour</b>. Forty "
            "minutes later she calls back with a delivery slot for the next "
            "morning and her direct number.</p>",
            "clauses": ["POL-1", "TEL-4", "CNF-3"],
        },
    ),
    ("heading", {"text": "Ending the call"}),
    (
        "speech_formula",
        {
            "situation": "Closing a call",
            "say_this": [
                "So, to sum up: the new delivery is tomorrow between 8 and 12, and "
                "I'll text you the driver's number.",
                "Is there anything else I can do for you?",
                "Thank you for calling Brightline Home. Have a good day.",
            ],
            "not_that": [
                "OK, bye.",
                "Right, that's it then.",
                "Anything else? No? Bye.",
            ],
            "why": "A summary catches a misunderstanding while the caller is still on "
            "the line; thanking them ends the call on a good note.",
            "clauses": ["CON-1", "STG-4"],
        },
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Let the caller hang up first",
            "text": "<p>Wait for the caller to end the call. Hanging up first can cut "
            "off a last question, and it feels abrupt.</p>",
            "clauses": ["CON-1"],
        },
    ),
    practice(
        "A caller shouts that this is the third time they have rung about the same "
        "order. What do you say first?",
        [
            (
                "You'll have to speak to the online team about that.",
                False,
                "That would be the fourth hand-off. Make it yours.",
            ),
            (
                "I'm sorry you've had to call three times. I'll deal with it myself: "
                "may I have your order number?",
                True,
                "Yes: acknowledge, apologise and take ownership.",
            ),
            (
                "Please don't shout at me or I'll end the call.",
                False,
                "A threat to hang up makes it worse. Listen first; call for help only "
                "if the caller becomes abusive.",
            ),
        ],
        "Acknowledge the frustration, apologise, and make the request yours.",
        ["TEL-4", "CNF-1"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "An angry caller is angry with the problem, not with you.",
                "A slow, low voice and a smile calm a call down.",
                "Sum up what was agreed before you say goodbye.",
                "Thank the caller and let them hang up first.",
            ],
            "clauses": ["TEL-3", "CNF-1", "STG-4"],
        },
    ),
]

STAGES_OFFER = [
    (
        "text",
        "<p>Once you know what the customer needs, suggest what fits it. A good "
        "offer uses the customer's own words: it shows you listened, and it makes "
        "the choice easier.</p>",
    ),
    (
        "speech_formula",
        {
            "situation": "Linking the offer to the need",
            "say_this": [
                "You said the room is small, so have a look at this sofa bed: it "
                "takes no more space than an armchair.",
                "With two children and a dog, I'd choose these covers: they go in "
                "the washing machine.",
            ],
            "not_that": [
                "This is our bestseller.",
                "Everybody buys this one.",
                "It's on offer, take it.",
            ],
            "why": "A reason taken from the customer's own situation is convincing; "
            "popularity and discounts do not answer their question.",
            "clauses": ["STG-3"],
        },
    ),
    (
        "do_dont",
        {
            "title": "Making the offer",
            "do": [
                "Show two or three options, not the whole range",
                "Say honestly what a product does not do",
                "Suggest the cheaper option when it does the job",
            ],
            "dont": [
                "Start with the most expensive item out of habit",
                "Criticise what the customer already owns or has chosen",
                "Add extras the customer did not ask for and does not need",
            ],
            "clauses": ["STG-3"],
        },
    ),
    (
        "callout",
        {
            "kind": "example",
            "title": "When it is out of stock",
            "text": "<p>The sofa a customer wants is sold out. Before you say so, "
            "check the other branches, offer the display model at a lower price, "
            "or order it and deliver it free of charge. Offer a way forward, not a "
            "dead end.</p>",
            "clauses": ["POL-4", "STG-3"],
        },
    ),
    practice(
        "A customer wants a fridge for a summer cottage used a few weekends a year. "
        "Which offer fits best?",
        [
            (
                "Our top model with an ice maker and Wi-Fi",
                False,
                "Impressive, but not what this need calls for.",
            ),
            (
                "A small, quiet fridge that uses little energy",
                True,
                "Yes: the offer matches how the fridge will be used.",
            ),
            (
                "Whatever is on promotion this week",
                False,
                "The promotion has nothing to do with the need.",
            ),
        ],
        "The right offer follows from the need you found out, not from the price or "
        "this week's promotion.",
        ["STG-2", "STG-3"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Give the reason in the customer's own words.",
                "Two or three options are enough.",
                "Be honest about what a product cannot do.",
                "Out of stock is the start of a solution, not the end of the talk.",
            ],
            "clauses": ["STG-3"],
        },
    ),
]

STAGES_CLOSING = [
    (
        "text",
        "<p>The sale is not over when the customer pays. How you close the visit, "
        "and whether you check afterwards that all went well, decide whether the "
        "customer comes back.</p>",
    ),
    ("heading", {"text": "Closing the visit"}),
    (
        "checklist",
        {
            "title": "Before the customer leaves",
            "items": [
                "Sum up what was agreed: product, price, delivery date",
                "Check they have the receipt, guarantee and instructions",
                "Tell them who to contact if something is not right",
                "Thank them and invite them back",
            ],
            "clauses": ["STG-4"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "Saying goodbye",
            "say_this": [
                "Thank you, Mr Ozols. Your table arrives on Friday morning. Enjoy it, "
                "and come and see us again.",
                "If anything isn't right, call me on this number. I'm Anna.",
            ],
            "not_that": ["Next!", "Bye.", "Right, who's next?"],
            "why": "The last minute is what the customer remembers best. A summary "
            "and a personal thank-you leave them sure of what happens next.",
            "clauses": ["STG-4", "CON-1"],
        },
    ),
    ("heading", {"text": "After the sale"}),
    (
        "callout",
        {
            "kind": "policy",
            "title": "Check that it arrived and works",
            "text": "<p>For anything we deliver or install, call the customer <b>the "
            "next working day</b> after delivery: did it arrive on time, is it "
            "complete, does it work? Put right whatever is wrong before the "
            "customer has to ask.</p>",
            "clauses": ["STG-5", "POL-3"],
        },
    ),
    (
        "do_dont",
        {
            "title": "The follow-up call",
            "do": [
                "Keep it short: two or three questions",
                "Write down what the customer tells you",
                "Pass a problem to the right person and tell the customer when they "
                "will hear back",
            ],
            "dont": [
                "Turn the follow-up into a sales call",
                "Promise a repair or visit you cannot arrange",
            ],
            "clauses": ["STG-5", "POL-3"],
        },
    ),
    practice(
        "A customer's washing machine was delivered yesterday. What does your "
        "follow-up call ask?",
        [
            (
                "Whether they would like an extended warranty",
                False,
                "That is a sales call, not a follow-up.",
            ),
            (
                "Whether it arrived on time, complete, and works as it should",
                True,
                "Yes: you check that what we promised happened.",
            ),
            (
                "Nothing: if there is a problem, they will call us",
                False,
                "Waiting for a complaint is exactly what a follow-up avoids.",
            ),
        ],
        "A follow-up checks that our promise was kept and catches problems early.",
        ["STG-5"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Sum up before the customer leaves.",
                "Thank them and invite them back.",
                "Call the next working day after a delivery.",
                "A follow-up call checks; it does not sell.",
            ],
            "clauses": ["STG-4", "STG-5"],
        },
    ),
]

POLICY_ON_THE_SPOT = [
    (
        "text",
        "<p>Rules exist to make good service routine, not to stand in its way. When "
        "a customer's situation does not fit the usual rules, you are allowed, and "
        "expected, to find a way.</p>",
    ),
    (
        "checklist",
        {
            "title": "Before you say no",
            "items": [
                "Does another branch or the warehouse have it?",
                "Is there a similar product that meets the same need?",
                "Could we deliver it, or keep it aside for the customer?",
                "Can I decide this myself? Usually yes: act first, tell your manager "
                "afterwards",
            ],
            "clauses": ["POL-4"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "When the usual answer would be no",
            "say_this": [
                "Here's what I can do for you.",
                "Let me see what's possible.",
            ],
            "not_that": [
                "That's against policy.",
                "The system won't let me.",
                "There's nothing I can do.",
            ],
            "why": "Customers remember what you did for them, not the rule that was "
            "in the way.",
            "clauses": ["POL-4", "CON-1"],
        },
    ),
    (
        "do_dont",
        {
            "title": "Using your authority",
            "do": [
                "Decide quickly when the cost is small and the customer is waiting",
                "Tell the customer exactly what happens next",
                "Note in one line in the customer's record what you decided and why",
            ],
            "dont": [
                'Send the customer to "ask the manager" about small things',
                "Promise what another department must do without checking with them",
            ],
            "clauses": ["POL-4", "POL-3"],
        },
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Flexible, not random",
            "text": "<p>Flexibility means fitting the solution to the person in "
            "front of you: a delivery on Saturday for someone who works all week, a "
            "call instead of an e-mail for an older customer. The promises and "
            "deadlines stay the same for everyone.</p>",
            "clauses": ["POL-4", "POL-5"],
        },
    ),
    practice(
        "A customer needs a cot by Saturday for a visiting grandchild. Your store "
        "has none left; the branch across town has two. What do you do?",
        [
            (
                "Tell her to drive to the other branch",
                False,
                "It works, but it hands the problem back to the customer.",
            ),
            (
                "Reserve one at the other branch and have it delivered to her at no "
                "extra charge",
                True,
                "Yes: you are allowed to solve it on the spot.",
            ),
            (
                "Suggest she waits for our next delivery in two weeks",
                False,
                "That misses her Saturday.",
            ),
        ],
        "Front-line staff may decide: solve the problem first and tell your manager "
        "afterwards.",
        ["POL-4"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Look for a way before you say no.",
                "You may decide on the spot; tell your manager afterwards.",
                "Write down what you decided, so colleagues can keep your promise.",
            ],
            "clauses": ["POL-4", "POL-3"],
        },
    ),
]

POLICY_EVERY_BRANCH = [
    (
        "text",
        "<p>A customer who is served well in one store and badly in another does "
        'not think "that branch is weak". They think "Brightline is '
        'unreliable". So the standard is the same in every branch and every '
        "channel: in person, on the phone and by e-mail.</p>",
    ),
    (
        "callout",
        {
            "kind": "policy",
            "title": "One company, one standard",
            "text": "<p>The same greeting, the same promises and the same deadlines "
            "apply everywhere, and a promise made in one branch is kept by all the "
            "others. Complaints are <b>resolved within 24 hours</b>; once that is "
            "routine, the target becomes <b>12 hours</b>.</p>",
            "clauses": ["POL-5", "POL-2", "POL-3"],
        },
    ),
    ("heading", {"text": "How we know we keep it"}),
    (
        "text",
        "<p>We check the standard in three ways: short customer surveys after a "
        "visit or call; figures such as how quickly requests are answered and "
        "complaints resolved; and <b>mystery shopping</b>, where a trained person "
        "visits or calls as an ordinary customer and reports what they saw. The "
        "results come back to your team as feedback, not as blame.</p>",
    ),
    (
        "checklist",
        {
            "title": "What a mystery shopper looks for",
            "items": [
                "A greeting within ten seconds",
                "A visible name badge and a neat uniform",
                "Open questions before any offer",
                "A summary and a thank-you at the end",
                "Calls answered within three rings, with the company's name and "
                "the employee's",
            ],
            "clauses": ["POL-5", "STG-1", "STG-2", "STG-4", "APP-1", "TEL-1", "TEL-2"],
        },
    ),
    practice(
        "A customer says the Jelgava branch promised her free assembly, but it is "
        "not on her order. What do you do?",
        [
            (
                "Explain that each branch has its own rules",
                False,
                "The customer deals with one company; branches do not make their own "
                "rules.",
            ),
            (
                "Check with that branch and, if it was promised, arrange the free "
                "assembly",
                True,
                "Yes: a promise made by one branch is kept by all of them.",
            ),
            (
                "Tell her to take it up with the Jelgava branch",
                False,
                "That sends her from desk to desk.",
            ),
        ],
        "The service, and every promise, is the same in every branch.",
        ["POL-5", "POL-3"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "One standard in every branch and every channel.",
                "A promise from any branch is kept by every branch.",
                "24 hours to resolve a complaint now; 12 hours is the next target.",
                "Surveys, figures and mystery shoppers show how we are doing.",
            ],
            "clauses": ["POL-5", "POL-2"],
        },
    ),
]

CONDUCT_FACE_AND_VOICE = [
    (
        "text",
        "<p>Customers read your face and posture before they hear a word. An open, "
        "attentive manner invites them to talk; a closed or busy one tells them "
        "they are interrupting.</p>",
    ),
    (
        "do_dont",
        {
            "title": "Body language",
            "do": [
                "Face the customer and keep your hands where they can see them",
                "Nod and keep natural eye contact while they speak",
                "Keep a relaxed, friendly face, also when it is busy",
                "Point with an open hand, or better, walk the customer to the shelf",
            ],
            "dont": [
                "Cross your arms or lean on the counter",
                "Look at your phone or the clock while someone is talking to you",
                'Point with one finger or wave towards "over there"',
                "Roll your eyes or sigh, even at a colleague",
            ],
            "clauses": ["STG-1", "CON-4"],
        },
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Walk them there",
            "text": "<p>When a customer asks where something is, take them to it if "
            "you can. It takes a minute, gives you time to ask what they need it "
            "for, and often turns a question into a sale.</p>",
            "clauses": ["STG-2"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "Everyday moments on the shop floor",
            "say_this": [
                "Good afternoon! Let me know if you'd like a hand.",
                "Excuse me a moment, I'll be right back with you.",
                "Thank you for waiting.",
                "Goodbye, and thank you for coming in.",
            ],
            "not_that": ["Yeah?", "What do you want?", "No idea.", "Whatever."],
            "why": "Set phrases stay polite even at the end of a long day; slang and "
            "shrugs sound as if we do not care.",
            "clauses": ["CON-1"],
        },
    ),
    practice(
        "You are tidying a shelf when a customer stops next to you. What do you do?",
        [
            (
                "Finish the shelf first, then ask what they want",
                False,
                "The customer comes before the shelf.",
            ),
            (
                "Stop, turn to face them, smile and greet them",
                True,
                "Yes: the customer always comes first.",
            ),
            (
                'Carry on and say "Can I help?" over your shoulder',
                False,
                "Talking without turning round looks dismissive.",
            ),
        ],
        "Stop what you are doing, turn to the customer and greet them.",
        ["STG-1", "CON-4"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Face the customer, hands visible, arms uncrossed.",
                "Walk customers to what they are looking for.",
                "Set phrases, never slang.",
                "The customer comes before the task.",
            ],
            "clauses": ["STG-1", "CON-1", "CON-4"],
        },
    ),
]

CONDUCT_COLLEAGUES = [
    (
        "text",
        "<p>Everyone, from the doorman to the director, affects whether a customer "
        "buys and comes back. We also depend on each other: sales on the warehouse, "
        "the warehouse on delivery, everyone on the customer-care line. Treat a "
        "colleague's request as you would a customer's, and customers feel the "
        "difference.</p>",
    ),
    (
        "callout",
        {
            "kind": "policy",
            "title": "Colleagues are internal customers",
            "text": "<p>Answer a colleague's request as quickly and as carefully as a "
            "customer's. A late answer to a colleague is often a late answer to a "
            "customer who is waiting at the other end.</p>",
            "clauses": ["CON-3"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "Handing a customer to a colleague",
            "say_this": [
                "Maria knows our kitchens best. Maria, this is Mr Ozols: he's looking "
                "for an oven for a small kitchen and needs it before Friday.",
                "I'll stay with you until Maria is free.",
            ],
            "not_that": [
                "Ask over there.",
                "That's not my department.",
                "Kitchens? Try someone else.",
            ],
            "why": "A warm introduction passes on what the customer already told you, "
            "so they never have to start again.",
            "clauses": ["CON-3", "CON-1"],
        },
    ),
    (
        "do_dont",
        {
            "title": "In front of customers",
            "do": [
                "Settle disagreements with colleagues later, out of sight",
                "Offer to help a colleague who has a queue",
                "Thank a colleague who helped you, in front of the customer",
            ],
            "dont": [
                "Correct a colleague in front of a customer",
                "Talk about breaks, pay or other customers on the shop floor",
                "Leave a colleague alone with a difficult customer",
            ],
            "clauses": ["CON-3", "CON-4"],
        },
    ),
    practice(
        "A colleague is rude to a customer while you are standing nearby. What do "
        "you do?",
        [
            (
                "Tell your colleague off there and then",
                False,
                "An argument in front of the customer makes it worse.",
            ),
            (
                "Step in politely to help the customer, and talk to your colleague "
                "later in private",
                True,
                "Yes: the customer first, the conversation with your colleague later.",
            ),
            (
                "Pretend you did not notice",
                False,
                "The customer noticed. Help them.",
            ),
        ],
        "Look after the customer now; raise it with your colleague privately "
        "afterwards.",
        ["CON-4", "CON-3"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Colleagues are internal customers: answer them as fast.",
                "Introduce the customer to a colleague; never point them away.",
                "Disagree in private, never in front of customers.",
            ],
            "clauses": ["CON-3", "CON-4"],
        },
    ),
]

APPEARANCE_THROUGH_THE_DAY = [
    (
        "text",
        "<p>The check before your shift is only the start. A long day in the "
        "warehouse, at the counter or in the delivery van leaves its marks, and the "
        "customer who comes at five in the afternoon deserves the same first "
        "impression as the one at nine in the morning.</p>",
    ),
    (
        "checklist",
        {
            "title": "Quick check after a break",
            "items": [
                "Uniform still clean; change the shirt if it is not",
                "Name badge on and straight",
                "Hands clean, especially after handling goods",
                "No smell of smoke or food: wash your hands, take a mint",
            ],
            "clauses": ["APP-1", "APP-2"],
        },
    ),
    (
        "callout",
        {
            "kind": "warning",
            "title": "Jewellery and safety",
            "text": "<p>Rings, bracelets and long necklaces can catch on goods, "
            "trolleys and machines. In the warehouse and on deliveries, <b>take "
            "them off</b> and tie long hair back. On the shop floor the rule is "
            "discreet; near machinery the rule is none.</p>",
            "clauses": ["APP-2"],
        },
    ),
    (
        "do_dont",
        {
            "title": "Scent and make-up",
            "do": [
                "Keep make-up natural and simple",
                "Use unscented or very light products",
            ],
            "dont": [
                "Put on perfume or aftershave during the shift",
                "Chew gum while serving customers",
            ],
            "clauses": ["APP-2"],
        },
    ),
    practice(
        "A colleague's strong perfume is bothering customers. What is the best thing "
        "to do?",
        [
            (
                "Mention it kindly in private, or ask your team leader to",
                True,
                "Yes: private, kind and to the point.",
            ),
            ("Open a window and say nothing", False, "The problem stays."),
            (
                "Joke about it in front of the team",
                False,
                "That embarrasses your colleague and solves nothing.",
            ),
        ],
        "Speak to the colleague privately and kindly; the rule is the same for "
        "everyone.",
        ["APP-2", "CON-3"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Check again after breaks and after dirty work.",
                "Discreet jewellery on the shop floor; none near machines.",
                "Talk about a colleague's appearance privately and kindly.",
            ],
            "clauses": ["APP-1", "APP-2"],
        },
    ),
]

CONFLICT_SOLUTION = [
    (
        "text",
        "<p>Once the customer feels heard, they want to know what happens next. "
        '"We\'ll look into it" is not an answer. A good answer says '
        "<b>what</b> will be done, <b>who</b> will do it and <b>by when</b>.</p>",
    ),
    (
        "speech_formula",
        {
            "situation": "Offering a solution",
            "say_this": [
                "Here's what I'll do: I'll book a new delivery for tomorrow morning "
                "and call you by four today to confirm the time.",
                "I can replace it now or refund you. Which would you prefer?",
            ],
            "not_that": [
                "We'll see what we can do.",
                "Someone will get back to you.",
                "These things happen.",
            ],
            "why": "An action and a time give the customer something to hold on to, "
            "and give us something we can check.",
            "clauses": ["CNF-3"],
        },
    ),
    (
        "callout",
        {
            "kind": "policy",
            "title": "Our deadlines apply here too",
            "text": "<p>An upset customer gets a first answer <b>within one hour</b> "
            "and a solution <b>within 24 hours</b>. If you need longer for a good "
            "reason, tell the customer before the deadline passes, not after.</p>",
            "clauses": ["POL-1", "POL-2", "CNF-3"],
        },
    ),
    (
        "do_dont",
        {
            "title": "Following it through",
            "do": [
                "Offer a choice when there is more than one fair solution",
                "Write down what you promised and set yourself a reminder",
                "Call the customer to confirm it is sorted",
            ],
            "dont": [
                "Offer compensation before you understand the problem",
                "Promise a time you have not checked",
                "Pass the complaint on and forget it",
            ],
            "clauses": ["CNF-3", "POL-3"],
        },
    ),
    practice(
        "A customer's new kettle leaks. Which answer follows the standard?",
        [
            (
                "We'll send it to the manufacturer and see what they say.",
                False,
                "No action and no time: the customer is left waiting.",
            ),
            (
                "I'm sorry about that. I can swap it for a new one now or refund you. "
                "Which would you prefer?",
                True,
                "Yes: an apology, a concrete solution and a choice, straight away.",
            ),
            (
                "Kettles sometimes leak at first; try it a few more times.",
                False,
                "That brushes the complaint aside.",
            ),
        ],
        "Say what you will do and by when, and offer a choice when you can.",
        ["CNF-2", "CNF-3"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "What, who and by when: every solution has all three.",
                "Offer a choice when you can.",
                "Tell the customer before a deadline slips, not after.",
                "Check it was done, and tell the customer.",
            ],
            "clauses": ["CNF-3", "POL-3"],
        },
    ),
]

CONFLICT_HELP_AND_SAFETY = [
    (
        "text",
        "<p>Most complaints end well with the four steps. A few do not: the "
        "customer wants something you cannot give, or anger turns into threats. "
        "Knowing when to call for help is part of the standard, not a failure.</p>",
    ),
    (
        "checklist",
        {
            "title": "Call the duty manager when",
            "items": [
                "The customer asks for something beyond your authority",
                "You have offered what you can and the customer still refuses",
                "The customer threatens, insults or frightens you or others",
                "You feel you are losing your own temper",
            ],
            "clauses": ["CNF-4"],
        },
    ),
    (
        "speech_formula",
        {
            "situation": "Bringing in a manager",
            "say_this": [
                "I want you to get the best answer, so I'm asking our duty manager, "
                "Ilze, to join us.",
                "Ilze, this is Mrs Kalnina. Her sofa arrived damaged and she would "
                "like it replaced this week.",
            ],
            "not_that": [
                "I can't deal with you.",
                "Go and complain to the manager.",
                "That's above my pay grade.",
            ],
            "why": "A handover with a summary shows the customer you are still on "
            "their side, and spares them telling the story again.",
            "clauses": ["CNF-4", "CON-3"],
        },
    ),
    (
        "callout",
        {
            "kind": "warning",
            "title": "Staying safe",
            "text": "<p>If a customer becomes aggressive, keep the counter or some "
            "space between you, keep your voice calm and low, do not touch them, "
            "and move towards your colleagues. If anyone is at risk, call security. "
            "Your safety comes before any sale.</p>",
            "clauses": ["CNF-4", "CON-2"],
        },
    ),
    (
        "callout",
        {
            "kind": "tip",
            "title": "Afterwards",
            "text": "<p>Tell your team leader what happened and write a short note "
            "while you still remember it. Take a few minutes off the floor if you "
            "need them: a hard conversation is hard work.</p>",
            "clauses": ["CNF-4"],
        },
    ),
    practice(
        "A customer starts shouting insults and slams his hand on the counter. What "
        "do you do?",
        [
            (
                "Shout back so he knows he cannot talk to you like that",
                False,
                "Raising your voice makes it worse.",
            ),
            (
                "Stay calm, keep your distance and call the duty manager",
                True,
                "Yes: stay safe and get help.",
            ),
            (
                "Come round the counter to calm him down",
                False,
                "Getting closer to an aggressive person is not safe.",
            ),
        ],
        "Keep your distance and your calm, and call for help.",
        ["CNF-4"],
    ),
    (
        "key_takeaways",
        {
            "items": [
                "Calling a manager is part of the standard, not a failure.",
                "Hand over with a short summary.",
                "Keep space between you, keep your voice low, get help.",
                "Tell your team leader afterwards.",
            ],
            "clauses": ["CNF-4"],
        },
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
            ),
            (
                "hold-transfer-call-back",
                "Hold, transfer and call back",
                "Keep the caller informed, hand over warmly, call back on time.",
                TELEPHONE_HOLD_AND_TRANSFER,
            ),
            (
                "difficult-calls-and-goodbyes",
                "Upset callers and a good goodbye",
                "Stay calm with an angry caller, sum up, end the call well.",
                TELEPHONE_DIFFICULT_AND_GOODBYE,
            ),
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
            ),
            (
                "making-the-offer",
                "Making an offer that fits",
                "Link what you suggest to what the customer told you.",
                STAGES_OFFER,
            ),
            (
                "closing-and-follow-up",
                "Closing and following up",
                "Sum up, say goodbye, and check afterwards that it worked.",
                STAGES_CLOSING,
            ),
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
            ),
            (
                "solving-it-on-the-spot",
                "Solving it on the spot",
                "Flexibility, and the authority to decide without asking.",
                POLICY_ON_THE_SPOT,
            ),
            (
                "the-same-in-every-branch",
                "The same service in every branch",
                "One standard everywhere, and how we check it.",
                POLICY_EVERY_BRANCH,
            ),
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
            ),
            (
                "face-voice-and-hands",
                "Face, voice and hands",
                "What your expression and gestures tell the customer.",
                CONDUCT_FACE_AND_VOICE,
            ),
            (
                "colleagues-are-customers-too",
                "Colleagues are customers too",
                "Internal service, handovers, and teamwork in front of customers.",
                CONDUCT_COLLEAGUES,
            ),
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
            ),
            (
                "through-the-day",
                "Looking right all day",
                "Keeping the standard after the morning check, safely.",
                APPEARANCE_THROUGH_THE_DAY,
            ),
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
            ),
            (
                "a-solution-and-a-time",
                "A solution and a time",
                "Say what you will do and by when, then do it.",
                CONFLICT_SOLUTION,
            ),
            (
                "calling-for-help-safely",
                "Calling for help and staying safe",
                "When to bring in the duty manager, and how to stay safe.",
                CONFLICT_HELP_AND_SAFETY,
            ),
        ],
    ),
]
