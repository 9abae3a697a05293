package script

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	stdpbkdf2 "crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
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

// TestGCMCounterMatchesSeal: the counter mode update outputs as it goes is
// GCM's own, for any nonce length and however the data is split.
func TestGCMCounterMatchesSeal(t *testing.T) {
	block, err := aes.NewCipher([]byte("0123456789abcdef"))
	require.NoError(t, err)
	plain := []byte(strings.Repeat("the quick brown fox jumps over the lazy dog ", 20))
	for _, nonceLen := range []int{1, 7, 12, 13, 16, 100} {
		nonce := bytes.Repeat([]byte{byte(nonceLen)}, nonceLen)
		aead, err := cipher.NewGCMWithNonceSize(block, nonceLen)
		require.NoError(t, err)
		want := aead.Seal(nil, nonce, plain, nil)[:len(plain)]
		for _, chunk := range []int{1, 5, 16, 17, 1000} {
			c := newGCMCounter(block, aead, nonce)
			var got []byte
			for i := 0; i < len(plain); i += chunk {
				got = append(got, c.xor(plain[i:min(i+chunk, len(plain))])...)
			}
			require.Equal(t, want, got, "nonce %d chunk %d", nonceLen, chunk)
		}
	}
}

// TestInc32Wraps: GCM's counter carries within its last 32 bits only.
func TestInc32Wraps(t *testing.T) {
	ctr := [16]byte{15: 0xff, 14: 0xff, 13: 0xff, 12: 0xff, 11: 0x07}
	inc32(&ctr)
	assert.Equal(t, [16]byte{11: 0x07}, ctr)
	ctr = [16]byte{15: 0xff, 14: 0x01}
	inc32(&ctr)
	assert.Equal(t, [16]byte{14: 0x02}, ctr)
}

// FuzzCipher: whatever the key, IV, data, split and padding, a cipher
// either throws a JavaScript error or round-trips (decrypting what it
// encrypted gives the data back); decrypting arbitrary bytes never panics.
func FuzzCipher(f *testing.F) {
	f.Add(uint8(0), []byte("0123456789abcdef"), []byte("fedcba9876543210"), []byte("hello"), uint8(3), true)
	f.Add(uint8(1), []byte("0123456789abcdef"), []byte{}, []byte("0123456789abcdef"), uint8(16), false)
	f.Add(uint8(2), bytes.Repeat([]byte{1}, 24), bytes.Repeat([]byte{2}, 16), []byte("ctr"), uint8(1), true)
	f.Add(uint8(3), bytes.Repeat([]byte{1}, 32), []byte("nonce"), []byte("gcm data"), uint8(4), true)
	names := []string{"aes-128-cbc", "aes-128-ecb", "aes-192-ctr", "aes-256-gcm", "aes-256-cbc", "aes-192-ecb"}
	f.Fuzz(func(t *testing.T, mode uint8, key, iv, data []byte, split uint8, pad bool) {
		h := newFakeHost(t)
		for name, b := range map[string][]byte{"__key": key, "__iv": iv, "__data": data} {
			require.NoError(t, h.rt.Set(name, h.rt.NewArrayBuffer(b)))
		}
		name := names[int(mode)%len(names)]
		src := fmt.Sprintf(`(function () {
  var crypto = require('crypto'), key = Buffer.from(__key), iv = Buffer.from(__iv), data = Buffer.from(__data);
  if (%[2]q.indexOf('ecb') >= 0) iv = null;
  var split = Math.min(%[3]d, data.length), c, d, enc;
  try {
    c = crypto.createCipheriv(%[2]q, key, iv);
  } catch (e) { return e instanceof Error ? 'refused' : 'bad'; }
  c.setAutoPadding(%[4]t);
  try {
    enc = Buffer.concat([c.update(data.subarray(0, split)), c.update(data.subarray(split)), c.final()]);
  } catch (e) { return e instanceof Error && !%[4]t ? 'unpadded' : 'bad: ' + e; }
  d = crypto.createDecipheriv(%[2]q, key, iv);
  d.setAutoPadding(%[4]t);
  if (c.getAuthTag) try { d.setAuthTag(c.getAuthTag()); } catch (e) {}
  var back = Buffer.concat([d.update(enc.subarray(0, split)), d.update(enc.subarray(split)), d.final()]);
  if (!back.equals(data)) return 'differs';
  var r = crypto.createDecipheriv(%[2]q, key, iv);
  try { r.update(data); r.final(); } catch (e) { if (!(e instanceof Error)) return 'bad'; }
  return 'ok';
})()`, "", name, split, pad)
		v, err := h.run(src)
		require.NoError(t, err)
		assert.Contains(t, []string{"ok", "refused", "unpadded"}, v.String(), "%s key %x iv %x data %x split %d pad %v", name, key, iv, data, split, pad)
	})
}
