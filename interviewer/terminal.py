"""The one sanitiser for text that reaches a terminal from a transcript, a header, a data file or a model.

Terminals act on control characters: ESC and the C1 controls start CSI/OSC sequences (clear the
screen, set the title, write the clipboard with OSC 52, make hyperlinks), BEL rings, CR and BS
overwrite what is shown. `inert` turns each into a visible stand-in (ESC → ␛, CR → ␍, C1 → �) so the
text reads the same and does nothing. Newlines and tabs stay. Pure, standard library only: the app's
first frame and `interviewer --help` use it without loading anything heavy.
"""

from __future__ import annotations

import json
import re
from typing import Any

_C0 = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"}  # U+2400.. control pictures
_TABLE: dict[int, int | str] = {**_C0, 0x7F: "␡", **{code: "\ufffd" for code in range(0x80, 0xA0)}}


def inert(text: str) -> str:
    """`text` with every terminal control character shown as a visible stand-in instead."""
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """`inert`, on a single line: for error messages and notices printed to stderr."""
    return " ".join(inert(text).split())


def is_inert(text: str) -> bool:
    return inert(text) == text


_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


def json_for_terminal(obj: Any) -> str:
    """Indented JSON for stdout, lossless and inert: JSON escapes C0 controls itself; DEL and the C1
    controls (which can only occur inside strings) are written as \\u escapes too."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
