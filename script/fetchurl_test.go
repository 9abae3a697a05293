package script

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// doFetch sends the URL as parsed once from the prepared URI; it used to
// parse the re-serialized URL. For the URIs request's preparation yields,
// both give the same request line, Host and final URL.
func TestFetchURLParsedOnce(t *testing.T) {
	uris := []string{
		"https://api.example.com/userinfo",
		"https://api.example.com/userinfo/",
		"https://api.example.com:443/u?x=1&y=a b",
		"https://api.example.com/a b/%2F/c?q=é&r=%zz",
		"http://h:/x?",
		"https://user:pa%20ss@h.example/p#frag ment",
		"https://[::1]:8443/p;x=1?k=v|w",
		"https://h.example/p?q='\"<>`{}^",
		"https://h.example/%E2%82%AC/€",
		"https://H.Example.COM/Path?Q",
	}
	for _, raw := range uris {
		t.Run(raw, func(t *testing.T) {
			u, a := legacyParse(raw)
			require.False(t, a.invalid || a.idna || u.hostname == "")
			href := u.href
			once, err := url.Parse(href)
			require.NoError(t, err)
			first, err := url.Parse(href)
			require.NoError(t, err)
			twice, err := url.Parse(first.String())
			require.NoError(t, err)
			assert.Equal(t, twice.RequestURI(), once.RequestURI())
			assert.Equal(t, twice.Host, once.Host)
			assert.Equal(t, twice.String(), once.String())
		})
	}
}
