"""Sphinx configuration: MyST Markdown, furo, autodoc, and pages generated from the library.

Build (warnings are errors, as in CI)::

    pip install -e '.[docs]'
    sphinx-build -W -b html docs docs/_build/html

Nothing here needs the network: furo ships its assets and there is no intersphinx.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

from revitalize import __version__  # noqa: E402

project = "revitalize"
author = "revitalize developers"
copyright = "2021–2025, revitalize developers"
version = release = __version__
language = "en"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "generate",  # _ext/generate.py: rule catalog, parameters, tables, indicators, schemas, API
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "README.md", ".gitignore"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"undoc-members": False}
autodoc_preserve_defaults = True

# Type hints name builtins such as ``type`` that are also attribute names of model
# classes (``Measure.type``), and two classes share the name ``PlaceRegistry`` (a
# Protocol and the registry); Sphinx warns that such a short name has several
# targets. The link goes to the first; the warning is not an error in our pages.
suppress_warnings = ["ref.python"]

html_theme = "furo"
html_title = f"revitalize {release}"
html_static_path: list[str] = []
