"""Monolingual mining (``mtfix.glossary.variation``): the inconsistency groups a post-editor
fixes in real MT English, and none of the look-alikes that are not one concept."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from mtfix.cli import main
from mtfix.glossary.load import load_glossaries, parse_glossary
from mtfix.glossary.mining import mine_groups, read_input
from mtfix.model import Glossary

# Sentences in the style of the MT articles the issue measured on, spread over three files.
ARTICLES = {  # one paragraph a line
    "a1.txt": "\n".join([
        "Zhaoqing will deepen cooperation within the Guangdong Hong Kong Macao Greater Bay Area and attract "
        "Xiaopeng Automobile suppliers.",
        "The Zhaoqing Agglomeration Zone has signed 12 projects, and the Zhaoqing New District is building "
        "roads.",
        "Xiaopeng Automobile opened a new plant in the Zhaoqing High-tech Zone.",
        "The municipal-managed starting area grew quickly this year.",
    ]) + "\n",
    "a2.txt": "\n".join([
        "Under the Hundred Million Project, Sihui supports specialized and new enterprises.",
        "The Guangdong, Hong Kong and Macao Greater Bay Area offers a huge market; Xpeng Motors delivered "
        "10,000 cars.",
        "The Zhaoqing Cluster attracted 30 enterprises, while the Zhaoqing New Area planned new parks.",
        "Zhaoqing National High-tech Zone signed a deal with Xiaopeng Motors.",
    ]) + "\n",
    "a3.txt": "\n".join([
        "The Hundreds and Thousands Project and the Hundreds and Thousands of Project both aim at counties.",
        "Enterprises that are specialized, specialized, and new received awards; specialized and special new "
        "firms too.",
        "The Zhaoqing Agglomeration District covers 100 square kilometres; the municipal management starting "
        "area is its core.",
        "Xpeng Motors and the Guangdong-Hong Kong-Macao Greater Bay Area were praised by Li En and Li Huiwen.",
        "In recent years and in consecutive years, Xu Xiaoxiong and Xu Rongmao led vigorous development and "
        "seeking development.",
    ]) + "\n",
}
REAL = [  # (two or more renderings one group must hold, the glossary term it extends)
    ({"Guangdong Hong Kong Macao Greater Bay Area", "Guangdong, Hong Kong and Macao Greater Bay Area",
      "Guangdong-Hong Kong-Macao Greater Bay Area"}, "guangdong-hong-kong-macao-greater-bay-area"),
    ({"Xiaopeng Automobile", "Xiaopeng Motors", "Xpeng Motors"}, "xpeng"),
    ({"Hundred Million Project", "Hundreds and Thousands Project", "Hundreds and Thousands of Project"},
     "hundred-thousand-ten-thousand-project"),
    ({"Zhaoqing Cluster", "Zhaoqing Agglomeration Zone", "Zhaoqing Agglomeration District"},
     "zhaoqing-agglomeration-zone"),
    ({"Zhaoqing New District", "Zhaoqing New Area"}, "zhaoqing-new-area"),
    ({"Zhaoqing High-tech Zone", "Zhaoqing National High-tech Zone"}, None),
    ({"municipal-managed starting area", "municipal management starting area"}, "municipal-management-starting-area"),
    ({"specialized and new", "specialized, specialized, and new", "specialized and special new"},
     "specialized-refined-distinctive-innovative"),
]
NOISE = [{"Li En", "Li Huiwen"}, {"Xu Xiaoxiong", "Xu Rongmao"}, {"recent years", "consecutive years"},
         {"vigorous development", "seeking development"}]


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def _mine(folder: Path, glossary: Glossary) -> list:
    return mine_groups([read_input(str(p)) for p in sorted(folder.iterdir())], glossary)


def _texts(group) -> set[str]:
    return {r.text for r in group.renderings}


@pytest.fixture(scope="module")
def bundled_groups(tmp_path_factory: pytest.TempPathFactory) -> list:
    return _mine(_write(tmp_path_factory.mktemp("articles"), ARTICLES), Glossary.default())


@pytest.mark.parametrize(("renderings", "term"), REAL, ids=[sorted(r)[0] for r, _ in REAL])
def test_each_real_group_is_one_mined_group(bundled_groups: list, renderings: set[str], term: str | None) -> None:
    (group,) = [g for g in bundled_groups if _texts(g) & renderings]
    assert _texts(group) == renderings
    assert group.term == term


def test_nothing_else_is_reported(bundled_groups: list) -> None:
    assert len(bundled_groups) == len(REAL)
    for pair in NOISE:
        assert not any(len(_texts(g) & pair) for g in bundled_groups)


def test_locations_are_every_occurrence_in_file_order(bundled_groups: list, tmp_path: Path) -> None:
    (group,) = [g for g in bundled_groups if g.term == "xpeng"]
    places = {r.text: [(Path(x.path).name, x.line, x.column) for x in r.locations] for r in group.renderings}
    assert places == {"Xiaopeng Automobile": [("a1.txt", 1, 100), ("a1.txt", 3, 1)],
                      "Xpeng Motors": [("a2.txt", 2, 75), ("a3.txt", 4, 1)],
                      "Xiaopeng Motors": [("a2.txt", 4, 53)]}
    assert (Path(group.first.path).name, group.first.line) == ("a1.txt", 1)


EMPTY = Glossary(())


@pytest.mark.parametrize(("text", "renderings", "kind"), [
    ("Hongkong Science Park opened. The Hong Kong Science Park grew.",
     {"Hongkong Science Park", "Hong Kong Science Park"}, "surface"),
    ("a high tech zone. The high-tech zone.", {"high tech zone", "high-tech zone"}, "surface"),
    ("grew 5% year-on-year, and 6% year -on -year.", {"year-on-year", "year -on -year"}, "surface"),
    ("Guangdong, Hong Kong and Macao agreed. Guangdong-Hong Kong-Macao cooperation.",
     {"Guangdong, Hong Kong and Macao", "Guangdong-Hong Kong-Macao"}, "surface"),
    ("Xiaopeng Automobile grew. Xiaopeng Motors grew.", {"Xiaopeng Automobile", "Xiaopeng Motors"}, "name"),
    ("Zhaoqing New District grew. Zhaoqing New Area grew.", {"Zhaoqing New District", "Zhaoqing New Area"}, "name"),
    ("Heyuan National High-tech Zone grew. Heyuan High-tech Zone grew.",
     {"Heyuan National High-tech Zone", "Heyuan High-tech Zone"}, "name"),
    ("Tsuihang Huizhou Park grew. Tsuiheng Huizhou Park grew.",
     {"Tsuihang Huizhou Park", "Tsuiheng Huizhou Park"}, "name"),
    ("Zhenjiang District grew. Zhenjiang Distric grew.", {"Zhenjiang District", "Zhenjiang Distric"}, "name"),
    ("Bay Area Hakka Village opened. The Hakka Village in the Bay Area grew.",
     {"Bay Area Hakka Village", "Hakka Village in the Bay Area"}, "reorder"),
])
def test_glossary_free_finders(tmp_path: Path, text: str, renderings: set[str], kind: str) -> None:
    groups = _mine(_write(tmp_path / "t", {"a.txt": text}), EMPTY)
    assert [(_texts(g), g.kind, g.term) for g in groups] == [(renderings, kind, None)]


@pytest.mark.parametrize("text", [
    "Li En met Li Huiwen. Li En spoke.",  # two people who share a surname
    "Dasha Town grew. Jiangu Town grew. Dasha Town won.",  # two towns that share "Town"
    "Shenzhen and Shanwei signed. Shenzhen-Shanwei cooperation.",  # two cities, and their zone
    "Guangdong Province grew. The Guangdong province grew.",  # case alone
    "The zones grew. The zone grew. Gathering areas and a gathering area.",  # plural alone
    "Huadu automobile grew. Huadu's automobile grew.",  # a possessive
    "People's Congress met. People\u2019s Congress met.",  # an apostrophe
    "recent years and consecutive years; vigorous development and seeking development.",
    "Zhenjiang District grew. Zhanjiang District grew.",  # two places spelled alike: no shared word
])
def test_look_alikes_are_no_group(tmp_path: Path, text: str) -> None:
    assert _mine(_write(tmp_path / "t", {"a.txt": text}), EMPTY) == []


GLOSSARY = textwrap.dedent('''\
    [[term]]
    id = "zhaoqing-agglomeration-zone"
    preferred = "Zhaoqing Agglomeration Zone"
    variants = ["Zhaoqing Cluster Area", "Zhaoqing Gathering District"]

    [[term]]
    id = "starting-area"
    preferred = "municipal management starting area"
    variants = ["urban management starting area"]

    [[term]]
    id = "industrial-chain"
    preferred = "industrial chain"
    variants = ["industry chain link"]
    accepted = ["industry chain"]

    [[term]]
    id = "agglomeration-zone"
    preferred = "agglomeration zone"
    variants = ["cluster area"]
    exceptions = ["computing cluster area"]
''')


@pytest.mark.parametrize(("text", "renderings", "term"), [
    # a word that fills the same slot in another form of the term
    ("Zhaoqing Agglomeration Zone grew. Zhaoqing Agglomeration District grew.",
     {"Zhaoqing Agglomeration Zone", "Zhaoqing Agglomeration District"}, "zhaoqing-agglomeration-zone"),
    ("Zhaoqing Cluster Zone grew. Zhaoqing Agglomeration Zone grew.",
     {"Zhaoqing Cluster Zone", "Zhaoqing Agglomeration Zone"}, "zhaoqing-agglomeration-zone"),
    # the head dropped from a name
    ("Zhaoqing Cluster grew. Zhaoqing Agglomeration Zone grew.",
     {"Zhaoqing Cluster", "Zhaoqing Agglomeration Zone"}, "zhaoqing-agglomeration-zone"),
    # reordered around "of", and inflected otherwise
    ("the starting area of municipal management; the municipal management starting area.",
     {"starting area of municipal management", "municipal management starting area"}, "starting-area"),
    ("the municipal-managed starting area; the urban management starting area.",
     {"municipal-managed starting area", "urban management starting area"}, "starting-area"),
])
def test_glossary_guided_variants(tmp_path: Path, text: str, renderings: set[str], term: str) -> None:
    groups = _mine(_write(tmp_path / "t", {"a.txt": text}), parse_glossary(GLOSSARY, "g.toml"))
    assert [(_texts(g), g.kind, g.term) for g in groups] == [(renderings, "glossary", term)]


@pytest.mark.parametrize("text", [
    "the industrial chain and the industry chain.",  # preferred and accepted: both approved
    "a computing cluster area and an agglomeration zone.",  # an exception keeps its variant
    "Zhaoqing New energy and the Zhaoqing Agglomeration Zone.",  # no head dropped to a qualifier
])
def test_glossary_guided_look_alikes(tmp_path: Path, text: str) -> None:
    assert _mine(_write(tmp_path / "t", {"a.txt": text}), parse_glossary(GLOSSARY, "g.toml")) == []


def test_files_that_are_not_article_text_are_skipped(tmp_path: Path) -> None:
    folder = _write(tmp_path / "t", {
        "a.txt": "Zhaoqing New District grew. Zhaoqing New Area grew.\n",
        "urls.txt": "https://example.org/zhaoqing-new-district\nhttps://example.org/zhaoqing new area\n"
                    "https://example.org/zhaoqing-new-zone\n",
        "terms.toml": '[[term]]\npreferred = "zhaoqing new area"\nvariants = ["zhaoqing new zone"]\n',
    })
    (group,) = _mine(folder, EMPTY)
    assert _texts(group) == {"Zhaoqing New District", "Zhaoqing New Area"}
    assert {Path(x.path).name for r in group.renderings for x in r.locations} == {"a.txt"}


def test_headings_neither_make_names_nor_decide_casing(tmp_path: Path) -> None:
    text = ("ZHAOQING NEW ZONE PLANS\nZhaoqing New Zone Grows Fast\nVillagers Became Rich As Villages Became Towns\n"
            "Zhaoqing New District grew. Zhaoqing New Area grew.\n")
    (group,) = _mine(_write(tmp_path / "t", {"a.txt": text}), EMPTY)
    assert {r.text: r.count for r in group.renderings} == {"Zhaoqing New District": 1, "Zhaoqing New Area": 1}


def test_json_and_emit_toml_merge_into_the_term_keeping_comments(tmp_path: Path, capsys) -> None:
    folder = _write(tmp_path / "articles", ARTICLES)
    glossary = tmp_path / "project.toml"
    glossary.write_text(textwrap.dedent('''\
        # project terms
        [[term]]
        id = "xpeng"
        preferred = "XPeng Motors"
        variants = ["Xiaopeng Motors"]  # seen in a press release
        '''), encoding="utf-8")
    before = glossary.read_text("utf-8")
    assert main(["glossary", "mine", str(folder), "-g", str(glossary), "--format", "json",
                 "--emit-toml", str(glossary)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert all(set(r) == {"source", "renderings", "score", "term", "kind"} for r in records)
    xpeng = next(r for r in records if r["term"] == "xpeng")
    assert xpeng["kind"] == "glossary"
    assert all(set(x) == {"path", "line", "column"} for r in xpeng["renderings"] for x in r["locations"])
    after = glossary.read_text("utf-8")
    assert after.startswith(before.split('variants')[0])  # the comment and the table head are kept
    assert 'variants = ["Xiaopeng Motors", "Xiaopeng Automobile"]  # seen in a press release' in after
    terms = {t.id: t for t in load_glossaries([str(glossary)]).terms}
    assert terms["zhaoqing-new-area"].variants == ("Zhaoqing New District",)  # a new group: a new term
    assert main(["glossary", "lint", str(glossary)]) == 0


def test_a_sentence_may_open_with_an_ordinary_capitalised_word(tmp_path: Path) -> None:
    text = "Later Huaxing Motors signed. Recently Huaxing Automobile grew. Huaxing Auto agreed.\n"
    (group,) = _mine(_write(tmp_path / "t", {"a.txt": text}), EMPTY)
    assert _texts(group) == {"Huaxing Motors", "Huaxing Automobile", "Huaxing Auto"}


def test_a_form_inside_another_terms_form_counts(tmp_path: Path) -> None:
    glossary = parse_glossary('[[term]]\nid = "macao"\npreferred = "Macao"\nvariants = ["Macau"]\n\n'
                              '[[term]]\nid = "gba"\npreferred = "Guangdong-Hong Kong-Macao Greater Bay Area"\n'
                              'variants = ["Dawan District"]\n', "g.toml")
    text = "The Guangdong-Hong Kong-Macao Greater Bay Area grew. Casinos in Macau and Zhuhai grew.\n"
    (group,) = _mine(_write(tmp_path / "t", {"a.txt": text}), glossary)
    assert (_texts(group), group.term) == ({"Macao", "Macau"}, "macao")
