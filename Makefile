# Two commands for a newcomer: `make site` (set up and build the sample site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test bench validate clean

# Building the site needs only the package; the test tools come with `make test`.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	@if [ -n "$$DIENHINH_REQUIRE_ICU" ]; then $(BIN)/pip install --quiet PyICU; fi
	touch $(TEST_STAMP)

site: $(STAMP)
	$(BIN)/dienhinh build
	@echo "Trang đã dựng trong thư mục site/. Xem thử có tự tải lại: make serve"

serve: $(STAMP)
	$(BIN)/dienhinh serve

# make validate FORMAT=github|gitlab OUTPUT=file: problems for the Git web UI (see ci-templates/).
FORMAT ?= text
validate: $(STAMP)
	$(BIN)/dienhinh validate --format $(FORMAT)$(if $(OUTPUT), --output $(OUTPUT))

# Node tools for the form-editor browser test (Decap's local backend); skipped without npm.
NODE_TOOLS := tests/node/node_modules/.package-lock.json
$(NODE_TOOLS): tests/node/package.json tests/node/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/node --no-audit --no-fund --silent; \
	else echo "Không có npm: kiểm thử trình biên tập trên trình duyệt sẽ bị bỏ qua."; fi

test: $(TEST_STAMP) $(NODE_TOOLS)
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site site.staging site.spare site.old-* build/docs.render build/docs/*/ build/docs/index.md .cache
