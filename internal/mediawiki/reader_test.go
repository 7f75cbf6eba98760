package mediawiki

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// readAll returns every page of r and the error that ended the reading (nil at EOF).
func readAll(t *testing.T, r *Reader) ([]Page, error) {
	t.Helper()
	var pages []Page
	for {
		p, err := r.Next()
		if err == io.EOF {
			return pages, nil
		}
		if err != nil {
			return pages, err
		}
		pages = append(pages, p)
	}
}

func openFixture(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReaderYieldsEveryPageWithItsFields(t *testing.T) {
	pages, err := readAll(t, NewReader(openFixture(t, "export.xml")))
	if err != nil {
		t.Fatal(err)
	}
	titles := []string{"Portal:Current events/2013 June 6", "Main Page",
		"Portal:Current events/2013 June 7", "Portal:Current events/2013 June 8"}
	if len(pages) != len(titles) {
		t.Fatalf("got %d pages, want %d", len(pages), len(titles))
	}
	for i, want := range titles {
		if pages[i].Title != want {
			t.Errorf("page %d title = %q, want %q", i, pages[i].Title, want)
		}
	}
	first := pages[0]
	want := Page{Title: titles[0], Namespace: 100, ID: 39792455, RevisionID: 558617223,
		Timestamp: time.Date(2013, 6, 7, 1, 2, 3, 0, time.UTC),
		SHA1:      "0123456789abcdef0123456789abcdef01234567", Comment: "add <b> item"}
	first.Text = ""
	if first != want {
		t.Errorf("first page\n got %+v\nwant %+v", first, want)
	}
	if pages[3].Text != "" || pages[3].SHA1 != TextSHA1("") {
		t.Errorf("empty <text/>: got text %q sha1 %q", pages[3].Text, pages[3].SHA1)
	}
}

func TestReaderDecodesXMLEntitiesInText(t *testing.T) {
	pages, err := readAll(t, NewReader(openFixture(t, "export.xml")))
	if err != nil {
		t.Fatal(err)
	}
	text := pages[0].Text
	for _, want := range []string{"?x=1&y=2 (Al Jazeera)]", `*Café "quotes" & <tags>`} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestReaderComputesSHA1WhenMissingOrNotHex(t *testing.T) {
	pages, err := readAll(t, NewReader(openFixture(t, "export.xml")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ page int }{{1}, {2}} // base-36 sha1; no sha1 at all
	for _, tt := range tests {
		p := pages[tt.page]
		if p.SHA1 != TextSHA1(p.Text) {
			t.Errorf("%s: sha1 %q, want %q", p.Title, p.SHA1, TextSHA1(p.Text))
		}
	}
}

func TestReaderYieldsNewestRevisionOfHistoryExport(t *testing.T) {
	pages, err := readAll(t, NewReader(openFixture(t, "export.xml")))
	if err != nil {
		t.Fatal(err)
	}
	p := pages[2]
	if p.RevisionID != 900 || p.Text != "final text" || !p.Timestamp.Equal(time.Date(2013, 6, 8, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("got revision %d %q %v, want 900 \"final text\"", p.RevisionID, p.Text, p.Timestamp)
	}
}

func TestReaderKeepSkipsOtherPages(t *testing.T) {
	r := NewReader(openFixture(t, "export.xml"))
	r.Keep = func(title string) bool { return strings.HasPrefix(title, DayTitlePrefix) }
	pages, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 || r.Skipped() != 1 {
		t.Fatalf("got %d pages, %d skipped; want 3 and 1", len(pages), r.Skipped())
	}
	for _, p := range pages {
		if p.Title == "Main Page" {
			t.Error("Main Page was not skipped")
		}
	}
}

func TestReaderCutOffDumpNamesLastPageAndOffset(t *testing.T) {
	r := NewReader(openFixture(t, "truncated.xml"))
	pages, err := readAll(t, r)
	if len(pages) != 2 {
		t.Errorf("got %d pages before the cut, want 2", len(pages))
	}
	if err == nil {
		t.Fatal("no error for a cut-off dump")
	}
	for _, want := range []string{`"Portal:Current events/2013 June 7"`, "byte 1798", "unexpected EOF"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, again := r.Next(); again == nil || again.Error() != err.Error() {
		t.Errorf("Next after the error = %v, want the same error", again)
	}
}

func TestReaderReplacesInvalidUTF8AndGoesOn(t *testing.T) {
	dump := page("Portal:Current events/2013 June 6", "bad \xff\xfe byte and \x01 control") +
		page("Portal:Current events/2013 June 7", "fine")
	pages, err := readAll(t, NewReader(strings.NewReader(wrap(dump))))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(pages))
	}
	if want := "bad \uFFFD\uFFFD byte and \uFFFD control"; pages[0].Text != want {
		t.Errorf("text = %q, want %q", pages[0].Text, want)
	}
}

func TestReaderTenMegabyteLine(t *testing.T) {
	line := strings.Repeat("word ", 2<<20)
	pages, err := readAll(t, NewReader(strings.NewReader(wrap(page("Portal:Current events/2013 June 6", line)))))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(pages[0].Text) != len(line) {
		t.Fatalf("got %d pages, want 1 with a %d-byte text", len(pages), len(line))
	}
}

func TestReaderRejectsNonXML(t *testing.T) {
	_, err := readAll(t, NewReader(strings.NewReader("<mediawiki><page><title>x</title></pag")))
	if err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("err = %v, want an error naming page \"x\"", err)
	}
}

func wrap(pages string) string {
	return `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">` + pages + "</mediawiki>"
}

func page(title, text string) string {
	var b bytes.Buffer
	b.WriteString("<page><title>" + title + "</title><ns>100</ns><id>1</id><revision><id>2</id>")
	b.WriteString("<timestamp>2013-06-07T00:00:00Z</timestamp><text>")
	b.WriteString(strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(text))
	b.WriteString("</text></revision></page>")
	return b.String()
}

func TestAppendValidXMLKeepsSequencesSplitAcrossReads(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		atEOF bool
		want  string
		used  int
	}{
		{"ascii", "abc\n\t", false, "abc\n\t", 5},
		{"complete multibyte", "é東", false, "é東", 5},
		{"split multibyte kept for later", "ab\xe6\x9d", false, "ab", 2},
		{"split multibyte at EOF replaced", "ab\xe6\x9d", true, "ab\uFFFD\uFFFD", 4},
		{"invalid byte", "a\xffb", false, "a\uFFFDb", 3},
		{"control character", "a\x00b\x1bc", false, "a\uFFFDb\uFFFDc", 5},
		{"noncharacter U+FFFE", "a\uFFFEb", false, "a\uFFFDb", 5},
		{"real U+FFFD kept", "\uFFFD", false, "\uFFFD", 3},
	}
	for _, tt := range tests {
		got, used := appendValidXML(nil, []byte(tt.src), tt.atEOF, nil)
		if string(got) != tt.want || used != tt.used {
			t.Errorf("%s: got %q used %d, want %q used %d", tt.name, got, used, tt.want, tt.used)
		}
	}
}

func TestValidXMLReaderOneByteReads(t *testing.T) {
	src := "aé東\xffz"
	got, err := io.ReadAll(newValidXMLReader(iotestOneByte{strings.NewReader(src)}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "aé東\uFFFDz"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// iotestOneByte reads one byte at a time, to split every multibyte sequence.
type iotestOneByte struct{ r io.Reader }

func (o iotestOneByte) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

func TestReaderRejectsOtherDocuments(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"plain text", "this is not a dump", "not a MediaWiki XML export"},
		{"empty", "", "not a MediaWiki XML export"},
		{"HTML", "<html><body>hi</body></html>", "root element is <html>"},
	}
	for _, tt := range tests {
		_, err := readAll(t, NewReader(strings.NewReader(tt.doc)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// A byte XML forbids becomes three (U+FFFD), so the decoder's offsets run
// ahead of the file's; an error names the offset in the file. A long run of
// such bytes (a file of NUL bytes) is no text at all: it ends the reading at
// once rather than growing into a character-data token three times its size.
func TestReaderErrorsNameTheFilesOffset(t *testing.T) {
	cut := "<mediawiki><page><title>Portal:Current events/2013 June 6</title><text>" +
		strings.Repeat("\x00", 1000) + "abc"
	nulRun := "<mediawiki>" + strings.Repeat("\x00", 3<<20)
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"cut off after invalid bytes", cut, []string{fmt.Sprintf("at byte %d,", len(cut))}},
		{"a long run of NUL bytes", nulRun, []string{"bytes in a row from byte 11 are not text", "at byte 1048"}},
		{"only NUL bytes", strings.Repeat("\x00", 3<<20), []string{"from byte 0 are not text"}},
	}
	for _, tt := range tests {
		_, err := readAll(t, NewReader(strings.NewReader(tt.doc)))
		for _, want := range tt.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, want)
			}
		}
	}
}
