// Package nodecompat runs Auth0-style scripts under real Node.js with the npm
// packages Auth0 offered (request 2.88.2, jsonwebtoken, lodash, ...), so that
// tests can compare package script's sandbox with the runtime it imitates and
// benchmarks can measure Node doing the same work.
//
// It is a test and benchmark helper: Node and npm are never a runtime
// dependency of the library. A Runner keeps one Node process that answers
// many scripts; every script gets a fresh vm context (its own globals) but
// shares the process's module cache. All HTTP(S) connections the scripts open
// go to the addresses given in Options (typically an internal/mockidp
// server), whatever host the URL names; TLS stays verified, for the URL's
// host, against Options.CAPEM.
//
// What it does NOT do: sandbox anything (scripts can reach Node's core
// modules through require unless Options.Modules restricts it), or isolate
// scripts from each other's module-level state.
package nodecompat

import (
	"bufio"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

//go:embed harness.js
var harnessJS []byte

// Packages are the npm packages installed for scripts, pinned. An alias
// "name-version@npm:name@version" serves require('name@version').
var Packages = []string{
	"request@2.88.2",
	"jsonwebtoken@9.0.3",
	"jsonwebtoken-7.1.9@npm:jsonwebtoken@7.1.9",
	"jwt-decode@3.1.2",
	"lodash@4.18.1",
	"xmldom@0.6.0",
	"xml2js@0.6.2",
	"uuid@9.0.1",
	"xtend@4.0.2",
	"axios@1.21.1",
	"node-fetch@2.7.0",
	"request-promise@4.2.6",
	"request-promise-native@1.0.9",
	"jwks-rsa@3.2.2",
	"async@3.2.6",
	// The bundled undici of Node 20.20, for a dispatcher that sends Node's
	// own fetch to the mock (harness.js).
	"undici@6.24.1",
}

// ErrNoNode is returned when no node executable is on PATH.
var ErrNoNode = errors.New("nodecompat: node not found on PATH")

// NodePath returns the node executable's path, or ErrNoNode.
func NodePath() (string, error) {
	p, err := exec.LookPath("node")
	if err != nil {
		return "", ErrNoNode
	}
	return p, nil
}

// RequireNode returns the node executable's path for a test that compares
// with Node. Without node it skips the test, or fails it when CI is set (CI
// always has node).
func RequireNode(tb testing.TB) string {
	tb.Helper()
	p, err := NodePath()
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("node is required in CI")
		}
		tb.Skip("node not installed")
	}
	return p
}

// CacheDir is where Install puts packages: $XDG_CACHE_HOME/socialconn-nodecompat
// or, without XDG_CACHE_HOME, os.UserCacheDir()/socialconn-nodecompat.
func CacheDir() (string, error) {
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" {
		var err error
		if base, err = os.UserCacheDir(); err != nil {
			return "", fmt.Errorf("nodecompat: cache dir: %w", err)
		}
	}
	return filepath.Join(base, "socialconn-nodecompat"), nil
}

var installMu sync.Mutex

const installedMarker = ".nodecompat-installed"

