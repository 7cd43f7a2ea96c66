"""Chinese and English for everything a person reads: messages, units, values, lists.

The language rule (``docs/reference/cli.md``, "Language"):

- ``zh`` output is Chinese. ASCII words appear only as identifiers (rule IDs
  such as ``MON-03.income_fall``, parameter names, field paths such as
  ``$.members[2].income``, file names, record IDs), numbers, dates, the
  program's name and the format names of :data:`ASCII_ALLOWED`.
- ``en`` output has no Chinese punctuation except inside 「…」, which marks
  the words of the plan or of another public document quoted as written. A
  place name keeps its Chinese form after its English one (``Wuhe (万东镇)``,
  see the glossary); Chinese quoted inside an English text (an assumption's
  reason quoting the plan) is marked 「…」 by :func:`mark_chinese`.

``tests/test_cli_language.py`` renders every command in both languages and
checks the rule.

Error messages: an error's ``str`` stays English (what Python callers, logs
and existing handlers see); :func:`message` renders it in a language. The
messages are composed at many raise sites across the library (and a
:class:`~revitalize.errors.Problem` list carries each problem's own text), so
the Chinese forms are one table of templates keyed by the English form
(:data:`_MESSAGES`): a regular expression with named parts and the Chinese
template that reuses them. A message none of them matches is shown in
English with the Chinese prefix ``（英文）`` so that an untranslated message is
visible rather than silently mixed in; ``tests/test_cli_language.py`` checks
the error paths the commands take.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Final

__all__ = [
    "ASCII_ALLOWED",
    "CHINESE_PUNCTUATION",
    "join",
    "mark_chinese",
    "message",
    "parameter_value_text",
    "pick",
    "set_name",
    "source_text",
    "used_value_line",
    "value_label",
]

#: Punctuation that marks Chinese prose; ``en`` output has none outside 「…」.
CHINESE_PUNCTUATION: Final = "、，。：；（）《》“”‘’！？【】"

#: ASCII words allowed in ``zh`` output besides identifiers and numbers.
ASCII_ALLOWED: Final = frozenset({
    "revitalize", "sha256", "json", "jsonl", "csv", "toml", "xlsx", "html", "http", "https",
    "GB", "GB/T", "T/CHES", "CPC", "PLAN",
})


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` in Chinese, ``en`` otherwise."""
    return zh if lang == "zh" else en


def set_name(name: str, lang: str) -> str:
    """A parameter set's name: the packaged set ``base`` is 基准 in Chinese."""
    return "基准" if lang == "zh" and name == "base" else name


def join(items: Iterable[str], lang: str) -> str:
    """Items of a list: ``、`` between them in Chinese, a comma and a space in English."""
    return ("、" if lang == "zh" else ", ").join(items)


_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = re.escape(CHINESE_PUNCTUATION + "·…—－％")
#: A run of Chinese: starts with a Chinese character or an opening mark, then Chinese,
#: Chinese punctuation, and digits or ASCII letters glued to them (1.5倍, 1个牵头部门+N个);
#: ends on a Chinese character or a closing mark.
_CHINESE_RUN = re.compile(
    rf"[{_HAN}《“（【〔]"
    rf"(?:[{_HAN}{_CJK_PUNCT}0-9A-Za-z.%+〔〕]*[{_HAN}》”）】〕%0-9])?")
_QUOTED = re.compile(r"「[^」]*」")


def mark_chinese(text: str) -> str:
    """In English text, mark each run of Chinese as a quote: ``「…」``.

    Text already inside 「…」 is left alone; a run without Chinese punctuation
    (a term or a place name such as ``等`` or ``万东镇``) is marked too, so a
    reader can tell the quoted words from the English.

    >>> mark_chinese("Ch10 §1 says 项目建成后及时办理移交手续 without a period")
    'Ch10 §1 says 「项目建成后及时办理移交手续」 without a period'
    >>> mark_chinese("see 「第五章」 and 《劳动法》第十五条.")
    'see 「第五章」 and 「《劳动法》第十五条」.'
    """
    out: list[str] = []
    last = 0
    for q in _QUOTED.finditer(text):
        out.append(_mark(text[last:q.start()]))
        out.append(q.group())
        last = q.end()
    out.append(_mark(text[last:]))
    return "".join(out)


