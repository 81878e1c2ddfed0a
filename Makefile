# The two commands of the README. Each installs what a fresh machine lacks.
.PHONY: site test check clean dependencies

# Build the site from Content/ into docs/.
site: dependencies
	swift run primer build

# Run the test suites.
test: dependencies
	swift test

# Check that docs/ is what a build writes and that its links work.
check: dependencies
	swift run primer check

clean:
	swift run primer clean

dependencies:
	@scripts/install-dependencies
