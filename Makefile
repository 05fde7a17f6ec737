# qcadmin: `make run` starts the demo console, `make test` runs every check CI runs.
GO ?= go

.PHONY: run test git-checkout generate check-generate fmt tidy vet staticcheck unit build bench load

run:
	$(GO) run .

# templ components, and static/dist: the stylesheets and scripts minified and
# compressed with gzip and brotli (static/gen).
generate:
	$(GO) tool templ generate
	$(GO) generate ./static/

# Generated *_templ.go files and static/dist are committed; fail when they are stale.
check-generate: git-checkout
	@$(GO) tool templ generate >/dev/null 2>&1
	@if ! git diff --quiet -- '*_templ.go' || [ -n "$$(git ls-files --others --exclude-standard -- '*_templ.go')" ]; then \
		echo "templ generate changed these files; run 'make generate' and commit them:"; \
		git status --short -- '*_templ.go'; exit 1; fi
	@$(GO) generate ./static/
	@if ! git diff --quiet -- static/dist || [ -n "$$(git ls-files --others --exclude-standard -- static/dist)" ]; then \
		echo "go generate ./static/ changed these files; run 'make generate' and commit them:"; \
		git status --short -- static/dist; exit 1; fi

# The checks compare files with what git tracks, so they need a git checkout.
git-checkout:
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { \
		echo "make test needs a git checkout of qcadmin (it checks generated and formatted files against git): clone the repository rather than copying its files."; exit 1; }

# gofmt must leave every Go file as it is.
fmt: git-checkout
	@out="$$(gofmt -l $$(git ls-files '*.go'))"; if [ -n "$$out" ]; then \
		echo "gofmt would change these files; run 'gofmt -w' on them:"; echo "$$out"; exit 1; fi

# go.mod and go.sum must already be tidy.
tidy:
	$(GO) mod tidy -diff

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) tool staticcheck ./...

unit:
	$(GO) test -count=1 -timeout 12m ./...

test: check-generate fmt tidy vet staticcheck unit

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o qcadmin .

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3s ./e2e/

# A load run against the real binary (not part of make test): QCADMIN_LOAD_PEOPLE
# signed-in people (200) browse and save for QCADMIN_LOAD_DURATION (60s); it fails
# on any 5xx from the console or any lost edit.
load:
	QCADMIN_LOAD=1 $(GO) test -count=1 -run '^TestLoadRun$$' -timeout 10m -v ./e2e/
