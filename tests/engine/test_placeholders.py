"""Placeholders and markup are not words: golden cases with no-op twins, and a property."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix import compile_glossary
from mtfix.engine import fix_text
from mtfix.engine.placeholders import MARKDOWN, protected_spans
from mtfix.errors import GlossaryError
from mtfix.glossary.load import parse_glossary

GLOSSARY = textwrap.dedent('''\
    [[term]]
    preferred = "entry"
    variants = ["message"]

    [[term]]
    preferred = "release"
    variants = ["version"]

    [[term]]
    preferred = "zorblat"
    variants = ["match", "dpkg", "strong", "func", "home", "example", "count", "name", "item", "user"]
''')


@pytest.fixture(scope="module")
def matcher():
    return compile_glossary(parse_glossary(GLOSSARY))


# Each family: the variant inside the placeholder stays, the same variant in prose beside it is fixed.
GOLDEN = [
    pytest.param("Log %(message)s here", id="printf-named"),
    pytest.param("Got %s and %1$s and %d", id="printf-plain"),
    pytest.param("GET /%{version}/devices", id="ruby-i18n"),
    pytest.param("Hello {name}, {0} new", id="braces"),
    pytest.param("{count, plural, one {# item} other {# items}}", id="icu-plural"),
    pytest.param("Path ${HOME}/x and ${version}", id="shell"),
    pytest.param("<strong>x</strong> and <a href='/version'>y</a>", id="tags"),
    pytest.param("&lt;strong&gt;x&lt;/strong&gt;", id="escaped-tags"),
    pytest.param("See :func:`match` and ``version``", id="rst"),
    pytest.param("Use B<dpkg-deb>(1) and C<version>", id="pod"),
    pytest.param("Go to https://example.com/message/version.html now", id="url"),
    pytest.param("Mail message@example.com", id="email"),
]


@pytest.mark.parametrize("placeholder", GOLDEN)
def test_placeholder_kept(matcher, placeholder: str) -> None:
    assert fix_text(placeholder, matcher) == (placeholder, [])


@pytest.mark.parametrize("placeholder", GOLDEN)
def test_prose_beside_placeholder_fixed(matcher, placeholder: str) -> None:
    fixed, found = fix_text(f"The message: {placeholder} (version)", matcher)
    assert fixed == f"The entry: {placeholder} (release)"
    assert [f.match for f in found] == ["message", "version"]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("a message", "an entry", id="article-repaired-in-prose"),
    pytest.param("%(a)s message", "%(a)s entry", id="article-inside-placeholder-kept"),
    pytest.param("{a} message", "{a} entry", id="article-inside-braces-kept"),
    pytest.param("100% message", "100% entry", id="percent-is-not-printf"),
    pytest.param("a `message` b", "a `entry` b", id="backticks-outside-markdown"),
])
def test_edges(matcher, text: str, expected: str) -> None:
    assert fix_text(text, matcher)[0] == expected


def test_variant_may_not_straddle_a_placeholder() -> None:
    matcher = compile_glossary(parse_glossary('[[term]]\npreferred = "log entry"\nvariants = ["log message"]\n'))
    assert fix_text("log <b>message</b>", matcher)[0] == "log <b>message</b>"
    assert fix_text("a log message", matcher)[0] == "a log entry"


def test_markdown_code_only_when_asked(matcher) -> None:
    text = "The `message` and\n```\nversion\n```\nversion"
    assert fix_text(text, matcher)[0] == "The `entry` and\n```\nrelease\n```\nrelease"
    assert fix_text(text, matcher.protecting(MARKDOWN))[0] == "The `message` and\n```\nversion\n```\nrelease"


def test_glossary_meta_adds_patterns() -> None:
    glossary = parse_glossary('[meta]\nprotect = ["\\\\[\\\\[[^]]+\\\\]\\\\]"]\n\n' + GLOSSARY)
    fixed, _ = fix_text("[[message]] message", compile_glossary(glossary))
    assert fixed == "[[message]] entry"


@pytest.mark.parametrize(("pattern", "message"), [
    ('"[unclosed"', "not a valid regular expression"),
    ('"x*"', "matches empty text"),
])
def test_glossary_meta_bad_pattern_is_one_line_error(pattern: str, message: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary(f'[meta]\nname = "t"\nprotect = [{pattern}]\n', "g.toml")
    assert str(info.value).startswith("g.toml:3: ") and message in str(info.value)
    assert "\n" not in str(info.value)


def test_glossary_meta_protect_must_be_a_list() -> None:
    with pytest.raises(GlossaryError, match="must be a list"):
        parse_glossary('[meta]\nprotect = "x"\n', "g.toml")


PLACEHOLDERS = ["%(message)s", "%s", "%1$s", "%{version}", "{name}", "{0}", "${home}", "<strong>", "</strong>",
                "&lt;strong&gt;", ":func:`match`", "``version``", "B<dpkg>", "https://example.com/message",
                "user@example.com", "{count, plural, one {# item} other {# items}}"]
WORDS = ["message", "version", "a", "an", "the", "match", "log", "Message", "VERSION", "-", ",", "%", "{", "<"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PLACEHOLDERS), st.sampled_from(WORDS)), max_size=12),
       st.lists(st.sampled_from(["", " ", "\n", "  "]), min_size=12, max_size=12))
def test_no_byte_inside_a_placeholder_changes(matcher, parts: list[str], gaps: list[str]) -> None:
    text = "".join(p + g for p, g in zip(parts, gaps, strict=False))
    fixed, found = fix_text(text, matcher)
    spans = protected_spans(text)
    for finding in found:
        edit = finding.edit
        assert not any(a < edit.end and edit.start < b for a, b in spans), (text, edit)
    # Every placeholder survives, in order, in the fixed text.
    inside = [text[a:b] for a, b in spans]
    pos = 0
    for piece in inside:
        at = fixed.find(piece, pos)
        assert at >= 0, (text, fixed, piece)
        pos = at + len(piece)
