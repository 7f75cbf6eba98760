package site

import (
	"context"
	"time"

	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// The edits pages: /edits/index, the latest render.EditsSize edits of the
// portal with its feeds and the months that have any, and
// /edits/YYYY/MM/index, every edit saved in a month (docs/navigation.md).

// editsPage is /edits/index from the store's latest edits, newest first,
// and its months with edits, newest first.
func editsPage(latest []store.EventEdit, months []store.MonthCount) *render.EditsPage {
	p := &render.EditsPage{Edits: editsOf(latest)}
	for _, m := range months {
		p.Months = append(p.Months, render.MonthTotal{Year: m.Year, Month: time.Month(m.Month), Count: m.Events})
	}
	return p
}

// editsMonthPage is the page of the edits of months[i] (newest first), the
// edits saved in it.
func editsMonthPage(months []store.MonthCount, i int, edits []store.EventEdit) *render.EditsPage {
	ref := func(j int) render.MonthRef {
		if j < 0 || j >= len(months) {
			return render.MonthRef{}
		}
		return render.MonthRef{Year: months[j].Year, Month: time.Month(months[j].Month)}
	}
	return &render.EditsPage{Month: ref(i), Edits: editsOf(edits), Prev: ref(i + 1), Next: ref(i - 1)}
}

func editsOf(edits []store.EventEdit) []render.Edit {
	out := make([]render.Edit, len(edits))
	for i, e := range edits {
		out[i] = EditOf(e)
	}
	return out
}

// EditOf is a stored edit as the pages show it: its earlier text with the
// revision of its day's portal page.
func EditOf(e store.EventEdit) render.Edit {
	out := render.Edit{Path: e.Path, Date: e.Date, Headline: e.Headline, Removed: e.Removed, At: e.At}
	if t := e.Earlier; t != nil {
		out.Earlier = &earlierTexts([]store.EarlierText{*t}, e.DayTitle)[0]
	}
	return out
}

// editsFeed is the feed of the edits page: its edits as items.
func editsFeed(p *render.EditsPage) *render.Feed {
	return &render.Feed{Title: render.EditsTitle, PagePath: render.EditsPath, Edits: p.Edits}
}

// editMonthOf is the month an edit was saved in (UTC).
func editMonthOf(e store.EventEdit) store.MonthCount {
	at := e.At.UTC()
	return store.MonthCount{Year: at.Year(), Month: int(at.Month())}
}

// editMonths splits all the edits, newest first, into their months, newest
// first: the months with their counts, and the edits of each.
func editMonths(all []store.EventEdit) ([]store.MonthCount, [][]store.EventEdit) {
	var months []store.MonthCount
	var edits [][]store.EventEdit
	for _, e := range all {
		m := editMonthOf(e)
		if n := len(months); n == 0 || monthOf(months[n-1]) != monthOf(m) {
			months, edits = append(months, m), append(edits, nil)
		}
		months[len(months)-1].Events++
		edits[len(edits)-1] = append(edits[len(edits)-1], e)
	}
	return months, edits
}

// editsModel is /edits/index; as the home page, it is as new as the
// archive (an edit comes with a newer revision of a day).
func (s *Site) editsModel(ctx context.Context) (*render.EditsPage, []event.Date, error) {
	latest, err := s.st.RecentEdits(ctx, render.EditsSize)
	if err != nil {
		return nil, nil, err
	}
	months, err := s.st.EditMonths(ctx)
	if err != nil {
		return nil, nil, err
	}
	return editsPage(latest, months), nil, nil
}

// editsMonthModel is /edits/YYYY/MM/index; ErrNotFound when no edit was
// saved in the month.
func (s *Site) editsMonthModel(ctx context.Context, month event.Date) (*render.EditsPage, []event.Date, error) {
	months, err := s.st.EditMonths(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i, m := range months {
		if monthOf(m) != (event.Date{Year: month.Year, Month: month.Month}) {
			continue
		}
		edits, err := s.editsOfMonth(ctx, m)
		if err != nil {
			return nil, nil, err
		}
		return editsMonthPage(months, i, edits), nil, nil
	}
	return nil, nil, ErrNotFound
}

// monthOf is the month m counts (Day 0).
func monthOf(m store.MonthCount) event.Date {
	return event.Date{Year: m.Year, Month: time.Month(m.Month)}
}

// editsOfMonth returns the edits saved in the month m counts, newest first.
func (s *Site) editsOfMonth(ctx context.Context, m store.MonthCount) ([]store.EventEdit, error) {
	first := monthOf(m)
	first.Day = 1
	return s.st.EditsBetween(ctx, first, event.NewDate(first.Time().AddDate(0, 1, -1)))
}

// editsMonthsTask renders again the month pages of edits the changed days
// may have changed, and replaces those of months left without edits by
// redirects to /edits/index. An edit of a day is saved by a revision of its
// portal page, which is made on the day before it at the earliest: so the
// months with edits from the earliest changed day's (one day before it) on,
// and the month with edits before those, whose link to the next may change.
func (s *Site) editsMonthsTask(changes []store.DayChange) task {
	return func(ctx context.Context, w *pageWriter) error {
		if len(changes) == 0 {
			return nil
		}
		months, err := s.st.EditMonths(ctx)
		if err != nil {
			return err
		}
		from := event.NewDate(changes[0].Date.Time().AddDate(0, 0, -1))
		first := event.Date{Year: from.Year, Month: from.Month}
		has := map[event.Date]bool{}
		for i, m := range months {
			if i > 0 && monthOf(months[i-1]).Before(first) {
				break // the month before the range is the last
			}
			has[monthOf(m)] = true
			edits, err := s.editsOfMonth(ctx, m)
			if err != nil {
				return err
			}
			if err := w.page(editsMonthPage(months, i, edits)); err != nil {
				return err
			}
		}
		newest, err := s.st.NewestRevision(ctx)
		if err != nil {
			return err
		}
		return w.redirectEditlessMonths(from, event.NewDate(newest.UTC()), has)
	}
}

// redirectEditlessMonths replaces the pages an earlier build wrote of the
// months from from's to to's that have no edits now (has) by redirects to
// /edits/index. Every edit was saved by a stored revision, so to is the
// day of the newest (store.NewestRevision).
func (w *pageWriter) redirectEditlessMonths(from, to event.Date, has map[event.Date]bool) error {
	for m := (event.Date{Year: from.Year, Month: from.Month}); !to.Before(m); m = nextMonth(m) {
		page := event.EditsMonth(m.Year, m.Month).String()
		if has[m] || !w.out.exists(page+w.r.LinkFormat().Ext()) {
			continue
		}
		if err := w.redirect(page, render.EditsPath, true); err != nil {
			return err
		}
	}
	return nil
}

// nextMonth is the month after m (Day 0).
func nextMonth(m event.Date) event.Date {
	if m.Month == time.December {
		return event.Date{Year: m.Year + 1, Month: time.January}
	}
	return event.Date{Year: m.Year, Month: m.Month + 1}
}
