package logout

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// hostMatchesEntry is an independent restatement of the host rule: the
// returnTo host equals the entry's host, or the entry's first label is a
// wildcard pattern and the rest of the host equals the rest of the entry.
func hostMatchesEntry(host, rawEntry string) bool {
	e, err := url.Parse(rawEntry)
	if err != nil {
		return false
	}
	eh := strings.ToLower(e.Hostname())
	host = strings.ToLower(host)
	if !strings.Contains(eh, "*") {
		return host == eh
	}
	_, eRest, _ := strings.Cut(eh, ".")
	first, rest, ok := strings.Cut(host, ".")
	return ok && first != "" && rest == eRest && !strings.Contains(first, ".")
}

func FuzzAllowList(f *testing.F) {
	seeds := [][2]string{
		{"https://*.example.com", "https://a.example.com/"},
		{"https://*.example.com", "https://example.com/"},
		{"https://*.example.com", "https://example.com.evil.com/"},
		{"https://*.example.com", "https://evil-example.com/"},
		{"https://app.example.com/bye", "https://app.example.com@evil.com/bye"},
		{"https://app.example.com/bye", `https://evil.com\@app.example.com/bye`},
		{"https://app.example.com/bye", "HTTPS://APP.example.com:443/bye?x#y"},
		{"http://localhost:3000", "http://localhost:3000"},
		{"https://pr-*-x.example.org/p", "https://pr-1-x.example.org/p"},
		{"http://[::1]:8080/", "http://[::1]:8080/"},
		{"https://a.example.com/%7E", "https://a.example.com/~"},
		{"https://a.example.com", "//a.example.com"},
		{"https://a.example.com", "https:a.example.com"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, entry, returnTo string) {
		a, err := NewAllowList(entry)
		if err != nil {
			return
		}
		canon, ok := a.match(returnTo)
		if ok != a.Allowed(returnTo) {
			t.Fatalf("match and Allowed disagree on %q", returnTo)
		}
		// Resolve must agree with the list and never panic.
		res, rerr := Resolve(context.Background(), Config{AllowList: a}, Request{Query: url.Values{"returnTo": {returnTo}}})
		if returnTo != "" && ok == (rerr != nil) {
			t.Fatalf("Resolve disagrees with the list on %q: %v", returnTo, rerr)
		}
		if !ok {
			return
		}
		if res.ReturnTo != canon {
			t.Fatalf("Resolve returned %q, match %q", res.ReturnTo, canon)
		}
		for _, s := range []string{returnTo, canon} {
			u, err := url.Parse(s)
			if err != nil {
				t.Fatalf("allowed %q does not parse: %v", s, err)
			}
			if u.Scheme != "http" && u.Scheme != "https" {
				t.Fatalf("allowed %q has scheme %q", s, u.Scheme)
			}
			if u.Host == "" || u.User != nil || u.Opaque != "" {
				t.Fatalf("allowed %q: host %q user %v opaque %q", s, u.Host, u.User, u.Opaque)
			}
			if strings.ContainsAny(s, "\\ \t\r\n") {
				t.Fatalf("allowed %q contains a character browsers reinterpret", s)
			}
			if !hostMatchesEntry(u.Hostname(), entry) {
				t.Fatalf("allowed %q: host %q matches no entry (%q)", s, u.Hostname(), entry)
			}
		}
	})
}

func FuzzValidateLogoutURL(f *testing.F) {
	for _, s := range []string{
		"https://idp.example.com/logout?returnTo=x",
		"http://127.0.0.1:8080/",
		"javascript:alert(1)",
		"data:text/html,x",
		"//evil.example",
		"/relative",
		"https:evil",
		"https:///x",
		"https://a@b/",
		"https://a\\b/",
		" https://a.example/",
		"https://[::1]/",
		"https://[fe80::1%25en0]/",
		"https://0x7f.1/",
		"HTTPS://A.EXAMPLE:443",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := ValidateLogoutURL(s); err != nil {
			if strings.Contains(err.Error(), s) && len(s) > 16 {
				t.Fatalf("error echoes the URL: %v", err)
			}
			return
		}
		if len(s) > MaxURLLength {
			t.Fatalf("accepted %d bytes", len(s))
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("accepted %q does not parse: %v", s, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("accepted %q has scheme %q", s, u.Scheme)
		}
		if u.Host == "" || u.Hostname() == "" || u.User != nil || u.Opaque != "" {
			t.Fatalf("accepted %q: host %q user %v opaque %q", s, u.Host, u.User, u.Opaque)
		}
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c >= 0x7f || c == '\\' {
				t.Fatalf("accepted %q with byte %#x", s, c)
			}
		}
		// Re-serialising keeps the same destination.
		u2, err := url.Parse(u.String())
		if err != nil || !strings.EqualFold(u2.Host, u.Host) || u2.Scheme != u.Scheme {
			t.Fatalf("accepted %q does not round-trip: %v", s, err)
		}
	})
}
