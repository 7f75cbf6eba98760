package event

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The site's URL scheme: every path the static build writes and the server
// answers, built by SitePath.String and read back by ParseSitePath, and by
// nothing else. It lives here, beside Paths, because an event's identity is
// its path and every layer that speaks paths (store, render, site, server)
// already imports this package.

// PathType is the kind of file a site path names.
type PathType uint8

// The kinds of site paths; the zero PathType names none.
const (
	PathEvent       PathType = iota + 1 // /news/2013/06/6/<slug>
	PathDay                             // /news/2013/06/6/index
	PathMonth                           // /news/2013/06/index
	PathYear                            // /news/2013/index
	PathHome                            // /index
	PathList                            // /topics/index, /stories/index, /categories/index
	PathTitle                           // /topics/<slug>/index, /stories/<slug>/index, /categories/<slug>/index
	PathRSS                             // /feed.xml, /topics/<slug>/feed.xml
	PathAtom                            // /atom.xml, /topics/<slug>/atom.xml
	PathSitemap                         // /sitemap.xml, the sitemap index
	PathSitemapPart                     // /sitemaps/<group>.xml, /sitemaps/<group>-<n>.xml
	PathOnThisDay                       // /on-this-day/06-06/index
	PathNews                            // /news/index, every year and month
	PathCalendar                        // /on-this-day/index, every day of the year
	PathEdits                           // /edits/index, the latest edits of the portal; /edits/2025/03/index, those of a month
)

// EditsSegment is the directory of the page of the portal's latest edits,
// of its feeds and of the pages of each month's edits: /edits/index,
// /edits/feed.xml, /edits/atom.xml, /edits/2025/03/index.
const EditsSegment = "edits"

// LetterSegment is the directory under /topics/, /stories/ and /categories/
// that holds the letter pages of the lists (/topics/_/a/index): a title's
// slug is made of lowercase letters, digits and "-" only (TopicSlug), so
// it can never be "_" and the letter pages never take a title's address.
const LetterSegment = "_"

// OtherLetter is the letter group of the titles that do not start with a
// letter from a to z (after folding accents): /topics/_/other/index.
const OtherLetter = "other"

// PageExts are the extensions of a page's four formats: HTML, Markdown,
// JSON and XML, in the order pages list them.
var PageExts = [...]string{".html", ".md", ".json", ".xml"}

// SitePath is one path of the site, read into its parts. The zero value of
// a field a type does not use is part of the path's identity: a month's Date
// has Day 0, a year's Month and Day 0.
type SitePath struct {
	Type PathType
	// Date is the event's or index's day, month (Day 0) or year (Month 0,
	// Day 0); an edits page's month, zero for the latest edits.
	Date Date
	// Slug is an event's or title's slug, or a sitemap part's group; for
	// a feed of no Kind, EditsSegment names the edits' feed, empty the site's.
	Slug string
	// Kind is the kind of a list or title page, or of a title's feed; empty
	// for the site's own feeds.
	Kind Kind
	// Part is the number of a sitemap group's file: 1 for /sitemaps/<group>.xml,
	// n ≥ 2 for /sitemaps/<group>-<n>.xml.
	Part int
	// Letter is a list's letter page, a to z or OtherLetter (/topics/_/a/index);
	// empty for the list's first page, which links the letters.
	Letter string
	// PageNum is the number of a page of a title's or letter's events or titles
	// past the first: n ≥ 2 for …/page/<n>/index, 0 for the first page.
	PageNum int
	// Ext is a page's format extension (one of PageExts), or empty for the
	// page path that names the page in every format. Feeds and sitemaps have none.
	Ext string
}

// DayIndex returns the path of the day's index page, without extension.
func DayIndex(d Date) SitePath { return SitePath{Type: PathDay, Date: d} }

// MonthIndex returns the path of a month's index page, without extension.
func MonthIndex(year int, month time.Month) SitePath {
	return SitePath{Type: PathMonth, Date: Date{Year: year, Month: month}}
}

