package connection

import (
	"io"
	"net/http"
	"time"
)

// Provider handlers shared by this package's tests and the external
// connection_test package's.

// RawReply answers status with body (see rawReply).
var RawReply = rawReply

// TrickleJSON is a token endpoint that answers 200, starts a JSON object and
// then writes one more byte every interval, until the request ends or
// release is closed: a body that never completes.
func TrickleJSON(release <-chan struct{}, interval time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"access_token":"`)
		for {
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-release:
				return
			case <-time.After(interval):
				_, _ = io.WriteString(w, "x")
			}
		}
	}
}
