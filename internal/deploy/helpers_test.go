package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/chronicle-archive/chronicle/internal/demo"
	"github.com/chronicle-archive/chronicle/internal/deploy/s3test"
	"github.com/chronicle-archive/chronicle/internal/derive"
	"github.com/chronicle-archive/chronicle/internal/ingest"
	"github.com/chronicle-archive/chronicle/internal/render"
	"github.com/chronicle-archive/chronicle/internal/site"
	"github.com/chronicle-archive/chronicle/internal/store"
)

// demoSite is the demo fortnight imported into a store and built into out.
type demoSite struct {
	st   *store.Store
	db   string
	days string // the imported day files
	out  string
}

var testConfig = render.Config{BaseURL: "https://chronicle.example"}

func buildDemo(t testing.TB) *demoSite {
	t.Helper()
	d, err := makeDemo(t.TempDir())
	if d != nil {
		t.Cleanup(func() { d.st.Close() })
	}
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// makeDemo imports the demo fortnight into a store in dir and builds it.
func makeDemo(dir string) (*demoSite, error) {
	files, err := demo.Files()
	if err != nil {
		return nil, err
	}
	d := &demoSite{db: filepath.Join(dir, "chronicle.db"), days: filepath.Join(dir, "days"), out: filepath.Join(dir, "public")}
	if err := os.Mkdir(d.days, 0o755); err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(d.days, f.Name), []byte(f.Wikitext), 0o644); err != nil {
			return nil, err
		}
	}
	if d.st, err = store.Open(d.db); err != nil {
		return nil, err
	}
	if err := d.importDir(d.days); err != nil {
		return d, err
	}
	_, err = site.New(d.st, testConfig).Build(context.Background(), d.out, site.BuildOptions{DBPath: d.db})
	return d, err
}

func (d *demoSite) importDir(dir string) error {
	ctx := context.Background()
	sum, err := ingest.Run(ctx, d.st, []string{dir}, ingest.Options{})
	if err == nil && sum.Failed() {
		err = fmt.Errorf("import %s: %v", dir, sum.Errors)
	}
	if err != nil {
		return err
	}
	return derive.Update(ctx, d.st)
}

func (d *demoSite) importPaths(t testing.TB, dir string) {
	t.Helper()
	if err := d.importDir(dir); err != nil {
		t.Fatal(err)
	}
}

func (d *demoSite) build(t testing.TB) site.BuildReport {
	t.Helper()
	rep, err := site.New(d.st, testConfig).Build(context.Background(), d.out, site.BuildOptions{DBPath: d.db})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// removedHeadline is a line of the demo's 5 March that changeDay removes.
const removedHeadline = "*Gunmen kill nine villagers in an overnight attack in Bokkos"

// changeDay edits one day as a new revision of the portal would (one event
// removed, one headline changed), imports it and rebuilds the site.
func (d *demoSite) changeDay(t testing.TB) {
	t.Helper()
	name := filepath.Join(d.days, "2025-03-05.wiki")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, removedHeadline) {
			kept = append(kept, line)
		}
	}
	text := strings.Join(kept, "\n")
	text = strings.Replace(text, "killing two people", "killing three people", 1)
	if text == string(b) || len(kept) == strings.Count(string(b), "\n")+1 {
		t.Fatal("the demo day changed: changeDay edits nothing")
	}
	one := t.TempDir()
	if err := os.WriteFile(filepath.Join(one, "2025-03-05.wiki"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	d.importPaths(t, one)
	d.build(t)
}

// snapshot is every file of a site by its path, skipping dot files.
func snapshot(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, p))
		files[p] = b
		return err
	})
	return files, err
}

// changedFiles counts the paths whose bytes differ between two snapshots,
// new ones included, and the paths removed.
func changedFiles(before, after map[string][]byte) (changed, removed int) {
	for p, b := range after {
		if old, ok := before[p]; !ok || !bytes.Equal(old, b) {
			changed++
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			removed++
		}
	}
	return changed, removed
}

// bucketFiles reads every object under the prefix (but the manifest),
// decompressing gzip bodies.
func bucketFiles(t testing.TB, srv *s3test.Server, to Target) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	var keys []string
	p := s3.NewListObjectsV2Paginator(srv.Client, &s3.ListObjectsV2Input{Bucket: &to.Bucket, Prefix: aws.String(to.Prefix + "/")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Contents {
			if *o.Key != to.Prefix+"/"+ManifestName {
				keys = append(keys, *o.Key)
			}
		}
	}
	files := map[string][]byte{}
	var mu sync.Mutex
	err := forEach(ctx, 16, keys, func(_ context.Context, key string) error {
		b := getObject(t, srv, to.Bucket, key)
		mu.Lock()
		files[strings.TrimPrefix(key, to.Prefix+"/")] = b
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func getObject(t testing.TB, srv *s3test.Server, bucket, key string) []byte {
	t.Helper()
	out, err := srv.Client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer out.Body.Close()
	var r io.Reader = out.Body
	if aws.ToString(out.ContentEncoding) == "gzip" {
		zr, err := gzip.NewReader(out.Body)
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	return b
}

// sameFiles fails the test unless the bucket holds exactly the local files.
func sameFiles(t testing.TB, local, remote map[string][]byte) {
	t.Helper()
	for p, b := range local {
		if r, ok := remote[p]; !ok {
			t.Errorf("%s is not in the bucket", p)
		} else if !bytes.Equal(r, b) {
			t.Errorf("%s differs in the bucket", p)
		}
	}
	for p := range remote {
		if _, ok := local[p]; !ok {
			t.Errorf("%s is in the bucket but not in the site", p)
		}
	}
}

func testOptions(srv *s3test.Server) Options {
	return Options{Endpoint: srv.Endpoint}
}

// demoFiles holds the built demo site's files, built once by TestMain.
var demoFiles map[string][]byte

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "deploy-demo-")
	if err == nil {
		var d *demoSite
		d, err = makeDemo(dir)
		if err == nil {
			demoFiles, err = readTree(d.out)
		}
		if d != nil {
			d.st.Close()
		}
		os.RemoveAll(dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "building the demo site:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// miniSite writes a few files of the demo site — the root's and one day's —
// into a new folder, for the tests that need a site but not all of it.
func miniSite(t testing.TB) string {
	t.Helper()
	mini := filepath.Join(t.TempDir(), "mini")
	for rel, b := range demoFiles {
		if strings.Contains(rel, "/") && !strings.HasPrefix(rel, "news/2025/03/5/") {
			continue
		}
		write(t, mini, rel, string(b))
	}
	return mini
}
