"""``mtfix lsp`` driven by a real LSP client over stdio: diagnostics, code actions, hover,
glossary reloads and errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from mtfix.cli import main
from tests.lsp.lsp_client import (
    GLOSSARY,
    actions_at,
    apply_edits,
    by_title,
    change_document,
    diagnostics_of,
    edits_of,
    open_document,
    precompile,
    spans,
    start,
    until,
)

pytestmark = pytest.mark.asyncio


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "mtfix", "lsp"]))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="session")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test glossary, shared: compiled once, then read from the cache by every server."""
    path = tmp_path_factory.mktemp("lsp-glossary") / "glossary.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    precompile(path)
    return path


@pytest.fixture
def own_glossary(tmp_path: Path) -> Path:
    """A copy of the test glossary that a test may change."""
    path = tmp_path / "glossary.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    precompile(path)
    return path


# A CJK line with an emoji (two UTF-16 units) before the variants, and an article to repair.
TEXT = ("链主😀 the chain owner and a gathering area 集聚区.\n"
        "\n"
        "Plain line: the chain owner, then Macau.\n")


def check_json(path: Path, glossary: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    main(["check", "-q", "--format", "json", "-g", str(glossary), str(path)])
    return json.loads(capsys.readouterr().out)


async def test_diagnostics_have_exact_utf16_ranges(client: LanguageClient, tmp_path: Path, glossary: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    await start(client, tmp_path, glossaries=[str(glossary)])
    uri = open_document(client, tmp_path / "doc.txt", TEXT)
    found = await diagnostics_of(client, uri, 4)
    # 链 主 are one unit each, 😀 two: "chain owner" starts at unit 9 (Python column 8)
    assert spans(found) == [(0, 9, 0, 20, "chain-leader"), (0, 27, 0, 41, "agglomeration-zone"),
                            (2, 16, 2, 27, "chain-leader"), (2, 34, 2, 39, "macao")]
    first = found[0]
    assert first.source == "mtfix"
    assert first.severity == types.DiagnosticSeverity.Information
    assert first.message == "'chain owner' -> 'chain leader'. 链主: the lead enterprise of an industrial chain"
    assert found[3].severity == types.DiagnosticSeverity.Hint  # an auto = false term
    assert found[3].message == "'Macau' -> 'Macao' (suggestion)"
    # the same findings as mtfix check, column for column (check counts characters)
    records = check_json(tmp_path / "doc.txt", glossary, capsys)
    assert [(r["line"] - 1, r["term"]) for r in records] == [(d.range.start.line, d.code) for d in found]
    assert [r["column"] for r in records] == [9, 27, 17, 35]  # 1-based, in characters: 😀 is one


async def test_quick_fix_repairs_the_article_and_the_diagnostic_goes(
        client: LanguageClient, tmp_path: Path, glossary: Path) -> None:
    await start(client, tmp_path, glossaries=[str(glossary)])
    uri = open_document(client, tmp_path / "doc.md", TEXT, "markdown")
    found = await diagnostics_of(client, uri, 4)
    zone = found[1]
    offered = await actions_at(client, uri, (zone.range.start.line, zone.range.start.character),
                               (zone.range.end.line, zone.range.end.character))
    fix = by_title(offered, "Replace 'gathering area' with 'agglomeration zone'")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    (edit,) = edits_of(fix, uri)
    # the edit reaches left over the article: "a gathering area" -> "an agglomeration zone"
    assert (edit.range.start.line, edit.range.start.character, edit.range.end.character) == (0, 25, 41)
    assert edit.new_text == "an agglomeration zone"
    fixed = apply_edits(TEXT, [edit])
    assert fixed.startswith("链主😀 the chain owner and an agglomeration zone 集聚区.\n")
    change_document(client, uri, 2, fixed)
    await until(lambda: len(client.diagnostics[uri]) == 3)
    assert [d.code for d in client.diagnostics[uri]] == ["chain-leader", "chain-leader", "macao"]


async def test_fix_all_is_what_mtfix_fix_writes(client: LanguageClient, tmp_path: Path, glossary: Path) -> None:
    await start(client, tmp_path, glossaries=[str(glossary)])
    path = tmp_path / "doc.txt"
    uri = open_document(client, path, TEXT)
    found = await diagnostics_of(client, uri, 4)
    first = found[0].range
    offered = await actions_at(client, uri, (first.start.line, first.start.character),
                               (first.end.line, first.end.character))
    term_fix = apply_edits(TEXT, edits_of(by_title(offered, "Fix all 'chain-leader' in this file"), uri))
    assert term_fix == TEXT.replace("chain owner", "chain leader")
    everything = apply_edits(TEXT, edits_of(by_title(offered, "Fix all mtfix findings in this file"), uri))
    assert main(["fix", "-q", "-g", str(glossary), str(path)]) == 0
    assert everything == path.read_text(encoding="utf-8")  # Macau stays: fix leaves suggestions alone
    assert "Macau" in everything and "an agglomeration zone" in everything
    # the source action editors run on save, alone when only fix-all actions are asked for
    (on_save,) = await actions_at(client, uri, (0, 0), (0, 0), only=[types.CodeActionKind.SourceFixAll])
    assert on_save.kind == "source.fixAll.mtfix"
    assert apply_edits(TEXT, edits_of(on_save, uri)) == everything
    change_document(client, uri, 2, everything)
    await until(lambda: [d.code for d in client.diagnostics[uri]] == ["macao"])


async def test_incremental_changes_are_applied_in_utf16_units(client: LanguageClient, tmp_path: Path,
                                                              glossary: Path) -> None:
    await start(client, tmp_path, glossaries=[str(glossary)])
    uri = open_document(client, tmp_path / "doc.txt", "😀😀 fine text\n")
    assert await diagnostics_of(client, uri) == []
    # type "the chain owner" after the two emoji (four UTF-16 units), one keystroke at a time
    for version, char in enumerate(" the chain owner", 2):
        character = 4 + version - 2
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(0, character), types.Position(0, character)), text=char)]))
    found = await diagnostics_of(client, uri, 1)
    assert spans(found) == [(0, 9, 0, 20, "chain-leader")]


