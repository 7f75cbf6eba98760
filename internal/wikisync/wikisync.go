// Package wikisync keeps the store up to date with the Current Events Portal
// on a live wiki: it asks the MediaWiki API which revision each day page is
// at (a cheap question), fetches the content of only the days whose revision
// the store has not seen, and hands the pages to the importer (package
// ingest), so that a synced day is stored exactly as an imported one. Days
// of the early portal with no day page are taken from their month page.
//
// Every batch of days is stored in its own transaction as soon as it is
// fetched: a sync killed at any moment leaves a consistent store, and the
// next one does not fetch again what was stored.
package wikisync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/event"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/mediawiki"
	"github.com/chronicle-archive/chronicle/internal/store"
	"github.com/chronicle-archive/chronicle/internal/wcep"
)

// Store is what a sync needs of the store; *store.Store is one.
type Store interface {
	ingest.Importer
	SeenRevisions(ctx context.Context, dates []event.Date) (map[event.Date]map[int64]bool, error)
	RecordMissing(ctx context.Context, days []store.MissingDay) error
	SaveResolutions(ctx context.Context, list []store.TitleResolution, checked time.Time) error
}

// API is what a sync asks of the wiki; *mediawiki.Client is one.
type API interface {
	Revisions(ctx context.Context, titles []string, content bool) ([]mediawiki.PageRevision, error)
	Resolve(ctx context.Context, titles []string) ([]mediawiki.Resolution, error)
	Requests() int
}

// Options tune Run; the zero value works.
type Options struct {
	// Warnings receives the importer's warnings, one line each; nil discards them.
	Warnings io.Writer
	// Progress, when set, receives a progress bar; give it a terminal only.
	Progress io.Writer
	// Now gives the time recorded for missing days; nil means time.Now.
	Now func() time.Time
}

// Summary tells what a sync did. Every requested day is counted once in
// Changed, Unchanged, Missing or Failed.
type Summary struct {
	// Days is how many days were asked for.
	Days int
	// Fetched counts the days whose content was fetched.
	Fetched int
	// Changed counts the days stored anew or replaced by a new revision.
	Changed int
	// Unchanged counts the days whose revision was already stored.
	Unchanged int
	// Missing counts the days the portal has no usable page for.
	Missing int
	// Failed counts the days not synced because the API failed.
	Failed int
	// Requests counts the API requests made, retries included.
	Requests int
	// Import is the importer's summary of the fetched pages.
	Import   ingest.Summary
	Duration time.Duration
}

// String is the one-line summary.
func (s Summary) String() string {
	requests := "requests"
	if s.Requests == 1 {
		requests = "request"
	}
	return fmt.Sprintf("synced %d days: %d fetched, %d changed, %d unchanged, %d missing, %d failed%s · %d %s · %.1fs",
		s.Days, s.Fetched, s.Changed, s.Unchanged, s.Missing, s.Failed, s.Import.EditsNote(), s.Requests, requests, s.Duration.Seconds())
}

