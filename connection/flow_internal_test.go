package connection

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTxCookieName(t *testing.T) {
	for _, state := range []string{"", "s", NewState(), strings.Repeat("x", 512)} {
		sum := sha256.Sum256([]byte(state))
		assert.Equal(t, "sc_tx_"+base64.RawURLEncoding.EncodeToString(sum[:12]), txCookieName(state))
	}
	assert.NotEqual(t, txCookieName("a"), txCookieName("b"))
}
