"""The words the item checks look for, per language (English, Russian, Latvian).

``words_for(language)`` gives a ``CheckWords``; ``quizzes.checks`` picks it by
the question's language. Every list is matched on casefolded words (the
``WORD_PATTERN`` of the checks: Unicode letters, so Cyrillic and Latvian
letters count); Russian also folds «ё» into «е», since writers mix them. The
English lists are exactly the ones the checks always had.

How the rules read in each language:

Negative stems (``negative_stem``)
    English: not, never, except, least, cannot and any word ending in n't,
    anywhere in the stem.

    Russian and Latvian: only in the part of the stem that asks (the last
    sentence ending in "?" or ":", see ``CheckWords.question_part``): both
    languages negate far more often than English in telling a scenario
    («почти не бывает в магазине», "is hardly ever in the store"), and the
    rule is about the question asking in the negative.

    Russian: «не», «ни», «нет», «нельзя», «никогда», the ни- pronouns
    (никто, ничего, нигде…), «кроме» (except), «наименее» (least),
    «невозможно», and «неверно»/«неправильно» with their adjective forms
    («Какое утверждение неверно?» is the classic negative stem). Not counted,
    because a Russian reader does not hear them as asking in the negative:
    «не» in «не только», «не позднее/позже/ранее/раньше», «не более/больше/
    менее/меньше», «не хватает» (is missing), «а не» (rather than) and
    «что (пошло) не так» (what is wrong); «ни» after «бы» (concessive: «что бы
    ни случилось»); «кроме» followed by a word other than «одного/одной/
    одно» («кроме визита в магазин» means "apart from", not "except").

    Latvian: negation is mostly the verb prefix ne-, which also begins many
    words that are no negation at all (nedēļa, nesen, neliels, nepieciešams,
    nekavējoties, neatkarīgi…). So a word counts as a negation only when it is

    - one of the listed words: ne, nav, nekad, nedz, nebūt, vismazāk, and
      «izņemot» under the same rule as «кроме» (at the end of a clause or
      before «vienu/viena/vienam», not "apart from X");
    - or ne- + a listed verb root (nevar, nedrīkst, nevajag, nedara, nesaki,
      neteikt, netiek, nezvana, neļauj, nezina, nerunā, nedod, neņem…),
      optionally with one verb prefix between them (neatbild, nepiedāvā,
      neizmanto, nepaziņo, nesaprot, nepārtrauc…: ne + at/ap/aiz/ie/iz/no/pa/
      pār/pie/sa/uz + root). The roots are chosen so that they begin no common
      word that is not a verb ("kav", "cieš", "kar" are left out for
      nekavējoties, nepieciešams, neatkarīgi);
    - and not one of a few fixed adverbs built the same way (nepārtraukti,
      neskatoties…). Not counted either: «ne» in «ne tikai», «ne vēlāk/agrāk/
      vairāk/mazāk (kā)», and «nav kārtībā» (is wrong).

Absolute words (``absolute_words``, true/false statements)
    English: always, never, all, none, only, must, every, everyone,
    everything, nobody, nothing, no one, entirely, completely.

    Russian: всегда, никогда, every form of «весь/все/всё» and «каждый»,
    только, лишь, никто, ничто/ничего, «ни один из…», полностью,
    совершенно, абсолютно, целиком, обязательно, обязан/должен (must).
    Not counted: «всё ещё», «всё равно», «всё же», «всё-таки», «не только»,
    «только что» (just now), «должно быть» (probably), and «каждый» after a
    preposition («по кольцу на каждой руке»): there it means "each", which
    English does not count either, not "every".

    Latvian: vienmēr, nekad, every form of «viss» and «katrs», ikviens,
    visur, tikai, vienīgi, nekas/neko, «neviens» (nobody, none), pilnībā,
    pilnīgi, absolūti, obligāti, «nekādā gadījumā». «neviens» used as a
    determiner («neviens klients», "no customer", with the noun agreeing in
    its ending) does not count, as English "no customer" does not; «ne
    tikai» and «nekā» (than) do not count, nor «katrs» after a preposition
    or in the locative («katrā rokā», "on each hand"). The debitive (jā- + verb, "have
    to") is not counted: it is the only way to say "have to", which English
    does not flag either.

All / none of the above (``all_or_none_of_the_above``, options)
    Russian: «все (выше)перечисленное», «всё вышеуказанное», «все варианты/
    ответы (верны)», «ни один из вариантов/перечисленных…», «ничего из
    перечисленного», «оба варианта/ответа», and an option that is only «и то,
    и другое» or «ни то, ни другое».
    Latvian: «visi (iepriekš/augstāk) minētie», «visas minētās atbildes»,
    «visi atbilžu varianti», «neviens no minētajiem / variantiem / šiem»,
    «nekas no minētā», «abi varianti / abas atbildes», and an option that is
    only «gan viens, gan otrs» or «ne viens, ne otrs».

Stop words (``stem_words_in_right_only``)
    Common words of each language (pronouns, conjunctions, prepositions,
    auxiliary verbs, the polite «Вы/Jūs» in every case) that say nothing
    about the topic. Words are still compared by their first six letters,
    which works for Russian and Latvian endings as for English ones.

Short-answer variants (``short_answer_variants``)
    English: without a leading article, a hyphen as a space, numbers 0–99 as
    digits or words. Russian and Latvian have no articles; a hyphen counts
    only between letters («диван-кровать», not «2-й»); number words become
    digits in any of their nominative forms («четыре часа» → «4 часа»,
    «četras stundas» → «4 stundas»), but digits become words only when the
    answer is the bare number («4» → «четыре», «četri»): the word form would
    otherwise depend on the noun's gender and case. Russian also offers the
    answer with «ё» written as «е».
"""