// Install makes sure Packages are installed and returns the folder holding
// node_modules. The first call runs npm install (network access to the npm
// registry needed); later calls, in this or another process, reuse the
// folder, which is keyed by the package list. Concurrent installers race
// harmlessly: each installs into a temporary folder and renames it.
func Install(ctx context.Context) (string, error) {
	installMu.Lock()
	defer installMu.Unlock()
	root, err := CacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(strings.Join(Packages, "\n")))
	dir := filepath.Join(root, hex.EncodeToString(sum[:6]))
	if _, err := os.Stat(filepath.Join(dir, installedMarker)); err == nil {
		return dir, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("nodecompat: npm not found on PATH")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("nodecompat: create cache dir: %w", err)
	}
	tmp, err := os.MkdirTemp(root, "install-")
	if err != nil {
		return "", fmt.Errorf("nodecompat: create install dir: %w", err)
	}
	defer os.RemoveAll(tmp) // no-op after a successful rename
	if err := os.WriteFile(filepath.Join(tmp, "package.json"), []byte(`{"private": true}`+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("nodecompat: write package.json: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	args := append([]string{"install", "--prefix", tmp, "--no-audit", "--no-fund", "--save-exact", "--loglevel=error"}, Packages...)
	cmd := exec.CommandContext(ctx, npm, args...)
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("nodecompat: npm install: %w\n%s", err, tail(out, 2000))
	}
	if err := os.WriteFile(filepath.Join(tmp, installedMarker), []byte(strings.Join(Packages, "\n")+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("nodecompat: write marker: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process may have won the race.
		if _, serr := os.Stat(filepath.Join(dir, installedMarker)); serr == nil {
			return dir, nil
		}
		return "", fmt.Errorf("nodecompat: move install into place: %w", err)
	}
	return dir, nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// Options configure a Runner.
type Options struct {
	// HTTPAddr is the host:port every plain http:// connection goes to.
	// Empty leaves plain HTTP alone (real network).
	HTTPAddr string
	// HTTPSAddr is the host:port every https:// connection goes to, with SNI
	// and certificate verification for the URL's host.
	HTTPSAddr string
	// CAPEM are extra trusted root certificates (NODE_EXTRA_CA_CERTS).
	CAPEM []byte
	// Modules, when non-nil, restricts require to these names (a version
	// suffix "@x.y.z" is allowed on any of them). nil allows every installed
	// package and Node core module.
	Modules []string
	// Globals are pre-injected globals: global name -> module name, such as
	// {"jwt": "jsonwebtoken"}. request, require, console, Buffer, URL,
	// timers and fetch are always there.
	Globals map[string]string
	// Timeout is Node's own limit per call before it reports a timeout
	// (default 20s). Calls also honour their context: past its deadline the
	// Node process is killed and restarted on the next call.
	Timeout time.Duration
	// Stderr receives Node's standard error (module warnings, late failures
	// of finished scripts); nil discards it.
	Stderr io.Writer
}

// Call is one request to the Node process.
type Call struct {
	// Script is the source exactly as stored in the connection.
	Script string
	// Function is "fetchUserProfile" (default) or "getLogoutUrl": the name
	// looked up when the script is a set of statements.
	Function string
	// Args are passed before the callback, after a JSON round trip.
	Args []any
	// Repeat calls the compiled function this many times in a row (one fresh
	// callback each, same vm context), for benchmarks. Zero means once.
	Repeat int
}

// ScriptError is a script failure as Node saw it.
type ScriptError struct {
	// Kind is "compile", "callback", "thrown", "timeout" or "invalid result".
	Kind string
	// Name is the error's class ("TypeError") when it was an object.
	Name string
	// Message is the error's message property, or the string passed.
	Message string
}

// Error formats the failure with its kind, name and message.
func (e *ScriptError) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("%s (%s): %s: %s", "nodecompat", e.Kind, e.Name, e.Message)
	}
	return fmt.Sprintf("nodecompat (%s): %s", e.Kind, e.Message)
}

// LogEntry is one console call of the script.
type LogEntry struct {
	Level   string `json:"level"`
	Message string `json:"message"`
}

// Result is Node's answer to a Call.
type Result struct {
	// Value is the JSON value passed to the callback (nil for undefined) of
	// the last call, when Err is nil.
	Value any
	// Err is the script failure of the last call, or nil.
	Err *ScriptError
	// Logs is the script's console output over all calls.
	Logs []LogEntry
	// Calls is the number of calls made, Errors how many failed.
	Calls, Errors int
	// CallTime is Node's time spent in the calls (compile excluded);
	// TotalTime includes context creation and compile.
	CallTime, TotalTime time.Duration
}

type answer struct {
	ID        *int64     `json:"id"`
	Ready     bool       `json:"ready"`
	Value     any        `json:"value"`
	Error     *string    `json:"error"`
	ErrorName string     `json:"errorName"`
	Kind      string     `json:"kind"`
	Logs      []LogEntry `json:"logs"`
	CallNs    int64      `json:"callNs"`
	TotalNs   int64      `json:"totalNs"`
	Calls     int        `json:"calls"`
	Errors    int        `json:"errors"`
}

// Runner drives one long-lived Node process. Its methods are safe for
// concurrent use; calls are answered one at a time.
type Runner struct {
	o       Options
	node    string
	modules string
	tmp     string

	mu     sync.Mutex
	proc   *exec.Cmd
	stdin  io.WriteCloser
	lines  chan []byte
	exited chan struct{}
	nextID int64
	closed bool
}

// Start installs the packages if needed and starts Node. It returns
// ErrNoNode when node is absent.
func Start(ctx context.Context, o Options) (*Runner, error) {
	node, err := NodePath()
	if err != nil {
		return nil, err
	}
	mods, err := Install(ctx)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "nodecompat-")
	if err != nil {
		return nil, fmt.Errorf("nodecompat: temp dir: %w", err)
	}
	r := &Runner{o: o, node: node, modules: mods, tmp: tmp}
	if err := os.WriteFile(filepath.Join(tmp, "harness.js"), harnessJS, 0o600); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, fmt.Errorf("nodecompat: write harness: %w", err)
	}
	if len(o.CAPEM) > 0 {
		if err := os.WriteFile(filepath.Join(tmp, "ca.pem"), o.CAPEM, 0o600); err != nil {
			_ = os.RemoveAll(tmp)
			return nil, fmt.Errorf("nodecompat: write CA: %w", err)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.startLocked(ctx); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	return r, nil
}

// StartTest starts a Runner for a test, skipping the test when node is not
// installed, and closes it when the test ends.
func StartTest(tb testing.TB, o Options) *Runner {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := Start(ctx, o)
	if errors.Is(err, ErrNoNode) {
		tb.Skip("node is not installed: skipping the comparison with real Node")
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = r.Close() })
	return r
}

func (r *Runner) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		lk := strings.ToLower(k)
		// request honours proxy variables; NODE_OPTIONS could load anything.
		if strings.HasSuffix(lk, "_proxy") || lk == "node_options" || strings.HasPrefix(k, "NODECOMPAT_") || k == "NODE_EXTRA_CA_CERTS" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"NODECOMPAT_DIR="+r.modules,
		"NODECOMPAT_HTTP="+r.o.HTTPAddr,
		"NODECOMPAT_HTTPS="+r.o.HTTPSAddr,
	)
	if len(r.o.CAPEM) > 0 {
		env = append(env, "NODE_EXTRA_CA_CERTS="+filepath.Join(r.tmp, "ca.pem"))
	}
	if r.o.Timeout > 0 {
		env = append(env, "NODECOMPAT_TIMEOUT_MS="+strconv.FormatInt(r.o.Timeout.Milliseconds(), 10))
	}
	if r.o.Modules != nil {
		b, _ := json.Marshal(r.o.Modules)
		env = append(env, "NODECOMPAT_MODULES="+string(b))
	}
	if len(r.o.Globals) > 0 {
		b, _ := json.Marshal(r.o.Globals)
		env = append(env, "NODECOMPAT_GLOBALS="+string(b))
	}
	return env
}

