package profile

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzNormalize feeds arbitrary bytes, decoded as JSON with json.Number or
// float64 numbers (or handed over raw), to Normalize and checks the
// contract: no panic; either an error naming the connection and never a
// token, or a user with a well-formed id whose JSON round-trips and which
// Merge and Persistable accept. Seeds live in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		`{"user_id":"1"}`,
		`{"user_id":583231,"email":"a@example.com","name":"A B"}`,
		`{"id":12345678901234567890,"email_verified":"TRUE","phone_verified":1}`,
		`{"user_id":1e21,"user_metadata":{"k":null},"app_metadata":"x"}`,
		`{"user_id":{"x":1}}`,
		`{"user_id":"a|b","identities":[],"created_at":1,"access_token":"s"}`,
		`{"user_id":"x","name":{"a":1},"picture":[1],"locale":1e999,"team":{"id":"T","n":[1,{"d":null}]}}`,
		`[1,2,3]`,
		`null`,
		`"str"`,
		`{"user_id":"\u0000"}`,
		`{"user_id":"\ud800","\ud800":"\udfff"}`,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	tok := Tokens{AccessToken: "FUZZ-ACCESS-TOKEN", RefreshToken: "FUZZ-REFRESH-TOKEN", ExpiresIn: 1}
	f.Fuzz(func(t *testing.T, data []byte, floats bool) {
		var raw any
		if json.Valid(data) {
			if floats {
				if err := json.Unmarshal(data, &raw); err != nil {
					return // e.g. a number beyond float64
				}
			} else {
				dec := json.NewDecoder(bytes.NewReader(data))
				dec.UseNumber()
				if err := dec.Decode(&raw); err != nil {
					t.Fatalf("valid JSON failed to decode: %v", err)
				}
			}
		} else {
			raw = json.RawMessage(data)
		}
		u, err := Normalize(raw, tok, Options{Connection: "fz"})
		if err != nil {
			if u != nil {
				t.Fatal("both a user and an error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, `profile: connection "fz": `) {
				t.Fatalf("error does not name the connection: %q", msg)
			}
			if strings.Contains(msg, "FUZZ-") {
				t.Fatalf("error leaks a token: %q", msg)
			}
			return
		}
		id, ok := strings.CutPrefix(u.UserID, "oauth2|fz|")
		if !ok || id == "" {
			t.Fatalf("bad user id %q", u.UserID)
		}
		if len(u.Identities) != 1 || u.Identities[0].UserID != "fz|"+id || u.Identities[0].AccessToken != tok.AccessToken {
			t.Fatalf("bad identities %+v", u.Identities)
		}
		if u.Name == "" || u.Nickname == "" {
			t.Fatalf("name %q / nickname %q not filled", u.Name, u.Nickname)
		}
		for k := range u.Attributes {
			if typedKeys[k] || reservedKeys[k] || k == "access_token" || k == "refresh_token" {
				t.Fatalf("key %q left in Attributes", k)
			}
		}
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back User
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("unmarshal own output: %v\n%s", err, b)
		}
		b2, err := json.Marshal(&back)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("round trip changed the JSON:\n%s\n%s", b, b2)
		}
		if _, err := Merge(nil, u, Policy{}); err != nil {
			t.Fatalf("merge at creation: %v", err)
		}
		m, err := Merge(&back, u, Policy{SetUserRootAttributes: OnFirstLogin})
		if err != nil {
			t.Fatalf("merge with itself: %v", err)
		}
		_ = m.Persistable(Policy{NonPersistentAttrs: []string{"email", "team", "user_id"}})
	})
}
