package script

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/socialconn/socialconn/internal/nodecompat"
)

// noNetworkClient fails every request: for tests of what request makes of a
// URI before anything is sent.
var noNetworkClient = &http.Client{Transport: failingTransport{}}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in this test")
}

// requestURICase is one URI of testdata/request/request_uris.json and what
// npm request 2.88.2 on Node 20 made of it: request.uri, the error it
// reported, or what it threw.
type requestURICase struct {
	URI  string         `json:"uri"`
	Want map[string]any `json:"want"`
}

// requestURIProbe is gen_request_uris.js's probe for the sandbox.
const requestURIProbe = `function (a, ctx, cb) {
  var fields = ['protocol', 'auth', 'host', 'port', 'hostname', 'hash', 'search', 'query', 'pathname', 'path', 'href'];
  var r;
  try {
    r = request.get(ctx.u, function (e) {
      if (e && /^Invalid /.test(e.message)) return cb(null, {error: e.message});
      var o = {};
      fields.forEach(function (k) { o[k] = r.uri[k] === undefined ? null : r.uri[k]; });
      cb(null, {uri: o});
    });
  } catch (e) {
    cb(null, {threw: e.name + ' ' + e.code + ' ' + e.message});
  }
}`

func requestURIOutcomes(t *testing.T, cases []requestURICase) []map[string]any {
	s, err := New(WithHTTPClient(noNetworkClient)).Compile(requestURIProbe)
	require.NoError(t, err)
	out := make([]map[string]any, len(cases))
	for i, c := range cases {
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"u": c.URI})
		require.NoError(t, err, c.URI)
		b, _ := json.Marshal(r.Value)
		require.NoError(t, json.Unmarshal(b, &out[i]))
	}
	return out
}

// nodeRecord is a JSON file under testdata that a Node script beside it
// (gen) writes to its standard output.
type nodeRecord struct {
	dir, file, gen string
	// modules: gen requires npm packages (from the nodecompat cache).
	modules bool
}

// load decodes the recorded file into v.
func (r nodeRecord) load(t testing.TB, v any) {
	raw, err := os.ReadFile(filepath.Join("testdata", r.dir, r.file))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, v))
}

// checkLive runs gen under Node (skipping without Node or with -short) and
// fails when its output decodes to something other than the recorded file:
// the recorded values cannot drift from Node's. fresh makes a value of the
// recorded type to decode into.
func (r nodeRecord) checkLive(t *testing.T, fresh func() any) {
	if testing.Short() {
		t.Skip("runs Node: skipped with -short")
	}
	node := nodecompat.RequireNode(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, r.gen)
	cmd.Dir = filepath.Join("testdata", r.dir)
	if r.modules {
		dir, err := nodecompat.Install(ctx)
		require.NoError(t, err)
		cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	}
	out, err := cmd.Output()
	require.NoError(t, err)
	recorded, live := fresh(), fresh()
	r.load(t, recorded)
	require.NoError(t, json.Unmarshal(out, live))
	assert.Equal(t, recorded, live, "%s is stale: regenerate it with %s", r.file, r.gen)
}

var requestURIRecord = nodeRecord{dir: "request", file: "request_uris.json", gen: "gen_request_uris.js", modules: true}

// TestRequestURIsMatchNode: request reads a URI as url.parse does in Node 20,
// path and query kept as written (no dot segments removed, no escape
// decoded: "/a%2Fb" is not "/a/b"), the host cut short or refused where
// url.parse cuts or refuses it, with request's errors, word for word.
func TestRequestURIsMatchNode(t *testing.T) {
	var cases []requestURICase
	requestURIRecord.load(t, &cases)
	got := requestURIOutcomes(t, cases)
	for i, c := range cases {
		assert.Equal(t, c.Want, got[i], "%q", c.URI)
	}
}

// TestRequestURIsMatchNodeLive regenerates request_uris.json's values under
// Node 20 with request 2.88.2 (installed into the nodecompat cache), so that
// the recorded values cannot drift from Node's.
func TestRequestURIsMatchNodeLive(t *testing.T) {
	requestURIRecord.checkLive(t, func() any { return &[]requestURICase{} })
}

