# Two commands for a newcomer: `make site` (set up and build the sample site) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test bench validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@if [ -n "$$DIENHINH_REQUIRE_ICU" ]; then $(BIN)/pip install --quiet PyICU; fi
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/dienhinh build
	@echo "Trang đã dựng trong thư mục site/. Xem thử có tự tải lại: make serve"

serve: $(STAMP)
	$(BIN)/dienhinh serve

# make validate FORMAT=github|gitlab OUTPUT=file: problems for the Git web UI (see ci-templates/).
FORMAT ?= text
validate: $(STAMP)
	$(BIN)/dienhinh validate --format $(FORMAT)$(if $(OUTPUT), --output $(OUTPUT))

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site site.staging build/docs/*/ build/docs/index.md .cache
