package script

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

const benchUserinfo = `{"sub":"248289761001","name":"Jane Doe","given_name":"Jane","family_name":"Doe","email":"janedoe@example.com","email_verified":true,"picture":"https://example.com/janedoe/me.jpg","locale":"en"}`

// benchScript is a typical fetchUserProfile: GET userinfo with a bearer
// header, json: true, status check, map five fields.
const benchScript = `function fetchUserProfile(accessToken, context, callback) {
  request.get({
    url: '$URL/userinfo',
    headers: { 'Authorization': 'Bearer ' + accessToken },
    json: true
  }, function (err, resp, body) {
    if (err) return callback(err);
    if (resp.statusCode !== 200) return callback(new Error('userinfo: ' + resp.statusCode));
    callback(null, {
      user_id: body.sub,
      name: body.name,
      given_name: body.given_name,
      family_name: body.family_name,
      email: body.email
    });
  });
}`

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer at" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchUserinfo)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkFetchUserProfile(b *testing.B) {
	srv := benchServer(b)
	e := New(WithHTTPClient(srv.Client()))
	s, err := e.Compile(replaceURL(benchScript, srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	check := func(r *Result, err error) {
		if err != nil {
			b.Fatal(err)
		}
		if r.Value.(map[string]any)["user_id"] != "248289761001" {
			b.Fatalf("unexpected %v", r.Value)
		}
	}
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			check(s.FetchUserProfile(ctx, "at", nil))
		}
	})
	b.Run("parallel32", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(32)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				check(s.FetchUserProfile(ctx, "at", nil))
			}
		})
	})
}

// BenchmarkPlainGoFloor does the same work in plain Go: the floor the
// sandbox's overhead is measured against.
func BenchmarkPlainGoFloor(b *testing.B) {
	srv := benchServer(b)
	client := srv.Client()
	ctx := context.Background()
	one := func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/userinfo", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer at")
		req.Header.Set("Accept", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("userinfo: %d", resp.StatusCode)
		}
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return err
		}
		out := map[string]any{
			"user_id": body["sub"], "name": body["name"], "given_name": body["given_name"],
			"family_name": body["family_name"], "email": body["email"],
		}
		if out["user_id"] != "248289761001" {
			return fmt.Errorf("unexpected %v", out)
		}
		return nil
	}
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := one(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel32", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(32)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := one(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

func replaceURL(src, u string) string {
	out := []byte{}
	for i := 0; i < len(src); i++ {
		if i+4 <= len(src) && src[i:i+4] == "$URL" {
			out = append(out, u...)
			i += 3
			continue
		}
		out = append(out, src[i])
	}
	return string(out)
}