// Run syncs the days from first to last, both included, from the API into
// st. It returns an error when the sync could not finish: the API failed
// after its retries (the days not synced are counted as Failed), the store
// failed or ctx was cancelled. What was stored before stays stored.
func Run(ctx context.Context, st Store, api API, first, last event.Date, opts Options) (Summary, error) {
	if last.Before(first) {
		return Summary{}, fmt.Errorf("%s is after %s", first, last)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Warnings != nil {
		// The importer's goroutine warns too.
		opts.Warnings = &lockedWriter{w: opts.Warnings}
	}
	s := &syncer{st: st, api: api, opts: opts}
	start, requests0 := time.Now(), api.Requests()
	dates := datesBetween(first, last)
	s.sum.Days = len(dates)
	s.progress = newProgress(opts.Progress, len(dates))
	err := s.run(ctx, dates)
	s.progress.finish()
	s.sum.Requests = api.Requests() - requests0
	s.sum.Duration = time.Since(start)
	return s.sum, err
}

// Sync is the whole sync into a store, the one way in the sync command
// takes: Run, then derive.Update, also after a failed run — the days it
// stored are part of the pages, and a sync killed earlier left its days to
// this one — but not once ctx is cancelled.
func Sync(ctx context.Context, st *store.Store, api API, first, last event.Date, opts Options) (Summary, error) {
	sum, err := Run(ctx, st, api, first, last, opts)
	if ctx.Err() == nil {
		err = errors.Join(err, derive.Update(ctx, st))
	}
	return sum, err
}

func datesBetween(first, last event.Date) []event.Date {
	var out []event.Date
	for t := first.Time(); !t.After(last.Time()); t = t.AddDate(0, 0, 1) {
		out = append(out, event.NewDate(t))
	}
	return out
}

// batchDays is how many days are synced together: one API request's titles.
const batchDays = mediawiki.MaxTitles

type syncer struct {
	st       Store
	api      API
	opts     Options
	progress *progress
	sum      Summary
	pages    chan ingest.Page
	// fetched lists the days sent to the importer.
	mu      sync.Mutex
	fetched []fetchedDay
}

// fetchedDay is a day whose content was sent to the importer.
type fetchedDay struct {
	date  event.Date
	title string
	rev   int64
}

func (s *syncer) run(ctx context.Context, dates []event.Date) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.pages = make(chan ingest.Page)
	imported := make(chan error, 1)
	go func() {
		sum, err := ingest.RunPages(ctx, newTitleResolver(s.st, s.api, s.opts), s.pages, ingest.Options{
			Warnings: s.opts.Warnings, BatchSize: batchDays,
		})
		s.sum.Import = sum
		imported <- err
	}()
	var syncErr error
	done := 0
	for done < len(dates) && syncErr == nil {
		batch := dates[done:min(done+batchDays, len(dates))]
		syncErr = s.syncBatch(ctx, batch)
		if syncErr == nil {
			done += len(batch)
		}
	}
	close(s.pages)
	importErr := <-imported
	if importErr != nil {
		importErr = fmt.Errorf("store the fetched days: %w", importErr)
	} else {
		importErr = s.checkStored(context.WithoutCancel(ctx))
	}
	imp := s.sum.Import
	s.sum.Changed = imp.Added + imp.Replaced
	s.sum.Unchanged += imp.Unchanged + imp.Older
	s.sum.Failed = s.sum.Days - s.sum.Changed - s.sum.Unchanged - s.sum.Missing
	return errors.Join(syncErr, importErr)
}

// syncBatch syncs up to batchDays days: asks their revisions when the store
// has seen some of them, fetches the others, then looks for the missing
// days of the early portal in their month pages.
func (s *syncer) syncBatch(ctx context.Context, dates []event.Date) error {
	seen, err := s.st.SeenRevisions(ctx, dates)
	if err != nil {
		return err
	}
	toFetch := dates
	var missing []event.Date
	if len(seen) > 0 {
		if toFetch, missing, err = s.changedDays(ctx, dates, seen); err != nil {
			return err
		}
	}
	if len(toFetch) > 0 {
		noPage, err := s.fetchDays(ctx, toFetch)
		if err != nil {
			return err
		}
		missing = append(missing, noPage...)
	}
	if missing, err = s.fromMonthPages(ctx, missing, seen); err != nil {
		return err
	}
	return s.recordMissing(ctx, missing, "no day page")
}

// changedDays asks the revision ids of the days and returns those whose
// current revision the store has not seen, and those that have no page.
func (s *syncer) changedDays(ctx context.Context, dates []event.Date, seen map[event.Date]map[int64]bool) (changed, missing []event.Date, err error) {
	revs, err := s.api.Revisions(ctx, dayTitles(dates), false)
	if err != nil {
		return nil, nil, fmt.Errorf("revisions of %s to %s: %w", dates[0], dates[len(dates)-1], err)
	}
	for i, r := range revs {
		switch {
		case r.Missing || r.Invalid != "":
			missing = append(missing, dates[i])
		case r.BadRevision != "":
			s.reject(r, 1)
		case !s.seen(seen, dates[i], r.Revision.ID):
			changed = append(changed, dates[i])
		}
	}
	return changed, missing, nil
}

