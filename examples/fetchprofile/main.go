// Command fetchprofile runs a connection's fetchUserProfile script, exactly as
// pasted into Auth0, with a real access token, and prints what it produced:
//
//	go run ./examples/fetchprofile -script fetch.js -access-token "$TOKEN"
//	go run ./examples/fetchprofile -script - -access-token "$TOKEN" -raw < fetch.js
//
// Flags:
//
//	-script FILE        the script text ("-" reads standard input); required
//	-access-token TOKEN the provider access token passed to the script; required
//	-context CTX.json   a JSON object passed as ctx (the token endpoint response);
//	                    default {"access_token": TOKEN}
//	-connection NAME    the connection name used in the normalised user id (default "custom")
//	-raw                print the value the script called back with, not normalised
//	-cacert PEM         extra trusted root certificates for the script's HTTPS calls
//	-timeout 20s        wall-clock limit of the script
//
// Standard output receives JSON: the normalised user (package profile; the
// provider tokens are left out) or, with -raw, the callback value. When the
// script fails, or its profile cannot be normalised, it prints
// {"error": "<message>"} and exits 1; the access token is redacted from the
// message. Bad flags and unreadable files exit 2 with one line on standard
// error. The script's console output goes to standard error.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/socialconn/socialconn/internal/safehttp"
	"github.com/socialconn/socialconn/profile"
	"github.com/socialconn/socialconn/script"
)

// maxInputBytes bounds the script and context files.
const maxInputBytes = 1 << 20

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a bad invocation: exit 2, one line on stderr.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

type config struct {
	script     string
	token      string
	tokenCtx   map[string]any
	connection string
	raw        bool
	roots      *x509.CertPool
	timeout    time.Duration
}

func parseFlags(args []string, stdin io.Reader) (*config, error) {
	fs := flag.NewFlagSet("fetchprofile", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	scriptPath := fs.String("script", "", "script file, or - for standard input")
	token := fs.String("access-token", "", "provider access token")
	ctxPath := fs.String("context", "", "JSON object passed as ctx")
	conn := fs.String("connection", "custom", "connection name")
	raw := fs.Bool("raw", false, "print the callback value as is")
	cacert := fs.String("cacert", "", "PEM file of extra trusted roots")
	timeout := fs.Duration("timeout", script.DefaultTimeout, "script time limit")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("fetchprofile: %v", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("fetchprofile: unexpected argument %q", fs.Arg(0))
	}
	if *scriptPath == "" {
		return nil, usagef("fetchprofile: -script is required")
	}
	if *token == "" {
		return nil, usagef("fetchprofile: -access-token is required")
	}
	if *timeout <= 0 {
		return nil, usagef("fetchprofile: -timeout must be positive")
	}
	if *conn == "" {
		return nil, usagef("fetchprofile: -connection must not be empty")
	}
	c := &config{token: *token, connection: *conn, raw: *raw, timeout: *timeout}

	src, err := readInput(*scriptPath, stdin)
	if err != nil {
		return nil, usagef("fetchprofile: -script: %v", err)
	}
	c.script = string(src)

	c.tokenCtx = map[string]any{"access_token": *token}
	if *ctxPath != "" {
		if *ctxPath == "-" {
			return nil, usagef("fetchprofile: -context: standard input is reserved for -script")
		}
		b, err := readInput(*ctxPath, nil)
		if err != nil {
			return nil, usagef("fetchprofile: -context: %v", err)
		}
		c.tokenCtx = nil
		if err := json.Unmarshal(b, &c.tokenCtx); err != nil || c.tokenCtx == nil {
			return nil, usagef("fetchprofile: -context: not a JSON object")
		}
	}

	if *cacert != "" {
		pem, err := readInput(*cacert, nil)
		if err != nil {
			return nil, usagef("fetchprofile: -cacert: %v", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usagef("fetchprofile: -cacert: no PEM certificate in %s", *cacert)
		}
		c.roots = pool
	}
	return c, nil
}

// readInput reads a file, or stdin for "-", up to maxInputBytes.
func readInput(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := safehttp.ReadLimited(r, maxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stdin)
	if err != nil {
		fmt.Fprintln(stderr, strings.ReplaceAll(err.Error(), "\n", " "))
		return 2
	}
	out, err := fetch(c, stderr)
	if err != nil {
		msg := err.Error()
		var se *script.Error
		if errors.As(err, &se) {
			msg = se.Message
		}
		// Scripts sometimes put the token in their errors; never echo it.
		msg = strings.ReplaceAll(msg, c.token, "[access token]")
		writeJSON(stdout, map[string]string{"error": msg})
		return 1
	}
	writeJSON(stdout, out)
	return 0
}

func fetch(c *config, stderr io.Writer) (any, error) {
	var tlsConf *tls.Config
	if c.roots != nil {
		tlsConf = &tls.Config{RootCAs: c.roots, MinVersion: tls.VersionTLS12}
	}
	// As the engine's own client: bodies arrive as the server sent them,
	// as they do for request and http on Auth0.
	client := safehttp.NewClient(safehttp.Options{TLS: tlsConf, DisableCompression: true})
	engine := script.New(
		script.WithHTTPClient(client),
		script.WithTimeout(c.timeout),
		script.WithLogger(slog.New(&consoleHandler{w: stderr})),
	)
	s, err := engine.Compile(c.script)
	if err != nil {
		return nil, err
	}
	// The engine enforces the timeout; the context only guards the program.
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout+5*time.Second)
	defer cancel()
	res, err := s.FetchUserProfile(ctx, c.token, c.tokenCtx)
	if err != nil {
		return nil, err
	}
	if c.raw {
		return res.Value, nil
	}
	return normalize(res.Value, c)
}

// normalize turns the callback value into the Auth0 user, without the
// provider tokens (this is a debugging tool: its output gets pasted around).
func normalize(raw any, c *config) (any, error) {
	var expires int64
	if f, ok := c.tokenCtx["expires_in"].(float64); ok {
		expires = int64(f)
	}
	u, err := profile.Normalize(raw, profile.Tokens{AccessToken: c.token, ExpiresIn: expires}, profile.Options{Connection: c.connection})
	if err != nil {
		return nil, err
	}
	for i := range u.Identities {
		u.Identities[i].AccessToken = ""
		u.Identities[i].RefreshToken = ""
	}
	return u, nil
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(w, "{\"error\": %q}\n", "fetchprofile: encode output: "+err.Error())
	}
}

// consoleHandler prints script console output as plain lines: the message,
// prefixed with the level when it is not info.
type consoleHandler struct{ w io.Writer }

func (h *consoleHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *consoleHandler) Handle(_ context.Context, r slog.Record) error {
	prefix := ""
	switch {
	case r.Level >= slog.LevelError:
		prefix = "error: "
	case r.Level >= slog.LevelWarn:
		prefix = "warn: "
	}
	_, err := fmt.Fprintln(h.w, prefix+r.Message)
	return err
}

func (h *consoleHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *consoleHandler) WithGroup(string) slog.Handler      { return h }