import re
from dataclasses import dataclass, field

LANGUAGES = ("en", "ru", "lv")
DEFAULT = "en"
KEY_LETTERS = 6
ENDING_LETTERS = "аеиоуыэюяйьaāeēiīoouūsš"
SENTENCE_END = re.compile(r"(?<=[.?!:…])\s+")

# Letters only: the checks' words (no digits, no underscore).
L = r"[^\W\d_]"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class CheckWords:
    """The word lists and patterns of one language."""

    language: str
    stop_words: frozenset[str]
    negative_words: frozenset[str]
    absolute: tuple[str, ...]
    all_or_none: re.Pattern
    # Phrases removed before the negative check (idioms that are no negation).
    not_negative: re.Pattern | None = None
    # Phrases removed before the absolute check.
    not_absolute: re.Pattern | None = None
    # An option that is nothing but this says "both/neither".
    whole_option_all_or_none: re.Pattern | None = None
    # Latvian: roots a negating ne- may stand before, and words that look so.
    negated_roots: tuple[str, ...] = ()
    verb_prefixes: tuple[str, ...] = ()
    not_negations: frozenset[str] = frozenset()
    # Numbers for the short-answer variants: word forms → value; the word for a
    # bare number (index = value).
    number_words: dict[str, int] = field(default_factory=dict)
    number_names: tuple[str, ...] = ()

    def fold(self, word: str) -> str:
        """A word as the lists hold it: casefolded (Russian: ё as е)."""
        word = word.casefold()
        return word.replace("ё", "е") if self.language == "ru" else word

    def key(self, folded: str) -> str:
        """A folded word's key for comparing word forms: its first six letters;
        in Russian and Latvian without the vowels (and Latvian s/š) that end
        them, so «pasta» and «pastā», «dvieļi» and «dvieļus», «стойке» and
        «стойку» match."""
        key = folded[:KEY_LETTERS]
        if self.language == "en":
            return key
        stem = key.rstrip(ENDING_LETTERS)
        return stem if len(stem) >= 3 else key

    def question_part(self, text: str) -> str:
        """The part of a stem that asks (Russian, Latvian; English: all of it).

        The last sentence that ends in "?" or ":", with the sentence before it
        when it is two words or fewer ("… кроме одного. Какое именно?"); the whole
        text when no sentence asks. A scenario told before the question («Вы
        не уверены в сумме.») does not ask in the negative."""
        if self.language == "en":
            return text
        sentences = SENTENCE_END.split(text.strip())
        asking = [
            number
            for number, sentence in enumerate(sentences)
            if sentence.rstrip(" »”\"'").endswith(("?", ":"))
        ]
        if not asking:
            return text
        last = asking[-1]
        first = last - 1 if last and len(sentences[last].split()) <= 2 else last
        return " ".join(sentences[first : last + 1])

    def is_negative(self, word: str) -> bool:
        """Whether a word (as written) is a negation in a stem."""
        folded = self.fold(word)
        if self.language == "en":
            return folded in self.negative_words or folded.endswith(("n't", "n’t"))
        if folded in self.negative_words:
            return True
        if not self.negated_roots or folded in self.not_negations:
            return False
        if not folded.startswith("ne") or len(folded) < 4:
            return False
        rest = folded[2:]
        if rest.startswith(self.negated_roots):
            return True
        return any(
            rest.startswith(prefix)
            and rest[len(prefix) :].startswith(self.negated_roots)
            for prefix in self.verb_prefixes
        )


