package rosterfile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// zipLimits bound what we are willing to decompress from one upload.
type zipLimits struct {
	what          string // "XLSX" or "OneRoster", for messages
	maxEntries    int
	maxEntryBytes uint64
	maxTotalBytes uint64
}

// ratioFloor: entries smaller than this are not ratio-checked. A few KB of
// repetitive XML legitimately compresses past 100:1 and can do no harm.
const ratioFloor = 1 << 20

// openZip opens an uploaded zip after checking what its directory
// declares: entry count, per-entry and total uncompressed size, and the
// compression ratio. Nothing is decompressed here; readZipEntry enforces
// the same limits on the bytes actually produced, because a zip's
// declared sizes are attacker-controlled.
func openZip(r io.ReaderAt, size int64, lim zipLimits) (*zip.Reader, *FileError) {
	notZip := unsupported(CodeInvalidZip,
		fmt.Sprintf("文件不是有效的 %s（zip）文件；旧版 .xls 或加密的文件请先另存为 .xlsx", lim.what),
		fmt.Sprintf("the file is not a valid %s (zip) file; save old .xls or password-protected workbooks as .xlsx first", lim.what))
	if size <= 0 {
		return nil, notZip
	}
	// Count entries from the end-of-central-directory record before
	// archive/zip allocates one struct per entry.
	if n, ok := eocdEntryCount(r, size); ok && n > lim.maxEntries {
		return nil, tooManyEntries(lim)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		if errors.Is(err, zip.ErrInsecurePath) {
			return nil, unsafeEntry("")
		}
		return nil, notZip
	}
	if len(zr.File) > lim.maxEntries {
		return nil, tooManyEntries(lim)
	}
	var total uint64
	for _, f := range zr.File {
		if f.Flags&0x1 != 0 {
			return nil, unsupported(CodeInvalidZip,
				fmt.Sprintf("压缩包中的 %s 已加密，请解除密码后重新上传", truncateForMessage(f.Name)),
				fmt.Sprintf("%s in the archive is encrypted; remove the password and upload again", truncateForMessage(f.Name)))
		}
		u := f.UncompressedSize64
		if u > ratioFloor && u/MaxCompressionRatio > max(f.CompressedSize64, 1) {
			return nil, zipBomb(f.Name)
		}
		if u > lim.maxEntryBytes {
			return nil, sizeExceeded(lim, f.Name)
		}
		total += u
		if total > lim.maxTotalBytes {
			return nil, sizeExceeded(lim, "")
		}
	}
	if total > ratioFloor && total/MaxCompressionRatio > uint64(size) {
		return nil, zipBomb("")
	}
	return zr, nil
}

// readZipEntry decompresses one entry, never producing more than its
// declared size, the per-entry limit, or what is left of the upload's
// total budget (*budget, decremented). It inflates the raw stream itself
// instead of using zip.File.Open, whose own size check reports a forged
// header as a generic format error: producing more than declared is the
// signature of a zip bomb and is reported as one.
func readZipEntry(f *zip.File, lim zipLimits, budget *uint64) ([]byte, *FileError) {
	limit := min(f.UncompressedSize64, lim.maxEntryBytes, *budget)
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, corruptEntry(f.Name, err)
	}
	var src io.Reader
	switch f.Method {
	case zip.Store:
		src = raw
	case zip.Deflate:
		fr := flate.NewReader(raw)
		defer fr.Close()
		src = fr
	default:
		return nil, corruptEntry(f.Name, zip.ErrAlgorithm)
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(src, int64(limit)+1))
	if uint64(n) > limit {
		switch {
		case uint64(n) > f.UncompressedSize64:
			return nil, zipBomb(f.Name)
		case limit == *budget:
			return nil, sizeExceeded(lim, "")
		}
		return nil, sizeExceeded(lim, f.Name)
	}
	if err != nil {
		return nil, corruptEntry(f.Name, err)
	}
	if uint64(n) != f.UncompressedSize64 || crc32.ChecksumIEEE(buf.Bytes()) != f.CRC32 {
		return nil, corruptEntry(f.Name, zip.ErrChecksum)
	}
	*budget -= uint64(n)
	return buf.Bytes(), nil
}

// eocdEntryCount reads the entry count from the end-of-central-directory
// record. ok is false when the record is not found or the archive is
// zip64 (0xFFFF); archive/zip then validates the count itself.
func eocdEntryCount(r io.ReaderAt, size int64) (int, bool) {
	const eocdLen = 22
	tail := int64(eocdLen + 65535) // record plus the longest comment
	if tail > size {
		tail = size
	}
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	sig := []byte{'P', 'K', 5, 6}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if bytes.Equal(buf[i:i+4], sig) {
			n := binary.LittleEndian.Uint16(buf[i+10 : i+12])
			if n == 0xFFFF {
				return 0, false
			}
			return int(n), true
		}
	}
	return 0, false
}

func tooManyEntries(lim zipLimits) *FileError {
	return tooLarge(CodeTooManyEntries,
		fmt.Sprintf("压缩包内文件超过 %d 个", lim.maxEntries),
		fmt.Sprintf("the archive holds more than %d files", lim.maxEntries))
}

func zipBomb(entry string) *FileError {
	if entry == "" {
		return tooLarge(CodeZipBomb,
			fmt.Sprintf("压缩包压缩比超过 %d:1，疑似压缩炸弹，已拒绝", MaxCompressionRatio),
			fmt.Sprintf("the archive's compression ratio exceeds %d:1; refused as a likely zip bomb", MaxCompressionRatio))
	}
	e := truncateForMessage(entry)
	return tooLarge(CodeZipBomb,
		fmt.Sprintf("压缩包中的 %s 压缩比超过 %d:1 或实际大小超过声明，疑似压缩炸弹，已拒绝", e, MaxCompressionRatio),
		fmt.Sprintf("%s in the archive exceeds a %d:1 compression ratio or its declared size; refused as a likely zip bomb", e, MaxCompressionRatio))
}

func sizeExceeded(lim zipLimits, entry string) *FileError {
	if entry == "" {
		return tooLarge(CodeFileTooLarge,
			fmt.Sprintf("解压后总大小超过 %d MB 上限", lim.maxTotalBytes>>20),
			fmt.Sprintf("the uncompressed contents exceed the %d MB limit", lim.maxTotalBytes>>20))
	}
	e := truncateForMessage(entry)
	return tooLarge(CodeFileTooLarge,
		fmt.Sprintf("压缩包中的 %s 解压后超过 %d MB 上限", e, lim.maxEntryBytes>>20),
		fmt.Sprintf("%s in the archive exceeds the %d MB uncompressed limit", e, lim.maxEntryBytes>>20))
}

func corruptEntry(entry string, err error) *FileError {
	e := truncateForMessage(entry)
	return unsupported(CodeInvalidZip,
		fmt.Sprintf("压缩包中的 %s 已损坏或使用了不支持的压缩方式", e),
		fmt.Sprintf("%s in the archive is corrupt or uses an unsupported compression method (%v)", e, err))
}

func unsafeEntry(entry string) *FileError {
	e := truncateForMessage(entry)
	return badRequest(CodeUnsafeEntry,
		fmt.Sprintf("压缩包含有不安全的文件路径 %q（含 ..、绝对路径、反斜杠或空字符），已拒绝", e),
		fmt.Sprintf("the archive has an unsafe entry name %q (.., absolute path, backslash or NUL); refused", e))
}
