"""Reports: the self-contained HTML page, text and JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from revitalize.indicators import (
    Observation,
    ObservationSet,
    ProgressReport,
    Status,
    catalog_json,
    catalog_text,
    default_indicators,
    evaluate,
    report_html,
    report_json,
    report_text,
)
from revitalize.policy.parameters import default_parameters

ROWS = [
    ("KPI-1", 2023, "6.2"),
    ("KPI-3", 2023, "99"),
    ("KPI-5", 2023, "88.9"),
    ("KPI-7a", 2023, "14"),
    ("KPI-8a", 2023, "12.8"),
    ("KPI-8b", 2023, "1.9"),
    ("KPI-8e", 2025, "70"),
    ("KPI-T5", 2020, "20"),
    ("KPI-T5", 2023, "22"),
    ("KPI-T11", 2023, "1"),
]
REFS = [("KPI-1", 2023, "6.1")]
EXPECTED = {
    "KPI-1": Status.MET,
    "KPI-3": Status.NOT_MET,
    "KPI-5": Status.ON_TRACK,
    "KPI-7a": Status.MET,
    "KPI-8a": Status.BEHIND,
    "KPI-8b": Status.ON_TRACK,
    "KPI-8e": Status.MET,
    "KPI-T5": Status.BEHIND,
    "KPI-T11": Status.NOT_MET,
}


@pytest.fixture(scope="module")
def report() -> ProgressReport:
    """A report over a few observed indicators."""
    obs = ObservationSet(
        tuple(Observation(i, y, Decimal(v)) for i, y, v in ROWS),
        tuple(Observation(i, y, Decimal(v)) for i, y, v in REFS),
    )
    return evaluate(obs, default_parameters())


class _Page(HTMLParser):
    """Collects rows (by id), their cells (by class), and every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.order: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.bars: dict[str, list[str]] = {}
        self._row: str | None = None
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "tr" and a.get("id"):
            self._row = a["id"]
            assert self._row is not None
            self.rows[self._row] = {"status_value": a.get("data-status") or ""}
            self.order.append(self._row)
        elif tag == "td" and self._row:
            self._cell = a.get("class") or ""
            self.rows[self._row][self._cell] = ""
        elif tag == "span" and self._row and self._cell == "bar":
            self.bars.setdefault(self._row, []).append(a.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._row and self._cell:
            self.rows[self._row][self._cell] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def test_html_has_a_row_per_indicator_with_its_status(report: ProgressReport) -> None:
    """Every indicator has one row with its status, in the report's order."""
    page = _parse(report_html(report, "zh"))
    catalog = default_indicators()
    assert sorted(page.order) == sorted(catalog.ids)
    assert page.order == [i.indicator.id for i in report.items]
    for ident, status in EXPECTED.items():
        row = page.rows[ident]
        assert row["status_value"] == status.value, ident
        assert row["status"] == status.label_zh, ident
    for ident in catalog.ids:
        if ident not in EXPECTED:
            assert page.rows[ident]["status_value"] == "no_data"


def test_html_rows_show_baseline_target_and_observed(report: ProgressReport) -> None:
    """A row shows the baseline, the target, the observed values and the attribute."""
    page = _parse(report_html(report, "zh"))
    kpi5 = page.rows["KPI-5"]
    assert kpi5["id"] == "KPI-5"
    assert "农村自来水普及率" in kpi5["name"]
    assert "88.6" in kpi5["baseline"]
    assert "89" in kpi5["target"]
    assert "2023: 88.9" in kpi5["observed"]
    assert kpi5["attribute"] == "预期性"
    t5 = page.rows["KPI-T5"]
    assert "2020: 20" in t5["observed"] and "2023: 22" in t5["observed"]
    assert page.rows["KPI-3"]["attribute"] == "约束性"


def test_html_bars(report: ProgressReport) -> None:
    """Each observed indicator has a bar with the observed value and the target marked."""
    page = _parse(report_html(report, "zh"))
    for ident in EXPECTED:
        classes = page.bars.get(ident, [])
        assert "observed" in classes, ident
        assert "goal" in classes, ident
    assert "path" in page.bars["KPI-5"]
    assert "range" in page.bars["KPI-5"]
    assert "range" in page.bars["KPI-7a"]  # the keep-stable band


def test_html_is_self_contained(report: ProgressReport) -> None:
    """No scripts, no external resources, no links: one page that works offline."""
    html = report_html(report, "en")
    page = _parse(html)
    tags = {t for t, _ in page.tags}
    assert "script" not in tags
    assert "link" not in tags
    assert "img" not in tags
    assert "iframe" not in tags
    for _, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            assert name not in ("src", "href"), name
            assert "url(" not in (value or "")
    assert "http" not in html.replace("http-equiv", "")
    assert html.startswith("<!DOCTYPE html>")


def test_html_english(report: ProgressReport) -> None:
    """The English page labels statuses in English."""
    page = _parse(report_html(report, "en"))
    assert page.rows["KPI-5"]["status"] == "on track"
    assert page.rows["KPI-5"]["attribute"] == "anticipatory"


def test_html_escapes_text() -> None:
    """Names are escaped (nothing in the catalog can inject markup)."""
    report = evaluate(ObservationSet(), default_parameters())
    html = report_html(report, "zh")
    assert "<script" not in html
    assert len(_parse(html).rows) == len(default_indicators())


def test_text_report(report: ProgressReport) -> None:
    """The text report lists each indicator with its status and the reproduction line."""
    text = report_text(report, "zh")
    assert "[未达标] KPI-3" in text
    assert "[进度正常] KPI-5" in text
    assert "可复现" in text
    english = report_text(report, "en")
    assert "[on track] KPI-5" in english
    assert "path 88.84" in english


def test_json_report(report: ProgressReport) -> None:
    """The JSON report parses and keeps decimals as strings."""
    data = json.loads(report_json(report))
    rows = {r["id"]: r for r in data["indicators"]}
    assert rows["KPI-8b"]["years"][0]["observed"] == "1.9"
    assert rows["KPI-1"]["years"][0]["reference"] == "6.1"
    assert data["counts"]["no_data"] == len(default_indicators()) - len(EXPECTED)


def test_catalog_text_and_json() -> None:
    """The catalog lists every indicator with baseline, target, attribute and citation."""
    catalog = default_indicators()
    text = catalog_text(catalog, "zh")
    for ident in catalog.ids:
        assert f"{ident}  " in text
    assert "表1 「农村自来水普及率（%）」" in text
    assert "PLAN-01 (5)" in text
    english = catalog_text(catalog, "en")
    assert "Table 1 「农村自来水普及率（%）」" in english
    assert "anticipatory" in english
    rows = json.loads(catalog_json(catalog))
    assert [r["id"] for r in rows] == list(catalog.ids)
