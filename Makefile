# The two commands of the README: `make site` builds the sample site into Public/,
# `make test` runs every test. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev
TEST_APT_PACKAGES := graphviz nodejs

.PHONY: site test deps test-deps release

site: release
	.build/release/kb build

test: deps test-deps
	$(SWIFT) test
	$(SWIFT) build --product kb
	KB=.build/debug/kb node --test Tests/SearchScript/

# Graphviz's dot checks that `kb graph --format dot` is valid DOT; Node runs the search script.
test-deps:
	@command -v dot >/dev/null && command -v node >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEST_APT_PACKAGES); }

release: deps
	$(SWIFT) build -c release --product kb

# libcmark-gfm comes from Debian; nothing else is installed system-wide.
deps:
	@if ! pkg-config --exists libcmark-gfm 2>/dev/null || [ ! -f /usr/include/cmark-gfm-core-extensions.h ]; then \
		echo "Installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi
