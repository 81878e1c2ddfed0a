# The two commands of the README. Each installs what a fresh machine lacks.
.PHONY: site test check lint clean dependencies

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
	swift format lint --strict --parallel $$(find Sources Tests Benchmarks -name '*.swift' -not -path '*/Reference/*') Package.swift

clean:
	swift run primer clean

dependencies:
	@scripts/install-dependencies
