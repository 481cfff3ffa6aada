# Thin wrappers over the npm scripts, for people and CI systems that reach for
# make first. `make help` lists the targets; pass extra arguments to serve,
# selftest, cross and bench with ARGS, e.g. make serve ARGS="--port 6000".

.DEFAULT_GOAL := help
.PHONY: help install build proto test lint serve selftest cross bench docker compose-up
ARGS ?=

help: ## list these targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-11s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

install: ## install the locked dependencies (npm ci)
	npm ci

build: ## compile TypeScript to dist/
	npm run build

proto: ## regenerate src/gen/ from proto/mls_client.proto
	npm run proto

test: ## build and run every test
	npm test

lint: ## check the code style
	npm run lint

serve: ## build and run the MLSClient server on 127.0.0.1:50053
	npm start -- $(ARGS)

selftest: ## build and play the configs against local servers, with the expected failures
	npm run selftest -- $(ARGS)

cross: ## every declared stack against every other (configs/stacks/local.json), e.g. make cross ARGS="--peer mlspp"
	npm run cross -- $(ARGS)

bench: ## run the benchmarks
	npm run bench -- $(ARGS)

docker: ## build the mls-interop-ts image
	npm run docker

compose-up: ## ts-mls against the OpenMLS and MLSpp images you name (OPENMLS_IMAGE, ...) with both runners on CONFIG_RUN
	npm run compose-up
