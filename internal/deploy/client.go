package deploy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
)

// Retry policy: throttling (SlowDown, 503) and 5xx answers are retried by the
// SDK's standard retryer with jittered exponential backoff.
const (
	maxAttempts = 8
	maxBackoff  = 20 * time.Second
)

// countingClient counts every HTTP request the SDK sends, retries included.
type countingClient struct {
	next     aws.HTTPClient
	requests *atomic.Int64
}

func (c countingClient) Do(r *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	return c.next.Do(r)
}

// newClient builds an S3 client from the standard AWS configuration chain
// (environment, shared config and credentials files, AWS_PROFILE), with the
// endpoint and region of opts. A custom endpoint is addressed path-style
// (http://host/bucket/key), which every S3-compatible server accepts; AWS
// itself is addressed virtual-host style.
func newClient(ctx context.Context, opts Options, requests *atomic.Int64) (*s3.Client, error) {
	jobs := opts.jobs()
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConns = jobs * 2
		t.MaxIdleConnsPerHost = jobs * 2
	}).WithDialerOptions(func(d *net.Dialer) { d.Timeout = 10 * time.Second })
	loads := []func(*config.LoadOptions) error{
		config.WithHTTPClient(httpClient),
		// The SDK's warnings (a response body it could not read to its end)
		// are not the user's business: errors say what went wrong.
		config.WithLogger(logging.Nop{}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = maxAttempts
				o.MaxBackoff = maxBackoff
				// No client-side retry quota: a long throttled deploy must
				// keep backing off, not give up.
				o.RateLimiter = ratelimit.None
				if opts.backoff != nil {
					o.Backoff = opts.backoff
				}
			})
		}),
	}
	if opts.Region != "" {
		loads = append(loads, config.WithRegion(opts.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	// Wrapped after loading, which may set the client's CA bundle (AWS_CA_BUNDLE).
	cfg.HTTPClient = countingClient{next: cfg.HTTPClient, requests: requests}
	if cfg.Region == "" {
		if opts.Endpoint == "" {
			return nil, errors.New("no region: give --region or set AWS_REGION")
		}
		cfg.Region = "us-east-1" // S3-compatible servers sign with any region
	}
	var endpoint string
	if opts.Endpoint != "" {
		u, err := url.Parse(opts.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("bad --endpoint %q: want a URL such as http://127.0.0.1:7070 or https://s3.example.com", opts.Endpoint)
		}
		endpoint = strings.TrimSuffix(opts.Endpoint, "/")
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = true
		}
		// Only the checksums S3 requires: several S3-compatible servers
		// reject the SDK's default CRC trailers.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	}), nil
}

// explain turns an S3 or network error into one line that says what is
// wrong and what to check.
func explain(err error, t Target, endpoint string) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	where := endpoint
	if where == "" {
		where = "AWS S3"
	}
	var api smithy.APIError
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("cannot connect to %s: connection refused (is --endpoint right, and the server running?)", where)
	case errors.As(err, &dns):
		return fmt.Errorf("cannot resolve %s: %v (is --endpoint right?)", dns.Name, dns.Err)
	case errors.As(err, &api):
		switch api.ErrorCode() {
		case "NoSuchBucket":
			return fmt.Errorf("bucket %q does not exist at %s", t.Bucket, where)
		case "InvalidAccessKeyId", "XAdminUserNotFound":
			return fmt.Errorf("%s does not know the access key: check AWS_ACCESS_KEY_ID or AWS_PROFILE", where)
		case "SignatureDoesNotMatch":
			return fmt.Errorf("%s rejected the request signature: check AWS_SECRET_ACCESS_KEY (and --region)", where)
		case "AccessDenied", "Forbidden":
			return fmt.Errorf("access denied to bucket %q at %s: check the credentials' permissions", t.Bucket, where)
		case "PermanentRedirect", "AuthorizationHeaderMalformed":
			return fmt.Errorf("bucket %q is in another region: give its --region (%s)", t.Bucket, oneLine(api.ErrorMessage()))
		}
		return fmt.Errorf("%s: %s: %s", where, api.ErrorCode(), oneLine(api.ErrorMessage()))
	}
	if strings.Contains(err.Error(), "failed to retrieve credentials") || strings.Contains(err.Error(), "no EC2 IMDS role found") {
		return errors.New("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE")
	}
	return errors.New(oneLine(err.Error()))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
