package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/chronicle-archive/chronicle/internal/deploy/s3test"
)

// TestMain lets a test run chronicle in a child process, to kill it: with
// CHRONICLE_TEST_MAIN=1 the test binary is the command.
// A deploy process killed (SIGKILL) mid-way is finished by the next run,
// which uploads only what the killed one had not.
func TestDeployKilledThenRerunFinishes(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	if r := chronicle("build", "--db", db, "--out", out); r.status != exitOK {
		t.Fatal(r)
	}
	args := []string{"deploy", "--db", db, "--out", out, "--to", "s3://site/archive", "--endpoint", srv.Endpoint}
	cmd := exec.Command(os.Args[0], append(args, "--jobs", "1")...)
	cmd.Env = append(os.Environ(), "CHRONICLE_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	killed := false
	for deadline := time.Now().Add(30 * time.Second); !killed && time.Now().Before(deadline); {
		select {
		case err := <-exited:
			t.Fatalf("the deploy ended (%v) before it could be killed", err)
		default:
		}
		if objects(t, srv) >= 10 {
			cmd.Process.Kill()
			killed = true
		}
	}
	<-exited
	before := objects(t, srv)
	if !killed || before == 0 {
		t.Fatalf("killed %v with %d objects uploaded", killed, before)
	}
	// The server may finish a request or two of the killed process after
	// it died: the re-run keeps every object that is there.
	rerun := chronicle(args...)
	m := regexp.MustCompile(`deployed ([\d,]+) files to s3://site/archive: ([\d,]+) uploaded \(.*\), ([\d,]+) unchanged`).FindStringSubmatch(rerun.stdout)
	if rerun.status != exitOK || m == nil {
		t.Fatalf("re-run:\n%s", rerun)
	}
	files, uploaded, unchanged := atoi(t, m[1]), atoi(t, m[2]), atoi(t, m[3])
	if unchanged < before || uploaded+unchanged != files || uploaded == 0 {
		t.Errorf("after a kill with %d of %d objects uploaded, the re-run:\n%s", before, files, rerun)
	}
	if n := objects(t, srv); n != files+1 {
		t.Errorf("the bucket holds %d objects; want %d files and the manifest", n, files)
	}
	if again := chronicle(args...); !strings.Contains(again.stdout, ": 0 uploaded") {
		t.Errorf("deploy after the re-run:\n%s", again)
	}
}

// objects counts the objects of s3://site/archive.
func objects(t *testing.T, srv *s3test.Server) int {
	t.Helper()
	n := 0
	p := s3.NewListObjectsV2Paginator(srv.Client, &s3.ListObjectsV2Input{Bucket: aws.String("site"), Prefix: aws.String("archive/")})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Contents)
	}
	return n
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A deploy to an endpoint that answers every request with 200 and a page of
// HTML (a login page, a catch-all proxy) fails, and the SDK's warnings do not
// reach the terminal: the page is cut short of its Content-Length, as a proxy
// that drops connections cuts it, and the SDK warned that it could not read
// the rest.
func TestDeployRefusesAnEndpointThatIsNotS3(t *testing.T) {
	page := "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><p>Please sign in.</p></body></html>\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)+64))
		io.WriteString(w, page)
	}))
	defer srv.Close()
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_REGION": "", "AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none} {
		t.Setenv(k, v)
	}
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	cmd := child(t, "deploy", "--db", db, "--out", out, "--to", "s3://site/archive", "--endpoint", srv.URL)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	r := result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
	if r.status != exitFailure || !strings.Contains(r.stderr, "does not answer like S3") || strings.Contains(r.stdout, "deployed") {
		t.Errorf("deploy to a login page: want exit 1 and an error saying it does not answer like S3:\n%s", r)
	}
	if strings.Contains(r.stderr, "WARN") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr holds more than the error:\n%s", r.stderr)
	}
}

// Every setting that can be checked without sending anything is checked
// before the build: a bad one is a usage error that names it, and nothing
// is built.
func TestDeployChecksSettingsBeforeBuilding(t *testing.T) {
	db := imported(t)
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--to", "s3://Bad_Bucket!/x", "--endpoint", "http://127.0.0.1:7070"}, nil, `--to: target "s3://Bad_Bucket!/x": bucket "Bad_Bucket!" has "B"`},
		{[]string{"--to", "s3://site/x", "--endpoint", "not a url"}, nil, `--endpoint "not a url": want a URL`},
		{[]string{"--to", "s3://site/x", "--endpoint", "http://127.0.0.1:99999"}, nil, `--endpoint "http://127.0.0.1:99999": port 99999`},
		{[]string{"--to", "s3://site/x"}, nil, "no region: give --region or set AWS_REGION"},
		{[]string{"--to", "s3://site/x", "--region", "eu west"}, nil, `--region "eu west"`},
		{[]string{"--to", "s3://site/x", "--endpoint", "http://127.0.0.1:7070"},
			map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}, "no AWS credentials found"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			none := filepath.Join(t.TempDir(), "none")
			for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret",
				"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
				"AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true"} {
				t.Setenv(k, v)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			out := filepath.Join(t.TempDir(), "public")
			r := chronicle(append([]string{"deploy", "--db", db, "--out", out}, tt.args...)...)
			if r.status != exitUsage || !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("deploy %q: want a usage error with %q before the build:\n%s", tt.args, tt.want, r)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a deploy with a bad setting built the site")
			}
		})
	}
}
