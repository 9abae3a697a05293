package script

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"io"
	"strconv"
)

// Compression as Node's zlib binding frames it: the gzip and zlib wrappers
// are read here, byte for byte as zlib reads them, so that a script sees
// zlib's error texts, and the deflate data in between goes through
// compress/flate. The zlib module, request's gzip option and the fetch
// clients' decoding all come through here.

// zlibMode is one of Node's zlib modes (zlib.constants.DEFLATE ... UNZIP).
type zlibMode int

const (
	zDeflate zlibMode = iota + 1
	zInflate
	zGzip
	zGunzip
	zDeflateRaw
	zInflateRaw
	zUnzip
)

// finishFlush values: Z_SYNC_FLUSH, and Z_FINISH, Node's default.
const (
	zSyncFlush = 2
	zFinish    = 4
)

// zlibOptions are the options a conversion honours.
type zlibOptions struct {
	// level is the compression level, -1 (zlib's default, 6) to 9.
	level int
	// huffmanOnly is the Z_HUFFMAN_ONLY strategy.
	huffmanOnly bool
	// finishFlush other than Z_FINISH (Z_SYNC_FLUSH, say) accepts input
	// that stops early: what was decoded so far is the output, as with zlib.
	finishFlush int
	// maxOutput bounds the output; over it, *zlibLimitError.
	maxOutput int64
	// dictionary is the preset dictionary of deflate/inflate (raw or zlib).
	dictionary []byte
}

// zlibError is an error of zlib itself, as Node reports it: message, code
// and errno (Z_DATA_ERROR -3, Z_BUF_ERROR -5, Z_NEED_DICT 2).
type zlibError struct {
	msg   string
	code  string
	errno int
}

func (e *zlibError) Error() string { return e.msg }

var (
	errZHeader      = &zlibError{"incorrect header check", "Z_DATA_ERROR", -3}
	errZMethod      = &zlibError{"unknown compression method", "Z_DATA_ERROR", -3}
	errZFlags       = &zlibError{"unknown header flags set", "Z_DATA_ERROR", -3}
	errZWindow      = &zlibError{"invalid window size", "Z_DATA_ERROR", -3}
	errZHeaderCRC   = &zlibError{"header crc mismatch", "Z_DATA_ERROR", -3}
	errZDataCheck   = &zlibError{"incorrect data check", "Z_DATA_ERROR", -3}
	errZLengthCheck = &zlibError{"incorrect length check", "Z_DATA_ERROR", -3}
	errZBlockType   = &zlibError{"invalid block type", "Z_DATA_ERROR", -3}
	errZStored      = &zlibError{"invalid stored block lengths", "Z_DATA_ERROR", -3}
	errZCorrupt     = &zlibError{"invalid compressed data", "Z_DATA_ERROR", -3}
	errZEOF         = &zlibError{"unexpected end of file", "Z_BUF_ERROR", -5}
	errZNeedDict    = &zlibError{"Missing dictionary", "Z_NEED_DICT", 2}
	errZBadDict     = &zlibError{"Bad dictionary", "Z_NEED_DICT", 2}
)

// zlibLimitError is output over zlibOptions.maxOutput.
type zlibLimitError struct{ max int64 }

func (e *zlibLimitError) Error() string {
	return "Cannot create a Buffer larger than " + strconv.FormatInt(e.max, 10) + " bytes"
}

// zlibChunk is how much is converted between two looks at the context.
const zlibChunk = 64 << 10

// zlibConvert runs mode over data. Errors are *zlibError, *zlibLimitError or
// ctx's error.
func zlibConvert(ctx context.Context, mode zlibMode, data []byte, o zlibOptions) ([]byte, error) {
	switch mode {
	case zDeflate, zGzip, zDeflateRaw:
		return zlibCompress(ctx, mode, data, o)
	}
	d := &inflater{ctx: ctx, in: bytes.NewReader(data), o: o}
	var err error
	switch mode {
	case zInflate:
		err = d.zlibStream()
	case zInflateRaw:
		err = d.raw(nil)
	case zGunzip:
		err = d.gzipMembers()
	case zUnzip:
		if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
			err = d.gzipMembers()
		} else {
			err = d.zlibStream()
		}
	}
	if err == io.ErrUnexpectedEOF {
		// zlib reports input that stops early only when asked to finish.
		if o.finishFlush != zFinish {
			err = nil
		} else {
			err = errZEOF
		}
	}
	return d.out.Bytes(), err
}

