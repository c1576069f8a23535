"""Reproductions still on the old pathway (figures made inside compute, examples calling
``run()``), with the branch that converts them. The coordinator empties this table as the
conversions land; an empty table means every reproduction follows compute -> display -> summary."""

UNCONVERTED = {
    "fourier-vs-dnn": "converted on topic/gallery",
    "fourier-pointwise": "converted on topic/gallery",
    "ballnet-polytope": "converted on topic/gallery",
    "ballnet-vs-fourier": "converted on topic/gallery",
    "ridgelet-spectrum": "converted on topic/gallery",
    "dae-transport": "converted on topic/gallery",
    "mlp-iris": "converted on topic/dynamics",
}
