"""Sphinx configuration for sknnmath (sphinx-gallery + numpydoc).

The build must finish with zero warnings under ``-W --keep-going`` with the gallery
executed in quick mode (``.ci/run`` does this; ``tests/test_docs_html.py`` then checks
that every gallery page shows its figures).
"""

import os
import re
import sys

sys.path.insert(0, os.path.abspath(".."))
os.environ.setdefault("SKNNMATH_QUICK", "1")  # the gallery runs the quick versions
os.environ.setdefault("MPLBACKEND", "Agg")

project = "sknnmath"
author = "sknnmath developers"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_show_inherited_class_members = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/**/*.ipynb"]
html_theme = "pydata_sphinx_theme"
html_static_path = ["_static"]
# no network at build time: the theme must not fetch anything
html_theme_options = {"navigation_with_keys": False}

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("sknnmath",),
    "reference_url": {"sknnmath": None},
    "backreferences_dir": "gen_modules/backreferences",
    "min_reported_time": 1,
    "plot_gallery": "True",
    # figures are made through pyplot; close them between examples
    "reset_modules": ("matplotlib",),
    "image_scrapers": ("matplotlib",),
}


# ------------------------------------------------------------------------------ docstrings
# Docstrings are written for help() and numpydoc; a few plain-text habits are RST markup.
# Rather than forbid them, make them inert here: `coef_` (a trailing underscore is a
# reference), `|a|` (a substitution), and sklearn's inherited `:ref:` labels (they point
# into scikit-learn's own documentation, which is not built here).
_PROTECTED = re.compile(r"(``.+?``|:[\w:]+:`[^`]*`|`[^`]*`_{0,2}|\*\*.+?\*\*|\$[^$]+\$)")
_TRAILING_UNDERSCORE = re.compile(r"(?<![\w\\])([A-Za-z]\w*?)_(?=$|[\s,.;:!?)\]'\"/])")
_SUBSTITUTION = re.compile(r"(?<![\w\\|])\|([^|\s](?:[^|]*[^|\s])?)\|(?![\w|])")
_REF = re.compile(r":(?:ref|term):`([^`<]*?)\s*<([^>]+)>`|:(?:ref|term):`([^`]+)`")
# "a . x" (a dot product) reads as the end of a sentence to autosummary's summary line
_DOT_PRODUCT = re.compile(r"(?<=[\w)]) \. (?=[\w(])")


def _inert(text):
    text = _TRAILING_UNDERSCORE.sub(r"\1\\_", text)
    return _SUBSTITUTION.sub(r"\\|\1\\|", text)


def _clean_line(line):
    if line.lstrip().startswith(("..", ":")) or line.lstrip().startswith("| "):
        return line
    parts = _PROTECTED.split(line)
    return "".join(p if i % 2 else _inert(p) for i, p in enumerate(parts))


def _process_docstring(app, what, name, obj, options, lines):
    from_sklearn = getattr(obj, "__module__", "") or ""
    for i, line in enumerate(lines):
        if from_sklearn.startswith("sklearn"):
            line = _REF.sub(lambda m: (m.group(1) or f"``{m.group(3)}``"), line)
        if not line.lstrip().startswith(".."):
            line = _DOT_PRODUCT.sub(" · ", line)
        lines[i] = _clean_line(line)


def _skip_member(app, what, name, obj, skip, options):
    # scikit-learn's generated metadata-routing setters (set_fit_request, ...) and other
    # members inherited from scikit-learn are documented there, not here
    module = getattr(obj, "__module__", "") or ""
    if re.fullmatch(r"set_\w+_request", name) or module.startswith("sklearn"):
        return True
    return None


def setup(app):
    app.connect("autodoc-process-docstring", _process_docstring, priority=600)
    app.connect("autodoc-skip-member", _skip_member)
