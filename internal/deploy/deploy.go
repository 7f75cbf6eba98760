// Package deploy uploads a built site to S3-compatible object storage (AWS
// S3, Cloudflare R2, Backblaze B2, MinIO, the Versity gateway…), moving only
// what changed since the last deploy and never leaving the published site
// broken: changed pages go up before the indexes that link to them, the
// manifest of what is deployed after both, and objects of files that no
// longer exist are deleted last. A deploy stopped at any point is completed
// by the next.
package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/dustin/go-humanize"
)

// Target is where a site is deployed: s3://BUCKET/PREFIX.
type Target struct {
	Bucket string
	Prefix string // without leading or trailing slash; "" is the bucket's root
}

// ParseTarget reads s3://BUCKET or s3://BUCKET/PREFIX.
func ParseTarget(s string) (Target, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return Target{}, fmt.Errorf("target %q: want s3://BUCKET/PREFIX", s)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	prefix = strings.Trim(prefix, "/")
	if bucket == "" {
		return Target{}, fmt.Errorf("target %q names no bucket: want s3://BUCKET/PREFIX", s)
	}
	if err := checkBucket(bucket); err != nil {
		return Target{}, fmt.Errorf("target %q: %w", s, err)
	}
	if err := checkPrefix(prefix); err != nil {
		return Target{}, fmt.Errorf("target %q: %w", s, err)
	}
	return Target{Bucket: bucket, Prefix: prefix}, nil
}

// checkBucket applies S3's rules for bucket names, which the S3-compatible
// servers share: 3 to 63 lowercase letters, digits, dots and hyphens,
// beginning and ending with a letter or digit, no two dots in a row, not
// an IP address. (Buckets made in us-east-1 before March 2018 could break
// them; AWS no longer allows it.)
func checkBucket(name string) error {
	alnum := func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
	wrong := ""
	switch {
	case len(name) < 3 || len(name) > 63:
		wrong = fmt.Sprintf("has %d characters", len(name))
	case strings.Contains(name, ".."):
		wrong = "has two dots in a row"
	case net.ParseIP(name) != nil:
		wrong = "is an IP address"
	}
	for i := 0; wrong == "" && i < len(name); i++ {
		if c := name[i]; !alnum(c) && c != '.' && c != '-' {
			r, _ := utf8.DecodeRuneInString(name[i:])
			wrong = fmt.Sprintf("has %q", string(r))
		}
	}
	if wrong == "" && !alnum(name[0]) {
		wrong = fmt.Sprintf("begins with %q", name[:1])
	}
	if wrong == "" && !alnum(name[len(name)-1]) {
		wrong = fmt.Sprintf("ends with %q", name[len(name)-1:])
	}
	if wrong != "" {
		return fmt.Errorf("bucket %q %s: S3's bucket names are 3 to 63 lowercase letters, digits, dots "+
			"and hyphens, beginning and ending with a letter or digit", name, wrong)
	}
	return nil
}

// maxKey is the longest object key S3 allows, in bytes.
const maxKey = 1024

// checkPrefix checks the prefix (without leading or trailing slash): keys
// under it are UTF-8 with no control characters, and its path segments are
// not empty, . or .., which would not name the folder they seem to.
func checkPrefix(prefix string) error {
	switch {
	case strings.Contains(prefix, "//") || strings.Contains("/"+prefix+"/", "/../") || strings.Contains("/"+prefix+"/", "/./"):
		return errors.New("the prefix has an empty, . or .. segment")
	case !utf8.ValidString(prefix):
		return errors.New("the prefix is not UTF-8")
	case strings.ContainsFunc(prefix, unicode.IsControl):
		return errors.New("the prefix has a control character")
	case len(prefix) >= maxKey:
		return fmt.Errorf("the prefix is longer than S3's keys (%d bytes)", maxKey)
	}
	return nil
}

// String gives the target as s3://BUCKET/PREFIX.
func (t Target) String() string {
	if t.Prefix == "" {
		return "s3://" + t.Bucket
	}
	return "s3://" + t.Bucket + "/" + t.Prefix
}

// Options tune a deploy. The zero value deploys with the default AWS
// configuration, 16 uploads at a time.
type Options struct {
	// Endpoint is the URL of an S3-compatible server; "" is AWS S3.
	Endpoint string
	// Region overrides the configured region.
	Region string
	// Gzip uploads text files compressed, with Content-Encoding: gzip.
	Gzip bool
	// DryRun compares and lists what would change, and changes nothing.
	DryRun bool
	// Jobs is how many requests run at once; 0 means 16.
	Jobs int
	// Progress, when set, receives a progress bar; give it a terminal only.
	Progress io.Writer
	// Log, when set, receives notes and the dry run's list of changes.
	Log io.Writer

	afterPut func(rel string)     // called after each upload; tests stop a deploy with it
	backoff  retry.BackoffDelayer // replaces the retry backoff; tests make it short
}

