"""Sphinx configuration for sknnmath (sphinx-gallery + numpydoc)."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))
os.environ.setdefault("SKNNMATH_QUICK", "1")  # the gallery runs the quick versions

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
templates_path = []
exclude_patterns = ["_build", "auto_examples/*.ipynb"]
html_theme = "pydata_sphinx_theme"

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
}
