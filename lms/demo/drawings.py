"""The demo lessons' illustrations, drawn with Pillow: flat, labelled, no downloads.

Each drawing is drawn in English, Russian and Latvian, its words in one table per
drawing (the three languages side by side). The drawings are made once and
committed as PNG files under ``content/images`` (``phone-greeting.png``,
``phone-greeting-ru.png``, ``phone-greeting-lv.png``), which the lesson files of
each language name; the demo loader reads the files and never draws. After
changing a drawing or its words, write the files again with::

    python -m lms.demo.drawings

Labels use DejaVu Sans, the font the certification app ships for certificates: it
draws Latin (Latvian letters included) and Cyrillic. The text helpers refuse any
other script rather than draw it as empty boxes.
"""

from collections.abc import Callable
from functools import cache, partial
from io import BytesIO
from pathlib import Path

from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

import certification

IMAGES = Path(__file__).parent / "content" / "images"
# The demo course's languages, the original first.
LANGUAGES = ("en", "ru", "lv")
ORIGINAL = LANGUAGES[0]
# The certificates' font, which the certification app ships.
FONT = Path(certification.__file__).parent / "fonts" / "DejaVuSans.ttf"

WIDTH = 1200
BRAND = "#0e6e78"
BRAND_DARK = "#0b3d45"
BRAND_TINT = "#e6f4f5"
BRAND_TINT_STRONG = "#cfe9ec"
TEXT = "#1c2733"
MUTED = "#52606d"
BORDER = "#d3dce3"
SURFACE = "#ffffff"
BACKGROUND = "#f5f7f9"
SUCCESS = "#1a7440"
SUCCESS_TINT = "#e8f5ed"
DANGER = "#b42318"
DANGER_TINT = "#fdecea"
WARNING = "#8a5300"
WARNING_TINT = "#fff4de"
INFO_TINT = "#e8f1fb"
SKIN = "#f1c7a5"
HAIR = "#5a3a22"


class UnsupportedLabel(ValueError):
    """A label uses characters the font cannot draw."""


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size=size)


def drawable(char: str) -> bool:
    """Latin (with Latin Extended-A, where Latvian's letters are), Cyrillic,
    general punctuation and the euro sign: what DejaVu Sans draws here."""
    code = ord(char)
    return (
        code < 0x0180
        or 0x0400 <= code <= 0x04FF
        or 0x2000 <= code <= 0x206F
        or char == "€"
    )


def _checked(text: str) -> str:
    if not all(drawable(char) for char in text):
        raise UnsupportedLabel(f"The font cannot draw this label: {text!r}")
    return text


