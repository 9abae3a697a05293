package seal

import (
	"net/http"
	"time"
)

// Cookie returns a cookie suited to carrying a sealed value through a login:
// HttpOnly (scripts cannot read it), SameSite=Lax (sent on the top-level GET
// navigation that brings the browser back from the provider, not on
// cross-site subrequests or POSTs), Secure when secure is true (never sent
// over plain http), limited to path ("/" when empty) and to the host that set
// it (no Domain attribute).
//
// maxAge is rounded up to whole seconds. A maxAge of zero or less gives a
// deletion cookie: empty value, Max-Age=0 on the wire, Expires in the past.
//
// Cookie does not validate name or value; net/http drops invalid ones when
// writing the header. A name starting with "__Host-" additionally requires
// secure=true and path "/" for browsers to accept it.
func Cookie(name, value string, secure bool, maxAge time.Duration, path string) *http.Cookie {
	if path == "" {
		path = "/"
	}
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     path,
		Secure:   secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
	if maxAge <= 0 {
		c.Value = ""
		c.MaxAge = -1
		c.Expires = time.Unix(1, 0).UTC()
		return c
	}
	c.MaxAge = int((maxAge + time.Second - 1) / time.Second)
	return c
}