def _mark(text: str) -> str:
    return _CHINESE_RUN.sub(lambda m: f"「{m.group().strip()}」", text)


# ----------------------------------------------------------------------------- values

#: Values of choice parameters that are no enum member (the enums carry their own label).
_CHOICES: Final = MappingProxyType({
    "exact": ("不取整", "exact"),
    "floor_yuan": ("取整到元（舍去）", "down to the yuan"),
    "round_yuan": ("取整到元（四舍五入）", "to the nearest yuan"),
    "rolling": ("滚动计算", "rolling"),
    "calendar_year": ("按自然年", "calendar year"),
    "calendar": ("按自然年", "calendar"),
    "below_monitoring_line": ("低于监测线", "below the monitoring line"),
    "below_near_line_band": ("低于监测线附近范围上限", "below the near-the-line band"),
    "economic_gate": ("以经济风险为门槛", "economic gate"),
    "any_item": ("任一筛查项", "any item"),
    "entrusted": ("委托", "entrusted"),
    "contracted_out": ("发包", "contracted out"),
    "leased": ("出租", "leased"),
    "joint_operation": ("联营", "joint operation"),
    "joint_stock": ("股份制", "joint stock"),
    "cooperative": ("合作社", "cooperative"),
    "self_operated": ("自营", "self-operated"),
    "operating": ("经营性资产", "operating"),
    "public_welfare": ("公益性资产", "public welfare"),
    "household": ("到户类资产", "household-level"),
    "medical_out_of_pocket": ("医疗自付", "medical out of pocket"),
    "education": ("教育", "education"),
    "disaster_loss": ("灾害损失", "disaster loss"),
    "accident_loss": ("意外事故损失", "accident loss"),
    "named": ("具名", "named"),
    "intro": ("章首", "chapter opening"),
    "fen": ("四舍五入到分", "rounded to the fen"),
    "fixed": ("固定周期", "fixed"),
    "each_condition": ("每类病分别达标", "each condition"),
    "pooled": ("四类合计", "pooled"),
    "low": ("低", "low"), "medium": ("中", "medium"), "high": ("高", "high"),
    "non_farm": ("非农就业", "non-farm work"),
    "transfer_only": ("仅外出务工", "away from home only"),
    "any_employment": ("任何就业", "any employment"),
    "each_place": ("每个镇村", "each place"),
    "any_place": ("任一镇村", "any place"),
    "plan": ("规划原意", "the plan's reading"),
    "profit_covers_dividends": ("利润足以支付分红", "profit covers dividends"),
    "box1_key_towns": ("专栏1重点帮扶镇", "Box 1 key towns"),
    "ch11_class": ("第十一章第二节分类", "Ch11 §2 class"),
    "linkage": ("衔接资金", "linkage fund"),
    # the statuses MON-04 monitors (``monitoring.low_income_statuses``): the members' own
    # statuses (SafetyNetStatus); the household's assistance of the same value has its label
    "minimum_allowance": ("农村低保对象", "minimum allowance"),
    # an input the trace cannot tell (MON-01's ``lifted`` read back from an assessment JSON)
    "unknown": ("未知", "unknown"),
    "extreme_poverty_support": ("特困人员", "extreme-poverty support"),
    "special_poverty_alleviation": ("财政专项扶贫资金", "special poverty-alleviation fund"),
})