def wrap(text: str, size: int, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels."""
    lines: list[str] = []
    for paragraph in _checked(text).split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if not line or font(size).getlength(candidate) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def fitted(text: str, size: int, box_width: int, box_height: int, spacing=1.25):
    """The largest size up to ``size`` at which ``text`` fits the box, and its lines."""
    while True:
        lines = wrap(text, size, box_width)
        widest = max(font(size).getlength(line) for line in lines)
        if (widest <= box_width and len(lines) * size * spacing <= box_height) or (
            size <= 14
        ):
            return size, lines
        size -= 1


def text_block(
    draw, box, text, *, size=28, fill=TEXT, align="left", valign="top", spacing=1.25
):
    """Draw ``text`` wrapped (shrunk if need be) inside ``box``; return its bottom."""
    left, top, right, bottom = box
    size, lines = fitted(text, size, right - left, bottom - top, spacing)
    line_height = round(size * spacing)
    height = line_height * len(lines)
    if valign == "middle":
        top += (bottom - top - height) // 2
    elif valign == "bottom":
        top = bottom - height
    for number, line in enumerate(lines):
        y = top + number * line_height
        if align == "center":
            x = (left + right) / 2
            anchor = "ma"
        else:
            x, anchor = left, "la"
        draw.text((x, y), line, font=font(size), fill=fill, anchor=anchor)
    return top + height


def label(draw, xy, text: str, *, size: int, fill=TEXT, anchor="la") -> None:
    """One line of text, refused if the font cannot draw it."""
    draw.text(xy, _checked(text), font=font(size), fill=fill, anchor=anchor)


def one_line(text: str, size: int, width: int) -> int:
    """The largest size up to ``size`` at which ``text`` fits ``width`` on one line."""
    while size > 14 and font(size).getlength(text) > width:
        size -= 1
    return size


def title_bar(draw, title: str, subtitle: str = "", height=110) -> None:
    draw.rectangle((0, 0, WIDTH, height), fill=BRAND)
    y = 20 if subtitle else (height - 44) // 2
    width = WIDTH - 96
    label(draw, (48, y), title, size=one_line(title, 44, width), fill=SURFACE)
    if subtitle:
        size = one_line(subtitle, 24, width)
        label(draw, (50, y + 56), subtitle, size=size, fill=BRAND_TINT)


def arrow(draw, start, end, *, fill=BRAND, width=6, head=18) -> None:
    (x1, y1), (x2, y2) = start, end
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    base = (x2 - ux * head, y2 - uy * head)
    draw.line((start, base), fill=fill, width=width)
    draw.polygon(
        [
            (x2, y2),
            (base[0] - uy * head * 0.7, base[1] + ux * head * 0.7),
            (base[0] + uy * head * 0.7, base[1] - ux * head * 0.7),
        ],
        fill=fill,
    )


def dashed(draw, start, end, *, fill=MUTED, width=4, dash=14, gap=10) -> None:
    (x1, y1), (x2, y2) = start, end
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
    step = 0.0
    while step < length:
        a, b = step / length, min(step + dash, length) / length
        draw.line(
            (
                (x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),
                (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b),
            ),
            fill=fill,
            width=width,
        )
        step += dash + gap


def tick(draw, centre, radius=26, colour=SUCCESS) -> None:
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    r = radius
    draw.line(
        [
            (x - r * 0.45, y + r * 0.02),
            (x - r * 0.1, y + r * 0.38),
            (x + r * 0.5, y - r * 0.35),
        ],
        fill=SURFACE,
        width=max(radius // 5, 3),
        joint="curve",
    )


def cross(draw, centre, radius=26, colour=DANGER) -> None:
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    r = radius * 0.4
    width = max(radius // 5, 3)
    draw.line([(x - r, y - r), (x + r, y + r)], fill=SURFACE, width=width)
    draw.line([(x - r, y + r), (x + r, y - r)], fill=SURFACE, width=width)


def badge(draw, centre, label: str, *, radius=24, fill=BRAND, colour=SURFACE) -> None:
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
    draw.text(
        (x, y),
        _checked(label),
        font=font(round(radius * 1.1)),
        fill=colour,
        anchor="mm",
    )


def pill(draw, centre, label: str, *, size=24, fill=SURFACE, colour=TEXT) -> None:
    """A short label on a rounded background, readable over any drawing."""
    x, y = centre
    half = font(size).getlength(_checked(label)) / 2 + size * 0.6
    draw.rounded_rectangle(
        (x - half, y - size * 0.8, x + half, y + size * 0.8),
        radius=size // 2,
        fill=fill,
    )
    draw.text((x, y), label, font=font(size), fill=colour, anchor="mm")


def person(draw, x, top, *, scale=1.0, shirt=BRAND, skin=SKIN) -> None:
    """A flat standing figure seen from the front, ``x`` its centre line."""
    s = scale
    head = 34 * s
    draw.ellipse((x - head, top, x + head, top + 2 * head), fill=skin)
    body_top = top + 2 * head + 8 * s
    draw.rounded_rectangle(
        (x - 58 * s, body_top, x + 58 * s, body_top + 140 * s),
        radius=30 * s,
        fill=shirt,
    )


def person_from_above(draw, centre, *, radius=46, shirt=BRAND, hair=HAIR) -> None:
    """A figure seen from above: shoulders and the top of the head."""
    x, y = centre
    draw.ellipse(
        (x - radius * 0.55, y - radius, x + radius * 0.55, y + radius), fill=shirt
    )
    head = radius * 0.42
    draw.ellipse((x - head, y - head, x + head, y + head), fill=hair)


def to_png(canvas: PillowImage.Image) -> bytes:
    buffer = BytesIO()
    canvas.save(buffer, "PNG")
    return buffer.getvalue()


# Each drawing's words by language, in a table above the drawing. The Russian and
# Latvian words are those of the lessons in course.ru and course.lv, so that a
# picture and the text around it agree.

PHONE_GREETING = {
    "en": {
        "title": "Answering a call",
        "subtitle": "Pick up by the third ring, then four parts",
        "incoming": "Incoming call",
        "rings": "Ring 3: pick up by now",
        "parts": [
            ("Greeting", "Good morning,"),
            ("Company and branch", "Brightline Home, Riga Central."),
            ("Your name", "This is Anna."),
            ("Offer to help", "How can I help you?"),
        ],
        "smile": "Smile before you pick up: the caller hears it.",
    },
    "ru": {
        "title": "Как ответить на звонок",
        "subtitle": "Снимите трубку не позднее третьего гудка; приветствие — "
        "из четырёх частей",
        "incoming": "Входящий звонок",
        "rings": "Не позднее третьего гудка",
        "parts": [
            ("Приветствие", "Доброе утро,"),
            ("Компания и магазин", "Brightline Home, магазин «Рига Центр»,"),
            ("Ваше имя", "меня зовут Анна."),
            ("Предложение помощи", "Чем могу помочь?"),
        ],
        "smile": "Улыбнитесь, прежде чем снять трубку: это слышно.",
    },
    "lv": {
        "title": "Kā atbildēt uz zvanu",
        "subtitle": "Paceliet klausuli līdz trešajam signālam, sveiciens – "
        "četrās daļās",
        "incoming": "Ienākošais zvans",
        "rings": "Līdz trešajam signālam",
        "parts": [
            ("Sveiciens", "Labrīt,"),
            ("Uzņēmums un veikals", "Brightline Home, veikals „Rīga Centrs”,"),
            ("Jūsu vārds", "runā Anna."),
            ("Piedāvājums palīdzēt", "Kā varu Jums palīdzēt?"),
        ],
        "smile": "Pasmaidiet, pirms paceļat klausuli: to var dzirdēt.",
    },
}


def phone_greeting(language: str = "en") -> PillowImage.Image:
    words = PHONE_GREETING[language]
    canvas = PillowImage.new("RGB", (WIDTH, 680), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    title_bar(draw, words["title"], words["subtitle"])

    # The phone, ringing, and the three rings.
    draw.rounded_rectangle((130, 170, 310, 470), radius=30, fill=BRAND_DARK)
    draw.rounded_rectangle((146, 200, 294, 420), radius=12, fill=BRAND_TINT_STRONG)
    draw.ellipse((205, 432, 235, 462), fill=BRAND_TINT)
    draw.ellipse((190, 240, 250, 300), fill=BRAND)
    draw.chord((170, 306, 270, 406), 180, 360, fill=BRAND)
    text_block(
        draw,
        (152, 362, 288, 414),
        words["incoming"],
        size=20,
        fill=BRAND_DARK,
        align="center",
        valign="middle",
    )
    for step in range(3):
        radius = 140 + step * 30
        box = (220 - radius, 320 - radius, 220 + radius, 320 + radius)
        draw.arc(box, 318, 342, fill=BRAND, width=6)
        draw.arc(box, 198, 222, fill=BRAND, width=6)
    for number in range(3):
        x = 150 + number * 70
        last = number == 2
        fill = BRAND if last else SURFACE
        draw.ellipse((x - 26, 505, x + 26, 557), fill=fill, outline=BRAND, width=4)
        draw.text(
            (x, 531),
            str(number + 1),
            font=font(28),
            fill=SURFACE if last else BRAND,
            anchor="mm",
        )
    text_block(draw, (60, 580, 380, 650), words["rings"], size=26, align="center")

    # The greeting, part by part, all parts' words in one size.
    parts = words["parts"]
    words_size = min(fitted(said, 32, 570, 48)[0] for _part, said in parts)
    top = 150
    for number, (part, said) in enumerate(parts, start=1):
        box = (460, top, 1150, top + 98)
        draw.rounded_rectangle(box, radius=18, fill=SURFACE, outline=BORDER, width=2)
        badge(draw, (510, top + 49), str(number), radius=26)
        label(draw, (560, top + 16), part.upper(), size=22, fill=MUTED)
        text_block(draw, (560, top + 44, 1130, top + 92), said, size=words_size)
        top += 112

    # A smile can be heard.
    draw.ellipse((470, 600, 530, 660), fill="#ffd166")
    draw.ellipse((486, 618, 494, 628), fill=TEXT)
    draw.ellipse((506, 618, 514, 628), fill=TEXT)
    draw.arc((484, 620, 516, 648), 20, 160, fill=TEXT, width=4)
    text_block(draw, (550, 600, 1150, 664), words["smile"], size=28, valign="middle")
    return canvas


SERVICE_STAGES = {
    "en": {
        "title": "Five stages of every visit",
        "subtitle": "Skip one and the sale or the trust goes",
        "stages": [
            ("Greet", "Within ten seconds, eye contact and a smile"),
            ("Find the need", "Open questions, then listen"),
            ("Offer", "What fits the need, not the priciest"),
            ("Close", "Sum up, thank, invite back"),
            ("Follow up", "Check it arrived and works"),
        ],
    },
    "ru": {
        "title": "Пять этапов каждого визита",
        "subtitle": "Пропущен один этап — и мы теряем продажу или доверие",
        "stages": [
            ("Приветствие", "В течение десяти секунд, взгляд и улыбка"),
            ("Потребность", "Открытые вопросы, затем слушать"),
            ("Предложение", "То, что подходит, а не самое дорогое"),
            ("Завершение", "Подвести итог, сказать спасибо, пригласить снова"),
            ("После покупки", "Узнать, что товар доставлен и работает"),
        ],
    },
    "lv": {
        "title": "Katra apmeklējuma pieci posmi",
        "subtitle": "Izlaists viens posms – zaudēts pirkums vai uzticēšanās",
        "stages": [
            ("Sveiciens", "Desmit sekunžu laikā, skatiens un smaids"),
            ("Vajadzība", "Atvērti jautājumi, tad uzklausīt"),
            ("Piedāvājums", "Kas atbilst vajadzībai, nevis dārgākais"),
            ("Noslēgums", "Apkopot, pateikties, aicināt atgriezties"),
            ("Saziņa pēc pirkuma", "Pārbaudīt, vai prece piegādāta un darbojas"),
        ],
    },
}


def service_stages(language: str = "en") -> PillowImage.Image:
    words = SERVICE_STAGES[language]
    canvas = PillowImage.new("RGB", (WIDTH, 540), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    title_bar(draw, words["title"], words["subtitle"])
    stages = words["stages"]
    step_width, left, top, height = 214, 46, 150, 130
    shades = ["#0b3d45", "#0a5861", "#0e6e78", "#12838f", "#179aa8"]
    # The number above the name, so that a long name has the arrow's width; one
    # size for every name and one for every detail.
    name_box = (step_width - 38, 64)
    name_size = min(fitted(name, 28, *name_box)[0] for name, _detail in stages)
    detail_size = min(fitted(detail, 26, 166, 165)[0] for _name, detail in stages)
    for number, ((name, detail), shade) in enumerate(
        zip(stages, shades, strict=True), start=1
    ):
        x = left + (number - 1) * step_width
        point = 34
        notch = point if number > 1 else 0
        shape = [
            (x, top),
            (x + step_width - 6, top),
            (x + step_width - 6 + point, top + height / 2),
            (x + step_width - 6, top + height),
            (x, top + height),
            (x + notch, top + height / 2),
        ]
        draw.polygon(shape, fill=shade)
        inside = x + max(notch, 16) + 4
        badge(
            draw,
            (inside + 18, top + 30),
            str(number),
            radius=18,
            fill=SURFACE,
            colour=shade,
        )
        text_block(
            draw,
            (inside, top + 56, inside + name_box[0], top + 56 + name_box[1]),
            name,
            size=name_size,
            fill=SURFACE,
            valign="middle",
        )
        card = (x + 26, top + 160, x + step_width + 10, top + 365)
        draw.rounded_rectangle(card, radius=16, fill=SURFACE, outline=BORDER, width=2)
        draw.rectangle(
            (card[0] + 2, card[1] + 2, card[2] - 2, card[1] + 10), fill=shade
        )
        text_block(
            draw,
            (card[0] + 16, card[1] + 28, card[2] - 16, card[3] - 12),
            detail,
            size=detail_size,
        )
    return canvas


# Each moment: the time, what happens, a detail.
RESPONSE_TIMELINE = {
    "en": {
        "title": "A complaint, by the clock",
        "subtitle": "Answer within 1 hour, resolve within 24",
        "points": [
            ("10:00", "Complaint arrives", "by e-mail, phone or in person"),
            ("by 11:00", "First answer", "We are on it, and what happens next"),
            ("by 22:00", "Next goal: 12 hours", "Once 24 hours is routine"),
            ("by 10:00", "Resolved", "next day, at the latest"),
        ],
        "answer": "1 hour: an answer",
        "solution": "24 hours: a solution",
    },
    "ru": {
        "title": "Жалоба: счёт идёт на часы",
        "subtitle": "Ответ — в течение часа, решение — в течение 24 часов",
        "points": [
            ("10:00", "Поступила жалоба", "по почте, по телефону или лично"),
            ("до 11:00", "Первый ответ", "что мы уже делаем и что будет дальше"),
            ("до 22:00", "Следующая цель: 12 часов", "когда 24 часа станут нормой"),
            ("до 10:00", "Вопрос решён", "на следующий день, не позже"),
        ],
        "answer": "1 час: ответ",
        "solution": "24 часа: решение",
    },
    "lv": {
        "title": "Sūdzības termiņi",
        "subtitle": "Atbilde stundas laikā, risinājums 24 stundu laikā",
        "points": [
            ("10.00", "Pienāk sūdzība", "pa e-pastu, tālruni vai klātienē"),
            ("līdz 11.00", "Pirmā atbilde", "ko darām un kas notiks tālāk"),
            (
                "līdz 22.00",
                "Nākamais mērķis: 12 stundas",
                "kad 24 stundas būs ierastas",
            ),
            ("līdz 10.00", "Atrisināta", "nākamajā dienā, ne vēlāk"),
        ],
        "answer": "1 stunda: atbilde",
        "solution": "24 stundas: risinājums",
    },
}


def response_timeline(language: str = "en") -> PillowImage.Image:
    words = RESPONSE_TIMELINE[language]
    canvas = PillowImage.new("RGB", (WIDTH, 560), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    title_bar(draw, words["title"], words["subtitle"])
    axis = 350
    colours = [MUTED, BRAND, WARNING, SUCCESS]
    places = [170, 450, 760, 1040]
    points = zip(places, words["points"], colours, strict=True)
    draw.line((110, axis, 1100, axis), fill=BORDER, width=10)
    draw.line((170, axis, 450, axis), fill=BRAND, width=10)
    # A break in the line: the hours in between are not to scale.
    for offset in (0, 16):
        draw.line(
            (590 + offset, axis - 22, 610 + offset, axis + 22), fill=MUTED, width=4
        )
    # One size for the names of the moments and one for their details, which
    # start on one line below the longest name. The moments are 280 apart.
    half = 140
    moments = [moment for _time, moment, _detail in words["points"]]
    moment_size = min(fitted(moment, 28, 2 * half, 72)[0] for moment in moments)
    lines = max(len(fitted(moment, moment_size, 2 * half, 72)[1]) for moment in moments)
    details_top = axis + 46 + lines * round(moment_size * 1.25)
    detail_size = min(fitted(p[2], 24, 2 * half - 10, 64)[0] for p in words["points"])
    for x, (time, moment, detail), colour in points:
        draw.ellipse((x - 22, axis - 22, x + 22, axis + 22), fill=colour)
        draw.ellipse((x - 10, axis - 10, x + 10, axis + 10), fill=SURFACE)
        label(draw, (x, axis - 40), time, size=30, fill=colour, anchor="ms")
        text_block(
            draw,
            (x - half, axis + 40, x + half, axis + 112),
            moment,
            size=moment_size,
            align="center",
        )
        text_block(
            draw,
            (x - half + 5, details_top, x + half - 5, details_top + 64),
            detail,
            size=detail_size,
            fill=MUTED,
            align="center",
        )
    # Brackets over the line for the two promises.
    for start, end, y, promise, colour in [
        (170, 450, 240, words["answer"], BRAND),
        (170, 1040, 170, words["solution"], SUCCESS),
    ]:
        draw.line((start, y, end, y), fill=colour, width=4)
        draw.line((start, y, start, y + 20), fill=colour, width=4)
        draw.line((end, y, end, y + 20), fill=colour, width=4)
        width = font(26).getlength(promise) + 32
        middle = (start + end) / 2
        draw.rounded_rectangle(
            (middle - width / 2, y - 20, middle + width / 2, y + 20),
            radius=20,
            fill=colour,
        )
        label(draw, (middle, y), promise, size=26, fill=SURFACE, anchor="mm")
    return canvas


HANDOVER = {
    "en": {
        "title": "Desk to desk, or one owner",
        "subtitle": "Who does the customer have to explain it to?",
        "bad": "Desk to desk",
        "good": "One owner",
        "customer": "Customer",
        "desks": ["Sales", "Orders", "Service"],
        "bad_note": "Three desks, the same story told three times.",
        "you": "You",
        "colleague": "Colleague",
        "handover": "Warm handover",
        "good_note": "Introduce, pass on the details, stay until they take over.",
    },
    "ru": {
        "title": "От стойки к стойке или один ответственный",
        "subtitle": "Скольким людям клиенту придётся всё объяснять?",
        "bad": "От стойки к стойке",
        "good": "Один ответственный",
        "customer": "Клиент",
        "desks": ["Продажи", "Заказы", "Сервис"],
        "bad_note": "Три стойки — и трижды одна и та же история.",
        "you": "Вы",
        "colleague": "Коллега",
        "handover": "Передача с представлением",
        "good_note": "Представьте, введите в курс дела, оставайтесь, пока коллега "
        "не примет клиента.",
    },
    "lv": {
        "title": "No galda pie galda vai viens atbildīgais",
        "subtitle": "Cik cilvēkiem klientam viss jāizstāsta?",
        "bad": "No galda pie galda",
        "good": "Viens atbildīgais",
        "customer": "Klients",
        "desks": ["Pārdošana", "Pasūtījumi", "Serviss"],
        "bad_note": "Trīs galdi – un trīs reizes tas pats stāsts.",
        "you": "Jūs",
        "colleague": "Kolēģis",
        "handover": "Nodošana ar ievadu",
        "good_note": "Iepazīstiniet, izstāstiet kolēģim jautājumu, palieciet, "
        "līdz viņš to pārņem.",
    },
}


def handover(language: str = "en") -> PillowImage.Image:
    words = HANDOVER[language]
    canvas = PillowImage.new("RGB", (WIDTH, 640), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    title_bar(draw, words["title"], words["subtitle"])
    panels = [
        ((30, 140, 590, 620), DANGER_TINT, DANGER, words["bad"]),
        ((610, 140, 1170, 620), SUCCESS_TINT, SUCCESS, words["good"]),
    ]
    for box, tint, colour, heading in panels:
        draw.rounded_rectangle(box, radius=24, fill=tint)
        label(draw, (box[0] + 104, box[1] + 28), heading, size=34, fill=colour)
    cross(draw, (90, 188), radius=26)
    tick(draw, (670, 188), radius=26)

    # One size for the names on the desks.
    desk_names = [*words["desks"], words["colleague"]]
    desk_size = min(fitted(name, 24, 144, 48)[0] for name in desk_names)

    def desk(x, y, name, colour=MUTED):
        draw.rounded_rectangle(
            (x - 80, y, x + 80, y + 56),
            radius=10,
            fill=SURFACE,
            outline=colour,
            width=3,
        )
        text_block(
            draw,
            (x - 72, y + 4, x + 72, y + 52),
            name,
            size=desk_size,
            align="center",
            valign="middle",
        )

    # Left: the customer bounces between three desks and repeats the story.
    person(draw, 120, 290, scale=0.7, shirt="#8a94a0")
    label(draw, (120, 480), words["customer"], size=26, fill=MUTED, anchor="ma")
    desks = zip([(330, 250), (480, 360), (330, 470)], words["desks"], strict=True)
    for number, ((x, y), name) in enumerate(desks, start=1):
        desk(x, y, name)
        badge(draw, (x + 80, y), str(number), radius=16, fill=DANGER)
    arrow(draw, (175, 330), (244, 285), fill=DANGER, width=5)
    arrow(draw, (412, 290), (460, 352), fill=DANGER, width=5)
    arrow(draw, (440, 420), (380, 464), fill=DANGER, width=5)
    text_block(
        draw,
        (60, 538, 560, 612),
        words["bad_note"],
        size=26,
        fill=DANGER,
        align="center",
        valign="middle",
    )

    # Right: the first employee owns it and hands over warmly, once.
    person(draw, 700, 290, scale=0.7, shirt="#8a94a0")
    label(draw, (700, 480), words["customer"], size=26, fill=MUTED, anchor="ma")
    person(draw, 860, 290, scale=0.7, shirt=BRAND)
    label(draw, (860, 480), words["you"], size=26, fill=MUTED, anchor="ma")
    desk(1060, 330, words["colleague"], colour=SUCCESS)
    arrow(draw, (920, 358), (975, 358), fill=SUCCESS, width=6)
    text_block(
        draw,
        (930, 226, 1165, 318),
        words["handover"],
        size=24,
        fill=SUCCESS,
        align="center",
        valign="bottom",
    )
    text_block(
        draw,
        (640, 524, 1150, 612),
        words["good_note"],
        size=26,
        fill=SUCCESS,
        align="center",
        valign="middle",
    )
    return canvas


# The legend: each zone's distances and what they are for.
PROXEMICS = {
    "en": {
        "title": "Keep the right distance",
        "subtitle": "Seen from above: you, the zones, a customer",
        "marks": ["0.7 m", "1.2 m", "3.5 m"],
        "you": "You",
        "customer": "Customer",
        "legend": [
            ("Under 0.7 m", "Too close. Only when the customer invites it."),
            ("0.7 to 1.2 m", "Serving distance: about one arm's length."),
            ("1.2 to 3.5 m", "Greeting distance. Then come closer."),
        ],
    },
    "ru": {
        "title": "Соблюдайте дистанцию",
        "subtitle": "Вид сверху: Вы, зоны и клиент",
        "marks": ["0,7 м", "1,2 м", "3,5 м"],
        "you": "Вы",
        "customer": "Клиент",
        "legend": [
            ("Ближе 0,7 м", "Слишком близко. Только по приглашению клиента."),
            ("От 0,7 до 1,2 м", "Дистанция обслуживания: вытянутая рука."),
            ("От 1,2 до 3,5 м", "Для приветствия. Затем подойдите ближе."),
        ],
    },
    "lv": {
        "title": "Ievērojiet pareizo distanci",
        "subtitle": "Skats no augšas: Jūs, zonas un klients",
        "marks": ["0,7 m", "1,2 m", "3,5 m"],
        "you": "Jūs",
        "customer": "Klients",
        "legend": [
            ("Tuvāk par 0,7 m", "Par tuvu. Tikai tad, ja klients pats to aicina."),
            ("0,7–1,2 m", "Apkalpošanas attālums: apmēram rokas stiepiens."),
            ("1,2–3,5 m", "Attālums sveicienam. Pēc tam pienāciet tuvāk."),
        ],
    },
}


def proxemics(language: str = "en") -> PillowImage.Image:
    words = PROXEMICS[language]
    canvas = PillowImage.new("RGB", (WIDTH, 660), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    x, y = 130, 400
    marks = list(zip([170, 330, 520], words["marks"], strict=True))
    zones = [(520, INFO_TINT, "#7fa7d6"), (330, SUCCESS_TINT, SUCCESS)]
    zones.append((170, DANGER_TINT, DANGER))
    for radius, tint, edge in zones:
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=tint,
            outline=edge,
            width=4,
        )
    title_bar(draw, words["title"], words["subtitle"])
    # Distance marks along the floor line.
    draw.line((x, y, x + marks[-1][0], y), fill=TEXT, width=2)
    for radius, mark in marks:
        draw.line((x + radius, y - 12, x + radius, y + 12), fill=TEXT, width=3)
        pill(draw, (x + radius, y + 40), mark, size=24)
    person_from_above(draw, (x, y), shirt=BRAND)
    pill(draw, (x, y - 80), words["you"], size=26)
    customer = (x + 245, y - 110)
    person_from_above(draw, customer, shirt="#8a94a0")
    pill(draw, (customer[0], customer[1] - 76), words["customer"], size=26)

    colours = [DANGER, SUCCESS, "#4a78b0"]
    legend = zip(colours, words["legend"], strict=True)
    left, top = 760, 170
    draw.rounded_rectangle(
        (left - 24, top - 26, 1170, 630), radius=20, fill=SURFACE, outline=BORDER
    )
    # Each detail on at most two lines, so that the three fit the panel.
    detail_box = (1150 - left - 52, 66)
    detail_size = min(fitted(d, 26, *detail_box)[0] for _h, d in words["legend"])
    for colour, (heading, detail) in legend:
        draw.rounded_rectangle(
            (left, top + 4, left + 34, top + 38), radius=8, fill=colour
        )
        label(draw, (left + 52, top), heading, size=30, fill=colour)
        bottom = text_block(
            draw,
            (left + 52, top + 46, 1150, top + 46 + detail_box[1]),
            detail,
            size=detail_size,
        )
        top = bottom + 40
    return canvas


# Each part of the figure: its heading and what to check.
APPEARANCE_CHECK = {
    "en": {
        "title": "The two-minute check",
        "subtitle": "Before every shift, in front of the mirror",
        "parts": {
            "hair": ("Hair", "Tidy; tied back near machines"),
            "make-up": ("Make-up and scent", "Discreet, nothing strong"),
            "uniform": ("Uniform", "Clean and ironed"),
            "shoes": ("Shoes", "Clean and safe for the floor"),
            "jewellery": ("Jewellery", "Small; nothing that catches"),
            "badge": ("Name badge", "On the left, easy to read"),
            "hands": ("Hands", "Clean, short or neat nails"),
        },
    },
    "ru": {
        "title": "Проверка за две минуты",
        "subtitle": "Перед каждой сменой, у зеркала",
        "parts": {
            "hair": ("Причёска", "Аккуратная; на складе волосы собраны"),
            "make-up": ("Макияж и парфюм", "Естественно, без резкого запаха"),
            "uniform": ("Форма", "Чистая и выглаженная"),
            "shoes": ("Обувь", "Чистая и безопасная для работы в зале"),
            "jewellery": ("Украшения", "Небольшие, ни за что не цепляются"),
            "badge": ("Бейдж с именем", "Слева, имя легко прочитать"),
            "hands": ("Руки", "Чистые, ногти короткие или аккуратные"),
        },
    },
    "lv": {
        "title": "Divu minūšu pārbaude",
        "subtitle": "Pirms katras maiņas, pie spoguļa",
        "parts": {
            "hair": ("Mati", "Sakārtoti; noliktavā sasieti"),
            "make-up": ("Grims un smaržas", "Dabīgs grims, bez spēcīgām smaržām"),
            "uniform": ("Formas tērps", "Tīrs un izgludināts"),
            "shoes": ("Apavi", "Tīri un droši staigāšanai pa grīdu"),
            "jewellery": ("Rotaslietas", "Nelielas, nekas neaizķeras"),
            "badge": ("Vārda nozīmīte", "Kreisajā pusē, labi salasāma"),
            "hands": ("Rokas", "Tīras, nagi īsi vai kopti"),
        },
    },
}


def appearance_check(language: str = "en") -> PillowImage.Image:
    words = APPEARANCE_CHECK[language]
    canvas = PillowImage.new("RGB", (WIDTH, 760), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    title_bar(draw, words["title"], words["subtitle"])
    x = 600
    # Figure: hair, head, uniform with badge, trousers, shoes.
    draw.ellipse((x - 62, 140, x + 62, 230), fill=HAIR)
    draw.ellipse((x - 52, 158, x + 52, 272), fill=SKIN)
    draw.rectangle((x - 20, 262, x + 20, 292), fill=SKIN)
    draw.rounded_rectangle((x - 120, 282, x + 120, 520), radius=40, fill=BRAND)
    draw.polygon([(x - 28, 282), (x + 28, 282), (x, 326)], fill=SURFACE)
    draw.rounded_rectangle((x - 170, 300, x - 122, 500), radius=22, fill=BRAND)
    draw.rounded_rectangle((x + 122, 300, x + 170, 500), radius=22, fill=BRAND)
    draw.ellipse((x - 170, 492, x - 122, 540), fill=SKIN)
    draw.ellipse((x + 122, 492, x + 170, 540), fill=SKIN)
    draw.rectangle((x - 100, 520, x - 8, 670), fill=BRAND_DARK)
    draw.rectangle((x + 8, 520, x + 100, 670), fill=BRAND_DARK)
    draw.rounded_rectangle((x - 110, 664, x - 4, 700), radius=14, fill=TEXT)
    draw.rounded_rectangle((x + 4, 664, x + 110, 700), radius=14, fill=TEXT)
    # The badge sits on the wearer's left: the viewer's right.
    draw.rounded_rectangle((x + 40, 340, x + 104, 376), radius=6, fill=SURFACE)
    draw.line((x + 50, 352, x + 94, 352), fill=BRAND, width=4)
    draw.line((x + 50, 364, x + 82, 364), fill=BORDER, width=4)
    # A friendly face.
    draw.ellipse((x - 24, 206, x - 12, 218), fill=TEXT)
    draw.ellipse((x + 12, 206, x + 24, 218), fill=TEXT)
    draw.arc((x - 22, 222, x + 22, 252), 20, 160, fill=TEXT, width=4)
    # Small earring: discreet jewellery.
    draw.ellipse((x + 48, 226, x + 60, 238), fill="#d4a017")

    # Where each label points on the figure, its side and its height.
    places = {
        "hair": ((x - 55, 185), "left", 170),
        "make-up": ((x - 40, 245), "left", 330),
        "uniform": ((x - 90, 430), "left", 500),
        "shoes": ((x - 60, 690), "left", 640),
        "jewellery": ((x + 54, 232), "right", 185),
        "badge": ((x + 104, 358), "right", 345),
        "hands": ((x + 146, 516), "right", 505),
    }
    parts = words["parts"]
    # One size for every detail, the largest at which the longest fits.
    detail_size = min(fitted(detail, 24, 326, 54)[0] for _h, detail in parts.values())
    for part, ((px, py), side, y) in places.items():
        heading, detail = parts[part]
        if side == "left":
            box = (30, y - 34, 390, y + 70)
            end = (box[2], y)
        else:
            box = (810, y - 34, 1170, y + 70)
            end = (box[0], y)
        draw.line((end, (px, py)), fill=MUTED, width=3)
        draw.ellipse(
            (px - 8, py - 8, px + 8, py + 8), fill=SURFACE, outline=TEXT, width=3
        )
        draw.rounded_rectangle(box, radius=14, fill=SURFACE, outline=BORDER, width=2)
        label(draw, (box[0] + 18, box[1] + 10), heading, size=26, fill=BRAND)
        text_block(
            draw,
            (box[0] + 18, box[1] + 44, box[2] - 14, box[3] - 6),
            detail,
            size=detail_size,
            fill=TEXT,
        )
    return canvas


LISTEN_ACKNOWLEDGE_SOLVE = {
    "en": {
        "title": "When a customer is upset",
        "subtitle": "Four steps, in this order",
        "steps": [
            ("Listen", "To the end. Do not interrupt."),
            ("Acknowledge", "Name the feeling before the facts."),
            ("Apologise", "For the trouble. Blame nobody."),
            ("Solve", "A concrete fix and a time."),
        ],
        "way_out": "Cannot solve it, or it turns aggressive? Call the duty manager, "
        "keep the counter between you and do not raise your voice.",
    },
    "ru": {
        "title": "Когда клиент расстроен",
        "subtitle": "Четыре шага, именно в таком порядке",
        "steps": [
            ("Выслушать", "До конца, не перебивая."),
            ("Признать", "Сначала назовите чувство, потом факты."),
            ("Извиниться", "За неудобства. Никого не обвиняя."),
            ("Решить", "Конкретное решение и срок."),
        ],
        "way_out": "Решить не получается или клиент ведёт себя агрессивно? Вызовите "
        "дежурного администратора, не выходите из-за стойки и не повышайте голос.",
    },
    "lv": {
        "title": "Kad klients ir sarūgtināts",
        "subtitle": "Četri soļi, tieši šādā secībā",
        "steps": [
            ("Uzklausīt", "Līdz galam, nepārtraucot."),
            ("Atzīt", "Vispirms nosauciet sajūtu, tad faktus."),
            ("Atvainoties", "Par neērtībām. Nevienu nevainojot."),
            ("Atrisināt", "Konkrēts risinājums un termiņš."),
        ],
        "way_out": "Atrisināt neizdodas vai klients kļūst agresīvs? Pasauciet maiņas "
        "vadītāju, palieciet otrpus letes un nepaceliet balsi.",
    },
}


def listen_acknowledge_solve(language: str = "en") -> PillowImage.Image:
    words = LISTEN_ACKNOWLEDGE_SOLVE[language]
    canvas = PillowImage.new("RGB", (WIDTH, 620), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    title_bar(draw, words["title"], words["subtitle"])
    steps = words["steps"]
    width, gap, top = 250, 40, 160
    # One size for every step name, so that a long one does not look smaller;
    # one for every detail.
    name_size = min(fitted(name, 30, width - 76, 70)[0] for name, _detail in steps)
    detail_size = min(fitted(d, 28, width - 40, 130)[0] for _name, d in steps)
    for number, (name, detail) in enumerate(steps, start=1):
        left = 40 + (number - 1) * (width + gap)
        box = (left, top, left + width, top + 250)
        draw.rounded_rectangle(box, radius=20, fill=SURFACE, outline=BORDER, width=2)
        draw.rounded_rectangle(
            (left, top, left + width, top + 90), radius=20, fill=BRAND
        )
        draw.rectangle((left, top + 60, left + width, top + 90), fill=BRAND)
        badge(
            draw,
            (left + 36, top + 45),
            str(number),
            radius=20,
            fill=SURFACE,
            colour=BRAND,
        )
        text_block(
            draw,
            (left + 66, top + 10, left + width - 10, top + 80),
            name,
            size=name_size,
            fill=SURFACE,
            valign="middle",
        )
        text_block(
            draw,
            (left + 20, top + 110, left + width - 20, top + 240),
            detail,
            size=detail_size,
        )
        if number < len(steps):
            arrow(
                draw,
                (left + width + 4, top + 125),
                (left + width + gap - 4, top + 125),
                width=6,
                head=14,
            )
    # The way out when it cannot be solved here, or it is no longer safe.
    last = 40 + 3 * (width + gap) + width / 2
    dashed(draw, (last, top + 250), (last, 470), fill=WARNING)
    warning = (40, 470, 1160, 590)
    draw.rounded_rectangle(
        warning, radius=20, fill=WARNING_TINT, outline=WARNING, width=3
    )
    draw.polygon([(90, 500), (62, 552), (118, 552)], fill=WARNING)
    draw.text((90, 538), "!", font=font(32), fill=SURFACE, anchor="ms")
    text_block(
        draw,
        (150, 482, 1140, 582),
        words["way_out"],
        size=28,
        fill=WARNING,
        valign="middle",
    )
    return canvas


def service_hero(language: str = "en") -> PillowImage.Image:
    """The course's hero image: a card and rings in the brand colours. It has no
    words, so one picture serves every language."""
    canvas = PillowImage.new("RGB", (1280, 560), BRAND)
    draw = ImageDraw.Draw(canvas)
    for step, colour in enumerate(["#12838f", "#179aa8", BRAND_TINT_STRONG]):
        radius = 420 - step * 110
        draw.ellipse(
            (980 - radius, 280 - radius, 980 + radius, 280 + radius), fill=colour
        )
    draw.rounded_rectangle((120, 200, 560, 360), radius=40, fill=SURFACE)
    draw.ellipse((170, 245, 240, 315), fill=BRAND)
    draw.rounded_rectangle((270, 255, 510, 275), radius=10, fill="#9fb3bd")
    draw.rounded_rectangle((270, 290, 450, 305), radius=8, fill="#cfd9de")
    return canvas


# The file each drawing is written to, under IMAGES, in English.
DRAWINGS = {
    "phone-greeting.png": phone_greeting,
    "service-stages.png": service_stages,
    "response-timeline.png": response_timeline,
    "handover.png": handover,
    "proxemics.png": proxemics,
    "appearance-check.png": appearance_check,
    "listen-acknowledge-solve.png": listen_acknowledge_solve,
    "service-hero.png": service_hero,
}
# Drawings without words: one file for every language.
WORDLESS = {"service-hero.png"}


def file_name(name: str, language: str) -> str:
    """The file of drawing ``name`` in ``language``: ``phone-greeting.png`` in
    English, ``phone-greeting-ru.png`` in Russian (its image's title says so too)."""
    if language == ORIGINAL or name in WORDLESS:
        return name
    path = Path(name)
    return f"{path.stem}-{language}{path.suffix}"


def files() -> dict[str, Callable[[], PillowImage.Image]]:
    """Every file ``write_drawings`` writes, by name, and what draws it."""
    return {
        file_name(name, language): partial(draw, language)
        for name, draw in DRAWINGS.items()
        for language in ((ORIGINAL,) if name in WORDLESS else LANGUAGES)
    }


def write_drawings(folder: Path = IMAGES) -> list[Path]:
    """Draw every illustration in every language into ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in files().items():
        path = folder / name
        path.write_bytes(to_png(draw()))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_drawings():
        print(path)  # noqa: T201 (a script run by hand)
