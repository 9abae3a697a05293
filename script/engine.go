package script

import (
	"crypto/sha256"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/socialconn/socialconn/internal/safehttp"
)

// Defaults for the Engine's limits.
const (
	DefaultTimeout          = 20 * time.Second
	DefaultMaxResponseBytes = 4 << 20
	DefaultMaxRequests      = 20
	DefaultMaxRedirects     = 10
	// maxLogBytes caps the console output kept per invocation.
	maxLogBytes = 64 << 10
	// maxResultBytes caps the JSON size of a callback value.
	maxResultBytes = 1 << 20
	// maxCallStack bounds JavaScript recursion depth.
	maxCallStack = 2000
	// maxSourceBytes caps a script's size (Auth0 allows 51200 characters).
	maxSourceBytes = 256 << 10
	// maxCachedScripts bounds the compile cache.
	maxCachedScripts = 1024
)

type config struct {
	client           *http.Client
	timeout          time.Duration
	logger           *slog.Logger
	maxResponseBytes int64
	maxRequests      int
	maxRedirects     int
	// checkRedirect is the http.Client.CheckRedirect of each redirect mode
	// (followNone...), built by New.
	checkRedirect [followModes]func(*http.Request, []*http.Request) error
}

// Option configures an Engine.
type Option func(*config)

// WithHTTPClient sets the client all outbound script HTTP goes through. The
// default is safehttp.NewClient with safehttp.DefaultPolicy and no
// transparent compression. The client's own CheckRedirect is not used: the
// Engine follows redirects itself so that it can apply request's
// followRedirect rules and WithMaxRedirects.
//
// Node's request and http send no Accept-Encoding unless the script does,
// and hand the body over as the server sent it. For the same with c, give
// its *http.Transport DisableCompression: otherwise net/http asks for gzip
// and decodes it before the script sees the body.
func WithHTTPClient(c *http.Client) Option {
	return func(cf *config) {
		if c != nil {
			cf.client = c
		}
	}
}

// WithTimeout sets the wall-clock limit of one invocation (default 20s, as
// Auth0). A non-positive value keeps the default.
func WithTimeout(d time.Duration) Option {
	return func(cf *config) {
		if d > 0 {
			cf.timeout = d
		}
	}
}

// WithLogger sends script console output (and engine warnings such as a
// second callback call) to l as well as to Result.Logs. In what goes to l,
// the invocation's access token and the ctx's access_token, refresh_token
// and id_token values are replaced by "[redacted]"; Result.Logs keep the
// script's own words.
func WithLogger(l *slog.Logger) Option {
	return func(cf *config) { cf.logger = l }
}

// WithMaxResponseBytes caps each response body a script receives (default
// 4 MiB). A larger body fails that request with an error.
func WithMaxResponseBytes(n int64) Option {
	return func(cf *config) {
		if n > 0 {
			cf.maxResponseBytes = n
		}
	}
}

// WithMaxRequests caps the HTTP requests one invocation may make (default 20).
func WithMaxRequests(n int) Option {
	return func(cf *config) {
		if n > 0 {
			cf.maxRequests = n
		}
	}
}

// WithMaxRedirects caps the redirects followed per request (default 10). A
// negative value disables following redirects.
func WithMaxRedirects(n int) Option {
	return func(cf *config) {
		if n != 0 {
			cf.maxRedirects = n
		}
	}
}

// Engine compiles and runs scripts. It is safe for concurrent use; compiled
// scripts are cached by source.
type Engine struct {
	cfg config

	mu    sync.Mutex
	cache map[[32]byte]*Script
}

// New returns an Engine.
func New(opts ...Option) *Engine {
	cf := config{
		timeout:          DefaultTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
		maxRequests:      DefaultMaxRequests,
		maxRedirects:     DefaultMaxRedirects,
	}
	for _, o := range opts {
		if o != nil {
			o(&cf)
		}
	}
	if cf.client == nil {
		cf.client = safehttp.NewClient(safehttp.Options{Policy: safehttp.DefaultPolicy, DisableCompression: true})
	}
	for mode := range cf.checkRedirect {
		cf.checkRedirect[mode] = checkRedirect(mode, cf.maxRedirects)
	}
	return &Engine{cfg: cf, cache: map[[32]byte]*Script{}}
}