// inflater reads one input: its wrapper (gzip, zlib) by hand, the deflate
// data through compress/flate, which reads a bytes.Reader byte by byte and
// so leaves the reader just after the deflate data.
type inflater struct {
	ctx context.Context
	in  *bytes.Reader
	o   zlibOptions
	out bytes.Buffer
}

// gzipMembers reads gzip members as Node does: after one, a next byte of
// zero ends the input (padding); any other starts another member.
func (d *inflater) gzipMembers() error {
	for {
		if err := d.gzipMember(); err != nil {
			return err
		}
		b, err := d.in.ReadByte()
		if err != nil || b == 0 {
			return nil
		}
		_ = d.in.UnreadByte()
	}
}

func (d *inflater) gzipMember() error {
	// zlib checks the magic, then the method and flags, before it reads on.
	var h [10]byte
	if err := d.read(h[:2]); err != nil {
		return err
	}
	if h[0] != 0x1f || h[1] != 0x8b {
		return errZHeader
	}
	if err := d.read(h[2:4]); err != nil {
		return err
	}
	if h[2] != 8 {
		return errZMethod
	}
	flg := h[3]
	if flg&0xe0 != 0 {
		return errZFlags
	}
	if err := d.read(h[4:]); err != nil {
		return err
	}
	hcrc := crc32.NewIEEE()
	hcrc.Write(h[:])
	if flg&0x04 != 0 { // FEXTRA
		var n [2]byte
		if err := d.read(n[:]); err != nil {
			return err
		}
		extra := make([]byte, binary.LittleEndian.Uint16(n[:]))
		if err := d.read(extra); err != nil {
			return err
		}
		hcrc.Write(n[:])
		hcrc.Write(extra)
	}
	for _, bit := range []byte{0x08, 0x10} { // FNAME, FCOMMENT: zero-terminated
		if flg&bit == 0 {
			continue
		}
		var c [1]byte
		for c[0] = 1; c[0] != 0; hcrc.Write(c[:]) {
			if err := d.read(c[:]); err != nil {
				return err
			}
		}
	}
	if flg&0x02 != 0 { // FHCRC
		var c [2]byte
		if err := d.read(c[:]); err != nil {
			return err
		}
		if binary.LittleEndian.Uint16(c[:]) != uint16(hcrc.Sum32()) {
			return errZHeaderCRC
		}
	}
	sum := crc32.NewIEEE()
	start := d.out.Len()
	if err := d.raw(nil); err != nil {
		return err
	}
	sum.Write(d.out.Bytes()[start:])
	var t [8]byte
	if err := d.read(t[:]); err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(t[:4]) != sum.Sum32() {
		return errZDataCheck
	}
	if binary.LittleEndian.Uint32(t[4:]) != uint32(d.out.Len()-start) {
		return errZLengthCheck
	}
	return nil
}

// zlibStream reads the zlib wrapper (RFC 1950) around deflate data.
func (d *inflater) zlibStream() error {
	var h [2]byte
	if err := d.read(h[:]); err != nil {
		return err
	}
	switch {
	case (uint(h[0])<<8|uint(h[1]))%31 != 0:
		return errZHeader
	case h[0]&0x0f != 8:
		return errZMethod
	case h[0]>>4+8 > 15:
		return errZWindow
	}
	var dict []byte
	if h[1]&0x20 != 0 {
		var id [4]byte
		if err := d.read(id[:]); err != nil {
			return err
		}
		if d.o.dictionary == nil {
			return errZNeedDict
		}
		if binary.BigEndian.Uint32(id[:]) != adler32.Checksum(d.o.dictionary) {
			return errZBadDict
		}
		dict = d.o.dictionary
	}
	start := d.out.Len()
	if err := d.raw(dict); err != nil {
		return err
	}
	var t [4]byte
	if err := d.read(t[:]); err != nil {
		return err
	}
	if binary.BigEndian.Uint32(t[:]) != adler32.Checksum(d.out.Bytes()[start:]) {
		return errZDataCheck
	}
	return nil
}

