package seal_test

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/socialconn/socialconn/internal/seal"
)

func Example() {
	// In production the keys come from configuration; the first one seals.
	current, previous := seal.GenerateKey(), seal.GenerateKey()
	keys, err := seal.NewKeys(current, previous)
	if err != nil {
		panic(err)
	}

	now := time.Now()
	name := "tx_" + "af0ifjsldkj" // the cookie is named after the OAuth state
	value, err := keys.Seal(name, []byte(`{"verifier":"..."}`), now, 10*time.Minute)
	if err != nil {
		panic(err)
	}
	cookie := seal.Cookie(name, value, true, 10*time.Minute, "/login/callback")
	fmt.Println(cookie.HttpOnly, cookie.Secure, cookie.SameSite == http.SameSiteLaxMode)

	plaintext, err := keys.Open(name, cookie.Value, now.Add(time.Minute))
	fmt.Println(string(plaintext), err)

	_, err = keys.Open(name, cookie.Value, now.Add(time.Hour))
	fmt.Println(errors.Is(err, seal.ErrExpired))

	_, err = keys.Open("tx_another", cookie.Value, now)
	fmt.Println(errors.Is(err, seal.ErrInvalid))
	// Output:
	// true true true
	// {"verifier":"..."} <nil>
	// true
	// true
}
