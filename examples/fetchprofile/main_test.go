package main

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const token = "at-secret-123"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the command once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fetchprofile-test-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "fetchprofile")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	require.NoError(t, buildErr, binPath)
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" && buildErr == nil {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

type provider struct {
	srv    *httptest.Server
	caFile string
	mu     sync.Mutex
	auth   []string
}

func newProvider(t *testing.T) *provider {
	t.Helper()
	p := &provider{}
	p.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.auth = append(p.auth, r.Header.Get("Authorization"))
		p.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_token"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sub":"u-42","email":"Jane@Example.com","name":"Jane Doe","email_verified":true}`))
	}))
	t.Cleanup(p.srv.Close)
	p.caFile = filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(p.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.srv.Certificate().Raw}), 0o600))
	return p
}

func (p *provider) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.auth...)
}

// userinfoScript is a typical recipe: GET userinfo with the bearer token.
func userinfoScript(url string) string {
	return `function(accessToken, ctx, cb) {
  console.log('calling userinfo');
  request.get('` + url + `', {headers: {Authorization: 'Bearer ' + accessToken}, json: true}, function(e, r, body) {
    if (e) return cb(e);
    if (r.statusCode !== 200) return cb(new Error('StatusCode: ' + r.statusCode + ' token ' + accessToken));
    body.user_id = body.sub;
    body.region = ctx.region;
    cb(null, body);
  });
}`
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

type result struct {
	code           int
	stdout, stderr string
}

func runBin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &m), "stdout: %s", s)
	return m
}

func TestRawProfile(t *testing.T) {
	p := newProvider(t)
	scriptFile := writeFile(t, "fetch.js", userinfoScript(p.srv.URL+"/userinfo"))
	ctxFile := writeFile(t, "ctx.json", `{"access_token":"`+token+`","region":"eu"}`)

	res := runBin(t, "", "-script", scriptFile, "-access-token", token, "-context", ctxFile, "-cacert", p.caFile, "-raw")
	require.Equal(t, 0, res.code, "stderr: %s", res.stderr)
	assert.Equal(t, map[string]any{
		"sub": "u-42", "user_id": "u-42", "email": "Jane@Example.com", "name": "Jane Doe",
		"email_verified": true, "region": "eu",
	}, decode(t, res.stdout))
	assert.Equal(t, "calling userinfo\n", res.stderr)
	assert.Equal(t, []string{"Bearer " + token}, p.seen())
}

func TestNormalisedProfileFromStdin(t *testing.T) {
	p := newProvider(t)
	res := runBin(t, userinfoScript(p.srv.URL+"/userinfo"), "-script", "-", "-access-token", token, "-cacert", p.caFile, "-connection", "acme")
	require.Equal(t, 0, res.code, "stderr: %s", res.stderr)
	u := decode(t, res.stdout)
	assert.Equal(t, "oauth2|acme|u-42", u["user_id"])
	assert.Equal(t, "Jane@Example.com", u["email"])
	ids, ok := u["identities"].([]any)
	require.True(t, ok, "identities: %v", u["identities"])
	require.Len(t, ids, 1)
	assert.Equal(t, "acme", ids[0].(map[string]any)["connection"])
	assert.NotContains(t, res.stdout, token, "the provider token must not be printed")
}

func TestScriptFailures(t *testing.T) {
	p := newProvider(t)
	tests := []struct {
		name      string
		script    string
		args      []string
		wantError string
	}{
		{
			name:      "callback error with the token redacted",
			script:    userinfoScript(p.srv.URL + "/userinfo"),
			args:      []string{"-access-token", "wrong-token-xyz", "-cacert", p.caFile},
			wantError: "StatusCode: 401 token [access token]",
		},
		{
			name:      "untrusted certificate without -cacert",
			script:    userinfoScript(p.srv.URL + "/userinfo"),
			args:      []string{"-access-token", token},
			wantError: "certificate",
		},
		{
			name:      "thrown",
			script:    `function(a, c, cb) { cb(null, profile); }`,
			args:      []string{"-access-token", token},
			wantError: "profile is not defined",
		},
		{
			name:      "timeout",
			script:    `function(a, c, cb) { setTimeout(function() {}, 60000); }`,
			args:      []string{"-access-token", token, "-timeout", "300ms"},
			wantError: "time",
		},
		{
			name:      "profile without user_id",
			script:    `function(a, c, cb) { cb(null, {email: 'x@example.com'}); }`,
			args:      []string{"-access-token", token},
			wantError: "user_id",
		},
		{
			name:      "syntax error",
			script:    `function(a, c, cb) { cb(null, {); }`,
			args:      []string{"-access-token", token},
			wantError: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeFile(t, "s.js", tt.script)
			res := runBin(t, "", append([]string{"-script", f}, tt.args...)...)
			require.Equal(t, 1, res.code, "stdout: %s stderr: %s", res.stdout, res.stderr)
			out := decode(t, res.stdout)
			require.Len(t, out, 1)
			msg, ok := out["error"].(string)
			require.True(t, ok)
			assert.NotEmpty(t, msg)
			assert.Contains(t, msg, tt.wantError)
			assert.NotContains(t, res.stdout+res.stderr, "wrong-token-xyz")
		})
	}
}

func TestUsageErrors(t *testing.T) {
	okScript := writeFile(t, "ok.js", `function(a, c, cb) { cb(null, {user_id: '1'}); }`)
	notJSON := writeFile(t, "ctx.json", `{"a":`)
	array := writeFile(t, "arr.json", `[1]`)
	notPEM := writeFile(t, "ca.pem", "hello")
	missing := filepath.Join(t.TempDir(), "missing.js")
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "no script", args: []string{"-access-token", token}, wantErr: "-script is required"},
		{name: "no token", args: []string{"-script", okScript}, wantErr: "-access-token is required"},
		{name: "unknown flag", args: []string{"-script", okScript, "-access-token", token, "-bogus"}, wantErr: "bogus"},
		{name: "unreadable script", args: []string{"-script", missing, "-access-token", token}, wantErr: "missing.js"},
		{name: "bad context JSON", args: []string{"-script", okScript, "-access-token", token, "-context", notJSON}, wantErr: "not a JSON object"},
		{name: "context not an object", args: []string{"-script", okScript, "-access-token", token, "-context", array}, wantErr: "not a JSON object"},
		{name: "bad cacert", args: []string{"-script", okScript, "-access-token", token, "-cacert", notPEM}, wantErr: "no PEM certificate"},
		{name: "bad timeout", args: []string{"-script", okScript, "-access-token", token, "-timeout", "0s"}, wantErr: "-timeout"},
		{name: "stray argument", args: []string{"-script", okScript, "-access-token", token, "extra"}, wantErr: "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runBin(t, "", tt.args...)
			assert.Equal(t, 2, res.code)
			assert.Empty(t, res.stdout)
			assert.Contains(t, res.stderr, tt.wantErr)
			assert.Equal(t, 1, strings.Count(res.stderr, "\n"), "one line: %q", res.stderr)
			assert.NotContains(t, res.stderr, token)
		})
	}
}
