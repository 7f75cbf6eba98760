package site

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/chronicle-archive/chronicle/internal/store"
)

// StateFile is the name, inside a built site's directory, of the file that
// records the build; it is written last.
const StateFile = ".chronicle-build.json"

// stateSchema is the version of the state file's layout and of the site's:
// 2 splits the sitemaps by year. A build over a site of an older version
// renders every page (as --full does).
const stateSchema = 2

// BuildOptions tune Build. The zero value builds incrementally when it can.
type BuildOptions struct {
	// Full re-renders every page (comparing with the files on disk, so that
	// unchanged files keep their mtime) and recomputes every related list.
	Full bool
	// DBPath is the database file the store was opened from; the state file
	// keeps a fingerprint of it, and a build from another database is full.
	DBPath string
	// Progress, when set, receives a progress bar; give it a terminal only.
	Progress io.Writer
	// Workers is how many pages are rendered and written at once; 0 means
	// four per core.
	Workers int
}

// BuildReport tells what a build did.
type BuildReport struct {
	// Files is how many files the built site holds.
	Files int
	// Written and Unchanged count the files this build rendered: written
	// because new or different, or left as they were.
	Written, Unchanged int
	// Incremental is whether the build updated an earlier build in place.
	Incremental bool
	// Generation is the store generation the site now shows.
	Generation int64
	Duration   time.Duration
}

// String is the one-line summary: "built 460,512 files in 31s" when every
// file was written, else what was rendered, of a site of how many files:
// "updated a site of 460,512 files in 1.2s: 15 rendered, 12 of them written
// (new or changed), 3 unchanged".
func (r BuildReport) String() string {
	took := r.Duration.Round(100 * time.Millisecond)
	if r.Unchanged == 0 && r.Written == r.Files {
		return fmt.Sprintf("built %s files in %s", thousands(r.Files), took)
	}
	verb := "built"
	if r.Incremental {
		verb = "updated a site of"
	}
	return fmt.Sprintf("%s %s files in %s: %s rendered, %s of them written (new or changed), %s unchanged",
		verb, thousands(r.Files), took, thousands(r.Written+r.Unchanged), thousands(r.Written), thousands(r.Unchanged))
}

// buildState is the content of StateFile.
type buildState struct {
	Schema     int    `json:"schema"`
	Generation int64  `json:"generation"`
	Database   string `json:"database"` // fingerprint of the database path and base URL
	Files      int    `json:"files"`
	Events     int    `json:"events"`
	// Formats are the names of the site's formats (html, md, json, xml);
	// missing in the state of a build older than the choice, which had all four.
	Formats []string `json:"formats,omitempty"`
	// Program identifies the chronicle that built the site (programID);
	// missing in the state of a build older than it.
	Program string `json:"program,omitempty"`
}