# English: as the checks always had them.

# fmt: off
EN_STOP_WORDS = frozenset((
    "about", "above", "after", "again", "against", "also", "been", "before", "being",
    "below", "between", "both", "could", "does", "doing", "down", "during", "each",
    "from", "further", "have", "having", "here", "into", "just", "more", "most",
    "other", "over", "same", "should", "some", "such", "than", "that", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "under", "until",
    "very", "were", "what", "when", "where", "which", "while", "whom", "will", "with",
    "would", "your", "yours",
))
EN_NEGATIVE_WORDS = ("not", "never", "except", "least", "cannot")
EN_ABSOLUTE = (
    "always", "never", "all", "none", "only", "must", "every", "everyone",
    "everything", "nobody", "nothing", "no one", "entirely", "completely",
)
# fmt: on
EN_ALL_OR_NONE = re.compile(
    r"\b(all|none|both|neither)\s+(of\s+)?(the\s+|these\s+)?"
    r"(above|options|answers|choices|these|previous)\b",
    re.IGNORECASE,
)
# fmt: off
EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)
EN_TENS = (
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)
# fmt: on

ENGLISH = CheckWords(
    language="en",
    stop_words=EN_STOP_WORDS,
    negative_words=frozenset(EN_NEGATIVE_WORDS),
    absolute=EN_ABSOLUTE,
    all_or_none=EN_ALL_OR_NONE,
)