const maxLine = 64 << 20

func (r *Runner) startLocked(ctx context.Context) error {
	cmd := exec.Command(r.node, filepath.Join(r.tmp, "harness.js"))
	cmd.Dir = r.tmp
	cmd.Env = r.env()
	if r.o.Stderr != nil {
		cmd.Stderr = r.o.Stderr
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("nodecompat: stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("nodecompat: stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("nodecompat: start node: %w", err)
	}
	lines := make(chan []byte, 1)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), maxLine)
		for sc.Scan() {
			lines <- append([]byte(nil), sc.Bytes()...)
		}
		_ = cmd.Wait()
	}()
	r.proc, r.stdin, r.lines, r.exited = cmd, stdin, lines, exited
	// Wait for the ready line so that start-up failures surface here.
	ready, err := r.readLocked(ctx, 30*time.Second)
	if err != nil {
		r.killLocked()
		return fmt.Errorf("nodecompat: node did not start: %w", err)
	}
	if !ready.Ready {
		r.killLocked()
		return errors.New("nodecompat: unexpected first line from node")
	}
	return nil
}

func (r *Runner) readLocked(ctx context.Context, limit time.Duration) (*answer, error) {
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case line := <-r.lines:
		var a answer
		if err := json.Unmarshal(line, &a); err != nil {
			return nil, fmt.Errorf("nodecompat: bad answer %q: %w", tail(line, 200), err)
		}
		return &a, nil
	case <-r.exited:
		return nil, errors.New("nodecompat: node exited")
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, errors.New("nodecompat: no answer from node in time")
	}
}

