package script

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestZlibReadsWhatTheStandardLibraryWrites: every mode reads what
// compress/gzip, compress/zlib and compress/flate write, at every level,
// and what zlibConvert writes reads back.
func TestZlibReadsWhatTheStandardLibraryWrites(t *testing.T) {
	data := bytes.Repeat([]byte("socialconn zlib \x00\xff "), 5000)
	ctx := context.Background()
	for level := -2; level <= 9; level++ {
		var gz, zl, raw bytes.Buffer
		gw, _ := gzip.NewWriterLevel(&gz, level)
		zw, _ := zlib.NewWriterLevel(&zl, level)
		fw, _ := flate.NewWriter(&raw, level)
		for _, w := range []io.WriteCloser{gw, zw, fw} {
			_, _ = w.Write(data)
			require.NoError(t, w.Close())
		}
		for _, c := range []struct {
			mode zlibMode
			in   []byte
		}{{zGunzip, gz.Bytes()}, {zUnzip, gz.Bytes()}, {zInflate, zl.Bytes()}, {zUnzip, zl.Bytes()}, {zInflateRaw, raw.Bytes()}} {
			out, err := zlibConvert(ctx, c.mode, c.in, zlibOptions{finishFlush: zFinish})
			require.NoError(t, err, "mode %d level %d", c.mode, level)
			assert.Equal(t, data, out, "mode %d level %d", c.mode, level)
		}
		for _, pair := range [][2]zlibMode{{zGzip, zGunzip}, {zDeflate, zInflate}, {zDeflateRaw, zInflateRaw}} {
			if level == -2 {
				continue // Huffman-only is the strategy option, not a level
			}
			enc, err := zlibConvert(ctx, pair[0], data, zlibOptions{level: level})
			require.NoError(t, err)
			out, err := zlibConvert(ctx, pair[1], enc, zlibOptions{finishFlush: zFinish})
			require.NoError(t, err)
			assert.Equal(t, data, out)
		}
	}
}

// TestZlibOutputCap: the output stops at maxOutput, whatever the ratio.
func TestZlibOutputCap(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	_, _ = zw.Write(make([]byte, 64<<20))
	require.NoError(t, zw.Close())
	out, err := zlibConvert(context.Background(), zGunzip, bomb.Bytes(), zlibOptions{finishFlush: zFinish, maxOutput: 1 << 20})
	var le *zlibLimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "Cannot create a Buffer larger than 1048576 bytes", le.Error())
	assert.Less(t, len(out), 1<<20+zlibChunk+1, "no more than one chunk past the cap")
}

// TestZlibStopsWithItsContext: a cancelled context stops a conversion
// between chunks.
func TestZlibStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, mode := range []zlibMode{zGzip, zDeflate, zDeflateRaw} {
		_, err := zlibConvert(ctx, mode, make([]byte, 1<<20), zlibOptions{level: -1})
		assert.ErrorIs(t, err, context.Canceled)
	}
	enc, err := zlibConvert(context.Background(), zGzip, make([]byte, 1<<20), zlibOptions{level: -1})
	require.NoError(t, err)
	_, err = zlibConvert(ctx, zGunzip, enc, zlibOptions{finishFlush: zFinish})
	assert.ErrorIs(t, err, context.Canceled)
}

// FuzzZlib: no input panics any mode, output respects the cap, an error is
// zlib's own, the cap or a truncation that Z_SYNC_FLUSH forgives, deflate
// data that compress/flate and compress/zlib read whole reads the same
// here, and whatever is compressed decompresses back.
func FuzzZlib(f *testing.F) {
	for _, s := range []string{"", "hello", "\x1f\x8b", "\x78\x9c", "\x78\x9c\x03\x00"} {
		f.Add([]byte(s), uint8(0), false)
	}
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	_, _ = gw.Write([]byte("fuzz seed, fuzz seed, fuzz seed"))
	_ = gw.Close()
	f.Add(gz.Bytes(), uint8(3), true)
	f.Fuzz(func(t *testing.T, in []byte, modeByte uint8, sync bool) {
		const max = 1 << 16
		mode := zlibMode(modeByte%7) + 1
		o := zlibOptions{finishFlush: zFinish, maxOutput: max}
		if sync {
			o.finishFlush = zSyncFlush
		}
		out, err := zlibConvert(context.Background(), mode, in, o)
		var ze *zlibError
		var le *zlibLimitError
		switch {
		case err == nil:
		case errors.As(err, &ze):
			assert.Contains(t, []int{-3, -5, 2}, ze.errno)
		case errors.As(err, &le):
		default:
			t.Fatalf("mode %d: unexpected error %T %v", mode, err, err)
		}
		assert.LessOrEqual(t, len(out), max+zlibChunk)
		switch mode {
		case zInflate:
			if want, rerr := readAllLimited(zlib.NewReader(bytes.NewReader(in))); rerr == nil && len(want) <= max {
				assert.NoError(t, err)
				assert.Equal(t, want, out)
			}
		case zInflateRaw:
			if want, rerr := readAllLimited(flate.NewReader(bytes.NewReader(in)), nil); rerr == nil && len(want) <= max {
				assert.NoError(t, err)
				assert.Equal(t, want, out)
			}
		case zGzip, zDeflate, zDeflateRaw:
			require.NoError(t, err)
			back, err := zlibConvert(context.Background(), mode+1, out, zlibOptions{finishFlush: zFinish})
			require.NoError(t, err)
			assert.Equal(t, in, append([]byte{}, back...))
		}
	})
}

// readAllLimited reads r (an io.ReadCloser and its opening error) to the
// end, at most 1 MiB.
func readAllLimited(r io.ReadCloser, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, 1<<20))
}
