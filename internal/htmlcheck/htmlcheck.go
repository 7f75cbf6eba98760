// Package htmlcheck checks the HTML and CSS Chronicle writes, for tests:
// Check validates them with the Nu HTML Checker (vnu, the W3C's validator),
// and AxeScript gives the browser tests axe-core, the accessibility rules
// engine. They need Java and two npm packages, which .ci/run installs:
//
//	apt-get install -y default-jre-headless
//	npm install --prefix ~/.cache/chronicle/npm vnu-jar@26.9.27 axe-core@4.14.1
//
// CHRONICLE_VNU_JAR and CHRONICLE_AXE_JS name the files when they are
// elsewhere. Without them, Check and AxeScript skip the test and say how to
// install what is missing.
package htmlcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The npm packages the checks use, at the versions .ci/run installs.
const (
	vnuPackage = "vnu-jar@26.9.27"
	axePackage = "axe-core@4.14.1"
)

// Message is one finding of the checker.
type Message struct {
	Type    string `json:"type"`    // "error", "info" or "non-document-error"
	SubType string `json:"subType"` // "warning" for the infos that are warnings
	URL     string `json:"url"`     // file:/path of the page
	Line    int    `json:"lastLine"`
	Column  int    `json:"lastColumn"`
	Message string `json:"message"`
	Extract string `json:"extract"`
}

// Problem reports whether the message is an error or a warning, rather
// than a mere note.
func (m Message) Problem() bool { return m.Type != "info" || m.SubType == "warning" }

func (m Message) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s\n\t%q", strings.TrimPrefix(m.URL, "file:"), m.Line, m.Column, m.kind(), m.Message, m.Extract)
}

func (m Message) kind() string {
	if m.SubType != "" {
		return m.SubType
	}
	return m.Type
}

// Check validates every .html and .css file under dir, failing the test
// once for each error or warning (a dozen at most are printed whole).
func Check(t testing.TB, dir string) {
	t.Helper()
	jar := findJar(t)
	msgs, err := Run(jar, dir)
	if err != nil {
		t.Fatal(err)
	}
	var problems []Message
	for _, m := range msgs {
		if m.Problem() {
			problems = append(problems, m)
		}
	}
	for i, m := range problems {
		if i == 12 {
			t.Errorf("and %d more problems", len(problems)-i)
			break
		}
		t.Error(m)
	}
}

// Run runs the checker in jar over the HTML and CSS files under dir and
// returns what it found.
func Run(jar, dir string) ([]Message, error) {
	cmd := exec.Command("java", "-jar", jar, "--format", "json", "--skip-non-html", "--also-check-css", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("vnu: %w", err)
	}
	// vnu writes its report to stderr and exits 1 when it found errors.
	var report struct {
		Messages []Message `json:"messages"`
	}
	if jerr := json.Unmarshal(stderr.Bytes(), &report); jerr != nil {
		return nil, fmt.Errorf("vnu over %s (%v): its report is not JSON (%v): %.500s", dir, err, jerr, stderr.String())
	}
	return report.Messages, nil
}

// findJar returns the checker's jar, or skips the test when Java or the jar
// is missing.
func findJar(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("no java for the Nu HTML Checker: apt-get install -y default-jre-headless")
	}
	jar := os.Getenv("CHRONICLE_VNU_JAR")
	if jar == "" {
		jar = installed("vnu-jar", "build", "dist", "vnu.jar")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Skipf("no Nu HTML Checker at %s: npm install --prefix %s %s, or set CHRONICLE_VNU_JAR", jar, DefaultPrefix(), vnuPackage)
	}
	return jar
}

// AxeScript returns axe-core's script (axe.min.js), to evaluate in a page,
// or skips the test when it is missing.
func AxeScript(t testing.TB) string {
	t.Helper()
	src, err := FindAxe()
	if err != nil {
		t.Skip(err)
	}
	return src
}

// FindAxe reads axe-core's script from CHRONICLE_AXE_JS or DefaultPrefix;
// its error says how to install it.
func FindAxe() (string, error) {
	path := os.Getenv("CHRONICLE_AXE_JS")
	if path == "" {
		path = installed("axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("no axe-core at %s: npm install --prefix %s %s, or set CHRONICLE_AXE_JS", path, DefaultPrefix(), axePackage)
	}
	return string(src), nil
}

// DefaultPrefix is the npm prefix .ci/run installs the checkers under:
// chronicle/npm in the user's cache directory.
func DefaultPrefix() string {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "chronicle", "npm")
}

// installed is the path of a file of an npm package installed under
// DefaultPrefix.
func installed(pkg string, file ...string) string {
	return filepath.Join(append([]string{DefaultPrefix(), "node_modules", pkg}, file...)...)
}
