import math
import re

from certification.codes import ALPHABET, CODE_LENGTH, new_code, normalise_code

CODE_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_codes_have_at_least_80_random_bits():
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 80


def test_new_codes_look_like_the_spec_example():
    assert CODE_SHAPE.match(new_code())


def test_new_codes_do_not_repeat():
    assert len({new_code() for _ in range(2000)}) == 2000


def test_typed_codes_are_normalised():
    code = new_code()
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("k7qf9xmb2htdwc4r") == "K7QF-9XMB-2HTD-WC4R"


def test_lookalike_letters_are_read_as_digits():
    assert normalise_code("K7QF-9XMB-2HTD-WC4O") == "K7QF-9XMB-2HTD-WC40"
    assert normalise_code("I7QF-9XMB-2HTD-WC4L") == "17QF-9XMB-2HTD-WC41"


def test_garbage_is_not_a_code():
    for text in [
        "",
        "short",
        "K7QF-9XMB-2HTD-WC4R-EXTRA",
        "K7QF 9XMB 2HTD WC4!",
        "ÄÄÄÄ-9XMB-2HTD-WC4R",
    ]:
        assert normalise_code(text) is None
