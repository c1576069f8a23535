"""The one table of source documents and how users read their names."""

from __future__ import annotations

# number -> (authors, topic). This is the only place documents are named; every
# user-facing string (CLI list, figure titles, docs) goes through document_label.
DOCUMENTS: dict[str, tuple[str, str]] = {
    "000": ("Kawasumi & Yoneda", "Fourier series vs deep ReLU networks"),
    "001": ("Sonoda", "ridgelet transform and denoising autoencoders as transport"),
    "002": ("Tomiya", "training neural networks, a lecture for physicists"),
    "003": ("Nitta", "singularities and complex-valued networks"),
    "004": ("Imaizumi", "approximation, double descent and benign overfitting"),
}


def document_label(number, *, short: bool = False) -> str:
    """Name a source document by number, authors and topic.

    Parameters
    ----------
    number : str or int
        The document's number, ``"000"`` to ``"004"`` (an int is zero-padded).
    short : bool, default=False
        Only number and authors (for figure titles with little room).

    Returns
    -------
    str
        ``"document 000 (Kawasumi & Yoneda, Fourier series vs deep ReLU networks)"``.

    Raises
    ------
    ValueError
        For a number that is not in the table.

    See Also
    --------
    sknnmath.reproduce.DOCUMENTS : The table of documents.

    Examples
    --------
    >>> from sknnmath.reproduce import document_label
    >>> document_label("000")
    'document 000 (Kawasumi & Yoneda, Fourier series vs deep ReLU networks)'
    >>> document_label(4, short=True)
    'document 004 (Imaizumi)'
    """
    key = f"{int(number):03d}" if isinstance(number, int) else str(number)
    if key not in DOCUMENTS:
        raise ValueError(f"Unknown document {number!r}; known documents: {', '.join(DOCUMENTS)}.")
    authors, topic = DOCUMENTS[key]
    if short:
        return f"document {key} ({authors})"
    return f"document {key} ({authors}, {topic})"
