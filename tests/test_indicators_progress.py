"""Progress against targets: statuses, paths, ordering, and the observation format."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revitalize.errors import InvalidInputError, UnknownNameError
from revitalize.indicators import (
    AtLeast,
    AtMost,
    Direction,
    Indicator,
    Maintain,
    Observation,
    ObservationSet,
    Ratio,
    Reach,
    Status,
    compound_path,
    default_indicators,
    evaluate,
    evaluate_indicator,
    load_observations,
    parse_observations,
    parse_observations_json,
    parse_observations_toml,
    ratio,
)
from revitalize.policy.parameters import ParameterSet, default_parameters

ON = dt.date(2025, 12, 31)


def _obs(*rows: tuple[str, int, str], refs: tuple[tuple[str, int, str], ...] = ()
         ) -> ObservationSet:
    return ObservationSet(
        tuple(Observation(i, y, Decimal(v)) for i, y, v in rows),
        tuple(Observation(i, y, Decimal(v)) for i, y, v in refs),
    )


def _status(ident: str, *rows: tuple[str, int, str],
            refs: tuple[tuple[str, int, str], ...] = (),
            params: ParameterSet | None = None) -> Status:
    ind = default_indicators()[ident]
    return evaluate_indicator(ind, _obs(*rows, refs=refs),
                              params=params or default_parameters(), on=ON).status


# --------------------------------------------------------------------------- paths


def test_kpi5_linear_path_just_on_track_and_just_behind() -> None:
    """KPI-5's straight path 88.6 → 89 is at 88.84 in 2023."""
    assert _status("KPI-5", ("KPI-5", 2023, "88.84")) is Status.ON_TRACK
    assert _status("KPI-5", ("KPI-5", 2023, "88.83")) is Status.BEHIND
    assert _status("KPI-5", ("KPI-5", 2023, "89")) is Status.MET
    assert _status("KPI-5", ("KPI-5", 2025, "88.99")) is Status.NOT_MET


def test_kpi8a_compound_path() -> None:
    """KPI-8a follows constant growth from 11.96 to 13.86, below the straight line."""
    expected = compound_path(Decimal("11.96"), Decimal("13.86"), 2020, 2025, 2023)
    progress = evaluate_indicator(default_indicators()["KPI-8a"],
                                  _obs(("KPI-8a", 2023, str(expected))),
                                  params=default_parameters(), on=ON)
    assert progress.status is Status.ON_TRACK
    assert progress.latest is not None and progress.latest.expected == expected
    assert _status("KPI-8a", ("KPI-8a", 2023, str(expected - Decimal("0.001")))) \
        is Status.BEHIND
    # 13.08 is behind the straight line (13.10) but on the compound path (about 13.07)
    assert _status("KPI-8a", ("KPI-8a", 2023, "13.08")) is Status.ON_TRACK


def test_counts_start_from_zero_in_2020() -> None:
    """KPI-T8c's 18 villages by 2025 expect 7.2 by 2022."""
    assert _status("KPI-T8c", ("KPI-T8c", 2022, "7.2")) is Status.ON_TRACK
    assert _status("KPI-T8c", ("KPI-T8c", 2022, "7")) is Status.BEHIND
    assert _status("KPI-T8c", ("KPI-T8c", 2025, "18")) is Status.MET


def test_kpi_t10_deadline_from_parameters() -> None:
    """KPI-T10 runs 0 → 100% over 2021-2022 by default; a later start moves the deadline."""
    assert _status("KPI-T10", ("KPI-T10", 2021, "50")) is Status.ON_TRACK
    assert _status("KPI-T10", ("KPI-T10", 2021, "49")) is Status.BEHIND
    assert _status("KPI-T10", ("KPI-T10", 2022, "99")) is Status.NOT_MET
    later = default_parameters().reform({"indicators.kpi_t10.start": dt.date(2022, 1, 1)})
    assert _status("KPI-T10", ("KPI-T10", 2022, "99"), params=later) is Status.ON_TRACK


