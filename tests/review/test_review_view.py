"""What the screen says, from the view functions (no terminal)."""

from __future__ import annotations

from review_support import TEXT, make_state

from mtfix.review import view


def _text(fragments: list[tuple[str, str]]) -> str:
    return "".join(text for style, text in fragments if not style.startswith("["))


def _styled(fragments: list[tuple[str, str]], style: str) -> list[str]:
    return [text for s, text in fragments if s == f"class:{style}"]


def test_status_shows_file_position_and_counts(matcher) -> None:
    state = make_state(matcher, TEXT)
    assert _text(view.status(state)).strip() == "1/4  accepted 0 · rejected 0 · pending 4  doc0.txt"
    state.accept()
    state.reject()
    assert "3/4  accepted 1 · rejected 1 · pending 2" in _text(view.status(state))


def test_status_says_when_everything_is_decided(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.accept_term()
    assert "all decided" not in _text(view.status(state))
    state.reject_term()
    assert "all decided: q writes and quits" in _text(view.status(state))


def test_context_highlights_the_match_between_its_neighbours(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.next()
    fragments = view.context(state)
    assert _styled(fragments, "match") == ["chain owner"]
    assert _text(fragments) == TEXT.rstrip("\n")
    assert view.SCROLL_HERE in fragments


def test_result_is_a_word_diff(matcher) -> None:
    state = make_state(matcher, TEXT)
    fragments = view.result(state)
    assert _styled(fragments, "delete") == ["cluster area"]
    assert _styled(fragments, "insert") == ["agglomeration zone"]
    assert _text(view.result(state, replacement="zone")) == "The cluster area zone"


def test_key_hints_fit_the_width_and_always_offer_q() -> None:
    assert _text(view.keys(40)) == "y accept · q write+quit · ? help"
    assert _text(view.keys(60)) == "y accept · n reject · s skip · q write+quit · ? help"
    assert _text(view.keys()).endswith("^C quit, write nothing · q write+quit · ? help")


def test_key_hints_follow_what_the_keys_do_now() -> None:
    assert _text(view.keys(80, "edit")) == "Enter accept edited text · Esc cancel · ^C quit, write nothing"
    assert _text(view.keys(80, "help")) == "j/k scroll · ^C quit, write nothing · q ? Esc close help"


def _rows(fragments: list[tuple[str, str]], width: int) -> list[str]:
    return [row.rstrip(" ") for row in _text(view.wrap(fragments, width)).split("\n")]


def test_rows_break_between_words() -> None:
    assert _rows([("class:text", "the embryonic form of the network")], 16) == [
        "the embryonic", "form of the", "network"]
    assert _rows([("class:text", "x" * 30 + " y")], 16) == ["x" * 30 + " y"]  # too long: the window wraps it


def test_a_highlighted_phrase_stays_on_one_row_with_its_markers(matcher) -> None:
    state = make_state(matcher, "In the future the big gathering area grows.")
    rows = _rows(view.result(state, markers=True), 40)
    assert "[-gathering area-]{+agglomeration zone+}" in rows
    fragments = view.wrap(view.context(state), 30)
    assert view.SCROLL_HERE in fragments and ("class:match", "gathering area") in fragments
    assert _rows(view.context(state), 30) == ["In the future the big", "gathering area grows."]


def test_wide_characters_take_two_cells() -> None:
    assert _rows([("class:source", "source: 链主企业带动集聚区发展 x")], 30) == [
        "source: 链主企业带动集聚区发展", "x"]


def test_no_color_marks_changes_in_text(matcher) -> None:
    state = make_state(matcher, TEXT)
    assert _text(view.result(state, markers=True)) == "The [-cluster area-]{+agglomeration zone+}"
    assert _text(view.context(state, markers=True)).startswith("The »cluster area«\n")


def test_term_panel(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.next()
    text = _text(view.term(state))
    assert "chain-leader" in text and "preferred chain leader" in text
    assert "'chain owner' (variant 'chain owner')" in text
    assert "note lead enterprise of an industrial chain" in text
    assert "1 more of this term remains" in text
    state.accept("chain boss")
    state.previous()
    assert "[accepted as 'chain boss']" in _text(view.term(state))


def test_source_segment_is_shown_above_the_target(matcher) -> None:
    state = make_state(matcher, "The chain owner leads.", sources=("链主带动。",))
    assert _text(view.context(state)).startswith("source: 链主带动。\n\nThe chain owner leads.")


def test_header_names_the_file_among_several(matcher) -> None:
    state = make_state(matcher, "A chain owner.", "A cluster area.")
    assert _text(view.header(state)) == " doc0.txt:1:3 (file 1 of 2) · mtfix review "