def _number_forms(
    units: tuple[str, ...], tens: tuple[str, ...], extra: dict[str, int]
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Word forms of 0–99 (compounds with a space) and the name of each number."""
    names = list(units)
    for ten in tens:
        names.append(ten)
        names += [f"{ten} {unit}" for unit in units[1:10]]
    forms = {name: value for value, name in enumerate(names)}
    unit_forms = {**{u: n for n, u in enumerate(units[:10])}, **extra}
    for number, ten in enumerate(tens, start=2):
        for form, unit in unit_forms.items():
            if 1 <= unit <= 9:
                forms[f"{ten} {form}"] = number * 10 + unit
    forms.update(extra)
    return forms, tuple(names)


# Russian

# fmt: off
RU_STOP_WORDS = _words("""
    этот эта это эти этого этой этом этим этими этих этому эту
    тот та то те того той том тем теми тех тому ту
    такой такая такое такие такого такую таким таких также тоже так
    который которая которое которые которого которой котором которым которыми
    которых которому которую
    какой какая какое какие какого какую каким каких каком какому
    чего чему чем кого кому кем что кто где когда куда откуда почему зачем
    если чтобы потому поэтому хотя пока будто однако либо или тогда здесь
    там сейчас теперь уже ещё еще даже почти лишь только очень более менее
    больше меньше всего всех всем всеми весь вся всё все всю всей
    себя себе собой свой своя своё свое свои своего своей своим своих своему
    свою своими своем своём
    вы вас вам вами ваш ваша ваше ваши вашего вашей вашим ваших вашему вашу
    вашими вашем
    она оно они его её ее ему ей ими их него неё нее нему ней ними них нем нём
    мы нас нам нами наш наша наше наши нашего нашей нашим наших нашему нашу
    нашими нашем
    может можно нужно надо будет будут было были была быть есть является
    перед после между через около вместо кроме среди против ради возле
    около вокруг внутри вдоль сквозь
    нибудь либо ничего никто один одна одно одни одного одной
""")
RU_NEGATIVE_WORDS = _words("""
    не ни нет нельзя никогда никто никого никому никем ничто ничего ничему ничем
    нигде никуда ниоткуда никак никакой никакая никакое никакие никакого
    никаких никакую никаким кроме наименее невозможно
    неверно неверен неверна неверны неверный неверная неверное неверные
    неверного неверной неверным неверных
    неправильно неправилен неправильна неправильны неправильный неправильная
    неправильное неправильные неправильного неправильной неправильным
    неправильных
""")
RU_ABSOLUTE = (
    "всегда", "никогда", "весь", "вся", "все", "всю", "всей", "всех", "всем",
    "всеми", "всему", "каждый", "каждая", "каждое", "каждые", "каждого",
    "каждой", "каждому", "каждую", "каждым", "каждом", "каждых", "только",
    "лишь", "никто", "никого", "никому", "ничто", "ничего", "ничем",
    "ни один из", "ни одна из", "ни одно из", "ни одного из", "ни одной из",
    "полностью", "совершенно", "абсолютно", "целиком", "обязательно",
    "обязан", "обязана", "обязано", "обязаны", "должен", "должна", "должны",
)
# fmt: on
RU_NOT_NEGATIVE = _phrases(
    r"\bне\s+(только|позднее|позже|ранее|раньше|более|больше|менее|меньше"
    r"|хватает|хватало|хватит|хватило)\b"
    r"|(?<=\bа)\s+не\b"
    r"|(?<=\bчто)(\s+пошло)?\s+не\s+так\b|\bне\s+так(?=\s*[?!.…]*\s*$)"
    r"|\b(?<=бы\s)ни\b|(?<=\bб\s)ни\b"
    rf"|\bкроме(?=\s+(?!одного\b|одной\b|одно\b|один\b){L})"
)
RU_NOT_ABSOLUTE = _phrases(
    r"\bвсе\s+(еще|равно|же|таки)\b|\bне\s+только\b|\bтолько\s+что\b"
    r"|\bдолжно\s+быть\b"
    # "each" after a preposition: distributive, as English "on each hand".
    r"|\b(на|в|во|по|с|со|у|к|ко|для|при|о|об|из|от|до|за|под|над|перед)"
    r"\s+кажд\w*"
)
RU_ALL_OR_NONE = _phrases(
    r"\bвс[её]\s+(выше)?(перечисленн|указанн|сказанн|названн|приведённ|приведенн)"
    r"|\bвс[её]\s+(варианты|ответы)\b"
    r"|\bни\s+(один|одна|одно|одного|одной)\s+из\s+(вариантов|ответов|них|этих"
    r"|(выше)?(перечисленн|указанн|названн|приведённ|приведенн))"
    r"|\bничего\s+из\s+(этого|(выше)?(перечисленн|указанн|названн|приведённ|приведенн))"
    r"|\b(оба|обе)\s+(варианта|ответа|утверждения|(выше)?перечисленн)"
)
RU_WHOLE_OPTION = _phrases(
    r"^\s*(и\s+)?то,?\s+и\s+другое\s*(верно|верны)?[.!]?\s*$"
    r"|^\s*ни\s+то,?\s+ни\s+другое\s*[.!]?\s*$"
)
# fmt: off
RU_UNITS = (
    "ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь",
    "девять", "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
    "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать",
)
RU_TENS = (
    "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
    "восемьдесят", "девяносто",
)
# fmt: on
RU_NUMBERS, RU_NUMBER_NAMES = _number_forms(
    RU_UNITS, RU_TENS, {"одна": 1, "одно": 1, "две": 2}
)

RUSSIAN = CheckWords(
    language="ru",
    stop_words=frozenset(w.replace("ё", "е") for w in RU_STOP_WORDS),
    negative_words=RU_NEGATIVE_WORDS,
    absolute=RU_ABSOLUTE,
    all_or_none=RU_ALL_OR_NONE,
    not_negative=RU_NOT_NEGATIVE,
    not_absolute=RU_NOT_ABSOLUTE,
    whole_option_all_or_none=RU_WHOLE_OPTION,
    number_words=RU_NUMBERS,
    number_names=RU_NUMBER_NAMES,
)


# Latvian

# fmt: off
LV_STOP_WORDS = _words("""
    kurš kura kuru kuram kurai kurā kuri kuras kuriem kurām kuros kurās
    šis šī šo šim šai šajā šie šīs šiem šīm šajos šajās šā šī
    tas tā to tam tai tajā tie tās tiem tām tajos tajās tāds tāda tādu tādam
    tādai tādā tādi tādas tādiem tādām
    kāds kāda kādu kādam kādai kādā kādi kādas kādiem kādām kādos kādās plkst pulksten
    savs sava savu savam savai savā savi savas saviem savām savos savās
    jūs jums jūsu jūsos mēs mums mūsu viņš viņa viņu viņam viņai viņā viņi
    viņas viņiem viņām viņos viņās sevi sevis sev
    kad kamēr lai vai bet tomēr tāpēc arī vēl jau ļoti vairāk mazāk
    tikai kur kas kā ko kam kāpēc cik tad tur šeit tagad
    būt esat esam esmu bija būs būtu būsiet tiek tika tiks tikt ir nav
    var varat varētu drīkst vajag vajadzētu jābūt
    pēc pirms starp caur līdz priekš kopā pret virs zem gar
    cits cita citu citam citai citā citi citas citiem citām
""")
LV_NEGATIVE_WORDS = _words("ne nav nekad nedz nebūt vismazāk izņemot")
LV_NEGATED_ROOTS = (
    "var", "drīkst", "vajag", "vajadz", "būt", "būs", "būš", "bij", "esa",
    "esi", "esm", "dar", "sak", "teik", "teic", "tiek", "tika", "tiks", "tikt",
    "ņem", "dod", "dev", "ļau", "zin", "run", "zvan", "atbild", "jautā",
    "piedāvā", "pieņem", "izmanto", "lieto", "valkā", "nēsā", "ievēro",
    "atstāj", "trauc", "strīd", "kliedz", "aiztiek", "aiztiec", "sol",
    "palīdz", "spēj", "mēģin", "rād", "skatā", "skatī", "klausā", "klausī",
    "uzrun", "seko", "paziņo", "ziņo", "saprot", "redz", "dzird", "der",
    "vēl", "pieļauj", "gaida", "gaidī", "pārtrauc", "ēd", "smēķ", "dzer",
    "atkārto", "aizmirst", "zaudē", "pamet", "pārbaud",
)
LV_VERB_PREFIXES = ("aiz", "ap", "at", "ie", "iz", "no", "pa", "pār", "pie", "sa", "uz")
LV_NOT_NEGATIONS = _words("""
    nepārtraukti nepārtraukts nepārtraukta nepārtrauktu neskatoties nekavējoties
    nedēļa nedēļas nedēļu nedēļā nesen nekā negaidīti negaidīts negaidīta
    nevajadzīgs nevajadzīga nevajadzīgi nederīgs nederīga nederīgi
    neapšaubāmi nedaudz
""")
LV_ABSOLUTE = (
    "vienmēr", "nekad", "viss", "visa", "visu", "visam", "visai", "visā", "visi",
    "visas", "visiem", "visām", "visos", "visās", "visur", "katrs", "katra",
    "katru", "katram", "katrai", "katrā", "katri", "katras", "katriem",
    "katrām", "ikviens", "ikviena", "ikvienu", "ikvienam", "ikvienai",
    "tikai", "vienīgi", "nekas", "neko", "nekam", "neviens", "neviena",
    "nevienu", "nevienam", "nevienai", "nevienā", "nevieni", "nevienas",
    "nevieniem", "nevienām", "pilnībā", "pilnīgi", "absolūti", "obligāti",
    "nekādā gadījumā",
)
# fmt: on
LV_NOT_NEGATIVE = _phrases(
    r"\bne\s+(tikai|vēlāk|agrāk|vairāk|mazāk)\b|\bnav\s+kārtībā\b"
    rf"|\bizņemot(?=\s+(?!vienu\b|viena\b|vienam\b|vienai\b){L})"
)
_NO_DETERMINER = r"(?!(cits|cita|citu|citam|citai|vairs|nekad|nekur|nekas|no)\b)"
LV_NOT_ABSOLUTE = _phrases(
    r"\bne\s+tikai\b"
    # "each" after a preposition or in the locative: distributive.
    r"|\b(uz|pie|par|pēc|no|ar|līdz|bez|pret|priekš|aiz|zem|virs|starp|pa)"
    r"\s+katr\w*|\bkatrā\b|\bkatrās\b"
    # «neviens» agreeing with the next word is a determiner: "no customer".
    rf"|\bneviens\s+{_NO_DETERMINER}{L}+[sš]\b"
    rf"|\bneviena\s+{_NO_DETERMINER}{L}+[ae]\b"
    rf"|\bnevienu\s+{_NO_DETERMINER}{L}+u\b"
    rf"|\bnevienam\s+{_NO_DETERMINER}{L}+am\b"
    rf"|\bnevienai\s+{_NO_DETERMINER}{L}+[ae]i\b"
    rf"|\bnevienā\s+{_NO_DETERMINER}{L}+[āē]\b"
    rf"|\bnevieni\s+{_NO_DETERMINER}{L}+i\b"
    rf"|\bnevienas\s+{_NO_DETERMINER}{L}+[ae]s\b"
)
_LV_MENTIONED = r"((iepriekš|augstāk)\s+)?(iepriekš|augš)?(minēt|nosaukt|uzskaitīt)"
LV_ALL_OR_NONE = _phrases(
    rf"\b(visi|visas|viss|visu)\s+{_LV_MENTIONED}"
    r"|\b(visi|visas)\s+(atbilžu\s+)?(varianti|atbildes)\b"
    rf"|\b(neviens|neviena|nekas)\s+no\s+({_LV_MENTIONED}|variantiem|atbildēm"
    r"|tiem|šiem|šīm|tām)"
    rf"|\b(abi|abas)\s+({_LV_MENTIONED}|varianti|atbildes|apgalvojumi)"
)
LV_WHOLE_OPTION = _phrases(
    r"^\s*(gan\s+viens,?\s+gan\s+otrs|ne\s+viens,?\s+ne\s+otrs"
    r"|gan\s+viena,?\s+gan\s+otra|ne\s+viena,?\s+ne\s+otra)\s*[.!]?\s*$"
)
# fmt: off
LV_UNITS = (
    "nulle", "viens", "divi", "trīs", "četri", "pieci", "seši", "septiņi",
    "astoņi", "deviņi", "desmit", "vienpadsmit", "divpadsmit", "trīspadsmit",
    "četrpadsmit", "piecpadsmit", "sešpadsmit", "septiņpadsmit", "astoņpadsmit",
    "deviņpadsmit",
)
LV_TENS = (
    "divdesmit", "trīsdesmit", "četrdesmit", "piecdesmit", "sešdesmit",
    "septiņdesmit", "astoņdesmit", "deviņdesmit",
)
# fmt: on
LV_NUMBERS, LV_NUMBER_NAMES = _number_forms(
    LV_UNITS,
    LV_TENS,
    {
        "viena": 1,
        "divas": 2,
        "četras": 4,
        "piecas": 5,
        "sešas": 6,
        "septiņas": 7,
        "astoņas": 8,
        "deviņas": 9,
    },
)

LATVIAN = CheckWords(
    language="lv",
    stop_words=LV_STOP_WORDS,
    negative_words=LV_NEGATIVE_WORDS,
    absolute=LV_ABSOLUTE,
    all_or_none=LV_ALL_OR_NONE,
    not_negative=LV_NOT_NEGATIVE,
    not_absolute=LV_NOT_ABSOLUTE,
    whole_option_all_or_none=LV_WHOLE_OPTION,
    negated_roots=LV_NEGATED_ROOTS,
    verb_prefixes=LV_VERB_PREFIXES,
    not_negations=LV_NOT_NEGATIONS,
    number_words=LV_NUMBERS,
    number_names=LV_NUMBER_NAMES,
)

WORDS = {"en": ENGLISH, "ru": RUSSIAN, "lv": LATVIAN}


def base_language(language: str | None) -> str | None:
    """The base of a language code ("ru-RU", "lv_LV": "ru", "lv"), or None."""
    if not language:
        return None
    return language.replace("_", "-").split("-")[0].casefold()


def words_for(language: str | None) -> CheckWords:
    """The lists of a language; English for a language without lists."""
    return WORDS.get(base_language(language) or DEFAULT, ENGLISH)
