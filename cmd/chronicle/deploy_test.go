package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chronicle-archive/chronicle/internal/deploy/s3test"
)

func TestDeployBuildsThenUploadsOnlyWhatChanged(t *testing.T) {
	srv := s3test.Start(t, "site")
	srv.Env(t)
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"deploy", "--db", db, "--out", out, "--to", "s3://site/archive", "--endpoint", srv.Endpoint}
	first := chronicle(args...)
	summary := regexp.MustCompile(`(?m)^built [\d,]+ files .*\ndeployed ([\d,]+) files to s3://site/archive: ([\d,]+) uploaded \(.*\), 0 unchanged, 0 deleted; [\d,]+ requests in [\d.]+m?s\n$`)
	m := summary.FindStringSubmatch(first.stdout)
	if first.status != exitOK || m == nil || m[1] != m[2] {
		t.Fatalf("first deploy:\n%s", first)
	}
	dry := chronicle(append(args, "--dry-run")...)
	if dry.status != exitOK || !strings.Contains(dry.stdout, "dry run of "+m[1]+" files to s3://site/archive: 0 to upload") {
		t.Fatalf("dry run of an unchanged site:\n%s", dry)
	}
	again := chronicle(args...)
	if again.status != exitOK || !strings.Contains(again.stdout, ": 0 uploaded (0 B), "+m[1]+" unchanged, 0 deleted; 2 requests") {
		t.Fatalf("second deploy:\n%s", again)
	}
}

func TestDeployErrors(t *testing.T) {
	db := imported(t)
	out := filepath.Join(t.TempDir(), "public")
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"--out", out}, exitUsage, "no --to s3://BUCKET/PREFIX given"},
		{[]string{"--to", "s3://site"}, exitUsage, "no --out DIR given"},
		{[]string{"--out", out, "--to", "site/archive"}, exitUsage, "want s3://BUCKET/PREFIX"},
		{[]string{"--out", out, "--to", "s3://site", "--jobs", "0"}, exitUsage, "--jobs 0"},
		{[]string{"--out", out, "--to", "s3://site", "--endpoint", "http://127.0.0.1:1"}, exitFailure,
			"chronicle: deploy: deploy to s3://site: cannot connect to http://127.0.0.1:1: connection refused"},
	} {
		t.Setenv("AWS_ACCESS_KEY_ID", "k")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "s")
		r := chronicle(append([]string{"deploy", "--db", db}, tc.args...)...)
		if r.status != tc.status || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("deploy %v:\n%s", tc.args, r)
		}
		if tc.status == exitFailure && strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("deploy %v: the error is not one line:\n%s", tc.args, r.stderr)
		}
	}
}
