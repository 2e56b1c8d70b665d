"""The clauses of the demo standard, grouped by module (code, title, description)."""

CLAUSES = {
    "telephone": [
        (
            "TEL-1",
            "Answer within three rings",
            "A caller who waits longer starts to doubt us.",
        ),
        (
            "TEL-2",
            "Greet with the company's name and your own",
            "The caller knows at once they reached the right place and a person.",
        ),
        (
            "TEL-3",
            "Smile while you speak",
            "A smile changes the voice: the caller hears it.",
        ),
        (
            "TEL-4",
            "Own the caller's request",
            "Take responsibility for the need; never just pass the caller on.",
        ),
    ],
    "stages": [
        (
            "STG-1",
            "Greet every customer within ten seconds",
            "Eye contact, a smile and a greeting, even when busy.",
        ),
        (
            "STG-2",
            "Find out the need before offering",
            "Ask open questions and listen before suggesting anything.",
        ),
        (
            "STG-3",
            "Offer what fits the need",
            "Never sell more than the customer needs.",
        ),
        (
            "STG-4",
            "Close with a summary and a farewell",
            "Repeat what was agreed, thank the customer, invite them back.",
        ),
        (
            "STG-5",
            "Follow up after the sale",
            "Check that what was promised arrived and works.",
        ),
    ],
    "policy": [
        (
            "POL-1",
            "Answer every request or complaint within one hour",
            "An answer, not necessarily the solution: the customer knows we are on it.",
        ),
        (
            "POL-2",
            "Resolve every complaint within 24 hours",
            "The target tightens to 12 hours once 24 is met consistently.",
        ),
        (
            "POL-3",
            "Keep every promise, and check it was kept",
            "Before and after the sale: dates, prices, call-backs.",
        ),
        (
            "POL-4",
            "Use your authority to solve it on the spot",
            "Front-line staff may decide without asking a manager.",
        ),
        (
            "POL-5",
            "The same service in every branch",
            "Customers meet one company, not many.",
        ),
    ],
    "conduct": [
        (
            "CON-1",
            "Use the set phrases; avoid the banned words",
            "Greeting, apology and farewell formulas; no slang, no 'I don't know'.",
        ),
        (
            "CON-2",
            "Keep the right distance",
            "About one arm's length (0.7 to 1.2 m); closer only when invited.",
        ),
        (
            "CON-3",
            "Treat colleagues as internal customers",
            "Good service between colleagues shows in service to customers.",
        ),
        (
            "CON-4",
            "No private talk or arguments in front of customers",
            "The customer always comes before the conversation.",
        ),
    ],
    "appearance": [
        (
            "APP-1",
            "Clean uniform and a visible name badge",
            "Checked before every shift.",
        ),
        (
            "APP-2",
            "Discreet make-up, jewellery and scent",
            "Nothing that distracts the customer or gets in the way of the work.",
        ),
    ],
    "conflict": [
        (
            "CNF-1",
            "Listen to the end and acknowledge the feeling",
            "Do not interrupt; name the feeling before the facts.",
        ),
        (
            "CNF-2",
            "Apologise without blaming anyone",
            "Apologise for the inconvenience; never blame a colleague or the customer.",
        ),
        (
            "CNF-3",
            "Offer a concrete solution with a deadline",
            "Say what you will do and by when, then do it.",
        ),
        (
            "CNF-4",
            "Call for help when you cannot resolve it, and stay safe",
            "Involve the duty manager; step back from aggression.",
        ),
    ],
}
