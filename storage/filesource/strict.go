package filesource

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// The decoders of golang.org/x/text turn bytes they cannot read into
// U+FFFD without an error. In a single-byte code page that is all a U+FFFD
// can mean (none of them encodes it), so checkText treats every U+FFFD in
// decoded text as an error. UTF-16, GB18030 and GBK, though, can encode
// U+FFFD itself, and files hold it (text that went through a broken
// conversion before): such a file must read, not fail. strictDecoder tells
// the two apart.

// invalidMark stands, in decoded text, for bytes the decoder could not
// read. It is never valid UTF-8, so checkText finds it, with its line and
// column, the way it finds an invalid byte in a UTF-8 file.
const invalidMark = 0xFF

// strictDecoder decodes an ASCII-compatible multi-byte encoding (GB18030,
// GBK) one character at a time with its x/text decoder: a character that
// decodes to U+FFFD without being the encoding's own spelling of U+FFFD is
// written as invalidMark. (UTF-16 has utf16Decoder.)
type strictDecoder struct {
	dec transform.Transformer
	// width returns the length of the character p starts with, or 0 when
	// p is too short to tell (or to hold it).
	width func(p []byte) int
	// replacement is U+FFFD encoded.
	replacement []byte
	buf         [32]byte
}

func (d *strictDecoder) Reset() { d.dec.Reset() }

func (d *strictDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if c := src[nSrc]; c < 0x80 { // ASCII, as in every encoding it serves
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		n := d.width(src[nSrc:])
		if n == 0 {
			if !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			n = len(src) - nSrc // a character cut off by the end of the file
		}
		piece := src[nSrc : nSrc+n]
		d.dec.Reset()
		nd, ns, derr := d.dec.Transform(d.buf[:], piece, true)
		out := d.buf[:nd]
		if derr != nil || ns < len(piece) || (bytes.Contains(out, []byte("\uFFFD")) && !bytes.Equal(piece, d.replacement)) {
			out = []byte{invalidMark}
		}
		if nDst+len(out) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += copy(dst[nDst:], out)
		nSrc += n
	}
	return nDst, nSrc, nil
}

// utf16Decoder decodes UTF-16 strictly: an unpaired surrogate, or an odd
// byte at the end of the file, comes out as invalidMark; U+FFFD as U+FFFD.
type utf16Decoder struct {
	bigEndian bool
	transform.NopResetter
}

func (d utf16Decoder) unit(b []byte) rune {
	if d.bigEndian {
		return rune(b[0])<<8 | rune(b[1])
	}
	return rune(b[1])<<8 | rune(b[0])
}

func (d utf16Decoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if len(src)-nSrc < 2 {
			if !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = invalidMark // a byte cut off by the end of the file
			return nDst + 1, len(src), nil
		}
		r, n := d.unit(src[nSrc:]), 2
		switch {
		case r >= 0xD800 && r < 0xDC00: // a high surrogate: a low one must follow
			if len(src)-nSrc < 4 && !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			hi := r
			r = -1
			if len(src)-nSrc >= 4 {
				if lo := d.unit(src[nSrc+2:]); lo >= 0xDC00 && lo < 0xE000 {
					r, n = utf16.DecodeRune(hi, lo), 4
				}
			}
		case r >= 0xDC00 && r < 0xE000: // a low surrogate alone
			r = -1
		}
		if r < 0 {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = invalidMark
			nDst++
			nSrc += 2
			continue
		}
		if len(dst)-nDst < utf8.RuneLen(r) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += n
	}
	return nDst, nSrc, nil
}

// gbWidth is the length of the GB18030 (or GBK) character p starts with:
// one byte for ASCII, for the bytes that lead nothing (0x80, 0xFF) and for
// a lead byte without a valid second byte, four when the second byte is a
// digit, two otherwise.
func gbWidth(p []byte) int {
	switch {
	case len(p) == 0:
		return 0
	case p[0] < 0x81 || p[0] == 0xFF:
		return 1
	case len(p) < 2:
		return 0
	case p[1] < 0x30 || p[1] > 0x39 && p[1] < 0x40 || p[1] == 0x7F || p[1] == 0xFF:
		return 1 // no trail byte: the lead byte alone is invalid
	case p[1] <= 0x39:
		if len(p) < 4 {
			return 0
		}
		return 4
	}
	return 2
}
