package deploy

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ManifestName is the object, under the target prefix, that records what
// the last deploy uploaded: each file's SHA-256, size, modification time
// and headers, as gzipped tab-separated lines.
const ManifestName = ".chronicle-manifest.tsv.gz"

// manifestVersion is the layout of the manifest; another version is read
// as no manifest.
const manifestVersion = 1

// shaMeta is the user metadata key holding an object's SHA-256, so that an
// object can be recognised as uploaded by a deploy without the manifest.
const shaMeta = "chronicle-sha256"

// manifest is the deployed state of a prefix.
type manifest struct {
	Version int
	Files   map[string]entry // by path under the prefix
}

// entry is one uploaded file.
type entry struct {
	SHA256 string
	Size   int64
	MTime  int64 // of the local file uploaded, Unix ns
	header
}

// remoteState is what the bucket holds under the prefix: the manifest, or,
// without one, the listed objects by path (size and ETag).
type remoteState struct {
	manifest *manifest
	listed   map[string]types.Object
}

type bucket struct {
	client *s3.Client
	t      Target
	where  string // the endpoint, or "AWS S3"
}

// fail gives the error of a request for op that failed.
func (b bucket) fail(op string, err error) error {
	return &requestError{op: op, where: b.where, bucket: b.t.Bucket, err: err}
}

// url is the s3:// URL of the object of rel.
func (b bucket) url(rel string) string {
	return "s3://" + b.t.Bucket + "/" + b.key(rel)
}

func (b bucket) key(rel string) string {
	if b.t.Prefix == "" {
		return rel
	}
	return b.t.Prefix + "/" + rel
}

// check makes one cheap request that fails the way a wrong endpoint, bad
// credentials or a missing bucket fail, without retrying.
func (b bucket) check(ctx context.Context) error {
	out, err := b.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: &b.t.Bucket, MaxKeys: aws.Int32(1),
		Prefix: aws.String(b.key(""))}, func(o *s3.Options) { o.RetryMaxAttempts = 2 })
	if err := listed(out, err); err != nil {
		return b.fail("list "+b.t.String(), err)
	}
	return nil
}

// notS3Error is an answer no S3 server gives, from an endpoint that is a
// web page, a login page or a catch-all proxy rather than an S3 API.
type notS3Error struct {
	what        string // what was wrong with the answer
	contentType string // the answer's Content-Type, if it had one
	err         error  // the SDK's error, if it failed to read the answer
}

func (e *notS3Error) Error() string {
	s := "the endpoint does not answer like S3: " + e.what
	if e.contentType != "" {
		s += " (Content-Type: " + e.contentType + ")"
	}
	return s + "; is --endpoint the URL of the S3 API?"
}

func (e *notS3Error) Unwrap() error { return e.err }

// listed checks a listing's answer: S3's is XML that names the bucket
// (<ListBucketResult><Name>), which a page of HTML or text does not.
func listed(out *s3.ListObjectsV2Output, err error) error {
	const what = "the listing is not S3's XML"
	var bad *smithy.DeserializationError
	var resp *smithyhttp.ResponseError
	switch {
	case errors.As(err, &bad) && errors.As(err, &resp):
		return &notS3Error{what: what, contentType: resp.Response.Header.Get("Content-Type"), err: err}
	case err != nil:
		return err
	case aws.ToString(out.Name) == "":
		return &notS3Error{what: what, contentType: contentTypeOf(out.ResultMetadata)}
	}
	return nil
}

// contentTypeOf is the Content-Type of the answer whose metadata md is.
func contentTypeOf(md middleware.Metadata) string {
	if r, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok {
		return r.Header.Get("Content-Type")
	}
	return ""
}

// putObject uploads an object and checks the answer: S3 answers an upload
// with the object's ETag.
func (b bucket) putObject(ctx context.Context, in *s3.PutObjectInput) error {
	out, err := b.client.PutObject(ctx, in)
	if err != nil {
		return err
	}
	if aws.ToString(out.ETag) == "" {
		return &notS3Error{what: "the answer to an upload has no ETag", contentType: contentTypeOf(out.ResultMetadata)}
	}
	return nil
}

// state reads the manifest; when it is missing or unreadable it lists the
// objects under the prefix instead.
func (b bucket) state(ctx context.Context) (remoteState, string, error) {
	m, err := b.readManifest(ctx)
	if err == nil {
		return remoteState{manifest: m}, "", nil
	}
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) && !errors.Is(err, errBadManifest) {
		return remoteState{}, "", err
	}
	listed, lerr := b.list(ctx)
	if lerr != nil {
		return remoteState{}, "", lerr
	}
	note := ""
	switch {
	case errors.Is(err, errBadManifest):
		note = fmt.Sprintf("%v: comparing with the %d objects listed", err, len(listed))
	case len(listed) > 0:
		note = fmt.Sprintf("no manifest %s: comparing with the %d objects listed", ManifestName, len(listed))
	}
	return remoteState{listed: listed}, note, nil
}

var errBadManifest = errors.New("unreadable manifest")

func (b bucket) readManifest(ctx context.Context) (*manifest, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(ManifestName))})
	if err != nil {
		return nil, b.fail("read "+b.url(ManifestName), err)
	}
	defer out.Body.Close()
	return decodeManifest(out.Body)
}

