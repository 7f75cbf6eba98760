package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/chronicle-archive/chronicle/internal/deploy"
)

var deployCommand = &command{
	name:    "deploy",
	summary: "bring the static site up to date and upload what changed to S3",
	usage: "chronicle deploy [--db FILE] [--out DIR] --to s3://BUCKET/PREFIX [--endpoint URL] [--region R]\n" +
		"                        [--gzip] [--dry-run] [--jobs N] [--base-url URL] [--formats LIST]",
	help: `Build the site in DIR (default ./public) as 'chronicle build' does, only
what changed since the last build, then upload it to S3-compatible object
storage: AWS S3, Cloudflare R2, Backblaze B2, MinIO, the Versity gateway…

Only objects whose content or headers changed are uploaded: a manifest
object (PREFIX/.chronicle-manifest.tsv.gz) records what is deployed. New
and changed pages go up first, index pages, feeds and sitemaps after them,
the manifest next, and objects of files the site no longer has are deleted
last, so readers never meet a link to a missing page, and a deploy stopped
at any point is completed by the next. Each file is served with its type
(.md as text/markdown), a short Cache-Control for indexes and feeds and a
long one for event pages; the redirect pages of retired addresses also carry
the bucket's website-redirect location. --gzip uploads text compressed, with
Content-Encoding: gzip. --dry-run lists what would change (the local build
still runs). --base-url and --formats shape the site as for 'chronicle build'.

Credentials come from the standard AWS chain: AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE and the shared
credentials file. A custom --endpoint is addressed path-style. Before the
build, deploy checks the --to bucket's name (S3's rules), the --endpoint URL,
that a region is given and that credentials are found: a bad setting is a
usage error (exit status 2), and nothing is built.

Example:
  chronicle deploy --db chronicle.db --out public --base-url https://news.example.org \
    --to s3://news-site/archive --endpoint https://ACCOUNT.r2.cloudflarestorage.com`,
	setup: setupDeploy,
}

func setupDeploy(fs *flag.FlagSet) runFunc {
	db := dbFlag(fs)
	out := fs.String("out", "public", "the site's `DIR`, built or brought up to date first")
	config := siteFlags(fs)
	to := fs.String("to", "", "where to upload: `s3://BUCKET/PREFIX`")
	var opts deploy.Options
	fs.StringVar(&opts.Endpoint, "endpoint", "", "the `URL` of an S3-compatible server (default: AWS S3)")
	fs.StringVar(&opts.Region, "region", "", "the bucket's `REGION` (default: AWS_REGION or the AWS config; us-east-1 with --endpoint)")
	fs.BoolVar(&opts.Gzip, "gzip", false, "upload text files gzip-compressed, with Content-Encoding: gzip")
	fs.BoolVar(&opts.DryRun, "dry-run", false, "list what would be uploaded and deleted, and change nothing in the bucket")
	fs.IntVar(&opts.Jobs, "jobs", deploy.DefaultJobs, "`N` uploads at once")
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q: the target goes in --to", args[0])
		}
		if *out == "" {
			return usagef("no --out DIR given")
		}
		if *to == "" {
			return usagef("no --to s3://BUCKET/PREFIX given")
		}
		target, err := deploy.ParseTarget(*to)
		if err != nil {
			return usagef("--to: %v", err)
		}
		if opts.Jobs < 1 {
			return usagef("--jobs %d: want at least 1", opts.Jobs)
		}
		cfg, err := config()
		if err != nil {
			return err
		}
		if err := checkDeploy(ctx, opts); err != nil {
			return err
		}
		if err := runBuild(ctx, *db, *out, cfg, false, stdout, stderr); err != nil {
			return err
		}
		return runDeploy(ctx, *out, target, opts, stdout, stderr)
	}
}

// checkDeploy checks the deploy's settings before the build: a bad one is a
// usage error.
func checkDeploy(ctx context.Context, opts deploy.Options) error {
	err := deploy.Check(ctx, opts)
	var setting *deploy.SettingError
	if errors.As(err, &setting) {
		return usagef("%v", err)
	}
	return err
}

func runDeploy(ctx context.Context, out string, to deploy.Target, opts deploy.Options, stdout, stderr io.Writer) error {
	opts.Log = stdout
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	rep, err := deploy.Deploy(ctx, out, to, opts)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep)
	return nil
}