// Where the sandbox deliberately differs: a port above 65535 is an Invalid
// URI (request on Node would try to connect and fail).
func TestRequestURIHardening(t *testing.T) {
	got := requestURIOutcomes(t, []requestURICase{{URI: "https://x.test:65536/p"}})
	assert.Equal(t, map[string]any{"error": `Invalid URI "https://x.test:65536/p"`}, got[0])
}

// TestRequestSendsTheTargetAsWritten: the request line carries the path and
// query as url.parse left them (request lines recorded from request 2.88.2
// on Node 20 against the same URLs).
func TestRequestSendsTheTargetAsWritten(t *testing.T) {
	addr, lines := requestLineServer(t)
	s, err := New().Compile(`function (a, ctx, cb) { request.get(ctx.u, function (e, r, b) { cb(e, b) }) }`)
	require.NoError(t, err)
	for path, want := range map[string]string{
		"/users/a%2Fb%20c/x%2e/./y/../z//w?q=a%2Fb": "GET /users/a%2Fb%20c/x%2e/./y/../z//w?q=a%2Fb HTTP/1.1",
		"/p%zz/q?r=%zz": "GET /p%zz/q?r=%zz HTTP/1.1",
		"/a[0]/b":       "GET /a[0]/b HTTP/1.1",
		"/x\"y{z}|^`<>": "GET /x%22y%7Bz%7D%7C%5E%60%3C%3E HTTP/1.1",
	} {
		r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"u": "http://" + addr + path})
		require.NoError(t, err, path)
		assert.Equal(t, "ok", r.Value)
		assert.Equal(t, want, <-lines)
	}
}

// FuzzRequestURI: whatever request is given, legacyParse does not panic; the
// host a request is sent to is the host request.uri names (no parser
// differential between the two); and url.format's text of the result reads
// back to itself.
func FuzzRequestURI(f *testing.F) {
	var cases []requestURICase
	requestURIRecord.load(f, &cases)
	for _, c := range cases {
		f.Add(c.URI)
	}
	f.Add("https://a@b@c/d")
	f.Add("http://[::ffff:1.2.3.4]:80/\\x")
	f.Fuzz(func(t *testing.T, uri string) {
		if !isHTTPURI(uri) {
			return
		}
		u, a := legacyParse(uri)
		if a.invalid || a.idna || a.badAuth || u.hostname == "" {
			return
		}
		if !a.ipv6 && strings.ContainsAny(u.hostname, legacyNonHost+":/?#@\\\x00") {
			t.Fatalf("hostname %q", u.hostname)
		}
		built := u
		built.setHost(a.hostname, a, "") // formatted, never shared
		if built.href != u.href {
			t.Fatalf("%q: href %q, formatted %q", uri, u.href, built.href)
		}
		if !strings.HasPrefix(u.href, u.protocol+"//") {
			t.Fatalf("href %q", u.href)
		}
		if again, _ := legacyParse(u.href); again.href != u.href {
			t.Fatalf("href %q reads back as %q", u.href, again.href)
		}
		req, err := http.NewRequest(http.MethodGet, u.href, nil)
		if err != nil {
			req, err = rawPathRequest(context.Background(), http.MethodGet, u.href, nil, err)
		}
		if err != nil {
			return // sent nowhere: an Invalid URI
		}
		if !strings.EqualFold(req.URL.Hostname(), u.hostname) {
			t.Fatalf("%q: request.uri names host %q, the request goes to %q", uri, u.hostname, req.URL.Hostname())
		}
	})
}

// requestLineServer answers every request "ok" and hands over its request
// line.
func requestLineServer(t *testing.T) (addr string, lines <-chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	ch := make(chan string, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			br := bufio.NewReader(c)
			line, _ := br.ReadString('\n')
			for {
				h, err := br.ReadString('\n')
				if err != nil || h == "\r\n" {
					break
				}
			}
			ch <- strings.TrimRight(line, "\r\n")
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
			_ = c.Close()
		}
	}()
	return ln.Addr().String(), ch
}

