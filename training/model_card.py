"""Render the human-readable model card (markdown) of a trained version."""


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _label_tables(metrics):
    """Return the per-label table, a caption and the confusion matrix of one set of metrics."""
    matrix = metrics["confusion_matrix"]
    return [
        _table(
            ["label", "precision", "recall", "F1", "support"],
            [
                [label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", s["support"]]
                for label, s in metrics["per_label"].items()
            ],
        ),
        "Confusion matrix (rows: true label, columns: predicted):",
        _table(["", *matrix["labels"]], [[label, *row] for label, row in zip(matrix["labels"], matrix["matrix"])]),
    ]


def render_model_card(metadata, task, mistakes):
    """Return the model card of one version: data, labels, parameters, metrics, weaknesses."""
    metrics = metadata["metrics"]
    cv = metadata["cross_validation"]
    data = metadata["data"]
    sections = [
        f"# Model card: `{task.name}` version `{metadata['version']}`",
        task.description,
        "## Data",
        f"- Training file: `{data['train']['path']}` ({data['train']['rows']} rows, "
        f"SHA-256 `{data['train']['sha256'][:16]}...`), labels {data['train']['labels']}.",
        f"- Held-out test file: `{data['test']['path']}` ({data['test']['rows']} rows), never used for fitting or tuning.",
        "## Labels",
        "\n".join(f"- `{name}`: {text}" for name, text in sorted(task.labels.items())),
        "## Model",
        f"TF-IDF features and logistic regression; parameters chosen by {cv['folds']}-fold stratified "
        f"cross-validation over {len(cv['grid'])} settings: `{metadata['params']}`.",
        f"Cross-validated macro-F1 of the chosen setting: {cv['macro_f1_mean']:.3f} (std {cv['macro_f1_std']:.3f}).",
        *_realnews_section(metadata.get("realnews")),
        "## Test-file metrics",
        f"Accuracy {metrics['accuracy']:.3f}, macro-F1 {metrics['macro_f1']:.3f}, "
        f"expected calibration error {metrics['ece']:.3f} (n = {metrics['n']}).",
        *_label_tables(metrics),
        "## Known weaknesses",
        "- A bag of n-grams: it sees which words occur, not who does what to whom. Long sentences that "
        "cite one side's claim and answer it with another are the hardest cases.\n"
        "- Trained on hand-written sentences about security and armament; text on other subjects gets "
        "a label all the same, usually with low confidence.\n"
        "- English only.",
        "The most confident mistakes on the test file:",
        _table(
            ["sentence", "true", "predicted", "confidence"],
            [[m["text"].replace("|", "\\|"), m["true"], m["predicted"], m["confidence"]] for m in mistakes],
        )
        if mistakes
        else "(none)",
        "## Provenance",
        f"Created {metadata['created_at']} from git commit `{metadata.get('git_commit')}` with "
        + ", ".join(f"{k} {v}" for k, v in metadata["versions"].items())
        + f". Model files SHA-256 (one digest over the checksum of each file) `{metadata['model_sha256']}`.",
    ]
    return "\n\n".join(sections) + "\n"


def _realnews_section(real):
    """Return the model card's paragraphs on real published sentences (none when they were not scored)."""
    if not real:
        return ["## Real published sentences", "Not scored: the real-news file was not present at training time."]
    framing, attribution = real["framing"], real["attribution"]
    return [
        "## Real published sentences (the yardstick)",
        f"`{real['path']}`: {real['n']} sentences nobody on the team wrote, never used for fitting. "
        f"Accuracy {framing['accuracy']:.3f}, macro-F1 {framing['macro_f1']:.3f}, ECE {framing['ece']:.3f}; "
        + ", ".join(f"{region} macro-F1 {s['macro_f1']:.3f} (n = {s['n']})" for region, s in real["regions"].items())
        + ".",
        *_label_tables(framing),
        "Attribution (whole-sentence analysis): "
        + ", ".join(
            f"{role} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}" for role, s in attribution.items()
        )
        + ".",
    ]