def test_point_change_kpi_t5() -> None:
    """Health literacy must rise 5 points from the observed 2020 level."""
    assert _status("KPI-T5", ("KPI-T5", 2023, "30")) is Status.NO_DATA
    assert _status("KPI-T5", ("KPI-T5", 2020, "20"), ("KPI-T5", 2025, "25")) is Status.MET
    assert _status("KPI-T5", ("KPI-T5", 2020, "20"), ("KPI-T5", 2025, "24.9")) is Status.NOT_MET
    assert _status("KPI-T5", ("KPI-T5", 2020, "20"), ("KPI-T5", 2023, "23")) is Status.ON_TRACK
    assert _status("KPI-T5", ("KPI-T5", 2020, "20"), ("KPI-T5", 2023, "22.9")) is Status.BEHIND


# --------------------------------------------------------------------------- no path


def test_maintain_is_met_or_not_met() -> None:
    """KPI-3 keeps 100%: 99.9 is not met in any year."""
    assert _status("KPI-3", ("KPI-3", 2022, "99.9")) is Status.NOT_MET
    assert _status("KPI-3", ("KPI-3", 2022, "100")) is Status.MET


def test_no_baseline_is_met_or_not_met() -> None:
    """KPI-7c has no 2020 value, so only met or not met."""
    assert _status("KPI-7c", ("KPI-7c", 2022, "84.9")) is Status.NOT_MET
    assert _status("KPI-7c", ("KPI-7c", 2022, "85")) is Status.MET


def test_above_reference_needs_the_municipal_average() -> None:
    """KPI-1 must be above the municipal average of the same year."""
    progress = evaluate_indicator(default_indicators()["KPI-1"], _obs(("KPI-1", 2023, "6.2")),
                                  params=default_parameters(), on=ON)
    assert progress.status is Status.NO_DATA
    assert "municipal average" in progress.explain("en")
    assert "全市平均" in progress.explain("zh")
    refs = (("KPI-1", 2023, "6.1"),)
    assert _status("KPI-1", ("KPI-1", 2023, "6.2"), refs=refs) is Status.MET
    assert _status("KPI-1", ("KPI-1", 2023, "6.1"), refs=refs) is Status.NOT_MET


def test_keep_stable_band_is_the_parameter() -> None:
    """KPI-7a stays within the tolerance band around 14.29 (assumption parameter)."""
    params = default_parameters()
    tol = params.decimal("indicators.kpi_7a.stable_tolerance", ON)
    low = Decimal("14.29") - Decimal("14.29") * tol
    high = Decimal("14.29") + Decimal("14.29") * tol
    assert _status("KPI-7a", ("KPI-7a", 2023, str(low))) is Status.MET
    assert _status("KPI-7a", ("KPI-7a", 2023, str(high))) is Status.MET
    assert _status("KPI-7a", ("KPI-7a", 2023, str(low - Decimal("0.01")))) is Status.NOT_MET
    assert _status("KPI-7a", ("KPI-7a", 2023, str(high + Decimal("0.01")))) is Status.NOT_MET
    wider = params.reform({"indicators.kpi_7a.stable_tolerance": "0.5"})
    assert _status("KPI-7a", ("KPI-7a", 2023, str(low - Decimal("0.01"))), params=wider) \
        is Status.MET


def test_keep_pace_compares_real_income_growth_with_real_gdp_growth() -> None:
    """KPI-T12: real rural income growth may trail real GDP growth by at most the tolerance."""
    tol = default_parameters().decimal("indicators.kpi_t12.pace_tolerance", ON)
    gdp = Decimal("6.0")
    assert _status("KPI-T12", ("KPI-1", 2023, str(gdp)),
                   ("KPI-T12", 2023, str(gdp - tol))) is Status.MET
    assert _status("KPI-T12", ("KPI-1", 2023, str(gdp)),
                   ("KPI-T12", 2023, str(gdp - tol - Decimal("0.01")))) is Status.NOT_MET
    assert _status("KPI-T12", ("KPI-T12", 2023, "9")) is Status.NO_DATA


