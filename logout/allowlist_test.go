package logout

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewAllowListRejectsUnsafeEntries(t *testing.T) {
	tests := []struct {
		name    string
		entry   string
		wantErr string // substring; "" means the entry is accepted
	}{
		{name: "exact https", entry: "https://app.example.com/logout"},
		{name: "exact http with port", entry: "http://localhost:3000/"},
		{name: "wildcard subdomain", entry: "https://*.example.com"},
		{name: "wildcard with prefix and suffix", entry: "https://pr-*-preview.example.com/bye"},
		{name: "ipv4", entry: "http://127.0.0.1:8080/bye"},
		{name: "ipv6", entry: "http://[::1]:8080/bye"},
		{name: "uppercase scheme and host", entry: "HTTPS://App.Example.COM/Bye"},
		{name: "empty", entry: "", wantErr: "is empty"},
		{name: "no scheme (Auth0 rejects *.example.com too)", entry: "*.example.com", wantErr: "scheme must be http or https"},
		{name: "custom scheme", entry: "com.example.app://callback", wantErr: "scheme must be http or https"},
		{name: "javascript", entry: "javascript:alert(1)", wantErr: "scheme must be http or https"},
		{name: "wildcard over a TLD", entry: "https://*.com", wantErr: "at least two labels"},
		{name: "wildcard not in first label", entry: "https://sub.*.example.com", wantErr: "'*'"},
		{name: "two wildcards", entry: "https://*.*.example.com", wantErr: "'*'"},
		{name: "two wildcards in one label", entry: "https://a*b*.example.com", wantErr: "'*'"},
		{name: "wildcard in path", entry: "https://example.com/*", wantErr: "only allowed in the first label"},
		{name: "wildcard in ipv6", entry: "https://[*::1]/", wantErr: "not a valid URL"},
		{name: "query", entry: "https://example.com/bye?x=1", wantErr: "query or fragment"},
		{name: "empty query", entry: "https://example.com/bye?", wantErr: "query or fragment"},
		{name: "fragment", entry: "https://example.com/bye#x", wantErr: "query or fragment"},
		{name: "userinfo", entry: "https://user@example.com/", wantErr: "userinfo"},
		{name: "relative", entry: "/logout", wantErr: "scheme must be http or https"},
		{name: "scheme-relative", entry: "//example.com/", wantErr: "scheme must be http or https"},
		{name: "missing slashes", entry: "https:example.com", wantErr: "must be absolute"},
		{name: "space", entry: "https://example.com/a b", wantErr: "whitespace"},
		{name: "backslash", entry: `https://example.com\bye`, wantErr: "backslash"},
		{name: "numeric tld", entry: "http://0x7f.1/", wantErr: "numeric"},
		{name: "bad port", entry: "https://example.com:70000/", wantErr: "invalid port"},
		{name: "unicode host", entry: "https://bücher.example/", wantErr: "non-ASCII"},
		{name: "too long", entry: "https://example.com/" + strings.Repeat("a", MaxURLLength), wantErr: "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAllowList("https://ok.example.com", tt.entry)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.NotNil(t, a)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidAllowListEntry)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Contains(t, err.Error(), "logout: allowed logout URL #2")
		})
	}
}