// Build writes the site into dir. Into a new or empty directory it writes a
// temporary sibling tree and renames it into place at the end. Over an
// earlier build it renders only the pages that depend on what changed since
// (every page with opts.Full) and replaces only the files whose bytes
// differ, each atomically. Either way the state file is written last, so a
// killed build is redone by the next. Related events are brought up to date
// first, or, in an incremental build, before the event pages are rendered.
func (s *Site) Build(ctx context.Context, dir string, opts BuildOptions) (BuildReport, error) {
	start := time.Now()
	if dir == "" {
		return BuildReport{}, errors.New("no output directory given")
	}
	pub, err := openPublished(dir)
	if err != nil {
		return BuildReport{}, err
	}
	var prev *buildState
	if pub.current != "" {
		if prev, err = readState(pub.current); err != nil {
			return BuildReport{}, err
		}
	}
	if err := s.checkDerived(ctx); err != nil {
		return BuildReport{}, err
	}
	parent, base := filepath.Split(pub.dir)
	removeStaleTrees(cmp.Or(parent, "."), base)
	rep, err := s.buildVersion(ctx, pub, prev, opts)
	if err != nil {
		os.RemoveAll(pub.next)
		return BuildReport{}, fmt.Errorf("write %s: %w", dir, err)
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// rendersAll reports whether a build over the earlier build prev renders
// every page: with opts.Full, or when the database, the base URL, the
// site's layout or the program that built it changed (updateOver adds a
// change of formats).
func (s *Site) rendersAll(prev buildState, opts BuildOptions) bool {
	return opts.Full || prev.Database != s.fingerprint(opts.DBPath) || prev.Schema != stateSchema ||
		prev.Program == "" || prev.Program != programID()
}

// readState reads dir's state file: nil when dir is missing or empty, an
// error when it holds files but no state (not a Chronicle build).
func readState(dir string) (*buildState, error) {
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if err == nil {
		var st buildState
		if err := json.Unmarshal(b, &st); err != nil || st.Schema < 1 || st.Schema > stateSchema {
			return nil, fmt.Errorf("%s: not a state file this chronicle knows (remove %s to build afresh)",
				filepath.Join(dir, StateFile), dir)
		}
		return &st, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s is not empty and holds no chronicle build (no %s): refusing to write into it", dir, StateFile)
}

// fingerprint identifies the database and base URL a build was made from.
func (s *Site) fingerprint(dbPath string) string {
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	sum := sha256.Sum256([]byte(dbPath + "\x00" + s.cfg.BaseURL + "\x00" + s.cfg.SiteName))
	return hex.EncodeToString(sum[:8])
}

// buildVersion writes the next version of the published site — all of it,
// or over hard links to the current one what changed since prev — and
// switches the site to it.
func (s *Site) buildVersion(ctx context.Context, pub *published, prev *buildState, opts BuildOptions) (BuildReport, error) {
	// Versions of killed builds, and what they left, go first.
	if err := pub.removeUnpublished(); err != nil {
		return BuildReport{}, err
	}
	if err := pub.start(prev == nil); err != nil {
		return BuildReport{}, err
	}
	var rep BuildReport
	var err error
	if prev == nil {
		rep, err = s.writeFull(ctx, pub.next, &output{root: pub.next}, opts)
	} else {
		rep, err = s.buildOver(ctx, pub.next, *prev, opts)
	}
	if err != nil {
		return BuildReport{}, err
	}
	return rep, pub.publish()
}

// removeStaleTrees deletes the temporary trees that full builds of base by
// an older Chronicle left when killed.
func removeStaleTrees(parent, base string) {
	stale, _ := filepath.Glob(filepath.Join(parent, base+".tmp-*"))
	for _, t := range stale {
		os.RemoveAll(t)
	}
}

// writeFull renders every file of the site into out, then the state file.
func (s *Site) writeFull(ctx context.Context, root string, out *output, opts BuildOptions) (BuildReport, error) {
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	days, err := s.dayCounts(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(buildMemoryLimit(days)))
	// The counts' key before the archive is read: if an import changes
	// them meanwhile, the key is older than the lists, and the next build
	// renders the lists again.
	counts, err := s.countsKey(ctx)
	if err != nil {
		return BuildReport{}, err
	}
	a, err := loadArchive(ctx, s.st)
	if err != nil {
		return BuildReport{}, err
	}
	a.countsKey = counts
	run := newRun(opts, eventCount(days))
	err = a.eachYear(ctx, s.st, func(y *yearEvents) error {
		return run.tasks(ctx, cat, out, a.eventTasks(y))
	})
	if err != nil {
		return BuildReport{}, err
	}
	rec := newTitleRecord(s.pageSize(), cat.wikidata)
	a.recordDays(rec)
	rest := append([]task{s.searchFiles}, fullTasks(a, s.pageSize(), rec)...)
	run.grow(len(rest))
	if err := run.tasks(ctx, cat, out, rest); err != nil {
		return BuildReport{}, err
	}
	run.bar.finish()
	if err := out.writeOwn(titleRecordPath, rec.save(gen)); err != nil {
		return BuildReport{}, err
	}
	files := int(out.written.Load() + out.unchanged.Load())
	state := buildState{Schema: stateSchema, Generation: gen, Database: s.fingerprint(opts.DBPath), Program: programID(),
		Files: files, Events: len(a.events), Formats: formatNames(cat.renderer.Formats())}
	if err := writeState(root, state); err != nil {
		return BuildReport{}, err
	}
	return BuildReport{Files: files, Written: int(out.written.Load()), Unchanged: int(out.unchanged.Load()),
		Generation: gen}, nil
}

func writeState(dir string, st buildState) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, StateFile), append(b, '\n'))
}

