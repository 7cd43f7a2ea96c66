"""revitalize: the Wansheng rural revitalization plan (2021-2025) as typed, cited rules.

万盛经开区巩固拓展脱贫攻坚成果同乡村振兴有效衔接“十四五”规划的规则代码库。
"""

from ._version import __version__
from .citations import Citation
from .errors import (
    IllegalTransitionError,
    InvalidInputError,
    MissingParameterValueError,
    RevitalizeError,
    UnknownNameError,
)

__all__ = [
    "Citation",
    "IllegalTransitionError",
    "InvalidInputError",
    "MissingParameterValueError",
    "RevitalizeError",
    "UnknownNameError",
    "__version__",
]
