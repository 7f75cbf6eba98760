// Package enrich visits the news reports that events cite and keeps what
// they say of themselves: title, summary, cover image, site name, author,
// publication time, language. It is polite (robots.txt, a rate limit and
// one request at a time per host, a bound on hosts visited at once,
// Retry-After honoured), safe (see package fetcher), and fights link rot:
// a report that is gone is read from the Wayback Machine's copy closest to
// the event's day.
//
// The engine takes plain jobs and emits plain results; it neither reads nor
// writes the store, which the command does.
package enrich

import (
	"time"

	"github.com/chronicle-archive/chronicle/internal/enrich/extract"
	"github.com/chronicle-archive/chronicle/internal/enrich/fetcher"
)

// Kind is the outcome of a visit to a source.
type Kind string

// The outcomes of a visit.
const (
	// OK: the page answered (200, or 304 to a conditional request).
	OK Kind = "ok"
	// Dead: the page is gone (404, 410, an unknown host, or a redirect to
	// the site's home page); it may still have an archived copy.
	Dead Kind = "dead"
	// Blocked: Chronicle may not fetch it (robots.txt, a private address, a
	// scheme or port not allowed, 401/403), and will not try again.
	Blocked Kind = "blocked"
	// Failed: a failure that may pass (timeouts, 5xx, 429, redirect
	// trouble), retried later with backoff.
	Failed Kind = "failed"
)

// Source is one cited report of a job, with what an earlier run stored of it.
type Source struct {
	ID  int64
	URL string
	// State is the outcome stored by an earlier run; "" when never visited.
	State Kind
	// Description and Image are the summary and cover image an earlier run
	// found, which the event takes when its earlier sources have none.
	Description, Image string
	// ETag and LastModified make a new visit conditional.
	ETag, LastModified string
	// Refetch asks for a new visit of a source already visited (a failure
	// due for retry). Sources never visited are always fetched.
	Refetch bool
}

// fetchable reports whether the source is to be visited in this run.
func (s *Source) fetchable() bool { return s.State == "" || s.Refetch }

// Job is one event to enrich: its day (for the archive's closest copy) and
// its sources, the first first; the others are fallbacks, visited only while
// the event still lacks a summary or a cover image.
type Job struct {
	EventID int64
	Date    time.Time
	Sources []Source
}

// Attempt is one request made for a source.
type Attempt struct {
	URL      string
	At       time.Time
	Duration time.Duration
	Status   int // HTTP status; 0 when no answer
	Kind     Kind
	Error    string
	// Archive marks requests to the Wayback Machine.
	Archive bool
}

// SourceResult is what a run learned of a source.
type SourceResult struct {
	ID   int64
	URL  string
	Kind Kind
	// Fresh reports that Meta was extracted in this run; otherwise the stored
	// metadata stands (304 Not Modified, or nothing could be read).
	Fresh       bool
	Meta        extract.Metadata
	ArchivedURL string // the Wayback Machine snapshot the metadata came from
	FinalURL    string // where redirects led
	// Status is the HTTP status of the last request to the source itself.
	Status             int
	ETag, LastModified string
	Error              string
	// RetryAfter is how long the host asked to be left alone (429).
	RetryAfter time.Duration
	Attempts   []Attempt
	// Shared marks a result taken from another event's visit of the same
	// URL in this run: it made no request of its own.
	Shared bool
}

// Result is what a run did for one job.
type Result struct {
	EventID int64
	// Sources are the sources visited in this run, in order.
	Sources []SourceResult
	// Summary and Cover are the event's, from its first source that gives
	// each (visited now or before); SummarySource and CoverSource name those
	// sources (0 for none).
	Summary, Cover             string
	SummarySource, CoverSource int64
}

// Options set an Engine's behaviour. Zero fields take the defaults noted.
type Options struct {
	Fetcher fetcher.Config
	// Interval is the least time between two requests to one host; zero
	// sends them as fast as answers come (politeness off, for benchmarks).
	Interval time.Duration
	// Hosts is how many hosts are visited at once (default 8).
	Hosts int
	// WaybackAPI is the availability API's URL (default wayback.DefaultAPI);
	// NoWayback turns the archive off.
	WaybackAPI string
	NoWayback  bool
	// MaxRetryAfter is the longest Retry-After a run waits for before trying
	// again (default 1 minute); a longer one fails the source until later.
	MaxRetryAfter time.Duration
	// Progress, when set, is called after each job (from one goroutine).
	Progress func(Progress)
}

// DefaultInterval is one request per second per host.
const DefaultInterval = time.Second

// DefaultHosts is how many hosts are visited at once by default.
const DefaultHosts = 8

// Progress is where a run stands.
type Progress struct {
	Done, Total int // jobs
	// Fetched counts the sources requested; Failed, Dead, Blocked and
	// Archived count the outcomes of the sources visited.
	Fetched, Failed, Dead, Blocked, Archived int
	Elapsed                                  time.Duration
	Rate                                     float64       // jobs per second
	ETA                                      time.Duration // zero when unknown
}
