"""The demo role-plays: five conversations from the brief, one per module.

Each has endings of every kind (customer won back, escalated or handed on,
customer lost), two to four replies per customer step, and replies tagged with
the clauses of the standard by code.
"""


def say(key, text, next, score, mood, clauses, feedback, critical=False):
    return {
        "key": key,
        "text": text,
        "next": next,
        "score": score,
        "mood_change": mood,
        "clauses": clauses.split(),
        "critical": critical,
        "feedback": feedback,
    }


def customer(key, line, *replies):
    return ("customer_step", {"key": key, "line": line, "replies": list(replies)})


def narration(key, text, next):
    return ("narration", {"key": key, "text": text, "next": next})


def ending(key, outcome, passes, debrief):
    return (
        "ending",
        {"key": key, "outcome": outcome, "counts_as_pass": passes, "debrief": debrief},
    )


LATE_ORDER = {
    "module": "telephone",
    "slug": "the-late-wardrobe",
    "title": "The late wardrobe",
    "persona_name": "Andris Kalniņš",
    "persona_role": "Calling about a wardrobe that did not arrive",
    "starting_mood": -3,
    "feedback_timing": "both",
    "briefing": (
        "<p>You work on the customer line. The phone rings. The caller ordered a "
        "wardrobe that should have arrived last Friday. He has been trying to get "
        "through all morning.</p><p>Keep the call: answer properly, own his "
        "request, and leave him with a concrete promise you can keep.</p>"
    ),
    "steps": [
        customer(
            "answer",
            "Finally! I've been trying to get through all morning. My wardrobe was "
            "supposed to come last Friday and nobody has told me anything!",
            say(
                "greet-and-own",
                "Good morning, Brightline Home, Anna speaking. I'm sorry you've "
                "been waiting. I'll find out what happened to your wardrobe right "
                "now. Could you give me the order number?",
                "lookup",
                3,
                2,
                "TEL-2 TEL-4 CNF-1",
                "The caller hears who he reached, that you heard his frustration "
                "and that you are taking it on yourself.",
            ),
            say(
                "calm-down",
                "Please calm down, sir. What is your order number?",
                "pushback",
                -2,
                -2,
                "CNF-1 TEL-3",
                "“Calm down” tells an upset caller his feelings are the problem. "
                "Acknowledge the feeling first.",
            ),
            say(
                "warehouse-number",
                "Deliveries are handled by the warehouse. I'll give you their number.",
                "lost-passed-on",
                -3,
                -2,
                "TEL-4",
                "Passing the caller on breaks our rule that whoever answers owns "
                "the request. This fails the call.",
                critical=True,
            ),
        ),
        customer(
            "pushback",
            "Don't tell me to calm down! I took a day off work to wait for that "
            "delivery.",
            say(
                "acknowledge",
                "You're right, I'm sorry. Losing a day off is really frustrating. "
                "Let me check your order now so it doesn't happen again.",
                "lookup",
                2,
                2,
                "CNF-1 CNF-2",
                "Good recovery: you named what he lost and apologised without excuses.",
            ),
            say(
                "defend",
                "I'm only trying to help. There's no need to shout.",
                "lost-hung-up",
                -2,
                -2,
                "CNF-2",
                "Defending yourself turns the call into an argument about tone.",
            ),
        ),
        narration(
            "lookup",
            "You find the order. The wardrobe left the warehouse on Thursday, but "
            "the courier brought it back because one door panel was damaged. A new "
            "panel reaches the warehouse tomorrow.",
            "explain",
        ),
        customer(
            "explain",
            "So what happens now? I can't keep taking days off.",
            say(
                "concrete-plan",
                "One door panel was damaged, and the new one reaches our warehouse "
                "tomorrow. I can book delivery for Saturday morning, 9 to 12, so you "
                "don't need another day off. I'll call you today before 5 to "
                "confirm the slot.",
                "confirm",
                3,
                2,
                "CNF-3 POL-2 POL-3",
                "A concrete solution with a time, and a promise you can check.",
            ),
            say(
                "vague",
                "It should be sorted out in a few days. Someone will contact you.",
                "manager-please",
                -1,
                -1,
                "CNF-3 POL-3",
                "“A few days” and “someone” are not promises anyone can check.",
            ),
            say(
                "blame-courier",
                "It's the courier's fault, they damaged it. There's nothing I can "
                "do about that.",
                "lost-blamed",
                -3,
                -2,
                "CNF-2 POL-4",
                "The customer bought from us, not from the courier. Blaming a "
                "partner leaves him with nobody to turn to.",
            ),
        ),
        customer(
            "manager-please",
            "“Someone”? That's what I heard last week. I want to speak to your "
            "manager.",
            say(
                "own-with-deadline",
                "I understand. I'll stay with your case myself: I'll call you back "
                "within the hour with a delivery date, and my team leader will see "
                "the case too.",
                "callback",
                1,
                1,
                "POL-1 TEL-4",
                "Better: you kept the case and gave an answer time within the hour.",
            ),
            say(
                "put-through",
                "Of course, I'll put you through to my manager.",
                "manager",
                0,
                0,
                "CNF-4",
                "Handing on is sometimes right, but here you could have solved it "
                "yourself.",
            ),
        ),
        customer(
            "confirm",
            "Saturday morning works. And you'll really call me today?",
            say(
                "summarise",
                "Yes. To sum up: delivery on Saturday between 9 and 12, the whole "
                "wardrobe with the new panel, and I'll call you before 5 today to "
                "confirm. Thank you for your patience, Mr Kalniņš.",
                "won-back",
                2,
                1,
                "STG-4 POL-3",
                "A summary and a thank-you close the call on what was agreed.",
            ),
            say(
                "casual",
                "Yeah, sure, someone will ring you.",
                "won-back",
                -2,
                -2,
                "POL-3",
                "After a good plan, “someone will ring” takes the promise back.",
            ),
        ),
        ending(
            "won-back",
            "resolved",
            True,
            "Mr Kalniņš thanks you and books Saturday. What won him back: you owned "
            "the problem from the first sentence, explained what happened and made "
            "a promise with a time that you can keep.",
        ),
        ending(
            "callback",
            "escalated",
            False,
            "He accepts a call-back within the hour, but the delivery is still "
            "open. The case needs a second call that a concrete plan would have "
            "saved.",
        ),
        ending(
            "manager",
            "escalated",
            False,
            "Your manager takes over and sorts it out. The customer is calmer, but "
            "he had to ask twice for someone who could decide.",
        ),
        ending(
            "lost-passed-on",
            "customer_lost",
            False,
            "He hangs up and cancels the order. Three people passed him on this "
            "week; yours was the last.",
        ),
        ending(
            "lost-hung-up",
            "customer_lost",
            False,
            "He hangs up mid-sentence and writes a one-star review about rude staff.",
        ),
        ending(
            "lost-blamed",
            "customer_lost",
            False,
            "He cancels the order: if nobody at Brightline can do anything, he will "
            "buy elsewhere.",
        ),
    ],
}