func TestAllowListMatching(t *testing.T) {
	a, err := NewAllowList(
		"https://app.example.com/logout",
		"https://*.example.com",
		"https://pr-*-preview.example.org/bye",
		"http://localhost:3000",
		"https://CaseHost.Example.net/CasePath",
		"https://ports.example.net:8443/",
		"https://default-port.example.net:443/x",
		"https://enc.example.io/%7Euser",
		"http://[::1]:9000/done",
		"http://10.0.0.1/done",
	)
	require.NoError(t, err)

	tests := []struct {
		name     string
		returnTo string
		want     bool
	}{
		// exact entries
		{"exact", "https://app.example.com/logout", true},
		{"exact with query (ignored, as Auth0)", "https://app.example.com/logout?lang=fr&x=1", true},
		{"exact with fragment (ignored, as Auth0)", "https://app.example.com/logout#top", true},
		{"other path", "https://app.example.com/logout2", false},
		{"path prefix is not enough", "https://app.example.com/logout/extra", false},
		{"trailing slash matters off root", "https://app.example.com/logout/", false},
		{"dot segments are not resolved", "https://app.example.com/x/../logout", false},
		{"http is not https", "http://app.example.com/logout", false},

		// wildcard
		{"wildcard root no path", "https://a.example.com", true},
		{"wildcard root slash", "https://a.example.com/", true},
		{"wildcard with hyphen and digits", "https://feature-42.example.com/", true},
		{"wildcard uppercase host", "https://FEATURE.Example.COM/", true},
		{"wildcard does not match apex", "https://example.com/", false},
		{"wildcard does not match two levels", "https://a.b.example.com/", false},
		{"wildcard does not match look-alike", "https://evil-example.com/", false},
		{"wildcard does not match suffix attack", "https://example.com.evil.com/", false},
		{"wildcard does not match suffix attack 2", "https://a.example.com.evil.com/", false},
		{"wildcard empty label", "https://.example.com/", false},
		{"wildcard path must match", "https://a.example.com/other", false},
		{"wildcard no underscore in filled part", "https://a_b.example.com/", false},
		{"wildcard trailing dot host", "https://a.example.com./", false},
		{"prefix/suffix wildcard", "https://pr-12-preview.example.org/bye", true},
		{"prefix/suffix wildcard one char", "https://pr-x-preview.example.org/bye", true},
		{"prefix/suffix wildcard empty fill", "https://pr--preview.example.org/bye", false},
		{"prefix/suffix wildcard overlapping", "https://pr-preview.example.org/bye", false},
		{"prefix/suffix wildcard wrong suffix", "https://pr-12-prod.example.org/bye", false},

		// case
		{"scheme case-insensitive", "HTTPS://app.example.com/logout", true},
		{"host case-insensitive", "https://casehost.example.NET/CasePath", true},
		{"path case-sensitive", "https://CaseHost.Example.net/casepath", false},

		// ports
		{"explicit default port equals none", "https://app.example.com:443/logout", true},
		{"entry with default port matches none", "https://default-port.example.net/x", true},
		{"other port", "https://app.example.com:8443/logout", false},
		{"entry port required", "https://ports.example.net/", false},
		{"entry port given", "https://ports.example.net:8443", true},
		{"localhost port", "http://localhost:3000/", true},
		{"localhost other port", "http://localhost:3001/", false},
		{"leading zero port", "http://localhost:03000/", true},
		{"ipv6", "http://[::1]:9000/done", true},
		{"ipv4", "http://10.0.0.1/done?x", true},

		// encodings
		{"encoded path as configured", "https://enc.example.io/%7Euser", true},
		{"encoded path compared literally", "https://enc.example.io/~user", false},
		{"encoding hex case compared literally", "https://enc.example.io/%7euser", false},
		{"raw unicode refused", "https://café.example.io/~user", false},
		{"encoded host refused", "https://app%2Eexample.com/logout", false},
		{"encoded slash", "https://app.example.com/log%2Fout", false},
		{"encoded path equals nothing else", "https://app.example.com/%6Cogout", false},

		// userinfo and parser confusion
		{"userinfo trick", "https://app.example.com@evil.com/logout", false},
		{"userinfo on allowed host", "https://user@app.example.com/logout", false},
		{"userinfo with password", "https://app.example.com:443@evil.com/logout", false},
		{"backslash trick", `https://evil.com\@app.example.com/logout`, false},
		{"backslash path", `https://app.example.com\logout`, false},
		{"tab in host", "https://app.exa\tmple.com/logout", false},
		{"newline", "https://app.example.com/logout\n", false},
		{"leading space", " https://app.example.com/logout", false},
		{"protocol-relative", "//app.example.com/logout", false},
		{"relative", "/logout", false},
		{"missing slashes", "https:app.example.com/logout", false},
		{"triple slash", "https:///app.example.com/logout", false},
		{"javascript", "javascript://app.example.com/%0aalert(1)", false},
		{"data", "data:text/html,<script>alert(1)</script>", false},
		{"empty", "", false},
		{"numeric host", "http://0x0a.0.0.1/done", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, a.Allowed(tt.returnTo), "returnTo %q", tt.returnTo)
		})
	}
}

func TestAllowListEmptyAndNil(t *testing.T) {
	var nilList *AllowList
	assert.False(t, nilList.Allowed("https://example.com/"))
	assert.False(t, (&AllowList{}).Allowed("https://example.com/"))
	empty, err := NewAllowList()
	require.NoError(t, err)
	assert.False(t, empty.Allowed("https://example.com/"))
}