// The manifest's text, gzipped: a first line naming the format and counting
// the files ("chronicle-manifest 1 582368"), then a line
// a file of tab-separated fields (path, SHA-256, size, modification time,
// type, cache, encoding, redirect). A field holding a tab, a line break or
// a leading quote is written quoted. Half a million lines read and write in
// a fraction of the time JSON takes.
const manifestHeader = "chronicle-manifest"

// manifestFields is how many fields a file's line has.
const manifestFields = 8

// decodeManifest reads a manifest; anything else is errBadManifest.
func decodeManifest(r io.Reader) (*manifest, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w %s: %s", errBadManifest, ManifestName, fmt.Sprintf(format, args...))
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, bad("%v", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var version, count int
	if !sc.Scan() {
		return nil, bad("empty")
	}
	if n, _ := fmt.Sscanf(sc.Text(), manifestHeader+" %d %d", &version, &count); n != 2 || version != manifestVersion || count < 0 {
		return nil, bad("not a version %d manifest", manifestVersion)
	}
	m := &manifest{Version: manifestVersion, Files: make(map[string]entry, min(count, 1<<24))}
	for line := 2; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != manifestFields {
			return nil, bad("line %d has %d fields", line, len(f))
		}
		for i, v := range f {
			if strings.HasPrefix(v, `"`) {
				if f[i], err = strconv.Unquote(v); err != nil {
					return nil, bad("line %d: %v", line, err)
				}
			}
		}
		size, err1 := strconv.ParseInt(f[2], 10, 64)
		mtime, err2 := strconv.ParseInt(f[3], 10, 64)
		if err1 != nil || err2 != nil {
			return nil, bad("line %d: bad size or time", line)
		}
		m.Files[f[0]] = entry{SHA256: f[1], Size: size, MTime: mtime,
			header: header{ContentType: f[4], CacheControl: f[5], Encoding: f[6], Redirect: f[7]}}
	}
	if err := sc.Err(); err != nil {
		return nil, bad("%v", err)
	}
	return m, nil
}

func needsQuote(v string) bool {
	return strings.IndexByte(v, '\t') >= 0 || strings.IndexByte(v, '\n') >= 0 ||
		strings.IndexByte(v, '\r') >= 0 || strings.HasPrefix(v, `"`)
}

// encodeManifest gives the manifest's gzipped text.
func encodeManifest(m *manifest) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level cannot fail
	w := bufio.NewWriterSize(zw, 64<<10)
	fmt.Fprintf(w, "%s %d %d\n", manifestHeader, m.Version, len(m.Files))
	for rel, e := range m.Files {
		fields := [manifestFields]string{rel, e.SHA256, strconv.FormatInt(e.Size, 10), strconv.FormatInt(e.MTime, 10),
			e.ContentType, e.CacheControl, e.Encoding, e.Redirect}
		for i, v := range fields {
			if i > 0 {
				w.WriteByte('\t')
			}
			if needsQuote(v) {
				v = strconv.Quote(v)
			}
			w.WriteString(v)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (b bucket) writeManifest(ctx context.Context, m *manifest) error {
	body, err := encodeManifest(m)
	if err != nil {
		return fmt.Errorf("encode the manifest: %w", err)
	}
	err = b.putObject(ctx, &s3.PutObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(ManifestName)),
		Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body))),
		ContentType: aws.String("application/gzip"), CacheControl: aws.String("no-store")})
	if err != nil {
		return b.fail("write "+b.url(ManifestName), err)
	}
	return nil
}

// list gives the objects under the prefix by their path below it.
func (b bucket) list(ctx context.Context) (map[string]types.Object, error) {
	objs := map[string]types.Object{}
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{Bucket: &b.t.Bucket, Prefix: aws.String(b.key(""))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err := listed(page, err); err != nil {
			return nil, b.fail("list "+b.t.String(), err)
		}
		for _, o := range page.Contents {
			rel := strings.TrimPrefix(aws.ToString(o.Key), b.key(""))
			if rel != "" && rel != ManifestName {
				objs[rel] = o
			}
		}
	}
	return objs, nil
}

// put uploads one file.
func (b bucket) put(ctx context.Context, rel string, c content) error {
	in := &s3.PutObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(rel)),
		Body: bytes.NewReader(c.body), ContentLength: aws.Int64(int64(len(c.body))),
		ContentType: aws.String(c.head.ContentType), CacheControl: aws.String(c.head.CacheControl),
		Metadata: map[string]string{shaMeta: c.sum}}
	if c.head.Encoding != "" {
		in.ContentEncoding = aws.String(c.head.Encoding)
	}
	if c.head.Redirect != "" {
		in.WebsiteRedirectLocation = aws.String(c.head.Redirect)
	}
	if err := b.putObject(ctx, in); err != nil {
		return b.fail("upload "+rel+" to "+b.t.String(), err)
	}
	return nil
}

// ours reports whether the object was uploaded by a deploy (it carries the
// SHA-256 metadata), so that without a manifest only our objects are deleted.
func (b bucket) ours(ctx context.Context, rel string) (bool, error) {
	out, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(rel))})
	if err != nil {
		var nf *types.NotFound
		if errors.As(err, &nf) {
			return false, nil
		}
		return false, b.fail("inspect "+b.url(rel), err)
	}
	return out.Metadata[shaMeta] != "", nil
}

func (b bucket) remove(ctx context.Context, rel string) error {
	_, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(rel))})
	if err != nil {
		return b.fail("delete "+b.url(rel), err)
	}
	return nil
}