def test_nominal_income_growth_is_not_compared_with_real_gdp_growth() -> None:
    """KPI-2 (nominal, as published) never stands in for KPI-T12's real income growth."""
    assert _status("KPI-T12", ("KPI-1", 2023, "6.0"), ("KPI-2", 2023, "9")) is Status.NO_DATA


def test_keep_pace_says_the_basis_of_the_comparison() -> None:
    """The explanation names the basis: both growth rates real (comparable prices)."""
    ind = default_indicators()["KPI-T12"]
    item = evaluate_indicator(ind, _obs(("KPI-1", 2023, "6.0"), ("KPI-T12", 2023, "5.8")),
                              params=default_parameters(), on=ON)
    assert "实际" in item.explain("zh") and "real" in item.explain("en")
    assert "实际" in ind.target_text_zh or "实际" in ind.target.describe("zh")


def test_zero_events() -> None:
    """KPI-T11: one large-scale return to poverty warning is not met."""
    assert _status("KPI-T11", ("KPI-T11", 2023, "0")) is Status.MET
    assert _status("KPI-T11", ("KPI-T11", 2023, "1")) is Status.NOT_MET


def test_ratio_at_most_kpi_t6() -> None:
    """KPI-T6 comes down to 1.8:1."""
    assert _status("KPI-T6", ("KPI-T6", 2024, "1.8")) is Status.MET
    assert _status("KPI-T6", ("KPI-T6", 2024, "1.81")) is Status.NOT_MET


def test_no_observation_is_no_data() -> None:
    """An indicator with no observation has no data."""
    assert _status("KPI-5") is Status.NO_DATA


def test_latest_year_decides() -> None:
    """The status is that of the latest observed year; every year is kept."""
    progress = evaluate_indicator(
        default_indicators()["KPI-5"],
        _obs(("KPI-5", 2021, "88.5"), ("KPI-5", 2022, "89.1")),
        params=default_parameters(), on=ON)
    assert [y.status for y in progress.history] == [Status.BEHIND, Status.MET]
    assert progress.status is Status.MET


# --------------------------------------------------------------------------- report order


def test_binding_not_met_come_first() -> None:
    """Binding indicators that are not met lead; met indicators come last."""
    report = evaluate(_obs(("KPI-5", 2023, "89"), ("KPI-8e", 2023, "68.7"),
                           ("KPI-6a", 2023, "91"), ("KPI-3", 2023, "99")), default_parameters())
    ids = [i.indicator.id for i in report.items]
    assert ids[:2] == ["KPI-3", "KPI-8e"]
    assert [i.indicator.id for i in report.failing] == ["KPI-3", "KPI-8e", "KPI-6a"]
    assert report.to_json()["failing"] == ["KPI-3", "KPI-8e", "KPI-6a"]
    assert all(i.status.failing for i in report.failing)
    assert ids[-1] == "KPI-5"
    assert ids.index("KPI-6a") < ids.index("KPI-1")  # failing before no data
    assert report.on == dt.date(2023, 12, 31)
    assert report.counts()[Status.MET] == 1
    assert len(report.items) == len(default_indicators())


def test_report_lookup_and_json() -> None:
    """A report finds an indicator by ID and renders as JSON with every year."""
    report = evaluate(_obs(("KPI-5", 2023, "89")), default_parameters())
    assert report["KPI-5"].status is Status.MET
    data = report.to_json()
    assert data["counts"]["met"] == 1
    row = next(r for r in data["indicators"] if r["id"] == "KPI-5")
    assert row["years"] == [{"year": 2023, "status": "met", "status_zh": "已达标",
                             "observed": "89", "expected": "88.84"}]
    with pytest.raises(UnknownNameError):
        report["KPI-55"]


