//go:build race

package script_test

// slowdown scales time bounds of tests that measure how soon work stops:
// the race detector makes compression and the like several times slower.
const slowdown = 5
