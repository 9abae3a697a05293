// Package script runs Auth0 custom social connection scripts
// (fetchUserProfile and getLogoutUrl) unchanged, in a Node-compatible
// JavaScript sandbox built on goja.
//
// The sandbox offers what real scripts use (a global request compatible with
// npm request 2.88, require for a vetted set of modules, Buffer, URL, timers,
// Promise, fetch, TextEncoder, TextDecoder, structuredClone, queueMicrotask,
// AbortController, performance, console) and nothing else: no filesystem, no environment, no
// process control. Every invocation is isolated and bounded in time, requests
// and memory. The package knows nothing about connections.
//
// # Script shapes
//
// Compile accepts the text exactly as stored in options.scripts.*: an
// anonymous, named, async or arrow function; module.exports = ...;
// exports.fetchUserProfile = ... (or exports.getLogoutUrl); an immediately
// invoked wrapper returning the function; or statements declaring a function
// (the one named after the entry point wins, else the last declared). Code
// runs in sloppy mode unless it says "use strict". Compiled programs are
// cached per Engine by source hash.
//
// # Outcomes
//
// The first callback call decides; later calls are ignored and logged as a
// warning. A falsy first argument is success; anything else is a KindCallback
// *Error whose Message is Auth0's error_description: an Error's message, a
// string itself, an object's message property or else its inspection. Uncaught
// throws (synchronous, in request callbacks, timers) and unhandled promise
// rejections are KindThrown. A script that can no longer call back (no timer,
// no request pending — including an async function that resolved without
// calling back) would stall until Auth0's time limit; here it fails at once
// with the same KindTimeout error. The wall-clock limit (default 20 s)
// interrupts infinite loops and cancels in-flight HTTP.
//
// # Differences from Node (goja)
//
// goja's error texts are mapped to V8's for the common cases (reading a
// property of undefined), and JSON.parse of non-JSON throws the SyntaxError
// message Node 20 throws, position and context window included; numbers
// beyond float64's range parse to ±Infinity, as in V8 (except in texts
// nested more than 200 deep, which go to goja's parser and get its
// SyntaxError). Calling what cannot be called reads as in V8, naming
// the callee as written ("o.a.missing is not a function", "x.b(...).c is
// not a function", "X is not a constructor") when it is a name, this or a
// member chain; a non-function handed to a built-in keeps goja's wording
// ("Value is not an object: 3" where V8 says "3 is not a function"). goja
// does not distinguish null from undefined in "Cannot read properties of
// ..." (always "undefined"). Mapping happens where the error leaves the
// sandbox and where the script receives it (catch clauses, and function
// literals handed to .catch or as .then's second argument); an error
// reached otherwise (a rejection handler passed by name, a promise's
// reason read directly) keeps goja's wording until it leaves. The
// sandbox's globals (console, timers,
// process, require, Buffer, URL, request...) are built on first read by
// a host object on the global object's prototype chain, and stay there:
// they are inherited, not own, properties of the global object (an
// assignment makes an own property that shadows one). Scripts whose text
// uses own-property reflection, delete of a global (also through an alias
// of the global object) or run-time code, and strict code that may assign
// one of these globals (which goja allows only for own properties), get
// them as own properties from the start. The lodash and jsonwebtoken module
// objects likewise make each export on first read: they list all their keys
// from the start, but freezing one, or defining an accessor or
// non-enumerable property on it, throws a TypeError. JSON gets its
// V8-style parse when the script's text names JSON (or uses a computed
// member of global, globalThis, this, self or window, or any string-keyed
// computed member), when a module that uses JSON loads, or when the result
// needs it: a
// script reaching JSON only through a name assembled in a variable sees
// goja's JSON.parse messages. The wall-clock
// limit stops a busy loop by interrupting it from a timer: with every core
// running JavaScript that timer waits for Go's preemption (about 10 ms), so
// a runaway script can run that much past its deadline.
// Console output, util.inspect and util.format follow Node's formatter
// (line breaks, array columns, Map/Set/Buffer forms, getters never called);
// an error's stack shows goja's frames. goja's regular-expression engine
// numbers named capture groups after the unnamed ones, loses some of their
// captures when both kinds are mixed, and gives matches no groups object.
// Compile therefore removes the names from regular-expression literals, and
// a script whose text contains "(?<" gets RegExp.prototype's exec,
// [Symbol.replace] and source replaced, in its own runtime, by JavaScript
// that restores the groups object, $<name> and the source as written, and
// matches a pattern built at run time (new RegExp) through a copy without
// its names (those three are then not native functions). A "-" next to a
// class escape in a character class
// (/[\s-_]/) is a literal hyphen as in Node when the pattern is a literal
// (Compile escapes it; its source shows "\-"), but new RegExp with such a
// pattern string throws a SyntaxError. goja reads a Unicode property escape
// (\p{L} under the u flag) as letters; Compile writes those of a literal out
// as the classes they stand for (Go's Unicode 15.0 tables; a name it cannot
// give, such as Emoji, fails the compile), and a script whose text names
// RegExp and "p{" gets a RegExp constructor that does the same, with the
// pattern bounded to 1 MiB written out; a literal's source then shows the
// class. Converting a number to a string gives
// one digit too few for about 1 in 13,000 random doubles of 16-17
// significant digits (the result does not read back as the same number);
// values handed to the callback are converted exactly. Strings compare and
// sort by code point rather than by UTF-16 unit (characters beyond U+FFFF
// against U+E000-U+FFFF), and split("") keeps a character beyond U+FFFF
// whole where Node splits its surrogate pair. Dates are in UTC, as on
// Auth0, whatever the process's time zone (see installUTCDates); date
// strings are read as V8 reads them (parseDateV8); Date#toString names UTC
// "(Coordinated Universal Time)" as V8 does;
// toLocaleString and friends write Node's en-US forms in UTC whatever the
// locale and take only the fraction-digit, grouping, percent and hour12
// options; localeCompare takes a locale and the sensitivity,
// numeric and ignorePunctuation options (x/text's collation), not
// caseFirst; there is no Intl, WeakRef or Symbol.asyncIterator.
// Error.captureStackTrace exists for scripts that name it. goja cannot bound
// heap use: the
// sandbox caps response bodies, request count, timers, log bytes, result
// size and recursion depth, but a script building a huge string or array in
// a loop is stopped only by the time limit. Sizes asked for in one call are
// checked before goja allocates them where scripts plausibly take them from
// data, against a 64 MiB cap: a Buffer (alloc, allocUnsafe,
// allocUnsafeSlow, SlowBuffer, Buffer(size), concat's length, an array-like
// copied by from), with Node's errors (buffer.kMaxLength is the cap);
// strings made by repeat, padStart, padEnd, Array#join (built in Go,
// checking the deadline as it goes) and replace/replaceAll with a string
// replacement (the length worked out first), with V8's "Invalid string
// length"; ArrayBuffer and the typed arrays, with V8's errors; Array(n),
// Array#concat's result and the array (or array-like) handed to Array's
// methods that walk every element (map, sort, fill, slice, toString...),
// Array.from or spread, and the arrays split and match make, at most 1 Mi
// elements (a length costs nothing to set, goja's map allocates a sparse
// array's whole length, and the others cannot be interrupted), with V8's
// "Invalid array length"; the argument
// list apply, Reflect.apply and Reflect.construct make, at most 131,072
// arguments (Node runs out of stack past about 125,000). The methods, the
// constructors and apply are replaced only in scripts whose text names
// them (Array when called; spread for the arrays' iterator) or builds code
// at run time; the replaced constructors are JavaScript functions over the
// built-ins' prototypes. Values nested past 10,000 levels are refused by
// JSON.parse, JSON.stringify, Array#join and Array#flat with V8's
// "Maximum call stack size exceeded" (goja recurses once per level in Go),
// and util.inspect stops at 800 levels as Node's does when out of stack;
// code whose brackets nest past 10,000 levels is refused by Compile, and
// by eval(...) and Function(...) called by those names, with the same
// error.
//
// # URIs
//
// request reads a URI as npm request 2.88 does, through Node 20's url.parse:
// the path and query go out as written (dot segments, "//" and escapes such
// as %2F are kept, only the characters url.parse escapes are escaped), the
// host ends where url.parse ends it ("https://{TENANT}.example.com/x" is an
// Invalid URI with request's text, "https://a.example:x/p" goes to a.example
// with path "/:x/p") and a host url.parse refuses ("[APP_NAME].example.com")
// makes request.get throw url.parse's TypeError. The url module's url.parse
// reads hosts with the same code, including the toASCII step for
// international names (lower-cased as JavaScript does, then UTS #46 as
// Node maps them). Where this differs from Node: a port above
// 65535 is an Invalid URI (Node would try to connect); a numeric host in a
// form other than the dotted quad ("0x7f.1") is looked up as a name, where
// Node's resolver reads it as an IPv4 address; a path that
// url.parse leaves without its leading slash (after a host cut short, as in
// "https://a.example<x>/p") is sent with one, where request sends a request
// line servers refuse; and the callback of an Invalid URI error runs after
// request.get returns, not during it.
//
// The URL class (the global, and what http.get and https.get make of a URL
// string) is goja_nodejs's with fixes: for http, https, ws, wss and ftp the
// path is the WHATWG parser's (escapes such as %2F, "//" and a trailing slash
// kept, dot segments resolved, a relative URL resolved against its base's
// folder) and international host names are mapped as the WHATWG parser
// maps them (UTS #46: "ＡＢＣ.com" is abc.com, one it refuses throws; but a
// punycode label that decodes to plain ASCII, "xn--abc-", reads as that
// ASCII, and a punycode label longer than 1,028 bytes is refused),
// backslashes, tabs and a "%" that is no escape are accepted, and
// the search setter drops a leading "?". A URL of another scheme with a
// host (a custom-scheme redirect URI such as com.example.app://t/cb/) is
// read as the WHATWG parser reads it too: an opaque host kept as written,
// "/" the only separator, trailing slashes kept, origin "null". Other URLs
// ("urn:…", "myapp:/cb") keep goja_nodejs's handling, and
// Object.prototype.toString of a URL gives its href.
// URLSearchParams serialises "+" as "%2B". Buffer (goja_nodejs's, with
// additions) takes encoding names in any case, reads base64 and base64url
// leniently, has latin1 (binary), ascii and utf16le (ucs2), and searches
// for strings and Buffers with indexOf, lastIndexOf and includes.
//
// # HTTP clients and compression
//
// The global fetch behaves as Node's own (undici: its request headers,
// "fetch failed" with the reason in cause, a body read once);
// require('node-fetch') is node-fetch 2; axios and http/https follow
// axios 1 and Node's http. With the Engine's own client, request (without gzip) and
// http/https send no Accept-Encoding and get a body as the server sent it,
// as on Node; request's gzip option, fetch, node-fetch and axios ask for
// gzip and deflate and decode them. A client given with WithHTTPClient
// decodes what net/http asked for unless its transport disables
// compression. The zlib module's outputs are capped at the response cap.
//
// # Hardening (deliberate differences from Auth0)
//
//   - TLS is always verified: request's strictSSL / rejectUnauthorized are
//     ignored.
//   - Outbound HTTP goes through the Engine's client (by default one refusing
//     link-local and cloud-metadata addresses); a refused destination fails
//     like ECONNREFUSED.
//   - process is a stub: process.env is empty; no exit, kill or binding.
//   - configuration is an empty object (Auth0 provides it to database scripts;
//     no evidence for custom social connections).
//   - global is per invocation, never shared between logins.
//   - request's auth.sendImmediately:false and cookie jars are not supported
//     (credentials go with the first request; jars are inert).
//   - crypto.pbkdf2 and pbkdf2Sync stop at the deadline, however many
//     iterations they were asked for, and derive at most 1 MiB.
package script