// YearIndex returns the path of a year's index page, without extension.
func YearIndex(year int) SitePath { return SitePath{Type: PathYear, Date: Date{Year: year}} }

// TitlePage returns the path of a topic's, story's or category's page from
// its slug, without extension.
func TitlePage(k Kind, slug string) SitePath { return SitePath{Type: PathTitle, Kind: k, Slug: slug} }

// ListPage returns the path of the list of every title of the kind, without extension.
func ListPage(k Kind) SitePath { return SitePath{Type: PathList, Kind: k} }

// TitleYearPage returns the path of a title's events of one year,
// /topics/<slug>/2013/index, without extension.
func TitleYearPage(k Kind, slug string, year int) SitePath {
	return SitePath{Type: PathTitle, Kind: k, Slug: slug, Date: Date{Year: year}}
}

// LetterPage returns the path of the titles of the kind that start with a
// letter (a to z, or OtherLetter), /topics/_/a/index, without extension.
func LetterPage(k Kind, letter string) SitePath {
	return SitePath{Type: PathList, Kind: k, Letter: letter}
}

// OnThisDay returns the path of the page of a calendar day's events of
// every year, /on-this-day/06-06/index, without extension; d's year is
// ignored.
func OnThisDay(d Date) SitePath {
	return SitePath{Type: PathOnThisDay, Date: Date{Month: d.Month, Day: d.Day}}
}

// NewsIndex returns the path of the page of every year and month of the
// archive, /news/index, without extension.
func NewsIndex() SitePath { return SitePath{Type: PathNews} }

// CalendarIndex returns the path of the page of every calendar day's
// on-this-day page, /on-this-day/index, without extension.
func CalendarIndex() SitePath { return SitePath{Type: PathCalendar} }

// EditsIndex returns the path of the page of the portal's latest edits,
// /edits/index, without extension.
func EditsIndex() SitePath { return SitePath{Type: PathEdits} }

// EditsMonth returns the path of the page of the portal's edits saved in a
// month, /edits/2025/03/index, without extension.
func EditsMonth(year int, month time.Month) SitePath {
	return SitePath{Type: PathEdits, Date: Date{Year: year, Month: month}}
}

// PageN returns the path of the n-th page of a paginated title or letter
// page (the first for n ≤ 1).
func (p SitePath) PageN(n int) SitePath {
	p.PageNum = 0
	if n >= 2 {
		p.PageNum = n
	}
	return p
}

// String returns the path, e.g. /news/2013/06/6/index.html.
func (p SitePath) String() string {
	var buf [len("/categories//2013/page/1000000/index.html") + 2*MaxSlugLen]byte // on the stack: one allocation, the string's
	return string(p.Append(buf[:0]))
}