// TestLongPunycodeLabels: a label whose punycode form the decoder could not
// read again (more than 1024 code points) is refused, by domainToASCII and
// so by the URL class; one under the bound is accepted and reads back as
// itself.
func TestLongPunycodeLabels(t *testing.T) {
	short := strings.Repeat("aé", 300) + ".example"
	h, ok := domainToASCII(short)
	require.True(t, ok)
	require.True(t, strings.HasPrefix(h, "xn--"), h)
	again, ok := domainToASCII(h)
	require.True(t, ok)
	require.Equal(t, h, again)

	for _, long := range []string{strings.Repeat("aé", 600), "a." + strings.Repeat("é\U0002F800", 1500), "xn--" + strings.Repeat("a", maxPunycodeLabel)} {
		_, ok := domainToASCII(long)
		require.False(t, ok, "a %d-byte label", len(long))
		_, _, _, _, invalid := whatwgHost(long)
		require.True(t, invalid)
	}
}

// FuzzDomainToASCII: whatever host a URL names, the IDNA step does not
// panic; what it accepts is ASCII, reads back as itself, and holds no
// character the URL class forbids in a domain once whatwgHost accepts it.
func FuzzDomainToASCII(f *testing.F) {
	for _, s := range []string{"exämple.com", "ẞ.com", "İstanbul.tr", "ＡＢＣ.com", "a。b.com", "xn--abc-.com", "xn--", "a..ä", "%C3%A4.com", "u@ä:8080", "[::1]", "a\u200cb", "Xn--珞-", strings.Repeat("aé", 520)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		if h, ok := domainToASCII(host); ok {
			for i := 0; i < len(h); i++ {
				if h[i] >= utf8.RuneSelf {
					t.Fatalf("%q: not ASCII: %q", host, h)
				}
			}
			if again, ok := domainToASCII(h); !ok || again != h {
				t.Fatalf("%q: %q reads back as %q (%v)", host, h, again, ok)
			}
		}
		a := parseLegacyAuthority(host + "/")
		if a.idna && !a.invalid && strings.ContainsAny(a.hostname, legacyForbidden) {
			t.Fatalf("%q: url.parse hostname %q", host, a.hostname)
		}
		if _, h, _, _, invalid := whatwgHost(host); !invalid && !strings.HasPrefix(h, "[") {
			if strings.IndexFunc(h, isForbiddenDomainCodePoint) >= 0 {
				t.Fatalf("%q: URL class host %q", host, h)
			}
		}
	})
}

// FuzzWHATWGHost: the WHATWG host parser never panics; a host it accepts
// is ASCII, reads back as itself, is an IPv4 or IPv6 address netip reads
// the same way when it looks like one, and otherwise holds no forbidden
// domain code point. The setters' reading never panics either.
func FuzzWHATWGHost(f *testing.F) {
	for _, s := range []string{"0x7f.1", "1.2.3", "256.0.0.1", "[::1]", "[::ffff:1.2.3.4]", "[1:0:0:2::3:0]", "a%41b", "xn--abc-", "ÄB.com", "1.2.3.", "[::1", "0x", "09", "a..b", "[:", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		whatwgHostSetter(in, "https", true)
		h, ok := whatwgHostParse(in)
		if !ok {
			return
		}
		for i := 0; i < len(h); i++ {
			if h[i] >= utf8.RuneSelf {
				t.Fatalf("%q: not ASCII: %q", in, h)
			}
		}
		if again, ok := whatwgHostParse(h); !ok || again != h {
			t.Fatalf("%q: %q reads back as %q (%v)", in, h, again, ok)
		}
		switch {
		case strings.HasPrefix(h, "["):
			a, err := netip.ParseAddr(h[1 : len(h)-1])
			if err != nil || !a.Is6() {
				t.Fatalf("%q: IPv6 %q: %v", in, h, err)
			}
		case endsInANumber(h):
			a, err := netip.ParseAddr(h)
			if err != nil || !a.Is4() || a.String() != h {
				t.Fatalf("%q: IPv4 %q: %v", in, h, err)
			}
		default:
			if strings.IndexFunc(h, isForbiddenDomainCodePoint) >= 0 {
				t.Fatalf("%q: host %q", in, h)
			}
		}
	})
}
