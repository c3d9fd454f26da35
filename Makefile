# ohtalent — see README.md. `make run` and `make test` are the quick start.

GO       ?= go
BIN      ?= bin/ohtalent
DATA_DIR ?= ./data

.PHONY: run build test test-sqlite test-postgres test-e2e vet fmt-check bench frontend lint-courses clean

## run: build and start the platform on SQLite with demo data and the web app
run: build
	OHT_DATA_DIR=$(DATA_DIR) ./$(BIN) serve --demo

## build: the one binary, with the SPA and courses embedded (cgo for SQLite)
build:
	CGO_ENABLED=1 $(GO) build -trimpath -o $(BIN) .

## test: vet, formatting and every test; again on PostgreSQL when OHT_TEST_POSTGRES_URL is set;
## then the browser tests when Chromium is installed
test: vet fmt-check test-sqlite test-postgres test-e2e

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/node_modules/*'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

test-sqlite:
	$(GO) test -count=1 ./...

test-postgres:
	@if [ -n "$$OHT_TEST_POSTGRES_URL" ]; then \
		echo "== PostgreSQL suite =="; \
		OHT_TEST_DB=postgres $(GO) test -count=1 -p 2 ./...; \
	else \
		echo "OHT_TEST_POSTGRES_URL not set: PostgreSQL suite skipped (CI sets it)"; \
	fi

## test-e2e: the web app's unit tests (vitest), then browser tests (frontend/e2e) with
## Debian's Chromium against the built binary
test-e2e:
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		echo "== web app unit and browser tests =="; \
		CGO_ENABLED=1 $(GO) build -o bin/ohtalent . && \
		cd frontend && npm ci --no-audit --no-fund && npm run test:unit && \
		OHT_BIN=$(abspath bin/ohtalent) npm run e2e; \
	else \
		echo "Chromium not found: browser tests skipped (CI installs it)"; \
	fi

## bench: load-test the built binary against a bare gin handler on this machine
bench:
	$(GO) run ./scripts/bench

## frontend: rebuild the committed SPA bundle (needs Node and npm)
frontend:
	cd frontend && npm ci && npm run build

lint-courses: build
	./$(BIN) courses lint courses

clean:
	rm -rf bin