// raw decodes deflate data (RFC 1951) from the input into the output. dict
// is the zlib wrapper's dictionary; raw data takes the options' own.
func (d *inflater) raw(dict []byte) error {
	if dict == nil {
		dict = d.o.dictionary
	}
	first := d.in.Len()
	var rest []byte
	if first > 0 {
		// For the error text: zlib names a first block it cannot read.
		pos := d.in.Size() - int64(first)
		rest = make([]byte, min(first, 5))
		_, _ = d.in.ReadAt(rest, pos)
	}
	fr := flate.NewReaderDict(d.in, dict)
	defer fr.Close()
	for {
		if err := d.ctx.Err(); err != nil {
			return err
		}
		_, err := io.CopyN(&d.out, fr, zlibChunk)
		if d.o.maxOutput > 0 && int64(d.out.Len()) > d.o.maxOutput {
			return &zlibLimitError{d.o.maxOutput}
		}
		switch {
		case err == io.EOF:
			return nil
		case err == io.ErrUnexpectedEOF:
			return err
		case err != nil:
			var corrupt flate.CorruptInputError
			if errors.As(err, &corrupt) {
				return firstBlockError(rest)
			}
			return errZCorrupt
		}
	}
}

// firstBlockError is zlib's text for deflate data whose first block header
// it refuses, when that is why; otherwise a general one.
func firstBlockError(b []byte) error {
	if len(b) == 0 {
		return errZCorrupt
	}
	switch b[0] >> 1 & 3 {
	case 3:
		return errZBlockType
	case 0:
		if len(b) == 5 && binary.LittleEndian.Uint16(b[1:3]) != ^binary.LittleEndian.Uint16(b[3:5]) {
			return errZStored
		}
	}
	return errZCorrupt
}

// read fills p from the input, or reports io.ErrUnexpectedEOF.
func (d *inflater) read(p []byte) error {
	if _, err := io.ReadFull(d.in, p); err != nil {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// zlibCompress writes data as mode. The deflate data is compress/flate's,
// not byte for byte zlib's; the wrappers are zlib's (gzip names Unix as its
// operating system and no time, as Node's does).
func zlibCompress(ctx context.Context, mode zlibMode, data []byte, o zlibOptions) ([]byte, error) {
	level := o.level
	if o.huffmanOnly {
		level = flate.HuffmanOnly
	}
	var out bytes.Buffer
	var w io.WriteCloser
	var err error
	switch mode {
	case zGzip:
		var gw *gzip.Writer
		if gw, err = gzip.NewWriterLevel(&out, level); err == nil {
			gw.OS = 3
			w = gw
		}
	case zDeflate:
		w, err = zlib.NewWriterLevelDict(&out, level, o.dictionary)
	default:
		w, err = flate.NewWriterDict(&out, level, o.dictionary)
	}
	if err != nil {
		return nil, err
	}
	for len(data) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(len(data), zlibChunk)
		if _, err := w.Write(data[:n]); err != nil {
			return nil, err
		}
		data = data[n:]
		if o.maxOutput > 0 && int64(out.Len()) > o.maxOutput {
			return nil, &zlibLimitError{o.maxOutput}
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if mode == zGzip {
		// zlib's extra flags: 2 for the best compression, 4 for the
		// fastest (and for none, or Huffman coding only).
		xfl := byte(0)
		switch {
		case level == 9:
			xfl = 2
		case level < 2 && level != flate.DefaultCompression:
			xfl = 4
		}
		out.Bytes()[8] = xfl
	}
	if o.maxOutput > 0 && int64(out.Len()) > o.maxOutput {
		return nil, &zlibLimitError{o.maxOutput}
	}
	return out.Bytes(), nil
}
