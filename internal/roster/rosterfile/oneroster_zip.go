package rosterfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// orLimits: a bundle is a handful of CSVs, so few entries; each CSV and
// the whole bundle share the upload size limit.
var orLimits = zipLimits{
	what:          "OneRoster",
	maxEntries:    50,
	maxEntryBytes: MaxFileBytes,
	maxTotalBytes: MaxFileBytes,
}

// archiveExts are names of archives we refuse to find inside a bundle: a
// nested archive is how zip bombs hide from a one-level size check.
var archiveExts = set(".zip", ".jar", ".xlsx", ".xlsm", ".docx", ".pptx", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".zst", ".cab")

// archiveMagics catch a nested archive renamed to .csv.
var archiveMagics = [][]byte{
	[]byte("PK\x03\x04"), []byte("PK\x05\x06"), {0x1F, 0x8B}, []byte("7z\xBC\xAF\x27\x1C"), []byte("Rar!"), []byte("BZh"), {0xFD, '7', 'z', 'X', 'Z'},
}

// checkEntryName refuses names that would escape a directory if anyone
// ever extracted the bundle, and names that are ambiguous on some OS. We
// never extract, but a bundle with such names was not made by a SIS.
func checkEntryName(f *zip.File) *FileError {
	n := f.Name
	switch {
	case strings.Contains(n, ".."),
		strings.ContainsRune(n, 0),
		strings.ContainsRune(n, '\\'),
		strings.HasPrefix(n, "/"),
		len(n) >= 2 && n[1] == ':',
		f.Mode()&fs.ModeSymlink != 0:
		return unsafeEntry(n)
	}
	return nil
}

// junkEntry: files that macOS and Windows add when zipping a folder.
func junkEntry(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(base, "._") || base == ".DS_Store" || base == "Thumbs.db"
}

// indexBundle checks every entry's name and returns the bundle's files
// keyed by lower-cased base name. The bundle lives where manifest.csv is:
// at the root, or in one folder when the registrar zipped a folder.
func indexBundle(zr *zip.Reader) (map[string]*zip.File, *FileError) {
	var manifests []*zip.File
	for _, f := range zr.File {
		if ferr := checkEntryName(f); ferr != nil {
			return nil, ferr
		}
		if f.FileInfo().IsDir() || junkEntry(f.Name) {
			continue
		}
		if archiveExts[strings.ToLower(path.Ext(f.Name))] {
			return nil, nestedArchive(f.Name)
		}
		if strings.EqualFold(path.Base(f.Name), orManifest) {
			manifests = append(manifests, f)
		}
	}
	switch len(manifests) {
	case 0:
		return nil, missingFile(orManifest, "", "")
	case 1:
	default:
		return nil, badRequest(CodeDuplicateEntry,
			fmt.Sprintf("压缩包中有 %d 个 manifest.csv，请只打包一套 OneRoster 文件", len(manifests)),
			fmt.Sprintf("the archive holds %d manifest.csv files; zip exactly one OneRoster set", len(manifests)))
	}
	dir := path.Dir(manifests[0].Name)
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || junkEntry(f.Name) || path.Dir(f.Name) != dir {
			continue
		}
		key := strings.ToLower(path.Base(f.Name))
		if _, dup := files[key]; dup {
			return nil, badRequest(CodeDuplicateEntry,
				fmt.Sprintf("压缩包中 %s 出现了不止一次", truncateForMessage(path.Base(f.Name))),
				fmt.Sprintf("%s appears more than once in the archive", truncateForMessage(path.Base(f.Name))))
		}
		files[key] = f
	}
	return files, nil
}

// readBundleFile decompresses one CSV of the bundle within the limits and
// refuses content that is itself an archive.
func readBundleFile(f *zip.File, budget *uint64) ([]byte, *FileError) {
	data, ferr := readZipEntry(f, orLimits, budget)
	if ferr != nil {
		return nil, ferr
	}
	for _, m := range archiveMagics {
		if bytes.HasPrefix(data, m) {
			return nil, nestedArchive(f.Name)
		}
	}
	return data, nil
}

func nestedArchive(name string) *FileError {
	n := truncateForMessage(name)
	return badRequest(CodeNestedArchive,
		fmt.Sprintf("压缩包内不能再嵌套压缩包（%s），请直接打包 CSV 文件", n),
		fmt.Sprintf("archives inside the archive are refused (%s); zip the CSV files directly", n))
}

func missingFile(file, whyZh, whyEn string) *FileError {
	zh := fmt.Sprintf("OneRoster 压缩包缺少必需的文件 %s", file)
	en := fmt.Sprintf("the OneRoster archive lacks the required file %s", file)
	if whyZh != "" {
		zh += "（" + whyZh + "）"
		en += " (" + whyEn + ")"
	}
	return unprocessable(CodeMissingFile, zh, en)
}