OUT_OF_STOCK = {
    "module": "service-policy",
    "slug": "sold-out-sofa",
    "title": "The sofa from the flyer is sold out",
    "persona_name": "Līga Bērziņa",
    "persona_role": "Drove 40 minutes for the sofa on offer",
    "starting_mood": -1,
    "feedback_timing": "each",
    "briefing": (
        "<p>You work on the shop floor. A customer comes in for the grey corner "
        "sofa from this week's flyer. The shelf label says it is sold out.</p>"
        "<p>You may sell display models at up to 20% off without asking anyone. "
        "Use that authority, and promise only what you can keep.</p>"
    ),
    "steps": [
        customer(
            "ask",
            "I came for the grey corner sofa from your flyer, the one on offer. The "
            "label says it's sold out. I drove forty minutes for this.",
            say(
                "find-the-need",
                "I'm sorry it's sold out; let me see what I can do. Before I check: "
                "is it the colour, the corner shape or the price that matters most "
                "to you?",
                "check",
                3,
                1,
                "STG-2 CNF-1",
                "You acknowledged the wasted trip and asked what she needs before "
                "offering anything.",
            ),
            say(
                "while-stocks-last",
                "Yes, it's sold out. The offer was while stocks last.",
                "annoyed",
                -2,
                -2,
                "POL-4 CON-1",
                "True, but it closes the door on a customer you could still help.",
            ),
            say(
                "upsell",
                "We have a premium leather model over here, much better quality.",
                "annoyed",
                -1,
                -1,
                "STG-2 STG-3",
                "An offer before you know the need feels like a sales trick.",
            ),
        ),
        customer(
            "annoyed",
            "That's it? I took the afternoon off for this.",
            say(
                "recover",
                "I'm sorry, I answered too quickly. Let me check the other branches "
                "and what we have on the floor, right now.",
                "check",
                1,
                1,
                "POL-4 CNF-2",
                "A good recovery: you apologised and started working on it.",
            ),
            say(
                "nothing-to-do",
                "There's nothing I can do, sorry.",
                "lost",
                -3,
                -2,
                "POL-4",
                "There was something you could do: you are allowed to sell display "
                "models at a discount.",
            ),
        ),
        narration(
            "check",
            "You check the system. The grey corner sofa is sold out in every "
            "branch until next month. The display model on the floor is the same "
            "sofa, with a small scratch on the back.",
            "offer",
        ),
        customer(
            "offer",
            "So I came all this way for nothing?",
            say(
                "display-model",
                "Not for nothing. The display model here is exactly this sofa. It "
                "has a small scratch on the back, which will face the wall in a "
                "corner. I can sell it to you at 20% off today and deliver it this "
                "week.",
                "close",
                3,
                3,
                "POL-4 STG-3",
                "You used your authority to solve it on the spot, and were honest "
                "about the scratch.",
            ),
            say(
                "order-at-offer-price",
                "I can order one for you. It arrives next month, and I'll keep the "
                "offer price for you in writing.",
                "close-order",
                2,
                1,
                "POL-3 STG-3",
                "A fair solution, with a promise she can check.",
            ),
            say(
                "come-back-tomorrow",
                "I'd have to ask my manager whether we can do anything, and she's "
                "out today. Could you come back tomorrow?",
                "come-back",
                -2,
                -2,
                "POL-4",
                "You had the authority to decide. Sending her away costs another trip.",
            ),
            say(
                "forty-percent",
                "I'll give you 40% off the display model. I'm sure nobody will mind.",
                "over-promised",
                -2,
                2,
                "POL-4",
                "Twice the discount you may give. A promise the company cannot keep "
                "is a policy breach: this fails the role-play.",
                critical=True,
            ),
        ),
        customer(
            "close",
            "All right, the display one. When can you deliver?",
            say(
                "summarise",
                "Thursday between 10 and 2. To confirm: the grey corner sofa, the "
                "display model, 20% off, delivered on Thursday. I'll send the "
                "confirmation to your phone now. Thank you for coming all this "
                "way, Ms Bērziņa.",
                "won-back",
                2,
                1,
                "STG-4 POL-3",
                "A clear summary, a confirmation she can check, and thanks.",
            ),
            say(
                "form",
                "Fill in this form and the delivery team will call you.",
                "won-back",
                -1,
                -1,
                "STG-4 TEL-4",
                "The sale is made, but the close hands her over to a form.",
            ),
        ),
        customer(
            "close-order",
            "Fine, order it. But next month is a long time.",
            say(
                "promise-a-call",
                "I understand. I'll call you as soon as it reaches the warehouse, "
                "and the offer price is written on your order.",
                "ordered",
                2,
                1,
                "POL-3 STG-5",
                "A promise with a trigger you will notice, and the price in writing.",
            ),
            say(
                "earliest",
                "That's the earliest, sorry.",
                "ordered",
                0,
                -1,
                "POL-3",
                "True, but it leaves her with nothing to hold on to.",
            ),
        ),
        ending(
            "won-back",
            "resolved",
            True,
            "She leaves with a sofa and a delivery date. A sold-out offer became a "
            "sale because you used the authority you have.",
        ),
        ending(
            "ordered",
            "resolved",
            True,
            "She orders the sofa at the offer price. She has to wait, but she knows "
            "what happens next.",
        ),
        ending(
            "come-back",
            "escalated",
            False,
            "She says she will think about it. Nobody expects her back tomorrow.",
        ),
        ending(
            "over-promised",
            "resolved",
            False,
            "She is delighted, but the next day the discount is refused and "
            "someone has to call her to take the promise back. That call loses "
            "more trust than the sold-out sofa did.",
        ),
        ending(
            "lost",
            "customer_lost",
            False,
            "She leaves and buys a sofa at a competitor's on the way home.",
        ),
    ],
}

