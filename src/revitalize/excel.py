"""Spreadsheets (``.xlsx``) in and out: households, cases and assets, with Chinese headers.

Policy staff keep their registers in Excel; this module reads them into the
same JSON values the JSON readers build (and then the same converter checks
them), and writes results back with Chinese headers. It needs the optional
``xlsx`` extra (``pip install 'revitalize[xlsx]'``: openpyxl, a maintained
library; nothing here parses the file format by hand).

**Layout.** One sheet per list of records, one row per record:

- a kind's top-level list is a sheet (``households`` 农户, ``cases`` 监测案件,
  ``assets`` 项目资产 ...), and each list inside a record is a sheet of its own
  (``members`` 家庭成员, ``measures`` 帮扶措施, ``funding`` 资金来源 ...) whose
  rows name their parent in a key column: the parent's id (``households.id``
  户编号, ``cases.id`` 案件编号, ``assets.id`` 资产编号), or, for a parent
  without an id, its number among its siblings (``income.#`` 收益及分配序号);
- a record's nested object is flattened into dotted columns
  (``housing.grade``, ``water.quality``, ``owner.name``);
- a list of values (``social_assistance``, ``risks``) is one cell, the values
  separated by ``;`` (``-`` for the empty list);
- a register's own fields (``on``) are rows of a sheet ``register`` 基本信息
  with the field in column A and the value in column B.

Households also read from the flat layout of :mod:`revitalize.batch`'s CSV
(one sheet, one row per member, columns ``household.*`` and ``member.*``).

**Headers and cells.** A column header is the field name (``birth_date``) or
its Chinese label (出生日期), from one table (:mod:`revitalize.labels`), so
reading and writing use the same names; a sheet is named by its field or its
label. An empty cell is a field not given (not assessed). Dates are date
cells or ISO text; yes/no is ``true``/``false``, 是/否 or a boolean cell; an
enum is its value or its Chinese label (建档立卡脱贫户); money and other
decimals are text or number cells (a number cell is read as the shortest
decimal that gives the same number, i.e. what Excel shows). Unknown sheets
and columns are errors.

**Errors** name the file, the sheet, the row and the column
(``h.xlsx: sheet 家庭成员, row 7, column C (出生日期): expected an ISO date ...``);
a personal field's cell value never appears in a message.

Memory: openpyxl reads the sheets in read-only mode; the child sheets of a
register are held in memory to join them to their parents (a worksheet has
at most 1,048,576 rows).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

import attrs

from .batch import Numbered
from .errors import InvalidInputError, Problem, RevitalizeError
from .labels import field_label
from .models._enums import LabelledEnum
from .models._fields import is_personal
from .serialization import from_json_value, make_converter, to_json_value

__all__ = [
    "XLSX_KINDS",
    "ExcelMissingError",
    "Layout",
    "SheetSpec",
    "households_workbook",
    "layout",
    "read_households",
    "read_register",
    "register_workbook",
    "results_workbook",
]

#: The kinds read from and written to a workbook.
XLSX_KINDS: Final = ("households", "cases", "assets")

_REGISTER_SHEET: Final = ("register", "基本信息")
_GUIDE_SHEET: Final = ("fields", "字段说明")
_TRUE: Final = frozenset({"true", "是", "TRUE", "True", "yes", "Y", "y"})
_FALSE: Final = frozenset({"false", "否", "FALSE", "False", "no", "N", "n"})
_LIST_SEP: Final = re.compile(r"\s*[;；]\s*")
_PERSONAL_MESSAGE: Final = "invalid personal data (the value is not shown)"


class ExcelMissingError(RevitalizeError, ImportError):
    """openpyxl (the ``xlsx`` extra) is not installed."""

    def __init__(self) -> None:
        super().__init__("reading and writing .xlsx needs openpyxl: "
                         "pip install 'revitalize[xlsx]' (or pip install openpyxl)")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ExcelMissingError() from None
    return openpyxl


# --------------------------------------------------------------------------- layout


def _base(t: Any) -> Any:
    """``X`` of ``X | None``."""
    if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
        args = [a for a in typing.get_args(t) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return t


def _hints(cls: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {a.name: hints[a.name] for a in attrs.fields(cls) if a.init}


def _list_item(t: Any) -> Any:
    """The item type of ``tuple[X, ...]`` (None for other types)."""
    base = _base(t)
    if typing.get_origin(base) is tuple:
        args = typing.get_args(base)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


@attrs.frozen
class Column:
    """One column of a sheet: a field path within the record, its names and type."""

    path: tuple[str, ...]
    #: The field name as a header (``housing.grade``).
    name: str
    label_zh: str
    label_en: str
    type: Any
    personal: bool = False
    #: A key column naming the parent record (not a field of the record).
    key: bool = False
    #: The Chinese label of the nested object the field belongs to ("" at the top).
    group_zh: str = ""
    #: A required field that may be null: an empty cell gives null, not "missing".
    null_when_empty: bool = False

    def header(self, lang: str) -> str:
        """The header written in ``lang`` (``zh``: the Chinese label; else the field name)."""
        return self.label_zh if lang == "zh" else self.name


@attrs.frozen
class SheetSpec:
    """One sheet: the list it holds (a path from the root), its record class and columns."""

    path: tuple[str, ...]
    name: str
    label_zh: str
    cls: type[Any]
    columns: tuple[Column, ...]
    parent: SheetSpec | None = None

    @property
    def id_field(self) -> str | None:
        """``id`` when the record class has one (children name it), else None."""
        return "id" if "id" in attrs.fields_dict(self.cls) else None

    def title(self, lang: str) -> str:
        """The sheet's name in ``lang``."""
        return self.label_zh if lang == "zh" else self.name


