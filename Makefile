.PHONY: demo test lint

demo:
	sh scripts/demo.sh

test:
	sh scripts/test.sh

lint:
	.venv/bin/ruff check src tests benchmarks && .venv/bin/ruff format --check src tests benchmarks && .venv/bin/mypy
