"""The HTML QA report's cells, without a browser (tests/cli/test_bilingual.py loads it in one)."""

from __future__ import annotations

import pytest

from mtfix.model import Edit, Finding
from mtfix.report_html import render_html


def _finding(source: str, evidence: str) -> Finding:
    target = "The chain owner firm"
    return Finding(start=4, end=15, line=1, column=5, match="chain owner", replacement="chain leader",
                   term="chain-leader", variant="chain owner", preferred="chain leader",
                   edit=Edit(4, 15, "chain leader"), segment="line 1", source=source, target=target,
                   evidence=evidence)


@pytest.mark.parametrize(("source", "marked"), [
    pytest.param("该企业是链主企业", "该企业是<mark>链主</mark>企业", id="simplified"),
    pytest.param("該企業是鏈主企業", "該企業是<mark>鏈主</mark>企業", id="traditional-as-written"),
])
def test_evidence_is_highlighted_in_the_source_as_written(source, marked) -> None:
    page = render_html([("a.tsv", _finding(source, "链主"))], ["a.tsv"])
    assert marked in page
    assert "The <del>chain owner</del><ins>chain leader</ins> firm" in page
