package rosterfile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"testing"
)

func mustZipReader(t *testing.T, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// rawEntry writes an entry whose header declares the given sizes whatever
// the data really is: how forged zip bombs are made.
type rawEntry struct {
	name               string
	data               []byte // uncompressed content, deflated here
	declUncompressed   uint64 // 0: the real size
	declCompressedSize uint64 // 0: the real size
	badCRC             bool
}

func buildRawZip(t *testing.T, entries ...rawEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		_, _ = fw.Write(e.data)
		_ = fw.Close()
		h := &zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			CRC32:              crc32.ChecksumIEEE(e.data),
			CompressedSize64:   uint64(comp.Len()),
			UncompressedSize64: uint64(len(e.data)),
		}
		if e.declUncompressed != 0 {
			h.UncompressedSize64 = e.declUncompressed
		}
		if e.declCompressedSize != 0 {
			h.CompressedSize64 = e.declCompressedSize
		}
		if e.badCRC {
			h.CRC32++
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOpenZipGuards(t *testing.T) {
	lim := orLimits
	tests := []struct {
		name   string
		data   []byte
		status int
		code   string
	}{
		{"zeros ratio", buildZip(t, zipEntry{name: "users.csv", data: make([]byte, 10<<20)}), 413, CodeZipBomb},
		{"declares a terabyte", buildRawZip(t, rawEntry{name: "users.csv", data: []byte("x"), declUncompressed: 1 << 40}), 413, CodeZipBomb},
		{"declared total over limit", buildRawZip(t,
			rawEntry{name: "a.csv", data: []byte("x"), declUncompressed: 60 << 20, declCompressedSize: 1 << 20},
			rawEntry{name: "b.csv", data: []byte("y"), declUncompressed: 60 << 20, declCompressedSize: 1 << 20}), 413, CodeFileTooLarge},
		{"not a zip", []byte("hello"), 415, CodeInvalidZip},
		{"empty", nil, 415, CodeInvalidZip},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ferr := openZip(bytes.NewReader(tc.data), int64(len(tc.data)), lim)
			if ferr == nil {
				t.Fatal("accepted")
			}
			wantFileError(t, ferr, tc.status, tc.code)
		})
	}
}

func TestReadZipEntryLyingHeader(t *testing.T) {
	// Declares 1 KB, holds 512 KB of zeros: ratio checks pass on the
	// declared sizes, the actual read must stop it.
	data := buildRawZip(t, rawEntry{name: "users.csv", data: make([]byte, 512<<10), declUncompressed: 1 << 10})
	zr, ferr := openZip(bytes.NewReader(data), int64(len(data)), orLimits)
	if ferr != nil {
		t.Fatalf("declared sizes should pass: %v", ferr)
	}
	budget := orLimits.maxTotalBytes
	_, ferr = readZipEntry(zr.File[0], orLimits, &budget)
	if ferr == nil {
		t.Fatal("read past the declared size")
	}
	wantFileError(t, ferr, 413, CodeZipBomb)
}

func TestReadZipEntryBudget(t *testing.T) {
	data := buildZip(t, zipEntry{name: "a.csv", data: bytes.Repeat([]byte("0123456789abcdef"), 1024)})
	zr := mustZipReader(t, data)
	budget := uint64(100)
	_, ferr := readZipEntry(zr.File[0], orLimits, &budget)
	if ferr == nil {
		t.Fatal("read past the budget")
	}
	wantFileError(t, ferr, 413, CodeFileTooLarge)
}

func TestEOCDEntryCount(t *testing.T) {
	var entries []zipEntry
	for i := 0; i < 51; i++ {
		entries = append(entries, zipEntry{name: string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".csv", data: []byte("x")})
	}
	data := buildZip(t, entries...)
	if n, ok := eocdEntryCount(bytes.NewReader(data), int64(len(data))); !ok || n != 51 {
		t.Fatalf("count = %d %v", n, ok)
	}
	_, ferr := openZip(bytes.NewReader(data), int64(len(data)), orLimits)
	if ferr == nil {
		t.Fatal("accepted 51 entries")
	}
	wantFileError(t, ferr, 413, CodeTooManyEntries)
}

func TestReadZipEntryCorrupt(t *testing.T) {
	data := buildRawZip(t, rawEntry{name: "users.csv", data: []byte("sourcedId\n1\n"), badCRC: true})
	zr := mustZipReader(t, data)
	budget := orLimits.maxTotalBytes
	_, ferr := readZipEntry(zr.File[0], orLimits, &budget)
	if ferr == nil {
		t.Fatal("accepted a bad checksum")
	}
	fe := wantFileError(t, ferr, 415, CodeInvalidZip)
	if got := fe.Error(); got != "rosterfile: invalid_zip: "+fe.MessageEn {
		t.Fatalf("Error() = %q", got)
	}
}