// seen reports whether the store has seen revision rev of day d, and counts
// the day as unchanged (stored) or missing (seen without usable content).
func (s *syncer) seen(seen map[event.Date]map[int64]bool, d event.Date, rev int64) bool {
	stored, ok := seen[d][rev]
	switch {
	case !ok:
		return false
	case stored:
		s.sum.Unchanged++
	default:
		s.sum.Missing++
	}
	s.progress.add(1)
	return true
}

// fetchDays fetches the day pages of dates and sends them to the importer;
// it returns the days that have no page.
func (s *syncer) fetchDays(ctx context.Context, dates []event.Date) ([]event.Date, error) {
	revs, err := s.api.Revisions(ctx, dayTitles(dates), true)
	if err != nil {
		return nil, fmt.Errorf("fetch %s to %s: %w", dates[0], dates[len(dates)-1], err)
	}
	var missing []event.Date
	for i, r := range revs {
		if r.Missing || r.Invalid != "" || !r.Revision.HasText {
			missing = append(missing, dates[i])
			continue
		}
		if r.BadRevision != "" {
			s.reject(r, 1)
			continue
		}
		p := r.Page()
		if _, err := mediawiki.ParseDayTitle(p.Title); err != nil {
			// A redirect to another title: store the day under the title asked.
			p.Title = mediawiki.DayTitle(dates[i])
		}
		if err := s.send(ctx, ingest.Page{Page: p}, fetchedDay{date: dates[i], title: p.Title, rev: p.RevisionID}); err != nil {
			return nil, err
		}
		s.sum.Fetched++
		s.progress.add(1)
	}
	return missing, nil
}

// reject warns that the API's revision of a page is not valid and leaves
// its days, which count as failed, to a later sync: nothing stored is
// replaced by it, and the days are not recorded missing.
func (s *syncer) reject(r mediawiki.PageRevision, days int) {
	if s.opts.Warnings != nil {
		fmt.Fprintf(s.opts.Warnings, "warning: %s: not stored: the API's revision is not valid: %s\n",
			ingest.Printable(r.Title), ingest.Printable(r.BadRevision))
	}
	s.progress.add(days)
}

