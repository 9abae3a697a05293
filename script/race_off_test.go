//go:build !race

package script_test

// slowdown scales time bounds of tests that measure how soon work stops.
const slowdown = 1
