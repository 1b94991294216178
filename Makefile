.PHONY: demo test lint

demo:
	sh scripts/demo.sh

test:
	sh scripts/test.sh

lint:
	.venv/bin/ruff check src tests && .venv/bin/ruff format --check src tests && .venv/bin/mypy