func (s *syncer) send(ctx context.Context, p ingest.Page, days ...fetchedDay) error {
	s.mu.Lock()
	s.fetched = append(s.fetched, days...)
	s.mu.Unlock()
	select {
	case s.pages <- p:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fromMonthPages looks for the missing days of the early portal in their
// month pages, fetched only when the store has not seen their revision for
// those days, and returns the days still missing.
func (s *syncer) fromMonthPages(ctx context.Context, missing []event.Date, seen map[event.Date]map[int64]bool) ([]event.Date, error) {
	byMonth := map[string][]event.Date{}
	var still []event.Date
	var monthTitles []string
	for _, d := range missing {
		if !mediawiki.UsesMonthPage(d) {
			still = append(still, d)
			continue
		}
		t := mediawiki.MonthTitle(d)
		if byMonth[t] == nil {
			monthTitles = append(monthTitles, t)
		}
		byMonth[t] = append(byMonth[t], d)
	}
	if len(monthTitles) == 0 {
		return still, nil
	}
	// Month pages are asked for their revision first, always: most early
	// days have none, and a missing month page costs no content request.
	fetch, still, err := s.changedMonths(ctx, monthTitles, byMonth, seen, still)
	if err != nil {
		return nil, err
	}
	if len(fetch) == 0 {
		return still, nil
	}
	pages, err := s.api.Revisions(ctx, fetch, true)
	if err != nil {
		return nil, fmt.Errorf("fetch month pages %s: %w", strings.Join(fetch, ", "), err)
	}
	for i, r := range pages {
		days := byMonth[fetch[i]]
		if r.Missing || !r.Revision.HasText {
			still = append(still, days...)
			continue
		}
		if r.BadRevision != "" {
			s.reject(r, len(days))
			continue
		}
		if err := s.sendMonth(ctx, r.Page(), days); err != nil {
			return nil, err
		}
	}
	return still, nil
}

// changedMonths asks the revision ids of the month pages and returns those
// to fetch, with the days to take from each left in byMonth; the days of a
// month without a page join still.
func (s *syncer) changedMonths(ctx context.Context, titles []string, byMonth map[string][]event.Date, seen map[event.Date]map[int64]bool, still []event.Date) ([]string, []event.Date, error) {
	revs, err := s.api.Revisions(ctx, titles, false)
	if err != nil {
		return nil, nil, fmt.Errorf("revisions of month pages %s: %w", strings.Join(titles, ", "), err)
	}
	var fetch []string
	for i, r := range revs {
		days := byMonth[titles[i]]
		if r.Missing || r.Invalid != "" {
			still = append(still, days...)
			continue
		}
		if r.BadRevision != "" {
			s.reject(r, len(days))
			continue
		}
		var need []event.Date
		for _, d := range days {
			if !s.seen(seen, d, r.Revision.ID) {
				need = append(need, d)
			}
		}
		if len(need) > 0 {
			byMonth[titles[i]] = need
			fetch = append(fetch, titles[i])
		}
	}
	return fetch, still, nil
}

// sendMonth sends a month page to the importer, to store those of the days
// given that have a section in it; the others are recorded missing, with the
// page's revision, so that it is not fetched again for them.
func (s *syncer) sendMonth(ctx context.Context, p mediawiki.Page, days []event.Date) error {
	sections := map[event.Date]bool{}
	if year, month, err := mediawiki.ParseMonthTitle(p.Title); err == nil {
		if m, err := wcep.SplitMonth(year, month, p.Text); err == nil {
			for _, d := range m.Days {
				sections[d.Date] = true
			}
		}
	}
	var fetched []fetchedDay
	var none []store.MissingDay
	for _, d := range days {
		if !sections[d] {
			none = append(none, store.MissingDay{Date: d, Title: p.Title, RevisionID: p.RevisionID,
				Reason: "no day page, and no section in " + p.Title, Checked: s.opts.Now().UTC()})
			continue
		}
		fetched = append(fetched, fetchedDay{date: d, title: p.Title, rev: p.RevisionID})
	}
	s.sum.Missing += len(none)
	s.progress.add(len(days))
	if err := s.st.RecordMissing(ctx, none); err != nil {
		return err
	}
	if len(fetched) == 0 {
		return nil
	}
	keep := make([]event.Date, len(fetched))
	for i, f := range fetched {
		keep[i] = f.date
	}
	s.sum.Fetched += len(fetched)
	return s.send(ctx, ingest.Page{Page: p, Days: keep}, fetched...)
}

func (s *syncer) recordMissing(ctx context.Context, dates []event.Date, reason string) error {
	if len(dates) == 0 {
		return nil
	}
	now := s.opts.Now().UTC()
	days := make([]store.MissingDay, len(dates))
	for i, d := range dates {
		title := mediawiki.DayTitle(d)
		why := reason
		if mediawiki.UsesMonthPage(d) {
			why += ", and no month page " + mediawiki.MonthTitle(d)
		}
		days[i] = store.MissingDay{Date: d, Title: title, Reason: why, Checked: now}
	}
	s.sum.Missing += len(dates)
	s.progress.add(len(dates))
	return s.st.RecordMissing(ctx, days)
}

// checkStored counts the fetched days and records as missing those the
// importer did not store (a page without usable content: the importer
// warned about it), with their revision, so that it is not fetched again.
func (s *syncer) checkStored(ctx context.Context) error {
	if len(s.fetched) == 0 {
		return nil
	}
	dates := make([]event.Date, len(s.fetched))
	for i, f := range s.fetched {
		dates[i] = f.date
	}
	seen, err := s.st.SeenRevisions(ctx, dates)
	if err != nil {
		return err
	}
	var unusable []store.MissingDay
	now := s.opts.Now().UTC()
	for _, f := range s.fetched {
		if seen[f.date][f.rev] {
			continue
		}
		unusable = append(unusable, store.MissingDay{Date: f.date, Title: f.title, RevisionID: f.rev,
			Reason: "no usable content in revision " + fmt.Sprint(f.rev), Checked: now})
	}
	s.sum.Missing += len(unusable)
	return s.st.RecordMissing(ctx, unusable)
}

// lockedWriter is a writer that two goroutines may share.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func dayTitles(dates []event.Date) []string {
	out := make([]string, len(dates))
	for i, d := range dates {
		out[i] = mediawiki.DayTitle(d)
	}
	return out
}
