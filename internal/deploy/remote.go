package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// ManifestName is the object, under the target prefix, that records what
// the last deploy uploaded: each file's SHA-256, size, modification time
// and headers. It is gzipped JSON.
const ManifestName = ".chronicle-manifest.json.gz"

// manifestVersion is the layout of the manifest; another version is read
// as no manifest.
const manifestVersion = 1

// shaMeta is the user metadata key holding an object's SHA-256, so that an
// object can be recognised as uploaded by a deploy without the manifest.
const shaMeta = "chronicle-sha256"

// manifest is the deployed state of a prefix.
type manifest struct {
	Version int              `json:"version"`
	Files   map[string]entry `json:"files"` // by path under the prefix
}

// entry is one uploaded file.
type entry struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	MTime  int64  `json:"mtime"` // of the local file uploaded, Unix ns
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
	_, err := b.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: &b.t.Bucket, MaxKeys: aws.Int32(1),
		Prefix: aws.String(b.key(""))}, func(o *s3.Options) { o.RetryMaxAttempts = 2 })
	return err
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
		return nil, err
	}
	defer out.Body.Close()
	zr, err := gzip.NewReader(out.Body)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", errBadManifest, ManifestName, err)
	}
	var m manifest
	if err := json.NewDecoder(zr).Decode(&m); err != nil {
		return nil, fmt.Errorf("%w %s: %v", errBadManifest, ManifestName, err)
	}
	if m.Version != manifestVersion || m.Files == nil {
		return nil, fmt.Errorf("%w %s: version %d", errBadManifest, ManifestName, m.Version)
	}
	return &m, nil
}

func (b bucket) writeManifest(ctx context.Context, m *manifest) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(m); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err := b.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(ManifestName)),
		Body: bytes.NewReader(buf.Bytes()), ContentLength: aws.Int64(int64(buf.Len())),
		ContentType: aws.String("application/gzip"), CacheControl: aws.String("no-store")})
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// list gives the objects under the prefix by their path below it.
func (b bucket) list(ctx context.Context) (map[string]types.Object, error) {
	objs := map[string]types.Object{}
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{Bucket: &b.t.Bucket, Prefix: aws.String(b.key(""))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list objects: %w", err)
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
	if _, err := b.client.PutObject(ctx, in); err != nil {
		return fmt.Errorf("upload %s: %w", rel, err)
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
		return false, fmt.Errorf("inspect %s: %w", rel, err)
	}
	return out.Metadata[shaMeta] != "", nil
}

func (b bucket) remove(ctx context.Context, rel string) error {
	_, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &b.t.Bucket, Key: aws.String(b.key(rel))})
	if err != nil {
		return fmt.Errorf("delete %s: %w", rel, err)
	}
	return nil
}
