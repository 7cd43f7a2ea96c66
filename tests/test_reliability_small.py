"""The smaller items of issue 14: one date syntax, dates in range, exact allocation,
``0.00`` dividends, exit 130 on Ctrl-C."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from revitalize.cli import _assess, iso_date, main
from revitalize.errors import InvalidInputError
from revitalize.models.assets import DividendForm, DividendTerms
from revitalize.policy import industry as I
from revitalize.policy.allocation import allocate, fen_units
from revitalize.reading import EARLIEST_DATE, LATEST_DATE, decimal_text, parse_size
from revitalize.reading import iso_date as read_date


@pytest.mark.parametrize("text", ["20230601", "2023-W22-4", "2023-06-01T00:00", "2023-6-1",
                                  " 2023-06-01", "２０２３-０６-０１", "2023-02-29"])
def test_one_date_syntax_refuses(text: str) -> None:
    """``--on`` takes what JSON dates take: YYYY-MM-DD of ASCII digits, a real day."""
    with pytest.raises(argparse.ArgumentTypeError, match="expected an ISO date"):
        iso_date(text)


def test_dates_just_inside_and_just_outside_the_range() -> None:
    """The first and last accepted days are read; the days beyond are refused."""
    assert read_date(EARLIEST_DATE.isoformat()) == EARLIEST_DATE
    assert read_date(LATEST_DATE.isoformat()) == LATEST_DATE
    for outside in (EARLIEST_DATE - dt.timedelta(days=1), LATEST_DATE + dt.timedelta(days=1)):
        with pytest.raises(ValueError, match="expected a date between 1900-01-01 and 2199-12-31"):
            read_date(outside.isoformat())


def test_on_9999_12_31_is_a_usage_error_not_an_overflow(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``notice --on 9999-12-31`` (OverflowError in issue 14) exits 2 with the range."""
    with pytest.raises(SystemExit) as e:
        main(["notice", "x.json", "--village", "海孔村", "--on", "9999-12-31"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "expected a date between 1900-01-01 and 2199-12-31" in err
    assert "Traceback" not in err


def test_case_dates_past_the_range_are_refused_at_their_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A case register dated 9999-12-31 is refused at its path (its due dates would overflow)."""
    f = tmp_path / "cases.json"
    f.write_text(json.dumps({"on": "9999-12-31", "cases": []}), encoding="utf-8")
    assert main(["cases", str(f), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "$.on: expected a date between" in err and "Traceback" not in err
    assert main(["cases", str(f)]) == 1
    assert "$.on: 应为 1900-01-01 至 2199-12-31 之间的日期" in capsys.readouterr().err


def test_settle_dividends_all_zero_weights_gives_fen() -> None:
    """Performance parts with all-zero weights are ``0.00`` (was ``0``), like the others."""
    terms = (DividendTerms("H1", DividendForm.PERFORMANCE, weight=Decimal(0)),
             DividendTerms("H2", DividendForm.PERFORMANCE, weight=Decimal(0)))
    payout = I.settle_dividends(terms, Decimal(1000), Decimal("0.5"))
    assert [str(v) for v in payout.parts.values()] == ["0.00", "0.00"]
    weighted = DividendTerms("H3", DividendForm.PERFORMANCE, weight=Decimal(1))
    one = I.settle_dividends((terms[0], weighted), Decimal(1000), Decimal("0.5"))
    assert str(one.parts["H1"]) == "0.00"


def test_allocate_refuses_amounts_beyond_money_rather_than_round() -> None:
    """The largest Money amount is split exactly; one fen more than 15 digits is refused
    (the parts would have been rounded to 28 digits)."""
    largest = Decimal("999999999999999.99")
    parts = allocate(largest, {"a": Decimal(1), "b": Decimal(2)})
    assert sum(parts.values()) == largest
    with pytest.raises(InvalidInputError, match="at most 15 digits before the point"):
        allocate(largest + Decimal("0.01"), {"a": Decimal(1), "b": Decimal(2)})
    with pytest.raises(InvalidInputError):
        fen_units(Decimal("1" + "0" * 30))


def test_full_width_digits_are_not_decimals() -> None:
    """Decimal strings take ASCII digits only (``Decimal("６５００")`` would be 6500)."""
    assert decimal_text("6500") == Decimal(6500)
    for text in ("６５００", "6500 ", "6e3", "+1", "1_000", "٣"):
        with pytest.raises(ValueError, match="ASCII digits"):
            decimal_text(text)


def test_sizes() -> None:
    """Sizes read with K, M and G suffixes; nonsense is refused."""
    assert parse_size("16M") == 16 * 2**20 and parse_size("1GiB") == 2**30
    for bad in ("", "0", "-1", "lots", "1T"):
        with pytest.raises(ValueError, match="expected a size"):
            parse_size(bad)


def test_ctrl_c_in_any_command_exits_130(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A KeyboardInterrupt in a command is exit 130 with one line, no traceback."""
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(_assess, "_assess", interrupted)
    assert main(["assess", "--sample"]) == 130
    assert capsys.readouterr().err.strip() == "revitalize：已中断"
    assert main(["assess", "--sample", "--lang", "en"]) == 130
    assert capsys.readouterr().err.strip() == "revitalize: interrupted"
