package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/chronicle-archive/chronicle/internal/weburl"
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
	endpoint, err := endpointURL(opts.Endpoint)
	if err != nil {
		return nil, err
	}
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
	cfg, err := loadConfig(ctx, opts, loads...)
	if err != nil {
		return nil, err
	}
	// Wrapped after loading, which may set the client's CA bundle (AWS_CA_BUNDLE).
	cfg.HTTPClient = countingClient{next: cfg.HTTPClient, requests: requests}
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

// SettingError is a setting of a deploy that cannot work: a malformed
// --endpoint or --region, no region, a missing profile, no credentials.
type SettingError struct{ Err error }

func (e *SettingError) Error() string { return e.Err.Error() }

func (e *SettingError) Unwrap() error { return e.Err }

func settingf(format string, args ...any) error {
	return &SettingError{fmt.Errorf(format, args...)}
}

// Check finds, before a deploy sends anything, the settings of opts and of
// the AWS configuration that cannot work; a *SettingError is one to
// correct. It resolves the credentials, which reads the environment and the
// AWS files, or asks the service that gives them (an EC2 instance's role,
// SSO) where they come from one.
func Check(ctx context.Context, opts Options) error {
	if _, err := endpointURL(opts.Endpoint); err != nil {
		return err
	}
	cfg, err := loadConfig(ctx, opts, config.WithLogger(logging.Nop{}))
	if err != nil {
		return err
	}
	if cfg.Credentials == nil {
		return settingf("%s", noCredentials)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if missingCredentials(err) {
			return settingf("%s", noCredentials)
		}
		return fmt.Errorf("AWS credentials: %s", oneLine(err.Error()))
	}
	return nil
}

const noCredentials = "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"

// missingCredentials reports whether err is the credential chain's failure
// to find any: its last resort, an EC2 instance's role, is not there.
func missingCredentials(err error) bool {
	return strings.Contains(err.Error(), "no EC2 IMDS role found")
}

// endpointURL checks an --endpoint and gives it without a trailing slash;
// "" is AWS S3.
func endpointURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	_, err := weburl.Check(s, false)
	switch {
	case errors.Is(err, weburl.ErrMalformed), errors.Is(err, weburl.ErrNotHTTP):
		return "", settingf("--endpoint %q: want a URL such as http://127.0.0.1:7070 or https://s3.example.com", s)
	case errors.Is(err, weburl.ErrUserInfo):
		return "", settingf("--endpoint %q: the keys go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, not in the URL", s)
	case errors.Is(err, weburl.ErrQuery), errors.Is(err, weburl.ErrFragment):
		return "", settingf("--endpoint %q: want no query or fragment", s)
	case err != nil:
		return "", settingf("--endpoint %q: %v", s, err)
	}
	return strings.TrimSuffix(s, "/"), nil
}

// loadConfig reads the AWS configuration (the environment, the shared
// config and credentials files) with the region of opts, and checks the
// region: there must be one, unless an S3-compatible server signs with any.
func loadConfig(ctx context.Context, opts Options, loads ...func(*config.LoadOptions) error) (aws.Config, error) {
	if opts.Region != "" {
		loads = append(loads, config.WithRegion(opts.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	var noProfile config.SharedConfigProfileNotExistError
	switch {
	case errors.As(err, &noProfile):
		return cfg, settingf("AWS profile %q (AWS_PROFILE) is in neither the AWS config file nor the credentials file", noProfile.Profile)
	case err != nil:
		return cfg, settingf("AWS configuration: %s", oneLine(err.Error()))
	}
	switch {
	case cfg.Region == "" && opts.Endpoint == "":
		return cfg, settingf("no region: give --region or set AWS_REGION")
	case cfg.Region == "":
		cfg.Region = "us-east-1" // S3-compatible servers sign with any region
	case !validRegion(cfg.Region) && opts.Region != "":
		return cfg, settingf("--region %q: want a region such as eu-west-1 (auto for R2)", cfg.Region)
	case !validRegion(cfg.Region):
		return cfg, settingf("region %q (AWS_REGION or the AWS config): want a region such as eu-west-1", cfg.Region)
	}
	return cfg, nil
}

// validRegion reports whether r can be a region: the SDK puts it in host
// names, so letters, digits, hyphens and dots.
func validRegion(r string) bool {
	for _, c := range r {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// requestError is a request to the bucket that failed: what it was for,
// at which endpoint, and why.
type requestError struct {
	op     string // what the request was for: "list s3://site/archive"
	where  string // the endpoint, or "AWS S3"
	bucket string
	err    error
}

func (e *requestError) Error() string {
	return fmt.Sprintf("cannot %s at %s: %s", e.op, e.where, reason(e.err, e.bucket))
}

func (e *requestError) Unwrap() error { return e.err }

// reason says in one line why a request failed, and what to check where
// the cause is a usual one: a wrong endpoint, wrong keys, a missing bucket.
func reason(err error, bucket string) string {
	var api smithy.APIError
	var dns *net.DNSError
	var notS3 *notS3Error
	switch {
	case errors.As(err, &notS3):
		return notS3.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (is --endpoint right, and the server running?)"
	case errors.As(err, &dns):
		return fmt.Sprintf("cannot resolve %s: %v (is --endpoint right?)", dns.Name, dns.Err)
	case strings.Contains(err.Error(), "failed to retrieve credentials") || missingCredentials(err):
		return noCredentials
	case errors.As(err, &api):
		return apiReason(api, bucket)
	case errors.Is(err, io.EOF):
		return "the server closed the connection without answering (EOF)"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the answer was cut short (unexpected EOF)"
	}
	return cause(err)
}

// apiReason says what an error answer of S3 means.
func apiReason(api smithy.APIError, bucket string) string {
	switch api.ErrorCode() {
	case "NoSuchBucket":
		return fmt.Sprintf("bucket %q does not exist", bucket)
	case "InvalidAccessKeyId", "XAdminUserNotFound":
		return "the server does not know the access key: check AWS_ACCESS_KEY_ID or AWS_PROFILE"
	case "SignatureDoesNotMatch":
		return "the server rejected the request signature: check AWS_SECRET_ACCESS_KEY (and --region)"
	case "AccessDenied", "Forbidden":
		return fmt.Sprintf("access denied to bucket %q: check the credentials' permissions", bucket)
	case "PermanentRedirect", "AuthorizationHeaderMalformed":
		return fmt.Sprintf("bucket %q is in another region: give its --region (%s)", bucket, oneLine(api.ErrorMessage()))
	}
	return fmt.Sprintf("%s: %s", api.ErrorCode(), oneLine(api.ErrorMessage()))
}

// cause is the error under the SDK's layers (the operation, its attempts,
// the HTTP answer's request and host IDs, the URL requested), in one line.
func cause(err error) string {
	for sdkLayer(err) && errors.Unwrap(err) != nil {
		err = errors.Unwrap(err)
	}
	return oneLine(err.Error())
}

// sdkLayer reports whether err only wraps the error that tells what went
// wrong.
func sdkLayer(err error) bool {
	switch err.(type) {
	case *smithy.OperationError, *retry.MaxAttemptsError, *smithyhttp.RequestSendError, *url.Error:
		return true
	}
	_, answer := err.(interface{ HTTPStatusCode() int }) // the HTTP answer, with its IDs
	return answer
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
