package script

import (
	"context"
	stdpbkdf2 "crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"hash"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ciphers, pbkdf2 and hkdf are compared with Node in TestCoreModulesMatchNode
// (testdata/modules/gen_node_cases.js); these tests cover what that harness
// cannot: the sandbox's own runtime, callbacks, the deadline and the bounds.

// TestDecryptSensitiveData runs the pattern Auth0's "decrypt sensitive data"
// rule uses (a key hashed from a password, AES-256-CBC with a fixed IV,
// base64 in, UTF-8 out) in the sandbox, on a value Node 20 encrypted.
func TestDecryptSensitiveData(t *testing.T) {
	// node -e "const c=require('crypto');const k=c.createHash('sha256').update('S0me,Password!è§').digest();
	//   const x=c.createCipheriv('aes-256-cbc',k,'abcjfiekdpaifjfd');
	//   console.log(x.update(JSON.stringify({license_key:'1234567'}),'utf8','base64')+x.final('base64'))"
	const encrypted = "h8ci6kldcZyJK2LD7WDly36Uo9BLzie9BRLSIy+8aLI="
	s, err := New().Compile(`function (token, ctx, cb) {
  var crypto = require('crypto');
  var key = crypto.createHash('sha256').update('S0me,Password!è§', 'utf8').digest();
  var d = crypto.createDecipheriv('aes-256-cbc', key, 'abcjfiekdpaifjfd');
  var text = d.update(ctx.data, 'base64', 'utf8') + d.final('utf8');
  cb(null, JSON.parse(text));
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", map[string]any{"data": encrypted})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"license_key": "1234567"}, r.Value)
}

// TestAsyncKeyDerivation: pbkdf2 and hkdf with a callback give what their
// Sync forms give, after the call returns.
func TestAsyncKeyDerivation(t *testing.T) {
	s, err := New().Compile(`function (token, ctx, cb) {
  var crypto = require('crypto'), order = [];
  crypto.pbkdf2('pw', 'salt', 1000, 32, 'sha256', function (err, key) {
    order.push('pbkdf2');
    crypto.hkdf('sha256', 'key', 'salt', 'info', 16, function (err2, bits) {
      order.push('hkdf');
      cb(null, {
        order: order,
        pbkdf2: [err, key.toString('hex') === crypto.pbkdf2Sync('pw', 'salt', 1000, 32, 'sha256').toString('hex')],
        hkdf: [err2, Buffer.from(bits).toString('hex') === Buffer.from(crypto.hkdfSync('sha256', 'key', 'salt', 'info', 16)).toString('hex'), bits.byteLength === 16],
      });
    });
  });
  order.push('returned');
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"order":  []any{"returned", "pbkdf2", "hkdf"},
		"pbkdf2": []any{nil, true},
		"hkdf":   []any{nil, true, true},
	}, r.Value)
}

// TestPBKDF2StopsAtTheDeadline (hardening): an iteration count that would
// run for hours ends with the invocation's deadline, in both forms.
func TestPBKDF2StopsAtTheDeadline(t *testing.T) {
	for name, call := range map[string]string{
		"sync":  `crypto.pbkdf2Sync('pw', 'salt', 2147483647, 64, 'sha512'); cb(null, 'done')`,
		"async": `crypto.pbkdf2('pw', 'salt', 2147483647, 64, 'sha512', function () { cb(null, 'done') })`,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := New(WithTimeout(200 * time.Millisecond)).Compile(`function (token, ctx, cb) { var crypto = require('crypto'); ` + call + ` }`)
			require.NoError(t, err)
			start := time.Now()
			_, err = s.FetchUserProfile(context.Background(), "", nil)
			assert.True(t, errors.Is(err, ErrTimeout), "%v", err)
			assert.Less(t, time.Since(start), 2*time.Second)
		})
	}
}

// TestPBKDF2KeyLengthBound (hardening): pbkdf2 derives at most 1 MiB.
func TestPBKDF2KeyLengthBound(t *testing.T) {
	s, err := New().Compile(`function (token, ctx, cb) {
  try { require('crypto').pbkdf2Sync('pw', 'salt', 1, 1048577, 'sha1'); cb(null, 'derived'); }
  catch (e) { cb(null, [e.name, e.code]); }
}`)
	require.NoError(t, err)
	r, err := s.FetchUserProfile(context.Background(), "", nil)
	require.NoError(t, err)
	assert.Equal(t, []any{"RangeError", "ERR_OUT_OF_RANGE"}, r.Value)
}

// TestPBKDF2KeyMatchesTheStandardLibrary: the deadline-aware PBKDF2 gives
// crypto/pbkdf2's keys (block boundaries, iteration counts either side of
// the 1024 between deadline checks, each hash).
func TestPBKDF2KeyMatchesTheStandardLibrary(t *testing.T) {
	for _, h := range []func() hash.Hash{sha1.New, sha256.New, sha512.New} {
		for _, iter := range []int{1, 2, 1023, 1024, 1025, 3000} {
			for _, n := range []int{0, 1, 20, 32, 64, 65, 200} {
				p := pbkdf2Params{password: []byte("pässword"), salt: []byte("salt\x00"), iterations: iter, keyLen: n, hash: h}
				got, err := pbkdf2Key(context.Background(), p)
				require.NoError(t, err)
				if n == 0 { // crypto/pbkdf2 refuses a zero length; Node gives an empty key
					require.Empty(t, got)
					continue
				}
				want, err := stdpbkdf2.Key(h, string(p.password), p.salt, iter, n)
				require.NoError(t, err)
				require.Equal(t, hex.EncodeToString(want), hex.EncodeToString(got), "iter %d len %d", iter, n)
			}
		}
	}
}
