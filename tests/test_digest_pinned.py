"""The provenance digest keeps its definition: digests pinned with the code before issue 15.

``input_sha256`` is the SHA-256 of the public canonical JSON of the household
(personal fields left out, sorted keys, compact, UTF-8). The values below were
computed with the library as it was *before* the digest was made cheaper (main at
6f7f06c, the base of issue 15's branch: the digest covers every public field of the
model, so a field added to the model changes them, and they are computed again with
the code before the change); the assessment's provenance, the batch records and
:func:`input_sha256` must all still give them.
"""

from __future__ import annotations

import hashlib
import io
import json
from importlib.resources import files
from pathlib import Path

import pytest

from revitalize.batch import BatchTask, stream
from revitalize.models import Household
from revitalize.policy.monitoring import MonitoringAssessor
from revitalize.policy.parameters import default_parameters
from revitalize.serialization import input_sha256, loads, make_converter
from revitalize.testing.population import SAMPLE_DATE

#: (line index in the packaged sample, household id, digest computed before the change).
PINNED = (
    (0, "H-0001", "68ba686d73273272f0aeb0d0adb292c447a9e10f27f9923d7faa9aba6109396c"),
    (1, "H-0002", "3b44aced161a06216526e9e874bad079099b8c281b003683e86d28648e1a965e"),
    (7, "H-0008", "47b55e59d8ea9ad2a1ea70159f51b1ec786e2cbc8f22840dd6aa04149a75d540"),
    (42, "H-0043", "6809541cfbaf9d2b0a149118df8840483ee8718dd657c7cec8d8a12113ad2faa"),
    (299, "H-0300", "c2b702648fcd0ef54c542fd86ae3fe0f8ce57d5df07435c7a5b32d2255183390"),
)
#: SHA-256 of the concatenated digests of all 300 sample households, in order.
ALL_SAMPLE = "059428074eec96e12c465a85e0b3c6848aa4cb6e0a4d3bed9fd2c59de9eb94f7"

#: Personal fields (left out of the digest), integer money, a quantity whose Decimal
#: has an exponent (written back as 0.0000001), money with one decimal place.
EDGES = '''{"id": "H-9", "town": "丛林镇", "village": "海孔村",
  "poverty_status": "registered_lifted",
  "lifted_year": 2019, "annual_net_income": "12000", "last_year_net_income": 15000,
  "water": {"quantity_litres_per_person_day": "0.0000001", "piped_to_home": false,
            "round_trip_minutes": 25, "horizontal_distance_m": "1200.50"},
  "rigid_expenditure": {"medical_out_of_pocket": "8000.5"},
  "social_assistance": [],
  "members": [{"id": "M1", "birth_date": "1960-02-29", "id_number": "500101196002290000",
               "bank_account": "6222000000000000", "serious_illness": true},
              {"id": "M2", "birth_date": "2012-09-01",
               "school_status": "in_school_in_county"}]}'''
EDGES_DIGEST = "576bfc0d5195a90307b2bd8f9b3c1f5b80859aa5281ae8319c2ab3a9d72debdd"
#: The module docstring's example household (a phone number, left out).
DOC = '''{"id": "H-1", "town": "丛林镇", "village": "海孔村",
  "poverty_status": "never_registered", "annual_net_income": "1.0",
  "members": [{"id": "M1", "birth_date": "1980-01-31", "phone": "13800000000"}]}'''
DOC_DIGEST = "da114d7a859e7250b514e3cef65147689d318d7d5f29dad48f6f306b92a0ecbe"


def sample_lines() -> list[str]:
    text = files("revitalize").joinpath("data/samples/households.jsonl").read_text("utf-8")
    return text.splitlines()


@pytest.mark.parametrize(("index", "hid", "digest"), PINNED)
def test_sample_digests_are_pinned(index: int, hid: str, digest: str) -> None:
    h = loads(sample_lines()[index], Household)
    assert h.id == hid
    assert input_sha256(h) == digest
    assessor = MonitoringAssessor.of(default_parameters(), SAMPLE_DATE)
    assert assessor(h).provenance.input_sha256 == digest
    assert assessor(h).provenance.to_json()["input_sha256"] == digest


@pytest.mark.parametrize(("text", "digest"), [(EDGES, EDGES_DIGEST), (DOC, DOC_DIGEST)])
def test_edge_digests_are_pinned(text: str, digest: str) -> None:
    h = loads(text, Household)
    assert input_sha256(h) == digest
    a = MonitoringAssessor.of(default_parameters(), SAMPLE_DATE)(h)
    assert a.provenance.input_sha256 == digest


def test_every_sample_digest_is_pinned() -> None:
    conv = make_converter()
    digests = "".join(input_sha256(loads(line, Household, converter=conv))
                      for line in sample_lines())
    assert hashlib.sha256(digests.encode()).hexdigest() == ALL_SAMPLE


def test_batch_records_carry_the_pinned_digests(tmp_path: Path) -> None:
    data = "\n".join([*sample_lines(), EDGES.replace("\n", " ")]).encode("utf-8") + b"\n"
    out = tmp_path / "records.jsonl"
    stream(io.BytesIO(data), out, BatchTask(default_parameters(), SAMPLE_DATE))
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    digests = [r["provenance"]["input_sha256"] for r in records]
    assert hashlib.sha256("".join(digests[:-1]).encode()).hexdigest() == ALL_SAMPLE
    assert digests[-1] == EDGES_DIGEST
