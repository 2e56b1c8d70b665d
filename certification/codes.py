"""Verification codes: 80 random bits, written as four groups of Crockford base32."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
GROUPS = 4
GROUP_LENGTH = 4
CODE_LENGTH = GROUPS * GROUP_LENGTH  # 16 symbols x 5 bits = 80 bits
# Letters people misread when typing a code from paper.
LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code() -> str:
    """A fresh random code such as ``K7QF-9XMB-2HTD-WC4R``."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(symbols)


def format_code(symbols: str) -> str:
    return "-".join(
        symbols[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH)
    )


def normalise_code(text: str) -> str | None:
    """The canonical form of a typed code, or None if it cannot be one."""
    symbols = "".join(ch for ch in text.upper() if ch.isalnum()).translate(LOOKALIKES)
    if len(symbols) != CODE_LENGTH or any(ch not in ALPHABET for ch in symbols):
        return None
    return format_code(symbols)
