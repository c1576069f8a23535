"""Reproductions still on the old pathway (figures made inside compute, examples calling
``run()``), with the branch that converts them. The coordinator empties this table as the
conversions land; an empty table means every reproduction follows compute -> display -> summary."""

UNCONVERTED = {
    "mlp-iris": "converted on topic/dynamics",
}