// Append appends the path to b.
func (p SitePath) Append(b []byte) []byte {
	switch p.Type {
	case PathEvent:
		b = append(appendDayDir(b, p.Date), '/')
		b = append(b, p.Slug...)
	case PathDay:
		b = append(appendDayDir(b, p.Date), "/index"...)
	case PathMonth:
		b = append(appendMonthDir(b, p.Date), "/index"...)
	case PathYear:
		b = append(appendYearDir(b, p.Date.Year), "/index"...)
	case PathHome:
		b = append(b, "/index"...)
	case PathNews:
		b = append(b, "/news/index"...)
	case PathCalendar:
		b = append(b, "/on-this-day/index"...)
	case PathEdits:
		b = append(b, "/"+EditsSegment...)
		if p.Date.Year > 0 {
			b = appendPadded(append(appendPadded(append(b, '/'), p.Date.Year, 4), '/'), int(p.Date.Month), 2)
		}
		b = append(b, "/index"...)
	case PathList:
		b = append(append(b, '/'), p.Kind.Plural()...)
		if p.Letter != "" {
			b = append(append(append(append(b, '/'), LetterSegment...), '/'), p.Letter...)
		}
		b = append(appendPageDir(b, p.PageNum), "/index"...)
	case PathTitle:
		b = appendTitleDir(b, p.Kind, p.Slug)
		if p.Date.Year > 0 {
			b = appendPadded(append(b, '/'), p.Date.Year, 4)
		}
		b = append(appendPageDir(b, p.PageNum), "/index"...)
	case PathOnThisDay:
		b = appendPadded(append(b, "/on-this-day/"...), int(p.Date.Month), 2)
		b = append(appendPadded(append(b, '-'), p.Date.Day, 2), "/index"...)
	case PathRSS, PathAtom:
		if p.Kind != "" {
			b = appendTitleDir(b, p.Kind, p.Slug)
		} else if p.Slug != "" {
			b = append(append(b, '/'), p.Slug...)
		}
		if p.Type == PathRSS {
			return append(b, "/feed.xml"...)
		}
		return append(b, "/atom.xml"...)
	case PathSitemap:
		return append(b, "/sitemap.xml"...)
	case PathSitemapPart:
		b = append(append(b, "/sitemaps/"...), p.Slug...)
		if p.Part > 1 {
			b = strconv.AppendInt(append(b, '-'), int64(p.Part), 10)
		}
		return append(b, ".xml"...)
	}
	return append(b, p.Ext...)
}

// Page returns the path without its extension: the page in every format.
func (p SitePath) Page() SitePath {
	p.Ext = ""
	return p
}

// WithExt returns the path with the format extension ext.
func (p SitePath) WithExt(ext string) SitePath {
	p.Ext = ext
	return p
}

// IsPage reports whether the path names a page, which has four formats.
func (p SitePath) IsPage() bool {
	return p.Type >= PathEvent && p.Type <= PathTitle || p.Type >= PathOnThisDay && p.Type <= PathEdits
}

// Feeds returns the RSS and Atom feeds of a home, title or edits page (of
// a title's first page also for its other pages).
func (p SitePath) Feeds() (rss, atom SitePath) {
	f := SitePath{Kind: p.Kind, Slug: p.Slug}
	if p.Type == PathEdits {
		f = SitePath{Slug: EditsSegment}
	}
	rss, atom = f, f
	rss.Type, atom.Type = PathRSS, PathAtom
	return rss, atom
}

func appendYearDir(b []byte, year int) []byte { return appendPadded(append(b, "/news/"...), year, 4) }

func appendMonthDir(b []byte, d Date) []byte {
	return appendPadded(append(appendYearDir(b, d.Year), '/'), int(d.Month), 2)
}

// appendDayDir appends the day's directory, /news/2013/06/6: month
// zero-padded, day not, as in the seed page's addresses.
func appendDayDir(b []byte, d Date) []byte {
	return appendPadded(append(appendMonthDir(b, d), '/'), d.Day, 1)
}

// appendPageDir appends /page/<n> for a page n ≥ 2, nothing for the first.
func appendPageDir(b []byte, n int) []byte {
	if n < 2 {
		return b
	}
	return strconv.AppendInt(append(b, "/page/"...), int64(n), 10)
}

func appendTitleDir(b []byte, k Kind, slug string) []byte {
	b = append(append(b, '/'), k.Plural()...)
	return append(append(b, '/'), slug...)
}

// appendPadded appends n with leading zeros to width digits, as %0*d does.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		return fmt.Appendf(b, "%0*d", width, n)
	}
	digits := 1
	for m := n; m >= 10; m /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// ParseSitePath reads a path of the site; it accepts exactly the paths
// String writes, and names what is wrong with any other.
func ParseSitePath(s string) (SitePath, error) {
	p, problem := parseSitePath(s)
	if problem != "" {
		return SitePath{}, fmt.Errorf("site path %q: %s", s, problem)
	}
	return p, nil
}