@attrs.frozen
class Layout:
    """The sheets of a kind: its top-level lists and their nested lists, parents first."""

    kind: str
    root: type[Any] | None
    sheets: tuple[SheetSpec, ...]
    #: The register's own fields (``on``), in the register sheet.
    scalars: tuple[Column, ...] = ()


def _columns(cls: type[Any], prefix: tuple[str, ...] = (),
             parent_label: str = "") -> tuple[list[Column], list[tuple[str, Any]]]:
    """The columns of ``cls``'s record (nested objects flattened) and its list fields."""
    columns: list[Column] = []
    lists: list[tuple[str, Any]] = []
    fields = attrs.fields_dict(cls)
    for name, t in _hints(cls).items():
        item = _list_item(t)
        zh = field_label(cls.__name__, name, "zh") or name
        en = field_label(cls.__name__, name, "en") or name
        if item is not None and attrs.has(item):
            if not prefix:
                lists.append((name, item))
            continue
        base = _base(t)
        if attrs.has(base):
            sub, _ = _columns(base, (*prefix, name), zh)
            columns.extend(sub)
            continue
        columns.append(Column((*prefix, name), ".".join((*prefix, name)), zh, en, t,
                              personal=is_personal(fields[name]), group_zh=parent_label,
                              null_when_empty=fields[name].default is attrs.NOTHING
                              and base is not t))
    return columns, lists


def _dedupe(columns: Sequence[Column]) -> tuple[Column, ...]:
    """Make the Chinese headers of a sheet unique (a nested label gets its parent's)."""
    seen: dict[str, int] = {}
    for c in columns:
        seen[c.label_zh] = seen.get(c.label_zh, 0) + 1
    out = []
    for c in columns:
        if seen[c.label_zh] > 1 and len(c.path) > 1:
            c = attrs.evolve(c, label_zh=f"{c.group_zh}·{c.label_zh}")
        out.append(c)
    return tuple(out)


def _sheets(path: tuple[str, ...], cls: type[Any], label_zh: str,
            parent: SheetSpec | None) -> list[SheetSpec]:
    own, lists = _columns(cls)
    keys: list[Column] = []
    ancestor = parent
    while ancestor is not None:
        if ancestor.id_field is not None:
            zh = field_label(ancestor.cls.__name__, "id", "zh") or f"{ancestor.label_zh}编号"
            keys.insert(0, Column(("#key", ancestor.name), f"{ancestor.name}.id", zh,
                                  f"{ancestor.name} ID", str, key=True))
        else:
            keys.insert(0, Column(("#key", ancestor.name), f"{ancestor.name}.#",
                                  f"{ancestor.label_zh}序号", f"{ancestor.name} number", int,
                                  key=True))
        ancestor = ancestor.parent
    sheet = SheetSpec(path, path[-1], label_zh, cls, _dedupe([*keys, *own]), parent)
    out = [sheet]
    for name, item in lists:
        zh = field_label(cls.__name__, name, "zh") or name
        out.extend(_sheets((*path, name), item, zh, sheet))
    return out


def _register_layout(kind: str, root: type[Any]) -> Layout:
    sheets: list[SheetSpec] = []
    scalars: list[Column] = []
    for name, t in _hints(root).items():
        item = _list_item(t)
        zh = field_label(root.__name__, name, "zh") or name
        en = field_label(root.__name__, name, "en") or name
        if item is not None and attrs.has(item):
            sheets.extend(_sheets((name,), item, zh, None))
        else:
            scalars.append(Column((name,), name, zh, en, t))
    return Layout(kind, root, tuple(sheets), tuple(scalars))


