package mediawiki

import (
	"errors"
	"io"
	"iter"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// DayPage is a day page of the Current Events Portal read from a dump.
type DayPage struct {
	Date event.Date
	Page
}

// DayPages yields the day pages of the dump at path (plain, .bz2 or .gz),
// in the dump's order, with their dates. keep, when not nil, chooses the
// days yielded: the text of the others, and of every page that is not a
// day page, is skipped unread. An error (the file cannot be opened, or the
// dump is cut off or not XML) is yielded once, last, with the pages read
// before it already yielded. Stopping early closes the file.
func DayPages(path string, keep func(event.Date) bool) iter.Seq2[DayPage, error] {
	return func(yield func(DayPage, error) bool) {
		f, err := OpenFile(path)
		if err != nil {
			yield(DayPage{}, err)
			return
		}
		defer f.Close()
		r := NewReader(f)
		r.Keep = func(title string) bool {
			d, err := ParseDayTitle(title)
			return err == nil && (keep == nil || keep(d))
		}
		for {
			p, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(DayPage{}, err)
				return
			}
			d, err := ParseDayTitle(p.Title)
			if err != nil {
				continue // Keep let it through, so it cannot happen; never yield a page without its day
			}
			if !yield(DayPage{Date: d, Page: p}, nil) {
				return
			}
		}
	}
}