func parseSitePath(s string) (SitePath, string) {
	rest, ok := strings.CutPrefix(s, "/")
	if !ok {
		return SitePath{}, "does not start with /"
	}
	switch rest {
	case "sitemap.xml":
		return SitePath{Type: PathSitemap}, ""
	case "feed.xml":
		return SitePath{Type: PathRSS}, ""
	case "atom.xml":
		return SitePath{Type: PathAtom}, ""
	}
	if name, ok := strings.CutPrefix(rest, "sitemaps/"); ok {
		return parseSitemapPart(name)
	}
	dir, file := "", rest
	if i := strings.LastIndexByte(rest, '/'); i == 0 {
		return SitePath{}, "empty segment"
	} else if i > 0 {
		dir, file = rest[:i], rest[i+1:]
	}
	if file == "feed.xml" || file == "atom.xml" {
		return parseTitleFeed(dir, file)
	}
	stem, ext := file, ""
	if i := strings.IndexByte(file, '.'); i >= 0 {
		stem, ext = file[:i], file[i:]
		if !slices.Contains(PageExts[:], ext) {
			return SitePath{}, fmt.Sprintf("unknown extension %q: want .html, .md, .json or .xml", ext)
		}
	}
	p, problem := parsePage(dir, stem)
	p.Ext = ext
	return p, problem
}

// parsePage reads a page path, split into its directory (without the
// leading /) and its last segment without extension.
func parsePage(dir, name string) (SitePath, string) {
	if dir == "" {
		if name == "index" {
			return SitePath{Type: PathHome}, ""
		}
		return SitePath{}, "names no page: want /index, /news/…, /topics/…, /stories/… or /categories/…"
	}
	var buf [4]string // a page path has at most five segments; more fail below
	parts := splitSegments(buf[:0], dir)
	switch parts[0] {
	case "news":
		return parseNews(parts[1:], name)
	case "on-this-day":
		return parseOnThisDay(parts[1:], name)
	case EditsSegment:
		return parseEdits(parts[1:], name)
	}
	k, ok := KindOfPlural(parts[0])
	switch {
	case !ok:
		return SitePath{}, fmt.Sprintf("unknown section %q: want news, on-this-day, edits, topics, stories or categories", parts[0])
	case name != "index":
		return SitePath{}, fmt.Sprintf("%q: a title's page is …/<slug>/index", name)
	case len(parts) == 1:
		return ListPage(k), ""
	case parts[1] == LetterSegment:
		return parseLetter(k, parts[2:])
	case !validSlug(parts[1]):
		return SitePath{}, "a title's page is /" + parts[0] + "/<slug>/index"
	}
	p, rest := TitlePage(k, parts[1]), parts[2:]
	if len(rest) > 0 && rest[0] != "page" {
		year, err := strconv.Atoi(rest[0])
		if err != nil || len(rest[0]) != 4 || rest[0][0] == '+' || rest[0][0] == '-' || year < 1 {
			return SitePath{}, "a title's page is /" + parts[0] + "/<slug>[/YYYY][/page/<n>]/index"
		}
		p.Date.Year, rest = year, rest[1:]
	}
	return parsePageDirs(p, rest, "a title's page is /"+parts[0]+"/<slug>[/YYYY][/page/<n>]/index")
}

// parseLetter reads the segments after /topics/_/: a letter and perhaps
// page/<n>.
func parseLetter(k Kind, rest []string) (SitePath, string) {
	want := "a letter page is /" + k.Plural() + "/" + LetterSegment + "/<a to z or " + OtherLetter + ">[/page/<n>]/index"
	if len(rest) == 0 || !validLetter(rest[0]) {
		return SitePath{}, want
	}
	return parsePageDirs(LetterPage(k, rest[0]), rest[1:], want)
}

func validLetter(s string) bool { return s == OtherLetter || len(s) == 1 && s[0] >= 'a' && s[0] <= 'z' }