def layout(kind: str) -> Layout:
    """The sheets of ``kind`` (``households``, ``cases`` or ``assets``).

    >>> [s.name for s in layout("households").sheets]
    ['households', 'members']
    >>> [c.name for c in layout("households").sheets[1].columns][:3]
    ['households.id', 'id', 'birth_date']
    """
    from .models.assets import AssetRegister
    from .models.household import Household
    from .policy.cases import CaseRegister

    if kind == "households":
        return Layout(kind, None, tuple(_sheets(("households",), Household,
                                                field_label("CaseRegister", "households") or "",
                                                None)))
    if kind == "cases":
        return _register_layout(kind, CaseRegister)
    if kind == "assets":
        return _register_layout(kind, AssetRegister)
    raise ValueError(f"no workbook layout for {kind!r}; expected one of {', '.join(XLSX_KINDS)}")


# --------------------------------------------------------------------------- cells in


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _decimal_text(value: float) -> str:
    text = repr(value)
    if "e" in text or "E" in text or value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"expected a decimal number, got {value!r}")
    return text[:-2] if text.endswith(".0") else text


def _enum_value(cls: type[enum.Enum], text: str) -> str:
    if text in cls._value2member_map_:
        return text
    if issubclass(cls, LabelledEnum):
        for m in cls:
            if m.label_zh == text:
                return str(m.value)
    labels = ", ".join(f"{m.value} ({m.label_zh})" if isinstance(m, LabelledEnum)
                       else str(m.value) for m in cls)
    raise ValueError(f"expected one of {labels}; got {text!r}")


