// Package s3test runs a real S3-compatible server for tests and benchmarks:
// the Versity S3 Gateway (versitygw) serving a temporary folder on a free
// 127.0.0.1 port. Install it with
//
//	go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
//
// Without the binary, Start skips the test and says so.
package s3test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// The gateway's root credentials.
const (
	AccessKey = "chronicle-test-key"
	SecretKey = "chronicle-test-secret-0123456789"
)

// Server is a running gateway.
type Server struct {
	// Endpoint is its URL, http://127.0.0.1:PORT.
	Endpoint string
	// Website is the URL of its static website endpoint, which serves the
	// bucket named by a request's Host header (see Publish).
	Website string
	// Dir is the folder it serves; each bucket is a directory in it.
	Dir string
	// Client is an S3 client of the root user, path-style, for the test's
	// own checks.
	Client *s3.Client
}

// Binary finds versitygw in PATH, $GOBIN or $GOPATH/bin (~/go/bin).
func Binary() (string, error) {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	var dirs []string
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	if d := os.Getenv("GOPATH"); d != "" {
		dirs = append(dirs, filepath.Join(strings.Split(d, string(os.PathListSeparator))[0], "bin"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "versitygw")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("versitygw not found in PATH, $GOBIN or ~/go/bin " +
		"(install it: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
}

// Start runs a gateway for the test, stopped at its end, with the named
// buckets created. It skips the test when versitygw is not installed.
func Start(tb testing.TB, buckets ...string) *Server {
	tb.Helper()
	bin, err := Binary()
	if err != nil {
		tb.Skipf("skipping the S3 tests: %v", err)
	}
	dir := tb.TempDir()
	gw, err := launchRetrying(bin, dir, freePort)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(gw.stop)
	s := &Server{Endpoint: "http://" + gw.addr, Website: "http://" + gw.web, Dir: dir,
		Client: Client("http://"+gw.addr, AccessKey, SecretKey)}
	for _, b := range buckets {
		if _, err := s.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			tb.Fatalf("create bucket %s: %v", b, err)
		}
	}
	return s
}

// errPortTaken is a gateway's failure to bind a port found free a moment
// before: another process (tests of other packages run at the same time)
// took it in between.
var errPortTaken = errors.New("port taken")

// launchAttempts bounds the retries after errPortTaken.
const launchAttempts = 5

// launchRetrying launches the gateway on fresh ports, picked by pick, until
// one launch binds them.
func launchRetrying(bin, dir string, pick func() (int, error)) (*gateway, error) {
	for attempt := 1; ; attempt++ {
		gw, err := launch(bin, dir, pick)
		if err == nil || !errors.Is(err, errPortTaken) || attempt == launchAttempts {
			return gw, err
		}
	}
}

// gateway is one versitygw process.
type gateway struct {
	addr, web string
	cmd       *exec.Cmd
	exited    chan struct{} // closed when the process has exited and its output is all in logs
	logs      strings.Builder
}

// launch starts versitygw serving dir on two ports picked by pick and waits
// until it listens on both.
func launch(bin, dir string, pick func() (int, error)) (*gateway, error) {
	port, err := pick()
	if err != nil {
		return nil, err
	}
	webPort, err := pick()
	if err != nil {
		return nil, err
	}
	gw := &gateway{addr: fmt.Sprintf("127.0.0.1:%d", port), web: fmt.Sprintf("127.0.0.1:%d", webPort),
		exited: make(chan struct{})}
	gw.cmd = exec.Command(bin, "--port", gw.addr, "--website", gw.web, "--quiet", "posix", dir)
	gw.cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+AccessKey, "ROOT_SECRET_KEY="+SecretKey)
	gw.cmd.Stdout, gw.cmd.Stderr = &gw.logs, &gw.logs
	if err := gw.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start versitygw: %v", err)
	}
	go func() {
		gw.cmd.Wait()
		close(gw.exited)
	}()
	for _, a := range []string{gw.addr, gw.web} {
		if err := gw.waitListening(a, 15*time.Second); err != nil {
			gw.stop() // the logs are read only once the process's output is complete
			if strings.Contains(gw.logs.String(), "address already in use") {
				err = fmt.Errorf("%w: %v", errPortTaken, err)
			}
			return nil, fmt.Errorf("versitygw did not start: %w\n%s", err, gw.logs.String())
		}
	}
	return gw, nil
}

// stop kills the process and waits for it to exit.
func (gw *gateway) stop() {
	gw.cmd.Process.Kill()
	<-gw.exited
}

// waitListening waits until addr accepts a connection, the process exits or
// the limit passes.
func (gw *gateway) waitListening(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-gw.exited:
			return fmt.Errorf("it exited before listening on %s", addr)
		default:
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Publish makes the bucket a public static website (index document
// index.html), as S3 website hosting does.
func (s *Server) Publish(tb testing.TB, bucket string) {
	tb.Helper()
	ctx := context.Background()
	_, err := s.Client.PutBucketWebsite(ctx, &s3.PutBucketWebsiteInput{Bucket: &bucket,
		WebsiteConfiguration: &types.WebsiteConfiguration{IndexDocument: &types.IndexDocument{Suffix: aws.String("index.html")}}})
	if err != nil {
		tb.Fatalf("website of %s: %v", bucket, err)
	}
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + bucket + `/*"}]}`
	if _, err := s.Client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &policy}); err != nil {
		tb.Fatalf("policy of %s: %v", bucket, err)
	}
}

// Visit asks the website endpoint for the bucket's path, without following
// redirects.
func (s *Server) Visit(tb testing.TB, bucket, path string) *http.Response {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, s.Website+path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Host = bucket
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatalf("GET %s on the website: %v", path, err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	return resp
}

// Client is a path-style S3 client of the endpoint with static keys.
func Client(endpoint, access, secret string) *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(access, secret, ""),
	})
}

// Env sets the standard AWS environment of the test to the root user's
// keys, with no shared configuration files read.
func (s *Server) Env(tb testing.TB) {
	tb.Setenv("AWS_ACCESS_KEY_ID", AccessKey)
	tb.Setenv("AWS_SECRET_ACCESS_KEY", SecretKey)
	tb.Setenv("AWS_SESSION_TOKEN", "")
	tb.Setenv("AWS_PROFILE", "")
	tb.Setenv("AWS_REGION", "")
	none := filepath.Join(tb.TempDir(), "none")
	tb.Setenv("AWS_CONFIG_FILE", none)
	tb.Setenv("AWS_SHARED_CREDENTIALS_FILE", none)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
