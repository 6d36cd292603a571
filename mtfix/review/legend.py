"""The key legend made clickable: a click on a hint (``y accept``) presses its key.

A hint is ``KEYS LABEL``; ``a/r`` names two keys, each clickable on its own
letter (the label presses the first). The key is fed to the application's key
processor, so a click does exactly what the key does, filters included.
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.application import get_app
from prompt_toolkit.key_binding import KeyPress
from prompt_toolkit.keys import Keys
from prompt_toolkit.mouse_events import MouseEvent, MouseEventType

SEPARATOR = " · "
_NAMED = {"Enter": Keys.ControlM, "Esc": Keys.Escape, "Tab": Keys.ControlI, "←": Keys.Left, "→": Keys.Right,
          "↑": Keys.Up, "↓": Keys.Down,
          "PgUp": Keys.PageUp, "PgDn": Keys.PageDown}


def key_of(name: str) -> Keys | str | None:
    """The key a legend name stands for: ``y``, ``^C``, ``Enter``; None for a range (``1-9``)."""
    if name in _NAMED:
        return _NAMED[name]
    if len(name) == 2 and name[0] == "^":
        return Keys(f"c-{name[1].lower()}")
    return name if len(name) == 1 else None


def press(key: Keys | str) -> Callable[[MouseEvent], object]:
    def handler(event: MouseEvent) -> object:
        if event.event_type != MouseEventType.MOUSE_UP:
            return NotImplemented
        data = key if isinstance(key, str) and not isinstance(key, Keys) else ""
        get_app().key_processor.feed(KeyPress(key, data), first=True)  # next, before keys already typed
        return None

    return handler


def _names(keys: str) -> list[str]:
    return [keys] if keys == "/" or "/" not in keys else keys.split("/")


def _hint(style: str, hint: str) -> list[tuple]:
    keys, _, label = hint.partition(" ")
    names = _names(keys)
    out: list[tuple] = []
    for n, name in enumerate(names):
        key = key_of(name)
        out.append((style, name, press(key)) if key is not None else (style, name))
        if n < len(names) - 1:
            out.append((style, "/"))
    first = key_of(names[0])
    if label:
        out.append((style, f" {label}", press(first)) if first is not None else (style, f" {label}"))
    return out


def clickable(fragments: list[tuple[str, str]]) -> list[tuple]:
    """The legend's fragments with a mouse handler on every hint."""
    out: list[tuple] = []
    for style, text in fragments:
        for n, hint in enumerate(text.split(SEPARATOR)):
            if n:
                out.append((style, SEPARATOR))
            out.extend(_hint(style, hint))
    return out
