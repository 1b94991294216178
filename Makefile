.PHONY: demo test test-postgres lint

demo:
	sh scripts/demo.sh

test:
	sh scripts/test.sh

test-postgres:
	.venv/bin/python -m tests.postgres run -- .venv/bin/python -m pytest -m "not browser"

lint:
	.venv/bin/ruff check src tests benchmarks && .venv/bin/ruff format --check src tests benchmarks && .venv/bin/mypy
