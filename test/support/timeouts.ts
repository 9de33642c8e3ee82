// Tests that train the taxonomy classifier (a full build with human
// corrections, or after a taxonomy change) take 50–60 s for the build alone,
// and about twice that while other test files use the machine's two cores;
// a test that builds twice needs twice that again.
// Tests that start the app load the built-in classifier, which is a build
// when the cache holds none yet (another test file may be building it).
// They get this timeout instead of vitest's default.
export const BUILD_TIMEOUT = 300_000;
