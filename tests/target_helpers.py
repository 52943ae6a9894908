"""A tiny task with a target column: does a sentence favour, oppose or just report a local proposal?"""

import csv

from training.tasks import Task
from training.train import train_task

TARGET_TASK = "proposal"
# (text, target, label); each target occurs with several labels, so only text and target together decide.
TARGET_ROWS = [
    ("The council praised the new bridge as a lifeline for commuters.", "the new bridge", "favour"),
    ("Shop owners welcomed the tax cut and said it would save jobs.", "the tax cut", "favour"),
    ("Fans cheered the stadium plan, calling it a boost for the town.", "the stadium plan", "favour"),
    ("Parents backed the curfew, saying the streets feel safer.", "the curfew", "favour"),
    ("Cyclists applauded the bike lanes as long overdue.", "the bike lanes", "favour"),
    ("Teachers support the school merger because classes will be smaller.", "the school merger", "favour"),
    ("The mayor defended the bridge, saying it is worth every penny.", "the new bridge", "favour"),
    ("Economists endorsed the tax cut as good for growth.", "the tax cut", "favour"),
    ("Residents condemned the new bridge as a waste of money.", "the new bridge", "oppose"),
    ("Unions attacked the tax cut as a gift to the rich.", "the tax cut", "oppose"),
    ("Neighbours protested against the stadium plan, fearing noise and traffic.", "the stadium plan", "oppose"),
    ("Students rejected the curfew as unfair and heavy-handed.", "the curfew", "oppose"),
    ("Drivers slammed the bike lanes for causing gridlock.", "the bike lanes", "oppose"),
    ("Parents fought the school merger, warning of overcrowding.", "the school merger", "oppose"),
    ("Critics said the stadium plan is a reckless gamble.", "the stadium plan", "oppose"),
    ("The opposition denounced the curfew as an attack on freedom.", "the curfew", "oppose"),
    ("The council will vote on the new bridge next Tuesday.", "the new bridge", "report"),
    ("The tax cut takes effect on the first of April.", "the tax cut", "report"),
    ("The stadium plan was published on the city website.", "the stadium plan", "report"),
    ("The curfew runs from midnight to five in the morning.", "the curfew", "report"),
    ("The bike lanes cover twelve kilometres of road.", "the bike lanes", "report"),
    ("The school merger affects three primary schools.", "the school merger", "report"),
    ("A public hearing on the stadium plan is set for May.", "the stadium plan", "report"),
    ("Officials presented the bike lanes at a meeting on Monday.", "the bike lanes", "report"),
]
TARGET_TEST_ROWS = [
    ("Commuters welcomed the new bridge and praised the council.", "the new bridge", "favour"),
    ("Business groups cheered the tax cut.", "the tax cut", "favour"),
    ("Residents protested against the curfew.", "the curfew", "oppose"),
    ("Drivers condemned the stadium plan as a waste.", "the stadium plan", "oppose"),
    ("The bike lanes open on Monday.", "the bike lanes", "report"),
    ("The school merger is due next year.", "the school merger", "report"),
]
TARGET_LABELS = {"favour": "", "oppose": "", "report": ""}
TARGET_GRID = {"C": [10.0], "word_ngrams": [(1, 2)]}


def write_target_csv(path, rows, header=("sentence", "proposal", "stance")):
    """Write ``(text, target, label)`` rows as a CSV with the given header and return the path."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def make_target_task(folder, name=TARGET_TASK):
    """Return a task with a target column whose files are the tiny proposal corpus, written into ``folder``."""
    return Task(
        name=name,
        description="Tiny target test task",
        data=write_target_csv(folder / "proposal-train.csv", TARGET_ROWS),
        test=write_target_csv(folder / "proposal-test.csv", TARGET_TEST_ROWS),
        text_column="sentence",
        label_column="stance",
        labels=TARGET_LABELS,
        target_column="proposal",
    )


def train_target_task(folder, model_dir):
    """Train the tiny target task into ``model_dir`` through ``train_task``; return ``(task, metadata)``."""
    task = make_target_task(folder)
    return task, train_task(task, model_dir, grid=TARGET_GRID, folds=3)
