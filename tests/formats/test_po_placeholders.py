"""A PO file's placeholders and markup are kept byte for byte; the prose around them is fixed."""

from __future__ import annotations

from translate.storage.pypo import pofile

from mtfix.cli import main

GLOSSARY = '''\
[[term]]
preferred = "entry"
variants = ["message"]
source = ["消息"]

[[term]]
preferred = "release"
variants = ["version"]
source = ["版本"]
'''

PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#, c-format
msgid "消息 %s 版本 %1$s"
msgstr "message %s for version %1$s"

#, python-format
msgid "消息：%(message)s，版本 %(version)s"
msgstr "The message: %(message)s, version %(version)s"

msgid "GET /%{version}/devices 版本"
msgstr "GET /%{version}/devices for this version"

#, python-brace-format
msgid "{message} 消息 {version}"
msgstr "{message} message {0} {version}"

msgid "消息 :func:`message` ``version`` 版本"
msgstr "A message from :func:`message` and ``version`` in this version"

msgid "<strong>消息</strong> &lt;version&gt; 版本"
msgstr "<strong>message</strong> &lt;version&gt; version"
'''


def test_po_keeps_every_placeholder_and_fixes_the_prose(tmp_path) -> None:
    glossary, path = tmp_path / "g.toml", tmp_path / "a.po"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    path.write_text(PO, encoding="utf-8")
    assert main(["fix", "-g", str(glossary), str(path)]) == 0
    expected = (PO.replace('"message %s for version %1$s"', '"entry %s for release %1$s"')
                .replace('"The message: %(message)s, version %(version)s"',
                         '"The entry: %(message)s, release %(version)s"')
                .replace('"GET /%{version}/devices for this version"', '"GET /%{version}/devices for this release"')
                .replace('"{message} message {0} {version}"', '"{message} entry {0} {version}"')
                .replace("A message from :func:`message` and ``version`` in this version",
                         "An entry from :func:`message` and ``version`` in this release")
                .replace('"<strong>message</strong> &lt;version&gt; version"',
                         '"<strong>entry</strong> &lt;version&gt; release"'))
    assert path.read_text(encoding="utf-8") == expected
    assert len([u for u in pofile(path.read_bytes()).units if u.source]) == 6
    assert main(["check", "-g", str(glossary), str(path)]) == 0  # a second pass finds nothing
