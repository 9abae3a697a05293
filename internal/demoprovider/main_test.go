package demoprovider

import (
	"crypto/rsa"
	"os"
	"sync"
	"testing"
)

var realGenerateKey = generateKey

// TestMain shares one RSA key between tests: generating a 2048-bit key per
// provider dominates the run time, especially under -race.
func TestMain(m *testing.M) {
	var (
		once sync.Once
		key  *rsa.PrivateKey
		err  error
	)
	generateKey = func() (*rsa.PrivateKey, error) {
		once.Do(func() { key, err = realGenerateKey() })
		return key, err
	}
	os.Exit(m.Run())
}
