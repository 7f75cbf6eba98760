package mediawiki

import (
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
)

// monthTitleLayout is the date part of a month page title, "January 2003".
const monthTitleLayout = "January 2006"

// DailyPagesSince is the first month whose days the portal kept on day pages
// ("Portal:Current events/2005 January 1"). Before it the portal kept one
// page a month, "Portal:Current events/January 2003" (first "Current
// events/January 2003" in the main namespace, moved to the Portal namespace
// and left as a redirect), with a section per day; some of its days have a
// day page made afterwards, most do not. A missing day page before this
// month is looked for in its month page.
var DailyPagesSince = event.Date{Year: 2005, Month: time.January, Day: 1}

// FirstDay is the first day of the portal's archive (January 2002), where
// a sync of every day starts.
var FirstDay = event.Date{Year: 2002, Month: time.January, Day: 1}

// UsesMonthPage reports whether d falls in the period of month pages.
func UsesMonthPage(d event.Date) bool { return d.Before(DailyPagesSince) }

// MonthTitle returns the title of the month page of d's month,
// "Portal:Current events/January 2003".
func MonthTitle(d event.Date) string {
	return DayTitlePrefix + time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).Format(monthTitleLayout)
}

// ParseMonthTitle returns the year and month of a month page title such as
// "Portal:Current events/January 2003" (underscores count as spaces). A
// title outside the portal gives an error wrapping ErrNotCurrentEvents.
func ParseMonthTitle(title string) (int, time.Month, error) {
	normal := strings.ReplaceAll(title, "_", " ")
	rest, ok := strings.CutPrefix(normal, DayTitlePrefix)
	if !ok {
		return 0, 0, fmt.Errorf("title %q: %w", title, ErrNotCurrentEvents)
	}
	t, err := time.Parse(monthTitleLayout, strings.TrimSpace(rest))
	if err != nil {
		return 0, 0, fmt.Errorf("title %q: not a month page (want %q followed by a month such as \"January 2003\")", title, DayTitlePrefix)
	}
	return t.Year(), t.Month(), nil
}