async def test_po_file_diagnostics_and_quick_fix(client: LanguageClient, tmp_path: Path, glossary: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    await start(client, tmp_path, glossaries=[str(glossary)])
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "链主和集聚区"\nmsgstr "The \\"chain owner\\" runs a gathering area."\n')
    path = tmp_path / "zh.po"
    uri = open_document(client, path, text, "po")
    found = await diagnostics_of(client, uri, 2)
    # the escaped quote counts as two characters of the file
    assert spans(found) == [(5, 14, 5, 25, "chain-leader"), (5, 35, 5, 49, "agglomeration-zone")]
    # check counts the file's characters too (issue 12): the same places as the server's ranges
    assert [(r["line"] - 1, r["column"] - 1) for r in check_json(path, glossary, capsys)] == [(5, 14), (5, 35)]
    zone = found[1].range
    offered = await actions_at(client, uri, (zone.start.line, zone.start.character),
                               (zone.end.line, zone.end.character))
    fixed = apply_edits(text, edits_of(by_title(offered, "Replace 'gathering area' with 'agglomeration zone'"), uri))
    assert fixed.endswith('msgstr "The \\"chain owner\\" runs an agglomeration zone."\n')
    everything = apply_edits(text, edits_of(by_title(offered, "Fix all mtfix findings in this file"), uri))
    assert main(["fix", "-q", "-g", str(glossary), str(path)]) == 0
    assert everything == path.read_text(encoding="utf-8")


async def test_hover_shows_the_term(client: LanguageClient, tmp_path: Path, glossary: Path) -> None:
    await start(client, tmp_path, glossaries=[str(glossary)])
    uri = open_document(client, tmp_path / "doc.txt", TEXT)
    await diagnostics_of(client, uri, 4)
    shown = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(0, 12)))
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    value = shown.contents.value
    for part in ("**chain leader** (`chain-leader`)", "Source: 链主", "the lead enterprise",
                 "https://example.org/chain-leader"):
        assert part in value
    nothing = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(2, 2)))
    assert nothing is None


async def test_config_is_found_from_the_files_folder(client: LanguageClient, tmp_path: Path, glossary: Path) -> None:
    project = tmp_path / "project" / "docs"
    project.mkdir(parents=True)
    (tmp_path / "project" / "mtfix.toml").write_text(f'glossaries = ["{glossary.as_posix()}"]\n', encoding="utf-8")
    await start(client, tmp_path / "elsewhere")
    uri = open_document(client, project / "doc.txt", "Macau and the chain owner.\n")
    found = await diagnostics_of(client, uri, 2)
    assert [d.code for d in found] == ["macao", "chain-leader"]  # Macau: only the test glossary has it


async def test_glossary_change_on_disk_refreshes_diagnostics(client: LanguageClient, tmp_path: Path,
                                                             own_glossary: Path) -> None:
    await start(client, tmp_path, glossaries=[str(own_glossary)])
    uri = open_document(client, tmp_path / "doc.txt", "The chain boss met the chain owner.\n")
    assert [d.code for d in await diagnostics_of(client, uri, 1)] == ["chain-leader"]
    more = own_glossary.read_text(encoding="utf-8").replace('["chain owner"]', '["chain owner", "chain boss"]')
    own_glossary.write_text(more, encoding="utf-8")
    precompile(own_glossary)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(own_glossary.as_uri(), types.FileChangeType.Changed)]))
    found = await diagnostics_of(client, uri, 2)
    assert spans(found) == [(0, 4, 0, 14, "chain-leader"), (0, 23, 0, 34, "chain-leader")]