@functools.cache
def _enum_labels() -> Mapping[str, str]:
    """``{value: 中文}`` of every enum member whose value has one Chinese label."""
    from . import models  # noqa: F401  (importing the models defines every enum)
    from .models._enums import LabelledEnum

    seen: dict[str, set[str]] = {}
    stack: list[type[LabelledEnum]] = list(LabelledEnum.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        for member in cls:
            seen.setdefault(member.value, set()).add(member.label_zh)
    return MappingProxyType({v: next(iter(labels)) for v, labels in seen.items()
                             if len(labels) == 1})


def value_label(value: str, lang: str) -> str:
    """A choice value (an enum member's or a choice parameter's identifier) in ``lang``.

    Chinese: the table's label, else the enum label, else the value; English: the
    value with spaces.

    >>> value_label("entrusted", "zh"), value_label("joint_stock", "en")
    ('委托', 'joint stock')
    """
    pair = _CHOICES.get(value)
    if lang != "zh":
        return pair[1] if pair else value.replace("_", " ")
    if pair:
        return pair[0]
    return _enum_labels().get(value, value)


def parameter_value_text(value: object, lang: str) -> str:
    """A parameter's value as text: choice values through :func:`value_label`, lists
    joined by :func:`join`, numbers, dates and booleans as the reasons show them.

    >>> parameter_value_text(("leased", "cooperative"), "zh")
    '出租、合作社'
    >>> parameter_value_text(("leased", "cooperative"), "en")
    'leased, cooperative'
    """
    from .policy.engine import render_value

    if isinstance(value, str) and not isinstance(value, Enum):
        return value_label(value, lang)
    if isinstance(value, tuple | list):
        return join((parameter_value_text(v, lang) for v in value), lang)
    return render_value(value, lang)


def used_value_line(name: str, value: object, start: object, assumption: bool,
                    lang: str) -> str:
    """The line naming a parameter value a finding used: ``参数 NAME = VALUE（自 DATE
    起，假设）`` or ``parameter NAME = VALUE (from DATE, assumption)``.

    >>> used_value_line("monitoring.per_capita_rounding", "exact", "2021-01-01", True, "zh")
    '参数 monitoring.per_capita_rounding = 不取整（自 2021-01-01 起，假设）'
    """
    text = parameter_value_text(value, lang)
    if lang == "zh":
        return f"参数 {name} = {text}（自 {start} 起{'，假设' if assumption else ''}）"
    return f"parameter {name} = {text} (from {start}{', assumption' if assumption else ''})"


_REF = re.compile(r"(?:Ch\d+(?: §\d+)?(?: (?:fn|intro))?|Box \d+|Table \d+|front matter)"
                  r"(?:, (?:Ch\d+(?: §\d+)?(?: (?:fn|intro))?|Box \d+|Table \d+))*")


def source_text(source: str, lang: str) -> str:
    """A parameter value's source as text: in Chinese, the plan references
    (``Ch5 §2``) in the plan's numbering (``第五章第二节``); in English, Chinese
    quoted in it is marked 「…」.

    >>> source_text("Ch8 §3: 按照“一村一室”优化村卫生室设置", "zh")
    '第八章第三节：按照“一村一室”优化村卫生室设置'
    """
    if lang != "zh":
        return mark_chinese(source)
    from .citations import ref_zh

    text = _REF.sub(lambda m: ref_zh(m.group()), source)
    text = re.sub(r"^reform ('.*')$", r"改革 \1", text)
    return re.sub(r"^(\S+节|\S+章|专栏\d+|表\d+): ", r"\1：", text)


# ----------------------------------------------------------------------------- messages

_KINDS: Final = MappingProxyType({
    "model": "模型", "rule": "规则", "ID": "编号", "town": "镇", "village": "村",
    "parameter": "参数", "indicator": "指标", "kind": "类别", "command": "命令",
    "field": "字段", "case": "案件", "household": "农户", "asset": "资产",
    "scenario": "情景", "sample": "示例", "format": "格式", "language": "语言",
    "village (in the register or the place registry)": "村（登记簿或地名库中）",
    "key": "键", "unit": "单位", "choice": "选项", "value": "取值", "status": "状态",
    "reform": "改革", "input": "输入", "column": "列", "sheet": "工作表",
})

#: (English pattern, Chinese template). A group named ``kind`` is translated through
#: :data:`_KINDS`, a group named ``msg`` is translated again (a nested message).
_MESSAGES: Final[tuple[tuple[str, str], ...]] = (
    (r"(?P<n>[\d,]+) problems? in the input:", "输入有 {n} 个问题："),
    (r"reform (?P<name>'[^']*'): (?P<msg>.*)", "改革 {name}：{msg_zh}"),
    (r"\.\.\. and (?P<n>[\d,]+) more \(the first (?P<m>\d+) are listed\)",
     "……另有 {n} 个（列出前 {m} 个）"),
    (r"unknown case of (?P<path>.+?) (?P<name>'[^']*')(?:; did you mean (?P<alts>.+?)\?)?"
     r"(?: Known: (?P<known>.*)\.| \((?P<count>\d+) known\))?",
     "{path} 中没有情景 {name}{alts_zh}{known_zh}"),
    (r"unknown (?P<kind>.+?) (?P<name>'[^']*')(?:; did you mean (?P<alts>.+?)\?)?"
     r"(?: Known: (?P<known>.*)\.| \((?P<count>\d+) known\))?",
     "未知的{kind} {name}{alts_zh}{known_zh}"),
    (r"unknown ID (?P<name>'[^']*'); see `revitalize rules` for every ID",
     "未知编号 {name}；全部编号见 `revitalize rules`"),
    (r"missing required field", "缺少必填字段"),
    (r"unknown field of (?P<cls>\w+); expected one of: (?P<known>.*)",
     "{cls} 没有此字段；应为以下之一：{known}"),
    (r"unknown field of (?P<cls>\w+)", "{cls} 没有此字段"),
    (r"the key is given more than once", "此键重复出现"),
    (r"arrays and objects nested deeper than (?P<n>\d+) levels \(the limit\)",
     "数组和对象嵌套超过 {n} 层（上限）"),
    (r"not valid JSON: (?P<why>.*)", "不是有效的 JSON：{why_zh}"),
    (r"an appraisal date is given but the grade is (?P<grade>'[^']*')",
     "给出了鉴定日期，但等级为 {grade}"),
    (r"unknown key \(expected (?P<known>.*)\)", "未知的键（应为 {known}）"),
    (r"unknown key (?P<name>'[^']*') \(expected (?P<known>.*)\)",
     "未知的键 {name}（应为 {known}）"),
    (r"unknown key (?P<name>'[^']*')", "未知的键 {name}"),
    (r"expected at least one item(?:, got none)?", "至少应有一项，实为空"),
    (r"expected one of (?P<known>.*?)(?:, got (?P<got>.*))?", "应为以下之一：{known}{got_zh}"),
    (r"--on DATE is required for a file \(the evaluation date; rules never read the clock\)",
     "读取文件须给出 --on DATE（评估日期；规则从不读取系统时钟）"),
    (r"give a FILE or --sample \(not both\)", "请给出 FILE 或 --sample（二者择一）"),
    (r"--jsonl/--csv take IN and OUT; give no FILE or --sample",
     "--jsonl/--csv 需要 IN 和 OUT；不要再给 FILE 或 --sample"),
    (r"-o/--output writes a workbook: give OUT.xlsx and no --json "
     r"\(--jsonl/--csv IN OUT write the other formats\)",
     "-o/--output 写出工作簿：请给出 OUT.xlsx，且不要用 --json（其他格式用 --jsonl/--csv IN OUT）"),
    (r"--workers and --chunk-size must be at least 1", "--workers 和 --chunk-size 至少为 1"),
    (r"--workers must be at least 1 and --port 0-65535",
     "--workers 至少为 1，--port 须在 0-65535 之间"),
    # the command line's conventions (revitalize.cli)
    (r"(?P<opts>.+): only in batch mode \(--jsonl IN OUT or --csv IN OUT\)",
     "{opts}：仅用于批量模式（--jsonl IN OUT 或 --csv IN OUT）"),
    (r"--encoding applies to an input file, not to --sample",
     "--encoding 只用于输入文件，不用于 --sample"),
    (r"-o/--output does not apply to batch mode: OUT of --jsonl/--csv IN OUT is the output "
     r"\('-': standard output\)",
     "-o/--output 不适用于批量模式：--jsonl/--csv IN OUT 的 OUT 即输出（'-' 为标准输出）"),
    (r"-o OUT.xlsx writes the workbook: give no --json or --detail",
     "-o OUT.xlsx 写出工作簿：不要再给 --json 或 --detail"),
    (r"--encoding does not apply to a workbook \(\.xlsx\)", "--encoding 不适用于工作簿（.xlsx）"),
    (r"--encoding does not apply to a scenario file \(TOML is UTF-8\)",
     "--encoding 不适用于情景文件（TOML 为 UTF-8）"),
    (r"--detail applies to --sample \(a FILE always prints each asset\)",
     "--detail 仅与 --sample 连用（给出 FILE 时总是输出每项资产）"),
    (r"--encoding applies to a JSON FILE \(not to --sample or a workbook\)",
     "--encoding 仅用于 JSON 文件（不用于 --sample 或工作簿）"),
    (r"--filter (?P<p>'[^']*'): no case has that name or covers or expects that rule ID",
     "--filter {p}：没有名称相符、或涉及该规则编号的情景"),
    (r"(?P<v>REVITALIZE_LANG=.+): expected zh or en", "{v}：应为 zh 或 en"),
    (r"--village: (?P<msg>.+)", "--village：{msg_zh}"),
    (r"(?P<name>.+): the directory (?P<dir>.+) does not exist", "{name}：目录 {dir} 不存在"),
    (r"(?P<name>.+): is a directory, expected a file name", "{name}：这是一个目录，应为文件名"),
    (r"(?P<name>.+): no such file or directory", "{name}：文件或目录不存在"),
    (r"(?P<name>.+): no such file", "{name}：文件不存在"),
    (r"(?P<name>.+): is a directory, expected a file", "{name}：这是一个目录，应为文件"),
    (r"(?P<msg>.+); nothing was written to (?P<target>.+)", "{msg_zh}；未写入 {target}"),
    (r"(?P<path>.+) is a symbolic link to (?P<target>.+), which does not exist; "
     r"give the output file itself",
     "{path} 是指向 {target} 的符号链接，目标不存在；请给出输出文件本身"),
    (r"(?P<path>.+) is (?P<what>a directory|a device, pipe or socket), not a regular file; "
     r"refusing to replace it \(give a file name\)",
     "{path} 是{what_zh}，不是普通文件；不予替换（请给出文件名）"),
    (r"(?P<path>.+) is the input file \(the same file(?P<link>, through a link)?\); writing it "
     r"would destroy the input: give another output file",
     "{path} 就是输入文件（同一文件{link_zh}）；写入将毁掉输入：请给出另一个输出文件"),
    (r"(?P<path>.+): cannot write the output \((?P<why>.*)\)",
     "{path}：无法写出输出（{why_zh}）"),
    (r"unknown encoding (?P<enc>'[^']*') \(try utf-8 or gbk\)",
     "未知的编码 {enc}（可用 utf-8 或 gbk）"),
    (r"revitalize serve needs the server extra: pip install 'revitalize\[server\]'",
     "revitalize serve 需要 server 附加组件：pip install 'revitalize[server]'"),
    (r"expected one case, found (?P<n>\d+)", "应只有一个情景，实有 {n} 个"),
    (r"(?P<path>.+) has (?P<n>\d+) cases; choose one with --case NAME:",
     "{path} 有 {n} 个情景；请用 --case NAME 选择一个："),
    (r"expected an assessment with detail=full \(findings, decision, provenance\)",
     "应为 detail=full 的评估结果（含 findings、decision、provenance）"),
    (r"(?P<path>.+): the input file changed while it was being read \((?P<msg>.*)\); "
     r"run again when nothing is writing to it",
     "{path}：输入文件在读取期间被改动（{msg_zh}）；请在没有程序写入它时重新运行"),
    (r"lines (?P<a>\d+) to (?P<b>\d+) are not where they were", "第 {a} 至 {b} 行已不在原处"),
    (r"line (?P<n>\d+) is not as long as it was", "第 {n} 行的长度已改变"),
    (r"cannot read the file: (?P<why>.*)", "无法读取文件：{why_zh}"),
    (r"cannot read the file \((?P<why>.*)\)", "无法读取文件（{why_zh}）"),
    (r"--on DATE is required for a JSON household", "JSON 格式的农户须给出 --on DATE"),
    (r"TOML syntax error: (?P<why>.*)", "TOML 语法错误：{why}"),
    (r"invalid JSON: (?P<why>.*)", "JSON 无效：{why}"),
    (r"expected a decimal of ASCII digits such as (?P<ex>\S+)(?:, got (?P<got>.*))?",
     "应为 ASCII 数字写成的小数（如 {ex}）{got_zh}"),
    (r"expected (?P<what>a decimal string or an integer|an integer|a decimal string|a date"
     r"|a list of names|one of the choices|true or false|a month-day) for unit "
     r"(?P<unit>'[^']*')(?:, got (?P<got>.*))?",
     "单位 {unit} 的取值应为{what_zh}{got_zh}"),
    (r"expected at most (?P<n>[\d,]+) digits before the point(?:, got (?P<got>.*))?",
     "小数点前至多 {n} 位{got_zh}"),
    (r"expected at most (?P<n>[\d,]+) (?P<unit>\w+) in size(?:, got (?P<got>.*))?",
     "至多为 {n}（{unit}）{got_zh}"),
    (r"a number of (?P<n>[\d,]+) characters; at most (?P<m>[\d,]+) are read",
     "数字有 {n} 个字符；至多读取 {m} 个"),
    (r"item (?P<i>\d+): (?P<msg>.*)", "第 {i} 项：{msg_zh}"),
    (r"expected a table with start and value", "应为含 start 和 value 的表"),
    (r"(?P<name>[\w.]+)@(?P<on>[\d-]+): (?P<v>\S+) is below the floor (?P<f>\S+) (?P<why>\(.*\))",
     "{name}@{on}：{v} 低于底线 {f}{why}"),
    (r"a lone surrogate \((?P<u>U\+\w+)\) is not a character; the text must be valid Unicode",
     "孤立代理项（{u}）不是字符；文本须为有效的 Unicode"),
    (r"expected a date between (?P<a>[\d-]+) and (?P<b>[\d-]+)(?:, got (?P<got>.*))?",
     "应为 {a} 至 {b} 之间的日期{got_zh}"),
    (r"expected an ISO date(?:, got (?P<got>.*))?", "应为 ISO 日期（YYYY-MM-DD）{got_zh}"),
    (r"expected an identifier \((?P<span>[\d-]+) characters, no spaces\)"
     r"(?: of at most (?P<n>\d+) characters)?(?:, got (?P<got>.*))?",
     "应为标识（{span} 个字符，不含空格）{got_zh}"),
    (r"a lone surrogate \((?P<u>U\+\w+)\) at character (?P<n>\d+) is not a character: "
     r"expected valid Unicode text .*",
     "第 {n} 个字符处的孤立代理项（{u}）不是字符：应为有效的 Unicode 文本"),
    (r"expected (?P<what>a list of strings|a string|an integer|a number|an object|an array"
     r"|a list|a date|a boolean|true or false|YYYY-MM-DD)(?P<rest>(?: \(\w+\))?)"
     r"(?:, got (?P<got>.*))?",
     "应为{what_zh}{rest}{got_zh}"),
    (r"(?P<machine>[\w ]+): cannot move from (?P<state>'[^']*') to (?P<target>'[^']*'); "
     r"allowed moves: (?P<moves>.*)",
     "{machine}：不能从 {state} 转到 {target}；允许的转移：{moves_zh}"),
    (r"no value of (?P<name>[\w.]+) in force on (?P<on>[\d-]+)(?P<rest>.*)",
     "参数 {name} 在 {on} 没有有效取值{rest}"),
    (r"(?P<date>[\d-]+) is not a valid date \(YYYY-MM-DD\)", "{date} 不是有效日期（YYYY-MM-DD）"),
    (r"rule ID (?P<old>'[^']*') is renamed (?P<new>'[^']*'); use the new ID "
     r"\(the old one will be removed\)",
     "规则编号 {old} 已更名为 {new}；请使用新编号（旧编号将被删除）"),
    (r"must not be empty", "不能为空"),
    (r"must be positive", "须为正数"),
    (r"must not be negative", "不能为负数"),
    (r"interrupted", "已中断"),
    (r"terminated", "已终止"),
)

_WHY: Final = MappingProxyType({
    "No such file or directory": "文件不存在", "Permission denied": "没有权限",
    "Is a directory": "这是一个目录", "none (final state)": "无（终态）",
    "a string": "字符串", "an integer": "整数", "a number": "数字", "an object": "对象",
    "an array": "数组", "a list": "列表", "a date": "日期", "a boolean": "布尔值",
    "true or false": " true 或 false", "YYYY-MM-DD": "日期 YYYY-MM-DD",
    "a decimal string or an integer": "小数字符串或整数", "a decimal string": "小数字符串",
    "a directory": "目录", "a device, pipe or socket": "设备、管道或套接字",
    "a list of names": "名称列表", "a list of strings": "字符串列表",
    "one of the choices": "选项之一", "a month-day": "月-日",
    "Expecting ',' delimiter": "缺少分隔符 ','", "Expecting ':' delimiter": "缺少分隔符 ':'",
    "Extra data": "有多余的内容", "Expecting value": "缺少值",
    "Expecting property name enclosed in double quotes": "属性名须用双引号括起",
    "Invalid control character at": "有无效的控制字符",
    "Unterminated string starting at": "字符串未结束",
})

_COMPILED: Final = tuple((re.compile(p), zh) for p, zh in _MESSAGES)
#: ``where: message``: a JSON path, a file (with a line) or a field name before the colon.
_LOCATED = re.compile(r"(?P<where>(?:\$|<\w+>|[\w./\\-]+\.\w+|[\w./\\-]*[/\\])[^\s:]*(?::\d+)*"
                      r"|\$[^:]*|[\w.\[\]-]+): (?P<rest>.*)")


def message(text: str, lang: str) -> str:
    """An error or problem message (possibly several lines) in ``lang``.

    English is the message as raised; Chinese translates it line by line through
    the table of templates, keeping paths, names and values.

    >>> message("$.village: missing required field", "zh")
    '$.village: 缺少必填字段'
    >>> message("unknown model 'Houshold'; did you mean 'Household'? (75 known)", "zh")
    "未知的模型 'Houshold'；是否指 'Household'？（已知 75 个）"
    """
    if lang != "zh":
        return text
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    stripped = line.lstrip(" ")
    indent = line[: len(line) - len(stripped)]
    return indent + _translate(stripped, top=True)


_DID_YOU_MEAN = re.compile(r"(?P<head>.+?);? did you mean (?P<alts>'[^?]*)\?")


def _translate(text: str, *, top: bool = False) -> str:
    hint = _DID_YOU_MEAN.fullmatch(text)
    if hint and not text.startswith("unknown "):
        alts = hint.group("alts").replace(" or ", " 或 ")
        return f"{_translate(hint.group('head'), top=top)}；是否指 {alts}？"
    for pattern, zh in _COMPILED:
        m = pattern.fullmatch(text)
        if m:
            return _fill(zh, m)
    located = _LOCATED.fullmatch(text)
    if located and located.group("rest"):
        return f"{located.group('where')}: {_translate(located.group('rest'))}"
    if not _needs_translation(text):
        return text
    return f"（英文）{text}" if top else text


def _needs_translation(text: str) -> bool:
    if re.search(f"[{_HAN}]", text):  # already Chinese (a message composed in Chinese)
        return False
    return bool(re.search(r"(?<![\w.$/\-@'])[A-Za-z]{2,}(?![\w.\-/'])", text))


_GOT: Final = (
    (re.compile(r"the integer (?P<n>-?\d+)"), "整数 {n}"),
    (re.compile(r"the number (?P<n>\S+)"), "数字 {n}"),
    (re.compile(r"a number of (?P<n>[\d,]+) characters \(too long or too large to read\)"),
     "{n} 个字符的数字（过长或过大，无法读取）"),
    (re.compile(r"a string of (?P<n>[\d,]+) characters"), "{n} 个字符的字符串"),
    (re.compile(r"a text of (?P<n>[\d,]+) characters"), "{n} 个字符的文本"),
)


def _got(text: str) -> str:
    """What an input held instead (``an array``, ``the integer 3``) in Chinese."""
    if text in _WHY:
        return _WHY[text].strip()
    for pattern, zh in _GOT:
        m = pattern.fullmatch(text)
        if m:
            return zh.format(**m.groupdict())
    return text


def _fill(template: str, m: re.Match[str]) -> str:
    parts = {k: v or "" for k, v in m.groupdict().items()}
    if "kind" in parts:
        parts["kind"] = _KINDS.get(parts["kind"], parts["kind"])
    alts = parts.get("alts", "")
    parts["alts"] = alts.replace(" or ", " 或 ")
    parts["alts_zh"] = f"；是否指 {parts['alts']}？" if alts else ""
    known = parts.get("known", "")
    count = parts.get("count", "")
    parts["known_zh"] = (f" 已知：{known}。" if known else
                         f"（已知 {count} 个）" if count else "")
    got = parts.get("got", "")
    parts["got_zh"] = f"，实为 {_got(got)}" if got else ""
    if "msg" in parts:
        parts["msg_zh"] = _translate(parts["msg"])
    parts["link_zh"] = "，经由链接" if parts.get("link") else ""
    for key in ("why", "moves", "what"):
        if key in parts:
            parts[f"{key}_zh"] = _WHY.get(parts[key], parts[key])
    return template.format(**parts)
