"""The messages between the parent and the workers: what a chunk holds and what scoring it returns."""

from dataclasses import dataclass, field

from model.article import DEFAULT_MAX_CHARS
from model.article_rows import sentence_columns

# The longest CSV/TSV field, in characters: longer than any article, far shorter than a file that an
# unbalanced quote would otherwise read into a single field.
MAX_FIELD_CHARS = 1_000_000
# Bad rows of each chunk named in the log (the error column holds them all).
EXAMPLES_PER_CHUNK = 3


@dataclass(frozen=True)
class Layout:
    """Everything a worker needs to parse, score and format the chunks of one input file."""

    input_format: str
    output_format: str
    columns: tuple
    text_column: str
    id_column: str | None
    labels: tuple
    model: str
    explain: bool = False
    # Add the speaker and disputed columns of model.attribution.attribution_columns.
    attributions: bool = False
    source: str | None = None
    # The input's name, for the messages about bad rows.
    path: str = "-"
    # Input columns renamed because an added column has the same name, e.g. {"label": "input_label"}.
    renamed: tuple = ()
    # For Parquet input: the file's Arrow schema, so Parquet output keeps the column types.
    arrow_schema: object = None
    # The column with each row's target (claim or entity), for a task with a target column.
    target_column: str | None = None
    # The csv module's field limit in the workers (``--max-field-chars``).
    max_field_chars: int = MAX_FIELD_CHARS
    # Each row is a whole article (``stance analyze``): one output row per sentence, without the text column.
    articles: bool = False
    # The longest article analysed; a longer one gets an error row.
    max_chars: int = DEFAULT_MAX_CHARS
    # Articles only: write each article's line in the input in a LINE_COLUMN column (the workbench's jobs).
    article_lines: bool = False


@dataclass
class Chunk:
    """Raw rows of one input: bytes of whole records, or an Arrow record batch for Parquet."""

    layout: Layout
    payload: object
    first_line: int
    size: int = 0


@dataclass
class ChunkResult:
    """The formatted output of one chunk plus the counts for the summary."""

    payload: object
    rows: int
    errors: int
    # Rows (sentences) per label, of those scored: a row not scored is counted in unscored alone.
    labels: dict = field(default_factory=dict)
    # (line, id, message) of the first few bad rows, for the log.
    examples: list = field(default_factory=list)
    size: int = 0
    # Articles only: the sentence rows written, and (id, "file:line") of each article when there is an id column.
    sentences: int = 0
    ids: list = field(default_factory=list)
    # (input, line, field) of JSONL fields first seen past the probed lines, which the output has no column for.
    new_fields: list = field(default_factory=list)
    # Rows (sentences) answered with the model's base rates, per reason (``model.predictor.unscored_reason``).
    unscored: dict = field(default_factory=dict)


# With Layout.article_lines, each sentence row names its article's line in the input (the row number
# in Parquet; empty for a .txt article), so a row, and a message about it, leads back to the input.
LINE_COLUMN = "line"


def added_columns(labels, explain=False, attributions=False, articles=False, lines=False):
    """Return the columns scoring adds to every row, in output order (an article's sentence columns for ``articles``).

    ``lines`` puts the article's line in the input (:data:`LINE_COLUMN`) before its sentence columns.
    """
    if articles:
        return [LINE_COLUMN, *sentence_columns(labels)] if lines else sentence_columns(labels)
    # warning goes last of the columns every run has, so the columns before it keep their places.
    columns = ["label", "confidence", *(f"p_{label}" for label in labels), "model", "error", "warning"]
    columns += ["explanation"] if explain else []
    return columns + ["speaker", "disputed"] if attributions else columns


def output_columns(layout):
    """Return the output's column names: source (several inputs), the input's columns, the added ones.

    An article's text column is left out: each sentence row carries its own sentence instead.
    """
    renamed = dict(layout.renamed)
    columns = [renamed.get(c, c) for c in input_columns(layout)]
    prefix = ["source"] if layout.source is not None else []
    added = added_columns(layout.labels, layout.explain, layout.attributions, layout.articles, layout.article_lines)
    return prefix + columns + added


def input_columns(layout):
    """Return the input columns copied to the output: all of them, or all but the text of an article."""
    if layout.articles:
        return [c for c in layout.columns if c != layout.text_column]
    return list(layout.columns)
