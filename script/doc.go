// Package script runs Auth0 custom social connection scripts
// (fetchUserProfile and getLogoutUrl) unchanged, in a Node-compatible
// JavaScript sandbox built on goja.
//
// The sandbox offers what real scripts use (a global request compatible with
// npm request 2.88, require for a vetted set of modules, Buffer, URL, timers,
// Promise, fetch, console) and nothing else: no filesystem, no environment, no
// process control. Every invocation is isolated and bounded in time, requests
// and memory. The package knows nothing about connections.
package script
