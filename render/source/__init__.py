"""Source: read and validate the data folder into the model, and the editors' tools on it.

Takes: a data folder (YAML: edition, framework, levels, prose, products).
Gives: a Framework (frozen dataclasses, every visible string a Text with its place and
file:line) and the Products; or a DataError listing every problem as file:LINE: key.path.

- yamlsafe: YAML without aliases, tags or duplicate keys, with line numbers
- schema: typed reads of that tree that record problems instead of raising
- load: the data folder into the model; products: the product table
- model: the frozen dataclasses, and the one walker over them (texts)
- lint: editorial warnings; diff and diff_report: what changed between two editions
"""

from .load import load_framework

__all__ = ["load_framework"]
