"""Mining reads the bilingual formats (TMX, XLIFF, PO) the way it reads TSV."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from mtfix.cli import main
from tests.conftest import TEST_GLOSSARY
from tests.glossary.parallel_corpus import as_tsv, generate

PAIRS = generate(300, seed=5)


def _tmx(pairs: list[tuple[str, str]]) -> str:
    units = "".join(f'<tu tuid="{n}"><tuv xml:lang="zh-CN"><seg>{escape(zh)}</seg></tuv>'
                    f'<tuv xml:lang="en-US"><seg>{escape(en)}</seg></tuv></tu>\n'
                    for n, (zh, en) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
            'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
            f'creationtoolversion="1"/>\n<body>\n{units}</body></tmx>\n')


def _xliff(pairs: list[tuple[str, str]]) -> str:
    units = "".join(f'<trans-unit id="{n}"><source>{escape(zh)}</source>\n'
                    f'<target state="translated">{escape(en)}</target></trans-unit>\n'
                    for n, (zh, en) in enumerate(pairs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file source-language="zh-CN" '
            f'target-language="en-US" datatype="plaintext" original="x">\n<body>\n{units}</body></file></xliff>\n')


def _po(pairs: list[tuple[str, str]]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    entries = "".join(f"msgid {quoted(zh)}\nmsgstr {quoted(en)}\n\n" for zh, en in pairs)
    return f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n{entries}'


def _mine(capsys, *args: str) -> list[dict]:
    assert main(["glossary", "mine", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("name", "build"), [("corpus.tmx", _tmx), ("corpus.xlf", _xliff), ("corpus.po", _po)],
                         ids=["tmx", "xliff", "po"])
def test_bilingual_formats_mine_like_tsv(tmp_path: Path, capsys, name: str, build) -> None:
    tsv, other = tmp_path / "corpus.tsv", tmp_path / name
    tsv.write_text(as_tsv(PAIRS), encoding="utf-8")
    other.write_text(build(PAIRS), encoding="utf-8")
    expected = _mine(capsys, str(tsv))
    assert any(g["source"] == "集聚区" for g in expected)
    assert _mine(capsys, str(other)) == expected


def test_near_misses_in_xliff_are_placed_in_the_file(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "doc.xlf"
    doc.write_text(_xliff([("集聚区发展。", "The agglomeraton zones grew.")]), encoding="utf-8")
    glossary = tmp_path / "g.toml"
    glossary.write_text(TEST_GLOSSARY, encoding="utf-8")
    assert main(["glossary", "mine", "--fuzzy", str(doc), "-g", str(glossary)]) == 0
    line = next(n for n, text in enumerate(doc.read_text("utf-8").splitlines(), 1) if "agglomeraton" in text)
    column = doc.read_text("utf-8").splitlines()[line - 1].index("agglomeraton") + 1
    assert capsys.readouterr().out.startswith(f"{doc}:{line}:{column}: 'agglomeraton zones' resembles")


def test_corpus_formats_without_segments_are_skipped_not_read_as_english(tmp_path: Path, capsys) -> None:
    records = tmp_path / "corpus.jsonl"
    records.write_text("".join(json.dumps({"text": "the cluster area and the gathering area"}) + "\n"
                               for _ in range(5)), encoding="utf-8")
    assert main(["glossary", "mine", str(records)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "skipped" in captured.err


def test_emit_toml_to_stdout_prints_only_toml(tmp_path: Path, capsys) -> None:
    import tomllib

    corpus = tmp_path / "corpus.tsv"
    corpus.write_text(as_tsv(PAIRS), encoding="utf-8")
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert main(["glossary", "mine", str(corpus), "-g", str(empty), "--emit-toml", "-"]) == 0
    terms = tomllib.loads(capsys.readouterr().out)["term"]
    assert {"集聚区", "链主"} <= {t["source"][0] for t in terms}