# --------------------------------------------------------------------------- properties

_GOOD = {Status.NOT_MET: 0, Status.BEHIND: 1, Status.ON_TRACK: 2,
         Status.MET: 3}


def _numeric(ind: Indicator) -> bool:
    return isinstance(ind.target, AtLeast | AtMost | Maintain | Reach | Ratio)


def _higher_better(ind: Indicator) -> bool:
    t = ind.target
    return not (isinstance(t, AtMost)
                or (isinstance(t, Ratio) and t.direction is Direction.AT_MOST))


NUMERIC = [i for i in default_indicators() if _numeric(i)]
AT_LEAST = [i for i in NUMERIC if _higher_better(i)]
values = st.decimals(min_value=0, max_value=100000, places=3)
years = st.integers(min_value=2020, max_value=2027)


@given(st.sampled_from(NUMERIC), years, st.decimals(min_value=0, max_value=1000, places=3))
def test_at_or_past_the_target_is_met(ind: Indicator, year: int, margin: Decimal) -> None:
    """A value at or past the target is always met, in any year."""
    goal = ind.target.goal
    assert goal is not None
    value = goal + margin if _higher_better(ind) else max(goal - margin, Decimal(0))
    progress = evaluate_indicator(ind, _obs((ind.id, year, str(value))),
                                  params=default_parameters(), on=ON)
    assert progress.status is Status.MET


@given(st.sampled_from(AT_LEAST), years, values, values)
def test_status_is_monotone_for_at_least_targets(ind: Indicator, year: int, a: Decimal,
                                                 b: Decimal) -> None:
    """For at-least targets, a higher value never gets a worse status."""
    low, high = min(a, b), max(a, b)
    params = default_parameters()
    s_low = evaluate_indicator(ind, _obs((ind.id, year, str(low))), params=params, on=ON)
    s_high = evaluate_indicator(ind, _obs((ind.id, year, str(high))), params=params, on=ON)
    assert _GOOD[s_low.status] <= _GOOD[s_high.status]


@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2),
    st.integers(min_value=2021, max_value=2026),
)
def test_ratio_normalisation_is_scale_invariant(a: Decimal, b: Decimal, k: Decimal,
                                                year: int) -> None:
    """a:b and ka:kb normalise to the same x:1 and get the same status."""
    assert ratio(a, b) == ratio(a * k, b * k)
    ind = default_indicators()["KPI-8b"]
    parsed = [parse_observations({"observations": [
        {"indicator": "KPI-8b", "year": year, "value": f"{x}:{y}"}]})
        for x, y in ((a, b), (a * k, b * k))]
    statuses = [evaluate_indicator(ind, p, params=default_parameters(), on=ON).status
                for p in parsed]
    assert statuses[0] is statuses[1]


# --------------------------------------------------------------------------- observations