// parsePageDirs reads the optional page/<n> (n ≥ 2, no leading zero) that
// ends a paginated page's directory.
func parsePageDirs(p SitePath, rest []string, want string) (SitePath, string) {
	switch {
	case len(rest) == 0:
		return p, ""
	case len(rest) != 2 || rest[0] != "page":
		return SitePath{}, want
	}
	n, err := strconv.Atoi(rest[1])
	if err != nil || n < 2 || strconv.Itoa(n) != rest[1] {
		return SitePath{}, fmt.Sprintf("page %q: want a number from 2 without leading zeros: %s", rest[1], want)
	}
	p.PageNum = n
	return p, ""
}

// parseEdits reads the segments after /edits/: none, or a year and month.
func parseEdits(rest []string, name string) (SitePath, string) {
	const want = "the edits pages are /" + EditsSegment + "/index and /" + EditsSegment + "/YYYY/MM/index, month zero-padded"
	switch {
	case name != "index":
		return SitePath{}, want
	case len(rest) == 0:
		return EditsIndex(), ""
	case len(rest) != 2 || len(rest[0]) != 4 || len(rest[1]) != 2 || strings.Trim(rest[0]+rest[1], "0123456789") != "":
		return SitePath{}, want
	}
	year, _ := strconv.Atoi(rest[0])
	month, _ := strconv.Atoi(rest[1])
	if year < 1 || month < 1 || month > 12 {
		return SitePath{}, "/" + EditsSegment + "/" + rest[0] + "/" + rest[1] + " is not a month"
	}
	return EditsMonth(year, time.Month(month)), ""
}

// parseOnThisDay reads the segments after /on-this-day/: MM-DD, a day
// that exists in a leap year.
func parseOnThisDay(rest []string, name string) (SitePath, string) {
	const want = "an on-this-day page is /on-this-day/MM-DD/index, month and day zero-padded"
	if len(rest) == 0 && name == "index" {
		return CalendarIndex(), ""
	}
	if len(rest) != 1 || name != "index" || len(rest[0]) != 5 || rest[0][2] != '-' {
		return SitePath{}, want
	}
	if strings.Trim(rest[0][:2]+rest[0][3:], "0123456789") != "" {
		return SitePath{}, want
	}
	m, _ := strconv.Atoi(rest[0][:2])
	d, _ := strconv.Atoi(rest[0][3:])
	leap := Date{Year: 2000, Month: time.Month(m), Day: d}
	if m < 1 || m > 12 || d < 1 || leap.Time().Day() != d {
		return SitePath{}, rest[0] + " is not a day of the year"
	}
	return OnThisDay(leap), ""
}

// parseNews reads the parts of a /news/ path between news and its last
// segment, name: a year, month or day index, or an event.
func parseNews(parts []string, name string) (SitePath, string) {
	if len(parts) == 0 && name == "index" {
		return NewsIndex(), ""
	}
	d, problem := parseDateDirs(parts)
	if problem != "" {
		return SitePath{}, problem
	}
	switch {
	case name == "index" && len(parts) == 1:
		return YearIndex(d.Year), ""
	case name == "index" && len(parts) == 2:
		return MonthIndex(d.Year, d.Month), ""
	case name == "index":
		return DayIndex(d), ""
	case len(parts) == 3 && validSlug(name):
		return SitePath{Type: PathEvent, Date: d, Slug: name}, ""
	case len(parts) == 3:
		return SitePath{}, "empty slug"
	}
	return SitePath{}, fmt.Sprintf("%q: under a year or month there are only index pages", name)
}