DESK_TO_DESK = {
    "module": "stages-of-service",
    "slug": "desk-to-desk",
    "title": "Sent from desk to desk",
    "persona_name": "Pēteris Ozols",
    "persona_role": "Wants to exchange a lamp; you are his third desk",
    "starting_mood": -3,
    "feedback_timing": "both",
    "briefing": (
        "<p>You are at the lighting department's till, finishing an online order. "
        "A customer with a lamp in a box walks up. The till sent him to the "
        "information desk, and the information desk sent him to you.</p><p>Greet "
        "him, take the request as yours, and either solve it or hand it to the "
        "right colleague yourself.</p>"
    ),
    "steps": [
        customer(
            "arrive",
            "The man at the till sent me to the information desk, and they sent me "
            "here. I only want to exchange a lamp that doesn't fit my ceiling. Is "
            "this the right place or not?",
            say(
                "greet-and-take",
                "Good afternoon! I'm sorry you've been sent around. Whether or not "
                "it's my desk, I'll make sure this gets sorted. Do you have the "
                "receipt with you?",
                "receipt",
                3,
                2,
                "STG-1 TEL-4 CNF-2",
                "A greeting, an apology and ownership in three sentences.",
            ),
            say(
                "upstairs",
                "Exchanges are done at customer service, on the first floor.",
                "from-there",
                -3,
                -2,
                "TEL-4",
                "A fourth desk. Send him on only if you take him there yourself.",
            ),
            say(
                "one-moment",
                "(Without looking up) One moment, I'm finishing this order.",
                "waiting",
                -2,
                -1,
                "STG-1",
                "A customer in front of you comes before a screen. Greet within ten "
                "seconds.",
            ),
        ),
        customer(
            "waiting",
            "I've been waiting ten minutes already, across three desks.",
            say(
                "sorry-now",
                "I'm sorry, you're right. The order can wait. How can I help?",
                "receipt",
                1,
                1,
                "STG-1 CNF-1",
                "You put the customer first, a little late.",
            ),
            say(
                "still-busy",
                "I said one moment.",
                "lost",
                -3,
                -2,
                "CON-1",
                "Curt words to a waiting customer end the visit.",
            ),
        ),
        customer(
            "from-there",
            "That's where they sent me from! Do you people even talk to each other?",
            say(
                "call-colleague",
                "I'm sorry about that. Let me call my colleague at customer service "
                "so she comes down here. You won't need to walk anywhere.",
                "handover",
                2,
                2,
                "TEL-4 CON-3",
                "You fixed the routing yourself instead of sending him round again.",
            ),
            say(
                "walk-with",
                "I'm really sorry. Let me walk you there myself and make sure the "
                "right person takes care of you.",
                "handover",
                1,
                1,
                "TEL-4 CON-3",
                "Going with him is good; he still has to walk to a fourth desk.",
            ),
            say(
                "dont-know",
                "I don't know what they told you. Exchanges are upstairs.",
                "lost",
                -3,
                -2,
                "TEL-4 CON-3",
                "Colleagues are internal customers: the system failed him and you "
                "left him in it.",
            ),
        ),
        narration(
            "receipt",
            "The receipt shows the lamp was bought nine days ago, within the "
            "14-day exchange period. Exchanges are normally done at customer "
            "service, but any consultant may do one at their own till.",
            "exchange",
        ),
        customer(
            "exchange",
            "So can you do it or not?",
            say(
                "do-it-here",
                "Yes, I can do it right here. For a low ceiling a flush ceiling "
                "light works best. Let me show you two that would fit.",
                "won-back",
                3,
                2,
                "POL-4 STG-3",
                "Solved on the spot, with an offer that fits his need.",
            ),
            say(
                "take-him-up",
                "I'll take you to customer service and explain it to my colleague, "
                "so you don't have to repeat anything.",
                "handover",
                1,
                1,
                "CON-3 TEL-4",
                "A proper handover, though you could have done the exchange yourself.",
            ),
            say(
                "customer-service-will",
                "It's within 14 days, so customer service upstairs will do it for you.",
                "lost-bounced",
                -3,
                -3,
                "TEL-4",
                "A fourth desk for a request you were allowed to solve: this fails "
                "the role-play.",
                critical=True,
            ),
        ),
        customer(
            "handover",
            "(At customer service) Right. Let's hope this is the last desk.",
            say(
                "brief-colleague",
                "Marta, this is Mr Ozols. He'd like to exchange a lamp bought nine "
                "days ago; here is the receipt. He's been to three desks already, "
                "so could we do it now?",
                "handed-over",
                2,
                2,
                "CON-3 STG-4",
                "Your colleague hears everything once; the customer repeats nothing.",
            ),
            say(
                "leave-him",
                "She'll help you. (You go back to your till.)",
                "left-waiting",
                -1,
                -1,
                "CON-3",
                "Without a handover he has to explain it all for the fourth time.",
            ),
        ),
        ending(
            "won-back",
            "resolved",
            True,
            "He leaves with a lamp that fits, from the desk he happened to reach. "
            "That is what owning a request means.",
        ),
        ending(
            "handed-over",
            "escalated",
            True,
            "Marta exchanges the lamp within minutes. Routing him to the right "
            "colleague, in person and with a full handover, counts as good service.",
        ),
        ending(
            "left-waiting",
            "escalated",
            False,
            "He gets his exchange in the end, after explaining it all again. He "
            "mentions the four desks in his feedback form.",
        ),
        ending(
            "lost",
            "customer_lost",
            False,
            "He leaves with the lamp still in its box and returns it by post.",
        ),
        ending(
            "lost-bounced",
            "customer_lost",
            False,
            "He walks out. A ten-minute exchange cost a customer who used to come "
            "every month.",
        ),
    ],
}