// run is a build's work done in several lists of tasks, one after the
// other or at once (an incremental build's early tasks beside its pages),
// with one count (and progress bar) over all of them.
type run struct {
	workers int
	bar     *bar
	total   int
	done    atomic.Int64
}

// newRun starts a run of total tasks (grow adds to it).
func newRun(opts BuildOptions, total int) *run {
	workers := opts.Workers
	if workers <= 0 {
		// Creating a file blocks in the kernel for longer than rendering it
		// takes: more workers than cores keep the cores busy.
		workers = ioWorkersPerCore * runtime.GOMAXPROCS(0)
	}
	return &run{workers: workers, bar: newBar(opts.Progress, total), total: total}
}

// grow adds n tasks to the run's total.
func (r *run) grow(n int) {
	r.total += n
	r.bar.changeMax(r.total)
}

// tasks runs the tasks on the run's workers; the first error, or the
// context's end, stops them.
func (r *run) tasks(ctx context.Context, cat *catalogue, out *output, tasks []task) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() {
			w := &pageWriter{r: cat.renderer, out: out}
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				if err := tasks[i](ctx, w); err != nil {
					cancel(err)
					return
				}
				n := int(r.done.Add(1))
				r.bar.set(n)
				if afterTask != nil {
					afterTask(n)
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// ioWorkersPerCore is how many workers a build runs per core.
const ioWorkersPerCore = 4

// buildMemoryLimit is the soft memory limit a full build sets for the Go
// runtime while it holds the archive of these days, so that the collector
// runs before the heap doubles: 1 GiB (minBuildMemoryLimit), or twice what
// the archive's events take loaded (bytesPerLoadedEvent each) when that is
// more. A fixed 1 GiB sat below the 5 GB a 10× archive kept live when the
// build held every event in full, and the collector then ran without a
// pause (docs/performance-log.md). Since the build holds one year in full and
// the rest slim (archive.eachYear), its heap stays well under the limit,
// which is left as a ceiling.
func buildMemoryLimit(days []store.DayCount) int64 {
	var events int64
	for _, d := range days {
		events += int64(d.Events)
	}
	return max(minBuildMemoryLimit, 2*bytesPerLoadedEvent*events)
}

const (
	// minBuildMemoryLimit is the least memory limit of a full build; the
	// corpus (113,000 events) builds within it.
	minBuildMemoryLimit = 1 << 30
	// bytesPerLoadedEvent is about what the full build held live per event
	// of the archive when it loaded them all in full: 5 GB for the 10×
	// archive's 1,132,125 events (4.4 KB).
	bytesPerLoadedEvent = 4 << 10
)

// afterTask, when set (by tests), is called after each finished task with
// the number finished so far.
var afterTask func(done int)

// bar is a progress bar over the pages of a build; a nil *bar shows nothing.
type bar struct {
	mu sync.Mutex
	pb *progressbar.ProgressBar
}

func newBar(w io.Writer, total int) *bar {
	if w == nil {
		return nil
	}
	return &bar{pb: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("building"),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("pages"),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionUseANSICodes(true),
	)}
}

func (b *bar) set(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.pb.Set(n) // a failed redraw must not stop a build
}

func (b *bar) changeMax(total int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pb.ChangeMax(total)
}

func (b *bar) finish() {
	if b != nil {
		_ = b.pb.Finish()
	}
}

// thousands writes n with commas: 460,512.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ErrStaleDerived is returned, wrapped, when the store's related lists are
// older than its events: a build only reads, and the import that derives
// them did not finish.
var ErrStaleDerived = errors.New("the related events are older than the events; run `chronicle related` to bring them up to date")

// checkDerived reports ErrStaleDerived when the derived data lags the events.
func (s *Site) checkDerived(ctx context.Context) error {
	gen, err := s.st.Generation(ctx)
	if err != nil {
		return err
	}
	done, err := s.st.RelatedGeneration(ctx)
	if err != nil {
		return err
	}
	if done != gen {
		return ErrStaleDerived
	}
	return nil
}