// parseDateDirs reads ["2013"], ["2013","06"] or ["2013","06","6"] in the
// site's spelling (year of four digits, month zero-padded, day not) into a
// date whose missing parts are 0; the date must exist.
func parseDateDirs(parts []string) (Date, string) {
	const want = "want /news/YYYY[/MM[/D]]/…, month zero-padded, day not"
	if len(parts) < 1 || len(parts) > 3 {
		return Date{}, want
	}
	var nums [3]int
	for i, s := range parts {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || s[0] == '+' || s[0] == '-' {
			return Date{}, fmt.Sprintf("%q is not a number: %s", s, want)
		}
		nums[i] = n
	}
	d := Date{Year: nums[0], Month: time.Month(nums[1]), Day: nums[2]}
	check := Date{Year: d.Year, Month: max(d.Month, 1), Day: max(d.Day, 1)}
	if len(parts[0]) != 4 || len(parts) >= 2 && len(parts[1]) != 2 ||
		len(parts) == 3 && strconv.Itoa(d.Day) != parts[2] {
		return Date{}, want
	}
	if len(parts) >= 2 && d.Month == 0 || len(parts) == 3 && d.Day == 0 || check.Time().Day() != check.Day ||
		check.Month > time.December {
		return Date{}, fmt.Sprintf("%s is not a date", "/news/"+strings.Join(parts, "/"))
	}
	return d, ""
}

// parseTitleFeed reads the feeds of the site (dir empty), of the edits or
// of a title.
func parseTitleFeed(dir, file string) (SitePath, string) {
	t := PathRSS
	if file == "atom.xml" {
		t = PathAtom
	}
	if dir == EditsSegment {
		return SitePath{Type: t, Slug: EditsSegment}, ""
	}
	kind, slug, ok := strings.Cut(dir, "/")
	k, known := KindOfPlural(kind)
	if !ok || !known || !validSlug(slug) {
		return SitePath{}, "a feed is /" + file + ", /" + EditsSegment + "/" + file + " or /topics/<slug>/" + file
	}
	return SitePath{Type: t, Kind: k, Slug: slug}, ""
}

// parseSitemapPart reads <group>.xml or <group>-<n>.xml, n ≥ 2.
func parseSitemapPart(name string) (SitePath, string) {
	const want = "a sitemap file is /sitemaps/<group>.xml or /sitemaps/<group>-<n>.xml"
	stem, ok := strings.CutSuffix(name, ".xml")
	if !ok {
		return SitePath{}, want
	}
	p := SitePath{Type: PathSitemapPart, Slug: stem, Part: 1}
	if group, n, ok := strings.Cut(stem, "-"); ok {
		part, err := strconv.Atoi(n)
		if err != nil || part < 2 || strconv.Itoa(part) != n {
			return SitePath{}, want
		}
		p.Slug, p.Part = group, part
	}
	if !validSlug(p.Slug) || strings.Contains(p.Slug, "-") {
		return SitePath{}, want
	}
	return p, ""
}

// splitSegments appends the "/"-separated segments of s to parts: at most
// cap(parts)+1, the last holding the rest, so that parsing allocates nothing.
func splitSegments(parts []string, s string) []string {
	for len(parts) < cap(parts) {
		seg, rest, ok := strings.Cut(s, "/")
		if !ok {
			break
		}
		parts, s = append(parts, seg), rest
	}
	return append(parts, s)
}

// validSlug reports whether s can be one segment of a path: not empty, no
// "/", and no "." (which would start an extension).
func validSlug(s string) bool { return s != "" && !strings.ContainsAny(s, "/.") }

// CanonicalDatePath returns the canonical form of a /news/ path written
// with an unpadded month or a zero-padded day (/news/2013/6/06/x →
// /news/2013/06/6/x), as people type dates; "" when the path is not such a
// path or is canonical already.
func CanonicalDatePath(p string) string {
	parts := strings.Split(p, "/")
	if len(parts) < 5 || parts[0] != "" || parts[1] != "news" {
		return ""
	}
	month, ok := smallNumber(parts[3])
	if !ok || month < 1 || month > 12 {
		return ""
	}
	day, ok := smallNumber(parts[4])
	if !ok || day < 1 || day > 31 {
		return ""
	}
	m, d := fmt.Sprintf("%02d", month), strconv.Itoa(day)
	if parts[3] == m && parts[4] == d {
		return ""
	}
	parts[3], parts[4] = m, d
	return strings.Join(parts, "/")
}

// smallNumber reads one or two decimal digits.
func smallNumber(s string) (int, bool) {
	if len(s) < 1 || len(s) > 2 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