async def test_glossary_change_is_noticed_without_the_client(client: LanguageClient, tmp_path: Path,
                                                             own_glossary: Path) -> None:
    await start(client, tmp_path, glossaries=[str(own_glossary)], pollMs=100)
    uri = open_document(client, tmp_path / "doc.txt", "The chain boss.\n")
    assert await diagnostics_of(client, uri) == []
    own_glossary.write_text(own_glossary.read_text(encoding="utf-8").replace('["chain owner"]', '["chain boss"]'),
                        encoding="utf-8")
    precompile(own_glossary)
    await diagnostics_of(client, uri, 1)


async def test_malformed_glossary_is_one_message_not_a_crash(client: LanguageClient, tmp_path: Path,
                                                             own_glossary: Path) -> None:
    own_glossary.write_text('[[term]]\npreferred = "chain leader"\nvariants = ["chain owner"\n', encoding="utf-8")
    await start(client, tmp_path, glossaries=[str(own_glossary)])
    first = open_document(client, tmp_path / "a.txt", "The chain owner.\n")
    second = open_document(client, tmp_path / "b.txt", "The chain owner again.\n")
    assert await diagnostics_of(client, first) == []
    assert await diagnostics_of(client, second) == []
    errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1 and "glossary.toml" in errors[0].message
    # still serving: a repaired glossary brings the diagnostics back
    own_glossary.write_text('[[term]]\npreferred = "chain leader"\nvariants = ["chain owner"]\n', encoding="utf-8")
    precompile(own_glossary)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(own_glossary.as_uri(), types.FileChangeType.Changed)]))
    assert [d.code for d in await diagnostics_of(client, first, 1)] == ["chain-leader"]
    assert len([m for m in client.messages if m.type == types.MessageType.Error]) == 1


async def test_add_a_variant_and_an_exception_to_the_glossary(client: LanguageClient, tmp_path: Path,
                                                              own_glossary: Path) -> None:
    (tmp_path / "mtfix.toml").write_text('glossaries = ["glossary.toml"]\n', encoding="utf-8")
    await start(client, tmp_path)
    text = "The chain boss met the chain owner.\n"
    uri = open_document(client, tmp_path / "doc.txt", text)
    await diagnostics_of(client, uri, 1)
    offered = await actions_at(client, uri, (0, 4), (0, 14))  # "chain boss" selected
    add = await client.code_action_resolve_async(
        by_title(offered, "Add 'chain boss' to the glossary as a variant of 'chain leader'"))
    assert add.command is not None
    await client.workspace_execute_command_async(types.ExecuteCommandParams(add.command.command,
                                                                            add.command.arguments))
    await until(lambda: len(client.diagnostics[uri]) == 2)
    written = own_glossary.read_text(encoding="utf-8")
    assert written.startswith("# Terms for the language server tests; this comment must survive edits.\n")
    assert 'variants = ["chain owner", "chain boss"]' in written
    offered = await actions_at(client, uri, (0, 25), (0, 25))  # inside "chain owner"
    protect = await client.code_action_resolve_async(
        by_title(offered, "Add an exception 'the chain owner' to term 'chain-leader'"))
    assert protect.command is not None
    await client.workspace_execute_command_async(types.ExecuteCommandParams(protect.command.command,
                                                                            protect.command.arguments))
    await until(lambda: [d.range.start.character for d in client.diagnostics[uri]] == [4])
    assert 'exceptions = ["the chain owner"]' in own_glossary.read_text(encoding="utf-8")


async def test_settings_change_the_glossaries(client: LanguageClient, tmp_path: Path, glossary: Path,
                                              own_glossary: Path) -> None:
    await start(client, tmp_path, mtfix={"glossaries": [str(glossary)]})  # as editors namespace settings
    uri = open_document(client, tmp_path / "doc.txt", "The chain boss met the chain owner.\n")
    assert [d.code for d in await diagnostics_of(client, uri, 1)] == ["chain-leader"]
    own_glossary.write_text(GLOSSARY.replace('["chain owner"]', '["chain boss"]'), encoding="utf-8")
    precompile(own_glossary)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"mtfix": {"glossaries": [str(own_glossary)]}}))
    await until(lambda: spans(client.diagnostics[uri]) == [(0, 4, 0, 14, "chain-leader")])