def _scalar(value: Any, t: Any) -> Any:
    """The JSON value of one cell for a field of type ``t`` (raises ValueError)."""
    base = _base(t)
    if isinstance(value, str):
        value = value.strip()
    if base is bool:
        if isinstance(value, bool):
            return value
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"expected 是/否 or true/false, got {value!r}")
    if base is int:
        if isinstance(value, bool):
            raise ValueError(f"expected an integer, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
            return int(value)
        raise ValueError(f"expected an integer, got {value!r}")
    if base is dt.date:
        if isinstance(value, dt.datetime):
            if value.time() != dt.time():
                raise ValueError(f"expected a date without a time, got {value.isoformat()}")
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return value if isinstance(value, str) else _fail_type(value, "an ISO date")
    if isinstance(base, type) and issubclass(base, enum.Enum):
        if not isinstance(value, str):
            value = str(value)
        return _enum_value(base, value)
    if base in (Decimal,) or getattr(base, "__supertype__", None) is Decimal:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return _decimal_text(value)
        return value
    if isinstance(value, bool):
        raise ValueError(f"expected text, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"expected text, got the number {value!r}")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _fail_type(value: Any, what: str) -> Any:
    raise ValueError(f"expected {what}, got {value!r}")


def _cell(value: Any, t: Any) -> Any:
    """A cell of a field of type ``t``, with lists as ``a;b`` (``-``: the empty list)."""
    item = _list_item(t)
    if item is not None:
        text = str(value).strip()
        if text == "-":
            return []
        return [_scalar(v, item) for v in _LIST_SEP.split(text) if v]
    return _scalar(value, t)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- reading


@attrs.define
class _Origin:
    """Where a record came from: its sheet, row and column letters by field path."""

    sheet: str
    row: int
    columns: dict[tuple[str, ...], tuple[str, str]]

    def where(self, field: tuple[str, ...] = ()) -> str:
        col = self.columns.get(field)
        text = f"sheet {self.sheet}, row {self.row}"
        return f"{text}, column {col[0]} ({col[1]})" if col else text


@attrs.define
class _Row:
    """One record read from a sheet, before its children are attached."""

    value: dict[str, Any]
    origin: _Origin
    keys: dict[str, Any]
    problems: list[str]
    children: dict[str, list[_Row]] = attrs.field(factory=dict)
    #: The row's position among its siblings (1-based), set when rows are linked.
    pos: int = 0


def _header_map(spec: SheetSpec) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for c in spec.columns:
        out[c.name] = c
        out[c.label_zh] = c
        if c.key and c.name.endswith(".id"):
            # the flat CSV layout's singular names (household.id) are accepted too
            out[c.name.replace("s.id", ".id")] = c
    return out


def _read_rows(ws: Any, spec: SheetSpec, where: str) -> Iterator[_Row]:
    """The records of one sheet (a header row, then one record a row)."""
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    names = _header_map(spec)
    columns: list[tuple[int, Column]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, h in enumerate(header):
        if _empty(h):
            continue
        c = names.get(str(h).strip())
        if c is None:
            known = ", ".join(f"{x.name} ({x.label_zh})" for x in spec.columns)
            problems.append(f"{where}: sheet {ws.title}, row 1, column {_letter(i)}: "
                            f"unknown column {str(h).strip()!r}; expected one of {known}")
            continue
        if c.name in seen:
            problems.append(f"{where}: sheet {ws.title}, row 1, column {_letter(i)}: "
                            f"column {c.name} ({c.label_zh}) is given twice")
            continue
        seen.add(c.name)
        columns.append((i, c))
    if problems:
        raise InvalidInputError([Problem(p.split(": ", 1)[0], p.split(": ", 1)[1])
                                 for p in problems])
    for r, row in enumerate(rows, start=2):
        if all(_empty(v) for v in row):
            continue
        value: dict[str, Any] = {}
        keys: dict[str, Any] = {}
        origin = _Origin(ws.title, r, {})
        bad: list[str] = []
        for i, c in columns:
            letter = _letter(i)
            origin.columns[c.path] = (letter, c.label_zh)
            cell = row[i] if i < len(row) else None
            if _empty(cell):
                if c.null_when_empty:
                    target = value
                    for part in c.path[:-1]:
                        target = target.setdefault(part, {})
                    target[c.path[-1]] = None
                continue
            try:
                v = _cell(cell, c.type)
            except ValueError as exc:
                message = _PERSONAL_MESSAGE if c.personal else str(exc)
                bad.append(f"{origin.where(c.path)}: {message}")
                continue
            if c.key:
                keys[c.path[1]] = v
                continue
            target = value
            for part in c.path[:-1]:
                target = target.setdefault(part, {})
            target[c.path[-1]] = v
        yield _Row(value, origin, keys, bad)


def _sheet_for(wb: Any, spec: SheetSpec) -> Any:
    for name in (spec.name, spec.label_zh, ".".join(spec.path)):
        if name in wb.sheetnames:
            return wb[name]
    return None


def _load(source: str | Path | IO[bytes]) -> Any:
    openpyxl = _openpyxl()
    try:
        if isinstance(source, str | Path):
            return openpyxl.load_workbook(source, read_only=True, data_only=True)
        return openpyxl.load_workbook(io.BytesIO(source.read()), read_only=True,
                                      data_only=True)
    except FileNotFoundError:
        raise
    except OSError:
        raise
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError ... on bad files
        raise InvalidInputError.one(str(source) if isinstance(source, str | Path) else "<stdin>",
                                    f"not an .xlsx workbook ({type(exc).__name__})") from None


def _key_of(row: _Row, spec: SheetSpec) -> Any:
    """What a child row names its parent by: the parent's id, else its position."""
    if spec.id_field is not None:
        return row.value.get(spec.id_field)
    return row.pos


def _ancestors(spec: SheetSpec) -> list[str]:
    out: list[str] = []
    a = spec.parent
    while a is not None:
        out.insert(0, a.name)
        a = a.parent
    return out


def _link(layout_: Layout, by_sheet: Mapping[tuple[str, ...], list[_Row]], where: str,
          problems: list[str]) -> None:
    """Give each row its child rows (parents first); a child with no parent is a problem,
    and so is a parent key given twice."""
    linked: dict[tuple[str, ...], list[_Row]] = {}
    for s in layout_.sheets:
        rows = by_sheet.get(s.path, [])
        if s.parent is None:
            for pos, r in enumerate(rows, start=1):
                r.pos = pos
            linked[s.path] = rows
            continue
        parent = s.parent
        index: dict[tuple[Any, ...], _Row] = {}
        for p in linked.get(parent.path, []):
            lineage = (*(p.keys.get(a) for a in _ancestors(parent)), _key_of(p, parent))
            if lineage in index and parent.id_field is not None:
                problems.append(f"{where}: {p.origin.where((parent.id_field,))}: the id "
                                f"{lineage[-1]!r} is given twice in sheet {p.origin.sheet} "
                                f"(also row {index[lineage].origin.row})")
                continue
            index[lineage] = p
        mine: list[_Row] = []
        for r in rows:
            lineage = tuple(r.keys.get(a) for a in _ancestors(s))
            found = index.get(lineage)
            if found is None:
                names = ", ".join(f"{c.label_zh} ({c.name})" for c in s.columns if c.key)
                problems.append(f"{where}: {r.origin.where()}: no record in sheet "
                                f"{parent.label_zh} ({parent.name}) matches its {names} "
                                f"{', '.join(repr(v) for v in lineage)}")
                continue
            siblings = found.children.setdefault(s.path[-1], [])
            siblings.append(r)
            r.pos = len(siblings)
            mine.append(r)
        linked[s.path] = mine


def _assemble(row: _Row, spec: SheetSpec, layout_: Layout, path: str,
              origins: dict[str, _Origin], problems: list[str]) -> dict[str, Any]:
    origins[path] = row.origin
    problems.extend(row.problems)
    value = dict(row.value)
    for child in (s for s in layout_.sheets if s.parent is spec):
        name = child.path[-1]
        kids = row.children.get(name, [])
        if kids:
            value[name] = [_assemble(k, child, layout_, f"{path}.{name}[{i}]", origins, problems)
                           for i, k in enumerate(kids)]
        elif name in _required(spec.cls):
            value[name] = []
    return value


def _required(cls: type[Any]) -> set[str]:
    return {a.name for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING}


_PATH_PART: Final = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _locate(problem: Problem, origins: Mapping[str, _Origin], where: str,
            personal: Callable[[str], bool]) -> str:
    """A converter problem (``$.members[2].birth_date``) as sheet, row and column."""
    path = problem.path
    best = max((p for p in origins if path == p or path.startswith((p + ".", p + "["))),
               key=len, default=None)
    message = _PERSONAL_MESSAGE if personal(path) else problem.message
    if best is None:
        return f"{where}: {path}: {message}"
    rest = path[len(best):]
    field = tuple(m.group(1) for m in _PATH_PART.finditer(rest) if m.group(1))
    origin = origins[best]
    while field and field not in origin.columns:
        field = field[:-1]
    return f"{where}: {origin.where(field)}: {message}"


def _personal_paths(cls: type[Any]) -> Callable[[str], bool]:
    names: set[str] = set()

    def walk(c: type[Any], seen: set[type[Any]]) -> None:
        if c in seen:
            return
        seen.add(c)
        for a in attrs.fields(c):
            if is_personal(a):
                names.add(a.name)
        for t in _hints(c).values():
            inner = _list_item(t) or _base(t)
            if isinstance(inner, type) and attrs.has(inner):
                walk(inner, seen)

    walk(cls, set())
    return lambda path: path.rsplit(".", 1)[-1] in names


def _household_items(wb: Any, where: str) -> Iterator[Numbered]:
    from .models.household import Household

    spec = layout("households")
    top, members = spec.sheets
    households_sheet = _sheet_for(wb, top)
    members_sheet = _sheet_for(wb, members)
    if households_sheet is None or members_sheet is None:
        _no_other_sheets(wb, [wb.sheetnames[0]], where,
                         "households (农户) and members (家庭成员), or one sheet in the flat "
                         "layout (household.* and member.* columns)")
        yield from _flat_items(wb[wb.sheetnames[0]], where)
        return
    _no_other_sheets(wb, [households_sheet.title, members_sheet.title], where,
                     "households (农户) and members (家庭成员)")
    by_sheet = {top.path: list(_read_rows(households_sheet, top, where)),
                members.path: list(_read_rows(members_sheet, members, where))}
    problems: list[str] = []
    _link(spec, by_sheet, where, problems)
    attached = {id(m) for r in by_sheet[top.path] for m in r.children.get("members", [])}
    personal = _personal_paths(Household)
    converter = make_converter()
    source = f"{where}[{households_sheet.title}]"
    for row in by_sheet[top.path]:
        found = [p for p in problems if f"row {row.origin.row}," in p
                 and f"sheet {households_sheet.title}," in p]
        mine: list[str] = list(found)
        origins: dict[str, _Origin] = {}
        value = _assemble(row, top, spec, "$", origins, mine)
        yield _checked(row.origin.row, source, value, Household, origins, where, personal,
                       mine, converter)
    for m in by_sheet[members.path]:
        if id(m) not in attached:
            yield Numbered(m.origin.row, f"{where}[{members_sheet.title}]", None, tuple(
                p for p in problems if f"sheet {members_sheet.title}, row {m.origin.row}," in p)
                or (f"{where}: {m.origin.where()}: no household for this member",))


def _checked(line: int, source: str, value: dict[str, Any], cls: type[Any],
             origins: Mapping[str, _Origin], where: str, personal: Callable[[str], bool],
             problems: list[str], converter: Any) -> Numbered:
    """The record as a :class:`Numbered` item, its problems located in the workbook."""
    if problems:
        return Numbered(line, source, None, tuple(problems))
    try:
        from_json_value(value, cls, converter=converter)
    except InvalidInputError as exc:
        return Numbered(line, source, None,
                        tuple(_locate(p, origins, where, personal) for p in exc.problems))
    return Numbered(line, source, value)


def _no_other_sheets(wb: Any, used: Sequence[str], where: str, expected: str) -> None:
    extra = [n for n in wb.sheetnames if n not in used and n not in _GUIDE_SHEET]
    if extra:
        raise InvalidInputError([Problem(f"{where}: sheet {n}",
                                         f"unknown sheet; expected {expected}") for n in extra])


def _flat_items(ws: Any, where: str) -> Iterator[Numbered]:
    """Households from the flat layout: one row per member, ``household.*``/``member.*``."""
    from .models.household import Household

    spec = layout("households")
    hh, mm = spec.sheets
    flat_columns = [attrs.evolve(c, name=f"household.{c.name}", path=("h", *c.path))
                    for c in hh.columns]
    flat_columns += [attrs.evolve(c, name=f"member.{c.name}", path=("m", *c.path))
                     for c in mm.columns if not c.key]
    flat = SheetSpec(("flat",), ws.title, ws.title, hh.cls, tuple(flat_columns))
    personal = _personal_paths(Household)
    converter = make_converter()
    current: dict[str, Any] | None = None
    origins: dict[str, _Origin] = {}
    problems: list[str] = []
    start = 0
    source = f"{where}[{ws.title}]"
    for row in _read_rows(ws, flat, where):
        household = row.value.get("h", {})
        member = row.value.get("m", {})
        hid = household.get("id")
        if current is None or hid != current.get("id"):
            if current is not None:
                yield _checked(start, source, current, Household, origins, where, personal,
                               problems, converter)
            current, origins, problems, start = {**household, "members": []}, {}, [], \
                row.origin.row
            hcols = {k[1:]: v for k, v in row.origin.columns.items() if k[0] == "h"}
            origins["$"] = _Origin(row.origin.sheet, row.origin.row, hcols)
        mcols = {k[1:]: v for k, v in row.origin.columns.items() if k[0] == "m"}
        origins[f"$.members[{len(current['members'])}]"] = _Origin(row.origin.sheet,
                                                                  row.origin.row, mcols)
        current["members"].append(member)
        problems.extend(row.problems)
    if current is not None:
        yield _checked(start, source, current, Household, origins, where, personal, problems,
                       converter)


def read_households(source: str | Path | IO[bytes], name: str | None = None
                    ) -> Iterator[Numbered]:
    """The households of a workbook as :class:`~revitalize.batch.Numbered` items.

    Each item is a household's JSON value (checked by the converter), or its
    problems located by sheet, row and column. ``line`` is the household's row.
    """
    where = name or (str(source) if isinstance(source, str | Path) else "<stdin>")
    wb = _load(source)
    try:
        yield from _household_items(wb, where)
    finally:
        wb.close()


def read_register(source: str | Path | IO[bytes], kind: str, name: str | None = None
                  ) -> dict[str, Any]:
    """The JSON value of a register workbook (``cases`` or ``assets``), checked by the
    converter; every problem located by sheet, row and column, all at once."""
    where = name or (str(source) if isinstance(source, str | Path) else "<stdin>")
    spec = layout(kind)
    assert spec.root is not None
    wb = _load(source)
    try:
        problems: list[str] = []
        value: dict[str, Any] = {}
        origins: dict[str, _Origin] = {}
        used: list[str] = []
        register = None
        for name_ in _REGISTER_SHEET:
            if name_ in wb.sheetnames:
                register = wb[name_]
        if register is not None:
            used.append(register.title)
            by_name = {c.name: c for c in spec.scalars} | {c.label_zh: c for c in spec.scalars}
            cols: dict[tuple[str, ...], tuple[str, str]] = {}
            for r, row in enumerate(register.iter_rows(values_only=True), start=1):
                if not row or _empty(row[0]):
                    continue
                c = by_name.get(str(row[0]).strip())
                if c is None:
                    problems.append(f"{where}: sheet {register.title}, row {r}, column A: "
                                    f"unknown field {str(row[0]).strip()!r}; expected one of "
                                    + ", ".join(f"{x.name} ({x.label_zh})"
                                                for x in spec.scalars))
                    continue
                cols[c.path] = (f"B{r}", c.label_zh)
                cell = row[1] if len(row) > 1 else None
                if _empty(cell):
                    continue
                try:
                    value[c.name] = _cell(cell, c.type)
                except ValueError as exc:
                    problems.append(f"{where}: sheet {register.title}, row {r}, column B "
                                    f"({c.label_zh}): {exc}")
            origins["$"] = _Origin(register.title, 1, {k: (v[0][:1], v[1]) for k, v in
                                                      cols.items()})
        by_sheet: dict[tuple[str, ...], list[_Row]] = {}
        for s in spec.sheets:
            ws = _sheet_for(wb, s)
            if ws is None:
                continue
            used.append(ws.title)
            by_sheet[s.path] = list(_read_rows(ws, s, where))
        _no_other_sheets(wb, used, where, "the sheets "
                         + ", ".join(f"{s.name} ({s.label_zh})" for s in spec.sheets)
                         + f" and {_REGISTER_SHEET[0]} ({_REGISTER_SHEET[1]})")
        _link(spec, by_sheet, where, problems)
        for top in (s for s in spec.sheets if s.parent is None):
            rows = by_sheet.get(top.path, [])
            if rows or top.path[0] in _required(spec.root):
                value[top.path[0]] = [
                    _assemble(r, top, spec, f"$.{top.path[0]}[{i}]", origins, problems)
                    for i, r in enumerate(rows)]
        if problems:
            raise InvalidInputError([_split(p) for p in problems])
        try:
            from_json_value(value, spec.root)
        except InvalidInputError as exc:
            personal = _personal_paths(spec.root)
            raise InvalidInputError([_split(_locate(p, origins, where, personal))
                                     for p in exc.problems]) from None
        return value
    finally:
        wb.close()


def _split(text: str) -> Problem:
    """``where: sheet S, row R, column C (h): message`` as a problem (path, message)."""
    head, _, rest = text.partition(": ")
    if rest.startswith("sheet "):
        place, _, message = rest.partition(": ")
        return Problem(f"{head}: {place}", message)
    return Problem(head, rest)


# --------------------------------------------------------------------------- writing


def _cell_out(value: Any, t: Any, lang: str) -> Any:
    """A JSON value as a cell: dates as dates, enums by label (zh), lists joined by ;."""
    if value is None:
        return None
    item = _list_item(t)
    if item is not None:
        if not value:
            return "-"
        return ";".join(str(_cell_out(v, item, lang)) for v in value)
    base = _base(t)
    if isinstance(base, type) and issubclass(base, LabelledEnum) and lang == "zh":
        return base.parse(value).label_zh
    if base is bool:
        return ("是" if value else "否") if lang == "zh" else value
    if base is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and (base is Decimal
                                   or getattr(base, "__supertype__", None) is Decimal):
        # A number cell only when it reads back as the same text (exponent kept: "1.0").
        as_float = float(Decimal(value))
        if "." not in value and abs(as_float) < 2**53 and str(int(as_float)) == value:
            return int(as_float)
        if _decimal_text(as_float) == value and "." in value:
            return as_float
    return value


def _get(value: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    v: Any = value
    for p in path:
        if not isinstance(v, Mapping):
            return None
        v = v.get(p)
    return v


def _style_header(ws: Any) -> None:
    openpyxl = _openpyxl()
    bold = openpyxl.styles.Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"


def _add_rows(wb: Any, spec: SheetSpec, rows: list[tuple[dict[str, Any], dict[str, Any]]],
              lang: str, sheets: dict[tuple[str, ...], Any], layout_: Layout) -> None:
    ws = sheets[spec.path]
    for keys, value in rows:
        line = []
        for c in spec.columns:
            if c.key:
                line.append(keys.get(c.path[1]))
            else:
                line.append(_cell_out(_get(value, c.path), c.type, lang))
        ws.append(line)
    for pos, (keys, value) in enumerate(rows, start=1):
        own = {**keys, spec.name: value.get("id") if spec.id_field else pos}
        for child in (s for s in layout_.sheets if s.parent is spec):
            kids = value.get(child.path[-1]) or []
            _add_rows(wb, child, [(own, kid) for kid in kids], lang, sheets, layout_)


def _date_formats(wb: Any) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"


def _guide(wb: Any, layout_: Layout, lang: str) -> None:
    """A sheet describing every column: sheet, header, field, type, allowed values."""
    zh = lang == "zh"
    ws = wb.create_sheet(_GUIDE_SHEET[1] if zh else _GUIDE_SHEET[0])
    ws.append(["工作表", "列名", "字段", "说明", "取值"] if zh else
              ["sheet", "header", "field", "label", "values"])
    for s in layout_.sheets:
        for c in s.columns:
            base = _list_item(c.type) or _base(c.type)
            values = ""
            if isinstance(base, type) and issubclass(base, LabelledEnum):
                values = "；".join(f"{m.label_zh}（{m.value}）" for m in base)
            elif base is bool:
                values = "是/否"
            elif base is dt.date:
                values = "日期 2023-06-01"
            elif base is Decimal or getattr(base, "__supertype__", None) is Decimal:
                values = "数字"
            if _list_item(c.type) is not None:
                values = f"多个值用 ; 分隔（- 表示无）：{values}" if zh else \
                    f"values separated by ; (- for none): {values}"
            note = c.label_en if not c.personal else f"{c.label_en}"
            ws.append([s.title(lang), c.header(lang), c.name, c.label_zh if not zh else note,
                       values])
    _style_header(ws)


def _workbook(layout_: Layout, register: Mapping[str, Any] | None,
              tops: Mapping[str, list[Any]], lang: str, guide: bool) -> bytes:
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if register is not None and layout_.scalars:
        ws = wb.create_sheet(_REGISTER_SHEET[1] if lang == "zh" else _REGISTER_SHEET[0])
        for c in layout_.scalars:
            ws.append([c.header(lang), _cell_out(register.get(c.name), c.type, lang)])
    sheets: dict[tuple[str, ...], Any] = {}
    for s in layout_.sheets:
        ws = wb.create_sheet(s.title(lang))
        ws.append([c.header(lang) for c in s.columns])
        _style_header(ws)
        sheets[s.path] = ws
    for s in (s for s in layout_.sheets if s.parent is None):
        _add_rows(wb, s, [({}, v) for v in tops.get(s.path[0], [])], lang, sheets, layout_)
    if guide:
        _guide(wb, layout_, lang)
    _date_formats(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def households_workbook(households: Sequence[Any], lang: str = "zh", *,
                        guide: bool = True) -> bytes:
    """The ``.xlsx`` bytes of households (objects or JSON values): the households and
    members sheets, headers in ``lang``, and a sheet describing every column."""
    values = [h if isinstance(h, Mapping) else to_json_value(h) for h in households]
    return _workbook(layout("households"), None, {"households": values}, lang, guide)


def register_workbook(kind: str, register: Any, lang: str = "zh", *, guide: bool = True
                      ) -> bytes:
    """The ``.xlsx`` bytes of a case or asset register (object or JSON value)."""
    value = register if isinstance(register, Mapping) else to_json_value(register)
    spec = layout(kind)
    tops = {s.path[0]: list(value.get(s.path[0]) or []) for s in spec.sheets if s.parent is None}
    return _workbook(spec, value, tops, lang, guide)


# --------------------------------------------------------------------------- results

#: The columns of the decisions sheet: (key, 中文, English).
DECISION_COLUMNS: Final = (
    ("position", "位置", "position"), ("subject", "户编号", "household ID"),
    ("town", "镇", "town"), ("village", "村", "village"),
    ("in_range", "纳入监测", "in range"), ("category", "监测对象类别", "category"),
    ("risks", "风险", "risks"), ("measures", "帮扶措施", "measures"),
    ("plan", "帮扶方式", "plan"), ("dynamic_monitoring", "低收入人口动态监测",
                                  "dynamic monitoring"),
    ("insufficient", "数据不足", "insufficient data"), ("notices", "提示", "warnings"),
    ("summary", "结论", "decision"), ("error", "错误", "error"),
)
#: The columns of the problems sheet.
PROBLEM_COLUMNS: Final = (
    ("position", "位置", "position"), ("subject", "户编号", "household ID"),
    ("kind", "类别", "kind"), ("rule", "规则", "rule"), ("title", "规则名称", "rule title"),
    ("reason", "理由", "reason"), ("citation", "依据", "citation"),
)


def results_workbook(results: Sequence[tuple[str, Any]], lang: str = "zh", *,
                     run_notices: Sequence[Any] = ()) -> bytes:
    """The ``.xlsx`` bytes of assessment results: a decisions sheet (one row per
    household) and a problems sheet (each risk found, each rule that lacked data, and
    each record that could not be read, with the reason and the plan's words).

    ``run_notices`` are the run's warnings (:func:`~revitalize.policy.monitoring.
    run_notices`: the same for every household, such as a stale monitoring line): they
    go once to a warnings sheet (提示), not into each household's row.

    ``results`` are ``(position, item)`` pairs, each item an
    :class:`~revitalize.policy.engine.Assessment` of a household or a tuple of problems.
    """
    from .policy.engine import Outcome
    from .policy.monitoring import SCREENED

    openpyxl = _openpyxl()
    zh = lang == "zh"
    wb = openpyxl.Workbook()
    decisions = wb.active
    decisions.title = "决定" if zh else "decisions"
    decisions.append([c[1] if zh else c[2] for c in DECISION_COLUMNS])
    problems = wb.create_sheet("问题" if zh else "problems")
    problems.append([c[1] if zh else c[2] for c in PROBLEM_COLUMNS])
    sep = "、" if zh else ", "
    run = frozenset(run_notices)
    if run_notices:
        warnings = wb.create_sheet("提示" if zh else "warnings")
        warnings.append(["代码", "提示"] if zh else ["code", "warning"])
        for n in run_notices:
            warnings.append([n.code, n.message(lang)])
    for position, item in results:
        if isinstance(item, tuple):
            decisions.append([position, *[None] * (len(DECISION_COLUMNS) - 2),
                              "\n".join(item)])
            for p in item:
                problems.append([position, None, "读取错误" if zh else "cannot read",
                                 None, None, p, None])
            continue
        d = item.decision

        def flag(v: bool | None) -> str | None:
            if v is None:
                return None
            return ("是" if v else "否") if zh else ("yes" if v else "no")

        decisions.append([
            position, item.subject_id, d.town, d.village, flag(d.in_range),
            d.category.label(lang) if d.category else None,
            sep.join(r.label(lang) for r in d.risks) or None,
            sep.join(m.type.label(lang) for m in d.measures) or None,
            d.plan.label(lang) if d.plan else None, flag(d.dynamic_monitoring),
            sep.join(f"{rule}:{field}" for rule, field in d.insufficient_data) or None,
            "\n".join(n.message(lang) for n in item.notices if n not in run) or None,
            d.summary(lang), None])
        for f in item.findings:
            if f.outcome is Outcome.YES and f.spec.id in SCREENED:
                kind = "风险" if zh else "risk"
            elif f.outcome is Outcome.INSUFFICIENT_DATA:
                kind = "数据不足" if zh else "insufficient data"
            else:
                continue
            cites = "\n".join(f"{c.render(lang)}" for c in f.spec.citations)
            problems.append([position, item.subject_id, kind, f.spec.id, f.spec.title(lang),
                             f.reason(lang), cites])
    for ws in wb.worksheets:
        _style_header(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
