"""Personal data never appears in a repr, an error message or public output."""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import json
import pkgutil
from typing import Any

import attrs
import pytest
from hypothesis import given

import revitalize.models
from revitalize.errors import InvalidInputError
from revitalize.models import Household, Member
from revitalize.models._fields import is_personal
from revitalize.serialization import dumps, input_sha256, loads, make_converter, to_json_value
from revitalize.testing import strategies as rst

ID_NUMBER = "500110199001011234"
PHONE = "13800138000"
BANK = "6222020200112233445"
SECRETS = (ID_NUMBER, PHONE, BANK)
PUBLIC = make_converter(public=True)

DOC: dict[str, Any] = {
    "id": "H-0001",
    "town": "丛林镇",
    "village": "海孔村",
    "poverty_status": "never_registered",
    "members": [
        {
            "id": "M1",
            "birth_date": "1980-01-31",
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "bank_account": BANK,
            "serious_illness": True,
            "disability": True,
        }
    ],
}


def _model_classes() -> list[type[Any]]:
    """Every attrs class defined in a revitalize.models module."""
    classes = []
    for info in pkgutil.iter_modules(revitalize.models.__path__, "revitalize.models."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and attrs.has(obj) and obj.__module__ == module.__name__:
                classes.append(obj)
    return classes


def test_personal_fields_are_never_in_repr() -> None:
    """Every personal field of every model class is declared with repr=False."""
    personal = [
        (cls.__name__, a.name) for cls in _model_classes() for a in attrs.fields(cls)
        if is_personal(a)
    ]
    assert ("Member", "id_number") in personal
    assert ("Member", "serious_illness") in personal
    for cls in _model_classes():
        for a in attrs.fields(cls):
            if is_personal(a):
                assert a.repr is False, (cls.__name__, a.name)


def test_repr_and_public_output_omit_personal_data() -> None:
    """The household's repr and public JSON carry none of the member's personal data."""
    h = loads(json.dumps(DOC), Household)
    assert h.members[0].id_number == ID_NUMBER
    public = dumps(h, public=True)
    for text in (repr(h), repr(h.members[0]), str(h), public):
        for secret in SECRETS:
            assert secret not in text
    member = json.loads(public)["members"][0]
    assert not {"id_number", "phone", "bank_account", "serious_illness", "disability"} & set(member)
    assert ID_NUMBER in dumps(h)  # the full (non-public) form keeps it for round trips


def test_public_output_reads_back_without_personal_data() -> None:
    """Public JSON is still valid input: personal fields come back as not given."""
    h = loads(dumps(loads(json.dumps(DOC), Household), public=True), Household)
    assert h.members[0].id_number is None
    assert h.members[0].serious_illness is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_number", ID_NUMBER + " "),
        ("id_number", int(ID_NUMBER)),
        ("id_number", [ID_NUMBER]),
        ("phone", {"number": PHONE}),
        ("phone", PHONE + " ext 1"),
        ("bank_account", BANK * 5),
        ("bank_account", True),
    ],
)
def test_error_messages_never_echo_personal_data(field: str, value: Any) -> None:
    """A bad personal value is reported by path, without its value."""
    doc = copy.deepcopy(DOC)
    doc["members"][0][field] = value
    doc["members"][0]["birth_date"] = "1980-02-30"
    with pytest.raises(InvalidInputError) as e:
        loads(json.dumps(doc), Household)
    message = str(e.value)
    assert f"$.members[0].{field}" in message
    assert "$.members[0].birth_date" in message
    for secret in SECRETS:
        assert secret not in message
        assert secret[:12] not in message


def test_construction_errors_never_echo_personal_data() -> None:
    """Building a member with a bad personal value names the field, not the value."""
    with pytest.raises(InvalidInputError) as e:
        Member(id="M1", birth_date=dt.date(1980, 1, 1), phone=PHONE + " x")
    assert "$.phone" in str(e.value)
    assert PHONE not in str(e.value)


def test_other_errors_in_a_document_never_echo_personal_data() -> None:
    """Errors elsewhere in a document with personal data do not quote it."""
    doc = copy.deepcopy(DOC)
    doc["members"].append(copy.deepcopy(doc["members"][0]))
    doc["annual_net_income"] = "-1"
    with pytest.raises(InvalidInputError) as e:
        loads(json.dumps(doc), Household)
    assert "duplicate member id 'M1'" in str(e.value)
    for secret in SECRETS:
        assert secret not in str(e.value)


@given(rst.households(max_members=3))
def test_generated_personal_data_stays_private(h: Household) -> None:
    """For any household, personal values are absent from repr and public output."""
    secrets = [
        v for m in h.members for v in (m.id_number, m.phone, m.bank_account) if v is not None
    ]
    public = dumps(h, converter=PUBLIC)
    shown = repr(h)
    for secret in secrets:
        assert secret not in shown
        assert f'"{secret}"' not in public
    assert input_sha256(h, converter=PUBLIC) == input_sha256(
        attrs.evolve(h, members=tuple(attrs.evolve(m, id_number=None) for m in h.members)),
        converter=PUBLIC,
    )
    assert "id_number" not in json.dumps(to_json_value(h, converter=PUBLIC))
