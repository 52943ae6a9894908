# stance: every default lives here; override on the command line, e.g. `make train TASK=framing`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TASK ?= framing
STANCE_MODEL_DIR ?= artifacts
# The task's training and test files, as training/tasks.toml declares them (paths there are relative to training/).
TASK_FILES := $(shell $(PYTHON) -c "import sys, tomllib; t = tomllib.load(open('training/tasks.toml', 'rb')).get(sys.argv[1], {}); print(*('training/' + t[k] for k in ('data', 'test') if k in t))" $(TASK) 2>/dev/null)
DATA ?= $(word 1,$(TASK_FILES))
TEST_DATA ?= $(word 2,$(TASK_FILES))
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
IN ?=
OUT ?=
# Extra pytest arguments for `make test`, e.g. PYTEST_ARGS='-m "not slow"'.
PYTEST_ARGS ?=
# Rows `make review` picks for labelling.
N ?= 50
# Quality gate of `make train`: allowed drop of test macro-F1 (empty: stance's default, 0.01); FORCE=1 promotes anyway.
TOLERANCE ?=
FORCE ?=
export STANCE_MODEL_DIR

SOURCES := $(wildcard model/*.py training/*.py) training/tasks.toml
CURRENT := $(STANCE_MODEL_DIR)/$(TASK)/CURRENT
# The task's accepted corrections (stance feedback), rewritten only when they change.
CORRECTIONS := $(STANCE_MODEL_DIR)/$(TASK).accepted-corrections.csv
# The names and SHA-256 of the training and test files, rewritten only when they change: `make train
# DATA=other.csv` must train even when other.csv is older than the current model, and so must an edit
# made while a training ran or before a rollback or promote (which make's times alone would miss).
TRAINING_FILES := $(STANCE_MODEL_DIR)/$(TASK).training-files

.DEFAULT_GOAL := help
.PHONY: help install train run serve score review evaluate check test lint bench clean corrections-changed training-files-changed screenshots

## Show this help
help:
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(desc){sub(":.*","",$$1); printf "  %-10s %s\n",$$1,desc}; desc=""}' $(MAKEFILE_LIST)

$(BIN)/stance: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

## Create .venv and install stance with its test tools
install: $(BIN)/stance

# The artifact is a real file target: it is rebuilt only when the data or the code changed. Precious: make
# deletes an interrupted target whose file changed, and CURRENT is the pointer to the served model.
.PRECIOUS: $(CURRENT) $(CORRECTIONS) $(TRAINING_FILES)
$(CURRENT): $(BIN)/stance $(DATA) $(TEST_DATA) $(SOURCES) $(CORRECTIONS) $(TRAINING_FILES)
	$(BIN)/stance train --task $(TASK) $(if $(DATA),--data $(DATA)) $(if $(TEST_DATA),--test $(TEST_DATA)) $(if $(TOLERANCE),--tolerance $(TOLERANCE)) $(if $(FORCE),--force)

# Always checked, but the file only changes when the accepted corrections do: make then retrains.
$(CORRECTIONS): $(BIN)/stance corrections-changed
	@$(BIN)/stance -q feedback export --task $(TASK) --status accepted -o $@

# Always checked, but the file only changes when DATA or TEST_DATA name other files or their content
# changed: make then retrains.
$(TRAINING_FILES): training-files-changed
	@$(PYTHON) -m training.stamp $@ '$(DATA)' '$(TEST_DATA)'

## Train a new version when data, code or accepted corrections changed; it becomes current only if it passes the quality gate
train: $(CURRENT)

## Install, train the default model if needed, and serve it
run: train
	$(BIN)/stance serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

## Serve the current model with gunicorn
serve: $(BIN)/stance
	$(BIN)/stance serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

## Batch-score a file: make score IN=input.csv OUT=scored.csv
score: $(BIN)/stance
	@test -n "$(IN)" || { echo "usage: make score IN=input.csv [OUT=output.csv]"; exit 2; }
	$(BIN)/stance score $(IN) $(if $(OUT),-o $(OUT))

## List the N rows the model is least sure about, for labelling: make review IN=unlabeled.csv [N=50] [OUT=queue.csv]
review: $(BIN)/stance
	@test -n "$(IN)" || { echo "usage: make review IN=unlabeled.csv [N=50] [OUT=queue.csv]"; exit 2; }
	$(BIN)/stance review $(IN) -n $(N) $(if $(OUT),-o $(OUT))

## Evaluate the current model on the held-out test file
evaluate: $(BIN)/stance
	$(BIN)/stance evaluate --task $(TASK) $(TEST_DATA)

## Check the corpus for duplicates, conflicts and overlap with the test file
check: $(BIN)/stance
	$(BIN)/stance data check $(DATA) --test $(TEST_DATA)

## Run the test suite
test: $(BIN)/stance
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Take the workbench screenshots in chromium into docs/screenshots, showing the current model (STANCE_MODEL_DIR)
screenshots: $(BIN)/stance
	STANCE_SCREENSHOTS=docs/screenshots STANCE_SCREENSHOTS_MODEL_DIR=$(STANCE_MODEL_DIR) \
		$(BIN)/python -m pytest tests/browser/test_browser_screenshots.py -q

## Lint with ruff
lint: $(BIN)/stance
	$(BIN)/ruff check .

## Run the benchmark scripts (throughput, latency, memory)
bench: train
	$(BIN)/python -m bench

## Remove the virtual environment, caches and trained artifacts (users' corrections in feedback.sqlite3 are kept)
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
	@# The corrections store is user data, not a build product: by default it is outside the model
	@# folder (stance feedback --help), but an older stance kept it here.
	test ! -d $(STANCE_MODEL_DIR) || find $(STANCE_MODEL_DIR) -mindepth 1 -maxdepth 1 ! -name 'feedback.sqlite3*' -exec rm -rf {} +