AFTER_SALE = {
    "module": "conflict-situations",
    "slug": "leaking-coffee-machine",
    "title": "The leaking coffee machine",
    "persona_name": "Inese Liepa",
    "persona_role": "Bought a coffee machine three weeks ago",
    "starting_mood": -2,
    "feedback_timing": "end",
    "briefing": (
        "<p>A customer puts a coffee machine on your counter. She bought it here "
        "three weeks ago, and the salesman told her it was the most reliable model "
        "we have.</p><p>Feedback comes at the end this time: trust the four steps "
        "(listen, acknowledge, solve, check) and keep the promise made before the "
        "sale.</p>"
    ),
    "steps": [
        customer(
            "complaint",
            "I bought this here three weeks ago. It leaks all over the counter. The "
            "salesman promised me it was the most reliable model you have.",
            say(
                "listen",
                "I'm sorry, that's not what you were promised. Please tell me what "
                "happens when it leaks, so I understand it fully.",
                "details",
                3,
                1,
                "CNF-1 CNF-2",
                "You apologised without blaming anyone and let her finish.",
            ),
            say(
                "descaling",
                "Have you been descaling it? Most leaks come from not cleaning it "
                "properly.",
                "defensive",
                -3,
                -2,
                "CNF-2",
                "Suggesting it's her fault before you know anything puts her on the "
                "defensive.",
            ),
            say(
                "complaint-form",
                "You'll need to fill in a complaint form. Warranty repairs take "
                "four to six weeks.",
                "defensive",
                -1,
                -1,
                "POL-2 CNF-3",
                "A procedure before listening, and a deadline far beyond our 24 hours.",
            ),
        ),
        customer(
            "defensive",
            "So it's my fault now? I followed the manual to the letter.",
            say(
                "apologise",
                "No, I'm sorry, I didn't mean that. Let's find out what's wrong. "
                "When does it leak?",
                "details",
                1,
                1,
                "CNF-2",
                "A quick apology gets the conversation back on track.",
            ),
            say(
                "insist",
                "I'm only saying that's usually the cause.",
                "lost",
                -2,
                -2,
                "CNF-2",
                "Insisting turns a complaint into an argument.",
            ),
            say(
                "get-manager",
                "I'll get my manager for you.",
                "manager",
                0,
                0,
                "CNF-4",
                "Calling for help is right when you cannot resolve it, but this "
                "you could.",
            ),
        ),
        narration(
            "details",
            "She explains that water pools under the machine every time she makes "
            "a second cup. You recognise the fault: a loose water-tank seal, known "
            "in this batch. You may swap the machine on the spot or send it for "
            "repair.",
            "solve",
        ),
        customer(
            "solve",
            "So what are you going to do about it?",
            say(
                "swap",
                "It's a known fault with a seal, so I'll swap it for a new machine "
                "right now. I'll also call you next week to check the new one works "
                "as it should.",
                "won-back",
                3,
                3,
                "POL-3 STG-5 CNF-3",
                "Solved on the spot, and a follow-up call keeps the promise made "
                "before the sale.",
            ),
            say(
                "repair",
                "I'll send it for repair today and you'll have it back within 24 "
                "hours. Until then I'll lend you a machine.",
                "repaired",
                2,
                1,
                "POL-2 CNF-3",
                "Concrete and within our 24 hours, with a loan so she isn't left "
                "without coffee.",
            ),
            say(
                "voucher",
                "I'll refund you and add a 50-euro voucher for the trouble.",
                "voucher",
                -1,
                2,
                "POL-4",
                "She is pleased, but a voucher is beyond what you may give: a "
                "policy breach, which fails the role-play.",
                critical=True,
            ),
            say(
                "manufacturer",
                "Please take it to the manufacturer's service centre; the warranty "
                "is theirs.",
                "lost-sent-away",
                -3,
                -3,
                "TEL-4 POL-3",
                "She bought it from us, on our promise. Sending her away breaks it.",
            ),
        ),
        ending(
            "won-back",
            "resolved",
            True,
            "She leaves with a new machine and your call is in the diary. A "
            "complaint handled this well often makes a customer more loyal than "
            "before.",
        ),
        ending(
            "repaired",
            "resolved",
            True,
            "Her machine is back the next day and works. She had a day with a loan "
            "machine, but every promise was kept.",
        ),
        ending(
            "voucher",
            "resolved",
            False,
            "She is happy today. Tomorrow the voucher is refused at the till, and "
            "the complaint comes back twice as strong.",
        ),
        ending(
            "manager",
            "escalated",
            False,
            "Your manager swaps the machine. The customer is satisfied, and you "
            "missed the chance to solve it yourself.",
        ),
        ending(
            "lost",
            "customer_lost",
            False,
            "She takes the machine and leaves. Her review says the staff blamed "
            "her for their product.",
        ),
        ending(
            "lost-sent-away",
            "customer_lost",
            False,
            "She drives to the service centre, and she will not buy from us again.",
        ),
    ],
}