def test_parse_observations_from_a_dict() -> None:
    """Decimal strings, integers and ratios are read exactly."""
    s = parse_observations({
        "observations": [
            {"indicator": "KPI-5", "year": 2023, "value": "88.8", "source": "统计公报"},
            {"indicator": "KPI-T8d", "year": 2023, "value": 30},
            {"indicator": "KPI-8b", "year": 2023, "value": "1.6:1"},
        ],
        "references": [{"indicator": "KPI-1", "year": 2023, "value": "6.1"}],
    })
    assert s.values("KPI-5") == {2023: Decimal("88.8")}
    assert s.values("KPI-T8d") == {2023: Decimal(30)}
    assert s.values("KPI-8b") == {2023: Decimal("1.6")}
    assert s.reference_values("KPI-1") == {2023: Decimal("6.1")}
    assert s.observations[0].source == "统计公报"
    assert parse_observations(s.to_json()) == s


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"observations": [{"indicator": "KPI-5", "year": 2023, "value": 88.8}]},
         "$.observations[0].value"),
        ({"observations": [{"indicator": "KPI-5", "year": 2023, "value": "8,8"}]},
         "$.observations[0].value"),
        ({"observations": [{"indicator": "KPI-5", "year": 2023, "value": True}]},
         "$.observations[0].value"),
        ({"observations": [{"indicator": "KPI-5", "year": "2023", "value": "1"}]},
         "$.observations[0].year"),
        ({"observations": [{"indicator": "KPI-5", "year": 1900, "value": "1"}]},
         "$.observations[0].year"),
        ({"observations": [{"indicator": 5, "year": 2023, "value": "1"}]},
         "$.observations[0].indicator"),
        ({"observations": [{"indicator": "KPI-5", "year": 2023, "value": "1", "unit": "%"}]},
         "$.observations[0].unit"),
        ({"observations": [{"indicator": "KPI-5", "year": 2023, "value": "1"},
                           {"indicator": "KPI-5", "year": 2023, "value": "2"}]},
         "$.observations[1]"),
        ({"references": [{"indicator": "KPI-5", "year": 2023, "value": "1"}]},
         "$.references[0].indicator"),
        ({"observations": ["KPI-5"]}, "$.observations[0]"),
        ({"observations": {"KPI-5": "1"}}, "$.observations"),
        ({"observation": []}, "$.observation"),
        ({"observations": [{"indicator": "KPI-8b", "year": 2023, "value": "1:0"}]},
         "$.observations[0].value"),
        ({"observations": [{"indicator": "KPI-5", "year": 2023, "value": "1", "source": 1}]},
         "$.observations[0].source"),
    ],
)
def test_bad_observations_name_the_path(data: object, path: str) -> None:
    """Each bad field raises InvalidInputError naming its JSON path."""
    with pytest.raises(InvalidInputError) as info:
        parse_observations(data)
    assert any(p.path == path for p in info.value.problems), info.value.problems


def test_unknown_indicator_suggests_close_matches() -> None:
    """An unknown ID raises UnknownNameError with the path and close matches."""
    with pytest.raises(UnknownNameError) as info:
        parse_observations({"observations": [{"indicator": "KPI-8f", "year": 2023,
                                              "value": "1"}]})
    assert "$.observations[0].indicator" in str(info.value)
    assert "KPI-8e" in info.value.suggestions


def test_not_a_mapping() -> None:
    """A list instead of an object is refused at the root path."""
    with pytest.raises(InvalidInputError, match=r"\$"):
        parse_observations([1, 2])


def test_json_and_toml_forms(tmp_path: Path) -> None:
    """The JSON and TOML forms load from text and from files."""
    doc = {"observations": [{"indicator": "KPI-5", "year": 2023, "value": "88.8"}]}
    from_json = parse_observations_json(json.dumps(doc))
    json_number = parse_observations_json(
        '{"observations": [{"indicator": "KPI-5", "year": 2023, "value": 88.8}]}')
    toml_text = '[[observations]]\nindicator = "KPI-5"\nyear = 2023\nvalue = "88.8"\n'
    from_toml = parse_observations_toml(toml_text)
    assert from_json == from_toml == json_number
    (tmp_path / "o.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "o.toml").write_text(toml_text, encoding="utf-8")
    assert load_observations(tmp_path / "o.json") == load_observations(tmp_path / "o.toml")
    with pytest.raises(InvalidInputError, match="TOML syntax error"):
        parse_observations_toml(toml_text + "value = \n")
    with pytest.raises(InvalidInputError, match=r"floats are not exact"):
        parse_observations_toml(toml_text.replace('"88.8"', "88.8"))
    with pytest.raises(InvalidInputError, match=r"<json>:1:2: not valid JSON"):
        parse_observations_json("{")
    with pytest.raises(InvalidInputError, match="cannot read"):
        load_observations(tmp_path / "missing.json")
