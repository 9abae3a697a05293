package profile

import (
	"log/slog"
	"testing"
)

// BenchmarkNormalize normalises what the typical fetchUserProfile script
// (benchkit's) hands back: five string attributes, a Gravatar picture
// derived from the email. The map is made in the loop since Normalize must
// not keep it, as the script makes it for each login.
func BenchmarkNormalize(b *testing.B) {
	tok := Tokens{AccessToken: "bench-access-token", ExpiresIn: 3600}
	opt := Options{Connection: "bench", Logger: slog.New(slog.DiscardHandler)} // as the login flow passes it
	b.ReportAllocs()
	for b.Loop() {
		raw := map[string]any{
			"user_id": "248289761001", "name": "Jane Doe", "given_name": "Jane",
			"family_name": "Doe", "email": "janedoe@example.com",
		}
		if _, err := Normalize(raw, tok, opt); err != nil {
			b.Fatal(err)
		}
	}
}