func TestParseAllowList(t *testing.T) {
	a, err := ParseAllowList(" https://a.example.com/bye , ,https://*.example.org")
	require.NoError(t, err)
	assert.True(t, a.Allowed("https://a.example.com/bye"))
	assert.True(t, a.Allowed("https://x.example.org/"))
	assert.False(t, a.Allowed("https://b.example.com/bye"))

	_, err = ParseAllowList("https://a.example.com, *.example.org")
	require.ErrorIs(t, err, ErrInvalidAllowListEntry)
	assert.Contains(t, err.Error(), "#2")
}

func TestValidateLogoutURL(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		wantErr string
	}{
		{name: "https", url: "https://idp.example.com/logout"},
		{name: "http", url: "http://idp.example.com/logout"},
		{name: "uppercase scheme", url: "HTTPS://idp.example.com/logout"},
		{name: "with query and fragment", url: "https://idp.example.com/logout?returnTo=https%3A%2F%2Fapp.example.com&client_id=x#y"},
		{name: "port", url: "https://idp.example.com:8443/logout"},
		{name: "ipv4", url: "http://127.0.0.1:8080/logout"},
		{name: "ipv6", url: "http://[::1]:8080/logout"},
		{name: "max length", url: "https://idp.example.com/" + strings.Repeat("a", MaxURLLength-len("https://idp.example.com/"))},
		{name: "empty", url: "", wantErr: "is empty"},
		{name: "whitespace only", url: "   ", wantErr: "whitespace"},
		{name: "leading whitespace", url: " https://idp.example.com/", wantErr: "whitespace"},
		{name: "trailing newline", url: "https://idp.example.com/\n", wantErr: "whitespace"},
		{name: "tab inside", url: "https://idp.exa\tmple.com/", wantErr: "whitespace"},
		{name: "NUL", url: "https://idp.example.com/\x00", wantErr: "control"},
		{name: "DEL", url: "https://idp.example.com/\x7f", wantErr: "control"},
		{name: "javascript", url: "javascript:alert(document.cookie)", wantErr: "scheme must be http or https"},
		{name: "javascript with slashes", url: "javascript://idp.example.com/%0aalert(1)", wantErr: "scheme must be http or https"},
		{name: "data", url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", wantErr: "scheme must be http or https"},
		{name: "vbscript", url: "vbscript:msgbox(1)", wantErr: "scheme must be http or https"},
		{name: "ftp", url: "ftp://idp.example.com/", wantErr: "scheme must be http or https"},
		{name: "relative", url: "/v2/logout", wantErr: "scheme must be http or https"},
		{name: "protocol-relative", url: "//evil.example/", wantErr: "scheme must be http or https"},
		{name: "opaque", url: "https:evil.example", wantErr: "must be absolute"},
		{name: "single slash", url: "https:/evil.example", wantErr: "must be absolute"},
		{name: "no host", url: "https:///path", wantErr: "no host"},
		{name: "userinfo", url: "https://idp.example.com@evil.example/", wantErr: "userinfo"},
		{name: "backslash", url: `https://evil.example\@idp.example.com/`, wantErr: "backslash"},
		{name: "non-ascii", url: "https://idp.example.com/é", wantErr: "non-ASCII"},
		{name: "bad escape", url: "https://idp.example.com/%zz", wantErr: "not a valid URL"},
		{name: "percent in host", url: "https://idp%2eexample.com/", wantErr: "not a valid URL"},
		{name: "port zero", url: "https://idp.example.com:0/", wantErr: "invalid port"},
		{name: "ipv6 zone", url: "http://[fe80::1%25eth0]/", wantErr: "IPv6"},
		{name: "trailing-dot host", url: "https://idp.example.com./", wantErr: "empty or over-long host label"},
		{name: "numeric tld", url: "http://1.2.3/", wantErr: "numeric"},
		{name: "over 2048", url: "https://idp.example.com/" + strings.Repeat("a", MaxURLLength), wantErr: "longer than 2048"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateLogoutURL(tt.url)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidLogoutURL)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.True(t, strings.HasPrefix(err.Error(), "logout: invalid logout URL: "), err.Error())
			if len(tt.url) > 12 {
				assert.NotContains(t, err.Error(), tt.url, "the URL may carry a token; it must not be echoed")
			}
		})
	}
}
