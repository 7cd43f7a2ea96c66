"""The provenance digest keeps its definition: digests pinned with the code before issue 15.

``input_sha256`` is the SHA-256 of the public canonical JSON of the household
(personal fields left out, sorted keys, compact, UTF-8). The values below were
computed with the library as it was *before* the digest was made cheaper; the
assessment's provenance, the batch records and :func:`input_sha256` must all
still give them.
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
    (0, "H-0001", "ba69cf1a6bcb784ce064a7c07359eb15771c6c7d1b608293d042ddd1361d309f"),
    (1, "H-0002", "a583edf1d48ac51faf203400d0cc82cd3de29c2b7b87e7d98ae43372ebe65fae"),
    (7, "H-0008", "8e4ded3aba908f2b842248b9a7d6d06635e2cadfb518ab69107f428570862aa4"),
    (42, "H-0043", "cff607c9d9a89c3a62aabc0ba4ed710579bd988deb14b8b8b0573028c77d5448"),
    (299, "H-0300", "a551182ec4a473ed9dafb6ee92c070a62b062a84e5d1ab8f8a0720e505c91ebc"),
)
#: SHA-256 of the concatenated digests of all 300 sample households, in order.
ALL_SAMPLE = "86dbda91861ea1e888086b4cda680123427061a750f8b1a97dccaa07ab403237"

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
EDGES_DIGEST = "bc243008758443dabae98a42a562eecf3949c208339b7bd04f45ab888f0fffe0"
#: The module docstring's example household (a phone number, left out).
DOC = '''{"id": "H-1", "town": "丛林镇", "village": "海孔村",
  "poverty_status": "never_registered", "annual_net_income": "1.0",
  "members": [{"id": "M1", "birth_date": "1980-01-31", "phone": "13800000000"}]}'''
DOC_DIGEST = "c0dad2acfea3abd2b307c0fc11efd3261c3453419753e00e9688cb81113b5190"


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
