# ohtalent — see README.md. `make run` and `make test` are the quick start.

GO       ?= go
BIN      ?= bin/ohtalent
DATA_DIR ?= ./data

.PHONY: run build test test-sqlite test-postgres test-e2e vet fmt-check fuzz-short test-crash load bench frontend lint-courses clean

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

## fuzz-short: every go test -fuzz target for FUZZTIME (default 10s) each, with a table of executions
fuzz-short:
	GO=$(GO) ./scripts/fuzz/short.sh

## test-crash: kill -9 the server during a 10,000-row import, concurrent issuance and grading
## (CRASH_TRIALS each, default 3), restart it, and check nothing acknowledged was lost or doubled
CRASH_TRIALS ?= 3
test-crash:
	$(GO) run ./scripts/crash -trials $(CRASH_TRIALS)

## load: LOAD_LEARNERS simulated learners (default 200) plus verifiers for LOAD_DURATION (default 60s);
## prints p50/p99 per endpoint, errors, 429s and server memory; fails on any error but a 429
LOAD_DURATION ?= 60s
LOAD_LEARNERS ?= 200
load:
	$(GO) run ./scripts/load -d $(LOAD_DURATION) -c $(LOAD_LEARNERS)

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
