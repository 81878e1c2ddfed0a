# The two commands of the README. Each installs what a fresh machine lacks.
.PHONY: site test check lint clean dependencies browser-test

# Build the site from Content/ into docs/.
site: dependencies
	swift run primer build

# Run the test suites.
test: dependencies
	swift test

# Check that docs/ is what a build writes and that its links work.
check: dependencies
	swift run primer check

# Lint every Swift file with swift-format's rules in .swift-format (the
# generated mpmath reference table is left as its script writes it).
lint:
	swift format lint --strict --parallel $$(find Sources Tests Benchmarks Fuzz/Sources Plugins -name '*.swift' -not -path '*/Reference/*') Package.swift Fuzz/Package.swift

# Open every page of docs/ in headless Chromium at 390 and 1280 px, light and
# dark: axe-core, sideways overflow, SVG text size, label overlaps, header
# wrapping, internal links (Tests/browser/run_browser_tests.py); search from
# file:// in both languages (Tests/browser/search_test.py); then
# `primer serve` reloading a page by itself (Tests/browser/live_reload_test.py). Needs
# `chromium` and: python3 -m pip install --no-deps -r Tests/browser/requirements.txt
# BROWSER_TEST_FLAGS=--report-only prints the failures without failing.
browser-test:
	python3 Tests/browser/run_browser_tests.py docs $(BROWSER_TEST_FLAGS)
	python3 Tests/browser/search_test.py docs
	python3 Tests/browser/live_reload_test.py

clean:
	swift run primer clean

dependencies:
	@scripts/install-dependencies