func (r *Runner) killLocked() {
	if r.proc == nil {
		return
	}
	_ = r.stdin.Close()
	_ = r.proc.Process.Kill()
	for { // drain so the reader goroutine can finish
		select {
		case <-r.lines:
			continue
		case <-r.exited:
		}
		break
	}
	r.proc = nil
}

// Run calls the script's fetchUserProfile(accessToken, tokenCtx, callback).
// The returned error is about the harness (Node missing or crashed, context
// expired); the script's own failure is in Result.Err.
func (r *Runner) Run(ctx context.Context, script, accessToken string, tokenCtx map[string]any) (Result, error) {
	return r.Call(ctx, Call{Script: script, Function: "fetchUserProfile", Args: []any{accessToken, tokenCtx}})
}

// Call sends one Call and waits for its answer. When ctx expires first, the
// Node process is killed (it may be stuck in a loop) and restarted by the
// next call.
func (r *Runner) Call(ctx context.Context, c Call) (Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Result{}, errors.New("nodecompat: runner closed")
	}
	if r.proc == nil {
		if err := r.startLocked(ctx); err != nil {
			return Result{}, err
		}
	}
	r.nextID++
	id := r.nextID
	fn := c.Function
	if fn == "" {
		fn = "fetchUserProfile"
	}
	if c.Args == nil {
		c.Args = []any{}
	}
	req, err := json.Marshal(map[string]any{"id": id, "script": c.Script, "function": fn, "args": c.Args, "repeat": c.Repeat})
	if err != nil {
		return Result{}, fmt.Errorf("nodecompat: encode call: %w", err)
	}
	if _, err := r.stdin.Write(append(req, '\n')); err != nil {
		r.killLocked()
		return Result{}, fmt.Errorf("nodecompat: write to node: %w", err)
	}
	for {
		a, err := r.readLocked(ctx, 24*time.Hour)
		if err != nil {
			r.killLocked()
			return Result{}, err
		}
		if a.ID == nil || *a.ID != id {
			continue // a stale answer of a call abandoned earlier
		}
		res := Result{
			Logs:      a.Logs,
			Calls:     a.Calls,
			Errors:    a.Errors,
			CallTime:  time.Duration(a.CallNs),
			TotalTime: time.Duration(a.TotalNs),
		}
		if a.Error != nil {
			if a.Kind == "protocol" {
				return res, fmt.Errorf("nodecompat: harness failure: %s", *a.Error)
			}
			res.Err = &ScriptError{Kind: a.Kind, Name: a.ErrorName, Message: *a.Error}
		} else {
			res.Value = a.Value
		}
		return res, nil
	}
}

// Close stops Node and removes the runner's temporary files.
func (r *Runner) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	r.killLocked()
	return os.RemoveAll(r.tmp)
}
