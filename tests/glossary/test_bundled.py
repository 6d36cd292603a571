"""The bundled glossary (glossaries/zh-en-investment.toml): its contract and what it does to
real machine-translated lines of its domain (taken from the articles in glossaries/sources/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix import Glossary, fix_text
from mtfix.cli import main
from mtfix.glossary.lint import ERROR, NOTE, WARNING, lint_files
from mtfix.glossary.load import default_glossary_path

PATH = default_glossary_path()

# Evidence-only twins: same preferred form as an automatic term, on purpose (each table says so).
KNOWN_TWINS = {
    "guangzhou-foshan-zhaoqing-temple-misreading", "shenzhen-zhongshan-link-literal",
    "head-of-publicity-department-evidence", "intangible-cultural-heritage-inheritance",
}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(PATH)


def _tables(text: str) -> list[tuple[str, str]]:
    """(comments before the table, the table) for each [[term]] of the file."""
    chunks = re.split(r"(?m)^\[\[term\]\]\n", text)
    return [(_trailing_comments(before), table) for before, table in zip(chunks, chunks[1:], strict=False)]


def _trailing_comments(chunk: str) -> str:
    lines = chunk.rstrip("\n").split("\n")
    kept: list[str] = []
    for line in reversed(lines):
        if not line.startswith("#"):
            break
        kept.append(line)
    return "\n".join(reversed(kept))


def test_bundled_glossary_has_at_least_150_concepts(glossary: Glossary) -> None:
    concepts = {t.preferred.lower() for t in glossary.terms}
    assert len(glossary.terms) >= 150 and len(concepts) >= 150


def test_lint_has_no_errors_and_only_the_known_warnings() -> None:
    problems = lint_files([str(PATH)])
    assert not [p for p in problems if p.severity == ERROR]
    warned = {re.search(r'term "([^"]+)" has the same preferred form', p.message).group(1)
              for p in problems if p.severity == WARNING}
    assert warned == KNOWN_TWINS
    assert all("same preferred form" in p.message for p in problems if p.severity == WARNING)
    notes = [p.message for p in problems if p.severity == NOTE]
    assert notes and all('"chain leader" of term "chain-chief"' in n for n in notes)


def test_every_term_has_a_note_and_source_forms(glossary: Glossary) -> None:
    assert all(t.note and t.source for t in glossary.terms)
    assert all(t.id for t in glossary.terms)


def test_every_term_has_a_ref_or_says_why_not() -> None:
    for comments, table in _tables(PATH.read_text(encoding="utf-8")):
        assert re.search(r"(?m)^ref = ", table) or "# ref:" in comments, table.split("\n")[0]


def test_every_known_warning_is_explained_in_the_file() -> None:
    explained = {re.search(r'^id = "([^"]+)"', table, re.M).group(1)
                 for comments, table in _tables(PATH.read_text(encoding="utf-8"))
                 if "lint warning expected" in comments}
    assert explained == KNOWN_TWINS


def test_one_word_automatic_variants_are_names_or_coinages(glossary: Glossary) -> None:
    """A plain English word never stands alone as an automatic variant."""
    for term in glossary.terms:
        if term.auto:
            for variant in term.variants:
                if " " not in variant:
                    assert variant[0].isupper() or "-" in variant, (term.id, variant)


@pytest.mark.parametrize("term_id", [
    "macao", "matchmaking", "study-visit", "mu", "administrative-committee", "chain-chief",
    "project-implementation", "li-auto", "county-head", "supervisory-commission",
])
def test_ordinary_english_variants_need_evidence(glossary: Glossary, term_id: str) -> None:
    assert not glossary.term(term_id).auto


# Real MT lines (from the training articles of glossaries/sources/) and what the default fix gives.
GOLDEN = [
    pytest.param(
        "solidly grasping the unremitting perseverance of attracting business and investment and project "
        "implementation.",
        "solidly grasping the unremitting perseverance of investment promotion and project implementation.",
        id="investment-promotion"),
    pytest.param(
        "Seize the 'bull nose' of attracting investment",
        "Seize the 'key link' of attracting investment",
        id="key-link"),
    pytest.param(
        "2025 is a critical year for the “Hundreds and Thousands of Projects” to achieve the goal",
        "2025 is a critical year for the “Hundred-Thousand-Ten Thousand Project” to achieve the goal",
        id="hundred-thousand-ten-thousand"),
    pytest.param(
        "contributions in the process of Chinese-style modernization.",
        "contributions in the process of Chinese modernization.",
        id="chinese-modernization"),
    pytest.param(
        "The Cumulative Number of Specialized, Special and New “Little Giant” Enterprises Reached 12,000",
        "The Cumulative Number of Specialized, Refined, Distinctive and Innovative “Little Giant” Enterprises "
        "Reached 12,000",
        id="srdi-keeps-little-giant"),
    pytest.param(
        "This includes the construction of new quality productivity, independent and controllable key core "
        "technologies",
        "This includes the construction of new quality productive forces, independent and controllable key core "
        "technologies",
        id="new-quality-productive-forces"),
    pytest.param(
        "Led by the chain owner enterprise, we will drive upstream and downstream enterprises",
        "Led by the chain leader enterprise, we will drive upstream and downstream enterprises",
        id="chain-leader"),
    pytest.param(
        'Promoting the implementation of the "chain length system" has not only accelerated',
        'Promoting the implementation of the "chain chief system" has not only accelerated',
        id="chain-chief-system"),
    pytest.param(
        "Full of Love and Double Festivals, Celebrating the Whole Country Together",
        "Full of Love and Mid-Autumn Festival and National Day holidays, Celebrating the Whole Country Together",
        id="double-festival-plural"),
    pytest.param(
        "Double carbon, China strives to achieve the peak of carbon dioxide emission in 2030",
        "Carbon peaking and carbon neutrality, China strives to achieve the peak of carbon dioxide emission in 2030",
        id="double-carbon"),
    pytest.param(
        "They are the “single champions” of manufacturing.",
        "They are the “single-item champions” of manufacturing.",
        id="single-item-champion"),
    pytest.param(
        "Added value of above scale industry, fixed investment and total retail sales",
        "Added value of above designated size industry, fixed investment and total retail sales",
        id="above-designated-size"),
    pytest.param(
        "A total of 71 projects have been introduced in the urban management starting area of the cluster area,",
        "A total of 71 projects have been introduced in the municipal management starting area of the agglomeration "
        "zone,",
        id="starting-area-and-agglomeration-zone"),
    pytest.param(
        "Among them, Zhaoqing High tech Zone",
        "Among them, Zhaoqing High-tech Zone",
        id="zhaoqing-high-tech-zone"),
    pytest.param(
        "as well as Chairman of the Fourth Hui CPPCC Su Jinsheng, Member of the Standing Committee of the Fourth "
        "Hui Municipal Committee,",
        "as well as Chairman of the Sihui CPPCC Su Jinsheng, Member of the Standing Committee of the Sihui "
        "Municipal Committee,",
        id="sihui-keeps-name"),
    pytest.param(
        "Driving into Yong'an Town, located in Zhaoqing New District and Dinghu District,",
        "Driving into Yong'an Town, located in Zhaoqing New Area and Dinghu District,",
        id="zhaoqing-new-area"),
    pytest.param(
        "Guangdong, Hong Kong and Macau Dawan District (Dawan District) includes two special administrative regions",
        "Guangdong-Hong Kong-Macao Greater Bay Area (Greater Bay Area) includes two special administrative regions",
        id="gba-dawan"),
    pytest.param(
        "an important node city of the Guangdong Hong Kong Macao Greater Bay Area",
        "an important node city of the Guangdong-Hong Kong-Macao Greater Bay Area",
        id="gba-spaces"),
    pytest.param(
        "the Guangdong, Hong Kong and Macao Greater Bay Area",
        "the Guangdong-Hong Kong-Macao Greater Bay Area",
        id="gba-spelled-out"),
    pytest.param(
        "Xinhua Media+National Major Project Shenzhen China Channel Officially Opened",
        "Xinhua Media+National Major Project Shenzhen-Zhongshan Link Officially Opened",
        id="shenzhen-zhongshan-link"),
    pytest.param(
        "Regional coordinated development is steadily advancing, and “one core, one belt and one region” is "
        "accelerating.",
        "Regional coordinated development is steadily advancing, and “one core, one belt and one zone” is "
        "accelerating.",
        id="one-core-one-belt-one-zone"),
    pytest.param(
        "Image source: Ningde Times",
        "Image source: CATL",
        id="catl"),
    pytest.param(
        "Zhaoqing Mayor Xu Xiaoxiong said: The Ruiqing Times project is a major chain project",
        "Zhaoqing Mayor Xu Xiaoxiong said: The Ruiqing Contemporary Amperex Technology project is a major chain "
        "project",
        id="ruiqing-keeps-mayor"),
    pytest.param(
        "Orders from major customers such as BYD, GAC Aian, and GAC Passenger Cars",
        "Orders from major customers such as BYD, GAC Aion, and GAC Passenger Cars",
        id="gac-aion"),
    pytest.param(
        "Nezha Auto and Zero Run Auto won the first and second place in delivery this month",
        "NETA Auto and Leapmotor won the first and second place in delivery this month",
        id="neta-leapmotor"),
    pytest.param(
        "Chaoyang City Market Supervision Bureau’s special enforcement action",
        "Chaoyang City Administration for Market Regulation’s special enforcement action",
        id="market-regulation"),
    pytest.param(
        "The Propaganda Department of the Huaibei Municipal Committee of the Communist Party of China",
        "The Publicity Department of the Huaibei Municipal Committee of the Communist Party of China",
        id="publicity-department"),
    pytest.param(
        "and the county party committee member and United Front Work Department minister Zhu Haitao attended the "
        "meeting.",
        "and the county party committee member and head of the United Front Work Department Zhu Haitao attended the "
        "meeting.",
        id="ufwd-head-keeps-name"),
    pytest.param(
        "Politics and Law Commission Secretaries in Guangdong Province Have Less Power",
        "Political and Legal Affairs Commission Secretaries in Guangdong Province Have Less Power",
        id="political-and-legal-affairs"),
    pytest.param(
        "the picture shows the live performance of English songs and dances of national intangible cultural heritage.",
        "the picture shows the live performance of Yingge dance of national intangible cultural heritage.",
        id="yingge-dance"),
    pytest.param(
        "Guangdong’s prefabricated dishes support policies are frequently launched",
        "Guangdong’s pre-made dishes support policies are frequently launched",
        id="pre-made-dish"),
    pytest.param(
        "what kind of vitality has the special debt injected into the local economy?",
        "what kind of vitality has the special bond injected into the local economy?",
        id="special-bond"),
    pytest.param(
        "China News Agency, Guangzhou, February 20th",
        "China News Service, Guangzhou, February 20th",
        id="china-news-service"),
]

# Lines the default glossary must leave alone: names of people, correct official forms, phrases that
# must stay, ordinary English, and evidence-only variants in plain text.
NO_OP = [
    pytest.param(
        "Xu Xiaoxiong, deputy secretary of the Zhaoqing Municipal Party Committee and mayor",
        id="person-name"),
    pytest.param(
        "He Xiaopeng, chairman of XPeng, visited the Zhaoqing base.",
        id="he-xiaopeng"),
    pytest.param(
        "attracting more leading enterprises and specialized, refined, distinctive and innovative \"little giant\" "
        "enterprises",
        id="little-giant"),
    pytest.param(
        "Zhaoqing will become a gathering place for the industrial parks of the west bank.",
        id="gathering-place"),
    pytest.param(
        "the Guangdong-Hong Kong-Macao Greater Bay Area and the Hong Kong-Zhuhai-Macao Bridge",
        id="official-gba"),
    pytest.param(
        "Zhaoqing High-tech Zone and the Guangdong-Macao In-Depth Cooperation Zone in Hengqin",
        id="official-zones"),
    pytest.param(
        "The chain leader enterprise drives its suppliers.",
        id="chain-leader-protected"),
    pytest.param(
        "Plug the laptop into the docking station.",
        id="docking-station"),
    pytest.param(
        "Docking spacecraft can be an intricate and dangerous procedure.",
        id="docking-spacecraft"),
    pytest.param(
        "The telescope revealed a cluster of stars near the nebula.",
        id="cluster-of-stars"),
    pytest.param(
        "The Cotai district of Macau, often compared to Las Vegas for its casino resorts",
        id="macau-casino"),
    pytest.param(
        "Gaming revenue in Macau rose to MOP17.2 billion in August.",
        id="macau-gaming"),
    pytest.param(
        "The home inspection found no problems with the roof.",
        id="inspection"),
    pytest.param(
        "The Management Committee of the company approved the budget.",
        id="management-committee"),
    pytest.param(
        "The farm covers 200 acres of land.",
        id="acres"),
    pytest.param(
        "The restaurant chain owner opened a new branch.",
        id="restaurant-chain-owner"),
    pytest.param(
        "A supply chain owner is accountable for the whole flow.",
        id="supply-chain-owner"),
    pytest.param(
        "Restrictions made the market subject to strict controls.",
        id="market-subject-to"),
    pytest.param(
        "The team landed in Shenzhen on Monday.",
        id="landing"),
]


@pytest.mark.parametrize(("line", "expected"), GOLDEN)
def test_real_mt_lines_are_fixed(glossary: Glossary, line: str, expected: str) -> None:
    fixed, _ = fix_text(line, glossary)
    assert fixed == expected
    assert fix_text(fixed, glossary)[0] == fixed


@pytest.mark.parametrize("line", NO_OP)
def test_lines_that_must_stay(glossary: Glossary, line: str) -> None:
    fixed, findings = fix_text(line, glossary)
    assert fixed == line, [f.term for f in findings]


def test_evidence_fixes_ordinary_english_variants_with_a_source(tmp_path: Path, capsys) -> None:
    target, source = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    target.write_text("One chain leader per industrial chain.\nThe Macau delegation arrived.\n"
                      "The chain leader enterprise invested.\nThe Macau casino reopened.\n", encoding="utf-8")
    source.write_text("一条产业链一个链长。\n澳门代表团抵达。\n链主企业投资。\n赌场重新开业。\n", encoding="utf-8")
    assert main(["fix", "-g", str(PATH), str(target), "--source", str(source)]) == 0
    assert target.read_text(encoding="utf-8").splitlines() == [
        "One chain chief per industrial chain.", "The Macao delegation arrived.",
        "The chain leader enterprise invested.", "The Macau casino reopened."]


def test_plain_fix_leaves_evidence_only_variants(tmp_path: Path, capsys) -> None:
    target = tmp_path / "a.txt"
    text = "One chain leader per industrial chain.\nThe Macau delegation arrived.\n"
    target.write_text(text, encoding="utf-8")
    assert main(["fix", "-g", str(PATH), str(target)]) == 0
    assert target.read_text(encoding="utf-8") == text


_PIECES = [str(p.values[0]) for p in GOLDEN] + [str(p.values[0]) for p in NO_OP]
_WORDS = st.sampled_from(["the", "Macau", "chain", "leader", "owner", "area", "cluster", "Zhaoqing",
                          "Hong", "Kong", "-", ",", "and", "Guangdong", "High", "tech", "Zone", "\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), _WORDS), max_size=8))
def test_fix_is_idempotent_with_the_bundled_glossary(glossary: Glossary, parts: list[str]) -> None:
    text = " ".join(parts)
    once, _ = fix_text(text, glossary)
    assert fix_text(once, glossary)[0] == once