// Script is a compiled script bound to its Engine. It is safe for concurrent
// use: each call runs in a fresh, isolated JavaScript runtime.
type Script struct {
	e    *Engine
	prog *goja.Program
	// direct is the source's value without the wrapper, for an expression
	// without loops that needs none of the wrapper's parameters (see
	// compileDirect).
	direct *goja.Program
	// expr reports that the source was compiled as an expression (a function
	// expression, module.exports = ..., an IIFE) rather than as a body of
	// statements.
	expr bool
	// compatGlobals gives the script its globals as own properties of the
	// global object (see setupGlobals).
	compatGlobals bool
	// eagerJSON and eagerError capture the original JSON (with the V8-style
	// parse) and Error before the script runs (see setupGlobals).
	eagerJSON, eagerError bool
	// moduleScope gives the wrapper its module, exports and require (and
	// exports as this): set when the text could reach them (moduleScopeRe).
	moduleScope bool
	// loops reports that the script has loops, whose bodies call the
	// wrapper's loop check (see instrumentLoops).
	loops bool
	// captureStack gives the runtime Error.captureStackTrace (see
	// installCaptureStackTrace): set when the text names it.
	captureStack bool
	// locale gives the runtime en-US toLocaleString and friends (see
	// installLocale): set when the text names one of them.
	locale bool
	// uriFunctions are the URI functions whose errors are worded as V8
	// does (see installURIErrors): those the text could call.
	uriFunctions []string
	// dateParse reads date strings as V8 does (see installDateParse): set
	// when the text could parse one or call Date without new
	// (needsDateStandIn).
	dateParse bool
	// localeCompare gives String#localeCompare its locales and options
	// (see installLocaleCompare): set when the text could call it.
	localeCompare bool
	// dateZoneNames makes Date#toString name UTC as V8 does (see
	// installDateZoneNames), or, where the process's zone is not UTC, the
	// dateMethods work in UTC (installUTCDates): set when the text could
	// make a Date.
	dateZoneNames bool
	// dateMethods are the local-time methods of Date the text could call
	// (dateMethodsToWrap).
	dateMethods []string
	// wellFormed gives the runtime String.prototype.isWellFormed and
	// toWellFormed (see wellFormedProgram): set when the text names them.
	wellFormed bool
	// stringGuard caps the strings repeat, padStart and padEnd make (see
	// guardStrings): set when the text could reach them.
	stringGuard bool
	// joinGuard caps the strings Array#join makes (see guardJoin): set
	// when the text could call it.
	joinGuard bool
	// replaceGuard and concatGuard cap what String#replace/replaceAll and
	// Array#concat make (see guardReplace, guardConcat): set when the text
	// could call them.
	replaceGuard, concatGuard bool
	// arrayMethods are the methods of Array (Array.from, and the
	// lengthGuardedMethods of its prototype) whose length checks the
	// runtime gets (see guardArrayLengths): those the text names.
	arrayMethods []string
	// stringArrays are the stringArrayMethods the text could call (see
	// guardStringArrays).
	stringArrays []string
	// applyGuard caps the argument lists apply and Reflect make (see
	// guardApply): set when the text could reach them.
	applyGuard bool
	// sizedConstructors are the constructors whose sizes are checked (see
	// guardConstructors): those the text could reach.
	sizedConstructors []string
	// namedGroups gives the runtime Node's named capture groups (see
	// installNamedGroups): set when the text may make such a pattern.
	namedGroups bool
	// namedPatterns are the literals whose group names Compile removed.
	namedPatterns map[string]namedPattern
	// regExpEscapes gives the runtime a RegExp constructor that reads
	// property escapes (see installRegExpEscapes): set when the text names
	// RegExp and may hold one.
	regExpEscapes bool
	// src is the source as given; sites its call sites, read from it when
	// a TypeError first needs them (see callSiteMessage).
	src       string
	sitesOnce sync.Once
	sites     map[siteKey]callSite
}

// Compile parses src, the text exactly as stored in options.scripts.*, and
// returns a Script. Accepted shapes: an anonymous, named, async or arrow
// function; module.exports = function ...; exports.fetchUserProfile = ...;
// an immediately invoked wrapper returning the function; or statements that
// declare a function. Compile reports syntax errors as *Error of kind
// KindCompile with line numbers relative to src. It does not check that the
// source defines the function a later call needs: that is reported by the
// call.
func (e *Engine) Compile(src string) (*Script, error) {
	if len(src) > maxSourceBytes {
		return nil, &Error{Kind: KindCompile, Message: "source is larger than 256 KiB"}
	}
	key := sha256.Sum256([]byte(src))
	e.mu.Lock()
	s, ok := e.cache[key]
	e.mu.Unlock()
	if ok {
		return s, nil
	}
	if codeNestsPast(src, maxNesting) {
		return nil, &Error{Kind: KindCompile, Name: "RangeError", Message: "Maximum call stack size exceeded"}
	}
	c, err := compileSource(src)
	if err != nil {
		return nil, err
	}
	s = &Script{e: e, prog: c.prog, expr: c.expr, loops: c.loops, compatGlobals: needsCompatGlobals(src, c.writesGlobal), src: src}
	s.eagerJSON = s.compatGlobals || eagerJSONRe.MatchString(src)
	s.eagerError = s.compatGlobals || eagerErrorRe.MatchString(src)
	s.moduleScope = s.compatGlobals || moduleScopeRe.MatchString(src)
	s.stringGuard = stringGuardRe.MatchString(src)
	s.sizedConstructors = constructorsToGuard(src)
	s.applyGuard = applyGuardRe.MatchString(src)
	s.joinGuard = joinGuardRe.MatchString(src)
	s.replaceGuard = replaceGuardRe.MatchString(src)
	s.concatGuard = concatGuardRe.MatchString(src)
	s.arrayMethods = arrayMethodsToGuard(src)
	s.stringArrays = namesReached(src, stringArrayMethods)
	s.namedGroups = namedGroupsRe.MatchString(src)
	s.regExpEscapes = needsRegExpEscapes(src)
	s.captureStack = strings.Contains(src, "captureStackTrace")
	s.locale = strings.Contains(src, "toLocale")
	s.wellFormed = strings.Contains(src, "WellFormed")
	s.uriFunctions = uriFunctionsToWrap(src)
	s.dateZoneNames = dateTextRe.MatchString(src)
	if s.dateZoneNames {
		s.dateMethods = dateMethodsToWrap(src)
	}
	s.localeCompare = localeCompareRe.MatchString(src)
	s.dateParse = needsDateStandIn(src, !localZoneIsUTC())
	s.namedPatterns = c.namedPatterns
	if c.expr && !c.loops && !s.moduleScope {
		s.direct = compileDirect(c.exprText)
	}
	e.mu.Lock()
	if len(e.cache) >= maxCachedScripts {
		// Crude but bounded: start over rather than track recency.
		clear(e.cache)
	}
	e.cache[key] = s
	e.mu.Unlock()
	return s, nil
}