TOO_CLOSE = {
    "module": "rules-of-conduct",
    "slug": "too-close-and-a-rude-colleague",
    "title": "Too close, and a rude colleague",
    "persona_name": "Rolands Krūmiņš",
    "persona_role": "Choosing a TV for watching football",
    "starting_mood": 0,
    "feedback_timing": "both",
    "briefing": (
        "<p>You are at the TV wall. A customer asks for advice and stands much "
        "closer to you than feels comfortable. Then a colleague interrupts.</p>"
        "<p>Keep the right distance without offending anyone, and never argue in "
        "front of a customer.</p>"
    ),
    "steps": [
        narration(
            "intro",
            "A customer walks up to the TV wall and stops a hand's width away from "
            "you.",
            "ask",
        ),
        customer(
            "ask",
            "So, which of these TVs is actually worth the money?",
            say(
                "step-back",
                "(Take a small step back to about an arm's length and smile) Good "
                "question! What will you mostly watch: sport, films or games?",
                "colleague",
                3,
                1,
                "CON-2 STG-2",
                "You fixed the distance without a word about it, and asked about "
                "the need.",
            ),
            say(
                "too-close",
                "Could you please not stand so close to me?",
                "offended",
                -1,
                -2,
                "CON-2 CON-1",
                "The distance matters, but saying it out loud embarrasses him. A "
                "small step back does the job.",
            ),
            say(
                "lean-away",
                "(Stay where you are, lean away, and start listing prices)",
                "colleague",
                -1,
                0,
                "CON-2 STG-2",
                "Leaning away looks uneasy, and prices before the need is a sales "
                "pitch.",
            ),
        ),
        customer(
            "offended",
            "Excuse me? I only asked a question.",
            say(
                "reset",
                "I'm sorry, that came out wrong. Let me show you. What will you "
                "mostly watch?",
                "colleague",
                1,
                1,
                "CNF-2 CON-1",
                "A quick apology and back to his question.",
            ),
            say(
                "personal-space",
                "Personal space is personal space.",
                "lost-offended",
                -3,
                -3,
                "CON-1",
                "Lecturing a customer ends the conversation.",
            ),
        ),
        narration(
            "colleague",
            "While you talk, your colleague Edgars walks past and says loudly: "
            "“Still on that one? We're two short at the tills, hurry up!” The "
            "customer raises his eyebrows.",
            "react",
        ),
        customer(
            "react",
            "Charming. Is that how you talk to each other here?",
            say(
                "stay-with-him",
                "I'm sorry about that. It's a busy day, but you have my full "
                "attention. For football, this 55-inch model has the smoothest "
                "picture in fast motion.",
                "won-back",
                3,
                2,
                "CON-4 CON-3 STG-3",
                "You kept calm, took the heat out of it and went back to his need. "
                "Talk to Edgars later, in private.",
            ),
            say(
                "team-leader",
                "I'm sorry. Let me ask my team leader to help at the tills, so we "
                "can take our time here.",
                "won-back",
                1,
                1,
                "CON-3 CNF-4",
                "Fine: you solved the staffing problem without a scene.",
            ),
            say(
                "snap-back",
                "(To Edgars) Mind your own business, I'm with a customer!",
                "lost-argument",
                -3,
                -3,
                "CON-4",
                "An argument between staff in front of a customer breaks our rules "
                "of conduct: this fails the role-play.",
                critical=True,
            ),
            say(
                "complain",
                "Don't mind him, he's always like that. Management here is a joke.",
                "shaken",
                -2,
                -1,
                "CON-3 CON-4",
                "Running down colleagues and the company tells the customer "
                "nothing good about either.",
            ),
        ),
        customer(
            "shaken",
            "Hm. Maybe I'll come back another day.",
            say(
                "win-back",
                "I'm sorry, that wasn't fair of me. Let me show you the two models "
                "that fit what you need. It takes five minutes.",
                "won-back",
                1,
                1,
                "CON-3 STG-3",
                "A late but honest recovery.",
            ),
            say(
                "leaflet",
                "Sure, here's a leaflet.",
                "left-neutral",
                -1,
                -1,
                "STG-4",
                "He leaves without an offer or a reason to come back.",
            ),
        ),
        ending(
            "won-back",
            "resolved",
            True,
            "He buys the TV and jokes about your colleague on the way to the till. "
            "Keeping the distance and your calm made the difference.",
        ),
        ending(
            "left-neutral",
            "escalated",
            False,
            "He takes the leaflet and leaves. He might come back, or he might not.",
        ),
        ending(
            "lost-offended",
            "customer_lost",
            False,
            "He walks off, offended, and does not come back to the TV wall.",
        ),
        ending(
            "lost-argument",
            "customer_lost",
            False,
            "He leaves while you and Edgars argue. Nobody wants to buy in a shop "
            "where staff shout at each other.",
        ),
    ],
}

SCENARIOS = [LATE_ORDER, DESK_TO_DESK, OUT_OF_STOCK, TOO_CLOSE, AFTER_SALE]
# The lesson that embeds a role-play: (module slug, lesson slug, role-play slug).
EMBED = ("telephone", "the-first-seconds", "the-late-wardrobe")