// DefaultJobs is how many requests a deploy runs at once by default.
const DefaultJobs = 16

func (o Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return DefaultJobs
}

// Report tells what a deploy did (or, in a dry run, would do).
type Report struct {
	Target Target
	// Files is how many files the local site holds.
	Files int
	// Uploaded, Unchanged and Deleted count objects.
	Uploaded, Unchanged, Deleted int
	// Bytes is the size of the uploaded bodies.
	Bytes int64
	// Requests is how many HTTP requests were sent, retries included.
	Requests int64
	DryRun   bool
	Duration time.Duration
}

// String is the one-line summary.
func (r Report) String() string {
	verb, del := "deployed", "deleted"
	up := "uploaded"
	if r.DryRun {
		verb, up, del = "dry run of", "to upload", "to delete"
	}
	return fmt.Sprintf("%s %s files to %s: %s %s (%s), %s unchanged, %s %s; %s requests in %s",
		verb, thousands(r.Files), r.Target, thousands(r.Uploaded), up, humanize.Bytes(uint64(r.Bytes)),
		thousands(r.Unchanged), thousands(r.Deleted), del, thousands(int(r.Requests)),
		r.Duration.Round(100*time.Millisecond))
}

// Deploy uploads the site in dir to the target: the files whose content or
// headers differ from what the target holds, in two phases (pages first,
// then indexes, feeds and sitemaps), then the manifest, then it deletes the
// objects of files the site no longer has.
func Deploy(ctx context.Context, dir string, to Target, opts Options) (Report, error) {
	start := time.Now()
	rep, err := deploy(ctx, dir, to, opts)
	rep.Target, rep.DryRun, rep.Duration = to, opts.DryRun, time.Since(start)
	var req *requestError
	var setting *SettingError
	if err != nil && !errors.As(err, &req) && !errors.As(err, &setting) {
		err = fmt.Errorf("upload to %s: %w", to, err)
	}
	return rep, err
}

func deploy(ctx context.Context, dir string, to Target, opts Options) (rep Report, err error) {
	files, err := walkSite(dir, opts.Gzip)
	if err != nil {
		return rep, err
	}
	if len(files) == 0 {
		return rep, fmt.Errorf("no files in %s: build the site first", dir)
	}
	rep.Files = len(files)
	var requests atomic.Int64
	defer func() { rep.Requests = requests.Load() }()
	client, err := newClient(ctx, opts, &requests)
	if err != nil {
		return rep, err
	}
	b := bucket{client: client, t: to, where: opts.Endpoint}
	if b.where == "" {
		b.where = "AWS S3"
	}
	if err := b.check(ctx); err != nil {
		return rep, err
	}
	remote, note, err := b.state(ctx)
	if err != nil {
		return rep, err
	}
	if note != "" && opts.Log != nil {
		fmt.Fprintln(opts.Log, note)
	}
	p, err := makePlan(ctx, os.DirFS(dir), b, files, remote, opts)
	if err != nil {
		return rep, err
	}
	rep.Unchanged, rep.Deleted = len(files)-len(p.uploads), len(p.deletes)
	if opts.DryRun {
		rep.Uploaded, rep.Bytes = len(p.uploads), p.uploadBytes()
		p.list(opts.Log)
		return rep, nil
	}
	u := &uploader{fsys: os.DirFS(dir), b: b, opts: opts, man: p.next}
	err = u.run(ctx, p.uploads)
	rep.Uploaded, rep.Bytes = int(u.count.Load()), u.bytes.Load()
	if err != nil {
		u.saveAfterStop(ctx)
		return rep, err
	}
	p.dirty = p.dirty || len(p.uploads) > 0
	return rep, finish(ctx, b, p, u.man)
}

// finish writes the manifest, deletes what the site no longer has, and
// writes the manifest again without it. Until the second write the
// manifest lists the deleted objects, so a deploy stopped while deleting
// deletes them when run again.
func finish(ctx context.Context, b bucket, p *plan, m *manifest) error {
	if !p.dirty && len(p.deletes) == 0 {
		return nil
	}
	if err := b.writeManifest(ctx, m); err != nil {
		return err
	}
	if len(p.deletes) == 0 {
		return nil
	}
	if err := forEach(ctx, p.jobs, p.deletes, func(ctx context.Context, rel string) error {
		return b.remove(ctx, rel)
	}); err != nil {
		return err
	}
	for _, rel := range p.deletes {
		delete(m.Files, rel)
	}
	return b.writeManifest(ctx, m)
}

// forEach runs fn on the items, jobs at a time; the first error stops it.
func forEach[T any](ctx context.Context, jobs int, items []T, fn func(context.Context, T) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan T)
	var wg sync.WaitGroup
	for range min(jobs, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				if err := fn(ctx, it); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for _, it := range items {
		select {
		case next <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// thousands formats n with thousands separators.
func thousands(n int) string { return humanize.Comma(int64(n)) }
