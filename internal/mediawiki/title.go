package mediawiki

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// DayTitlePrefix starts the title of every Current Events Portal page.
const DayTitlePrefix = "Portal:Current events/"

// dayTitleLayout is the date part of a day page title, "2013 June 6".
const dayTitleLayout = "2006 January 2"

// ErrNotCurrentEvents is returned (wrapped) by ParseDayTitle for titles outside
// the Current Events Portal, pages an importer skips without a word.
var ErrNotCurrentEvents = errors.New("not a Current events portal page")

// ParseDayTitle returns the day of a day page title such as
// "Portal:Current events/2013 June 6" (underscores count as spaces).
// A title outside the portal gives an error wrapping ErrNotCurrentEvents; a
// portal title that is not a valid day ("…/2013 June 31", "…/Sidebar") gives
// another error naming it.
func ParseDayTitle(title string) (event.Date, error) {
	normal := strings.ReplaceAll(title, "_", " ")
	rest, ok := strings.CutPrefix(normal, DayTitlePrefix)
	if !ok {
		return event.Date{}, fmt.Errorf("title %q: %w", title, ErrNotCurrentEvents)
	}
	t, err := time.Parse(dayTitleLayout, strings.TrimSpace(rest))
	if err != nil {
		return event.Date{}, fmt.Errorf("title %q: not a day page (want %q followed by a valid date such as \"2013 June 6\")", title, DayTitlePrefix)
	}
	return event.NewDate(t), nil
}

// DayTitle returns the title of the day page of d, the inverse of ParseDayTitle.
func DayTitle(d event.Date) string {
	return DayTitlePrefix + d.Time().Format(dayTitleLayout)
}
