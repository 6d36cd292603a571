"""JSONL: byte-identical unchanged records, changed ones edited inside the target string, fields, errors."""

from __future__ import annotations

import json

import pytest
from conftest import RECORDS, jsonl_bytes

from mtfix.batch import Mode, process_file
from mtfix.errors import InputError
from mtfix.formats.jsonl import fix_line, splice_target
from mtfix.formats.records import Fields


def test_fix_keeps_unchanged_lines_and_key_order(tmp_path, matcher) -> None:
    clean = b'{"tgt":  "Nothing here \\u94fe",   "id": 2}\r\n'
    data = jsonl_bytes(RECORDS[:1], ensure_ascii=False) + clean + b"\n" + jsonl_bytes(RECORDS[2:], ensure_ascii=False)
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    result = process_file(str(path), matcher, Mode.FIX)
    assert result.error is None and result.count == 3
    lines = path.read_bytes().split(b"\n")
    assert lines[1] == clean.rstrip(b"\n") and lines[2] == b""
    first = json.loads(lines[0])
    assert list(first) == ["id", "src", "tgt", "meta"]
    assert first["tgt"] == "The chain leader leads." and "链主企业" in lines[0].decode() and "英语" in lines[0].decode()
    assert json.loads(lines[3])["tgt"] == "An agglomeration zone\nand an agglomeration zone."


@pytest.mark.parametrize(("dumps", "expected"), [
    pytest.param({"ensure_ascii": False}, '{"tgt": "链 chain leader"}', id="spaced-raw"),
    pytest.param({"ensure_ascii": False, "separators": (",", ":")}, '{"tgt":"链 chain leader"}', id="compact-raw"),
    pytest.param({"ensure_ascii": True}, '{"tgt": "\\u94fe chain leader"}', id="spaced-escaped"),
])
def test_changed_line_keeps_its_style(dumps, expected) -> None:
    original = {"tgt": "链 chain owner"}
    body = json.dumps(original, **dumps).encode()
    assert splice_target(body, "tgt", "链 chain leader").decode() == expected


def test_findings_at_record_line_and_target_column(tmp_path, matcher) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_bytes([{"tgt": "ok"}, {"x": 1, "target": "ok, chain owner"}]))
    (finding,) = process_file(str(path), matcher, Mode.CHECK).findings
    assert (finding.line, finding.column, finding.match) == (2, 5, "chain owner")
    assert path.read_bytes() == jsonl_bytes([{"tgt": "ok"}, {"x": 1, "target": "ok, chain owner"}])


def test_field_and_source_field(tmp_path, matcher) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_bytes([{"tgt": "chain owner", "mt": "chain owner", "zh": "链主"}]))
    result = process_file(str(path), matcher, Mode.FIX, Fields("mt", "zh"))
    assert json.loads(path.read_bytes()) == {"tgt": "chain owner", "mt": "chain leader", "zh": "链主"}
    assert result.count == 1


@pytest.mark.parametrize(("line", "message"), [
    pytest.param(b'{"tgt": "a"', "c.jsonl:2: invalid JSON", id="invalid"),
    pytest.param(b'["chain owner"]', "c.jsonl:2: not a JSON object", id="not-object"),
    pytest.param(b'{"other": "x"}', "c.jsonl:2: no target field", id="no-field"),
    pytest.param(b'{"tgt": 3}', "c.jsonl:2: field 'tgt' is not a string", id="not-string"),
])
def test_errors_name_file_and_line(tmp_path, matcher, line, message) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"tgt": "chain owner"}\n' + line + b"\n")
    result = process_file(str(path), matcher, Mode.FIX)
    assert isinstance(result.error, InputError)
    assert str(result.error).startswith(f"{path}:2: {message.split(': ', 1)[1]}")
    assert path.read_bytes() == b'{"tgt": "chain owner"}\n' + line + b"\n"


def test_fix_line_returns_same_bytes_when_clean(matcher) -> None:
    raw = b'{ "tgt" : "fine" }\n'
    assert fix_line(raw, matcher, Fields(), "x.jsonl", 1) == (raw, [])


def test_null_target_is_left_alone(matcher) -> None:
    raw = b'{"tgt": null}\n'
    assert fix_line(raw, matcher, Fields(), "x.jsonl", 1) == (raw, [])


def test_source_field_gives_source_evidence(tmp_path, glossary_file, capsys) -> None:
    from mtfix.cli import main

    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_bytes([{"src": "集聚区", "tgt": "The chain owner and the cluster area."},
                                  {"src": "链主", "tgt": "The chain owner."}], ensure_ascii=False))
    assert main(["fix", "-q", "-g", str(glossary_file), "--source-field", "src", str(path)]) == 0
    fixed = [json.loads(line)["tgt"] for line in path.read_bytes().splitlines()]
    assert fixed == ["The chain owner and the agglomeration zone.", "The chain leader."]


def test_misspelt_source_field_is_an_error(tmp_path, matcher) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_bytes([{"zh": "链主", "tgt": "chain owner"}]))
    result = process_file(str(path), matcher, Mode.FIX, Fields(source="src"))
    assert str(result.error) == f"{path}:1: no source field 'src' (fields: zh, tgt)"
    assert path.read_bytes() == jsonl_bytes([{"zh": "链主", "tgt": "chain owner"}])
