package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The kill tests' size: short by default, so that scripts/test stays quick;
// go test ./cmd/chronicle -run Killed -kill-days 3000 -kills 10 for a long run.
var (
	killDays = flag.Int("kill-days", 300, "days of the synthetic dump the kill tests import")
	kills    = flag.Int("kills", 3, "kill points per kill test, spread over a clean run's duration")
)

// killPoints spreads n points over (0, 1).
func killPoints(n int) []float64 {
	points := make([]float64, n)
	for i := range points {
		points[i] = (float64(i) + 0.5) / float64(n)
	}
	return points
}

// childEnv makes the test binary run the chronicle command line of its
// arguments instead of the tests (TestMain, main_test.go).
const childEnv = "CHRONICLE_TEST_MAIN"

// child returns the command that runs chronicle with args in a child process.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	return cmd
}

// runChild runs chronicle to its end and returns its stdout; it fails t
// unless the exit status is want.
func runChild(t *testing.T, want int, args ...string) string {
	t.Helper()
	cmd := child(t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if status := cmd.ProcessState.ExitCode(); status != want {
		t.Fatalf("chronicle %s: exit %d (%v), want %d\nstderr:\n%s", strings.Join(args, " "), status, err, want, stderr.String())
	}
	return stdout.String()
}

// killAfter starts chronicle with args, sends it SIGKILL after d and waits
// for it; it reports whether the kill came before the command ended.
func killAfter(t *testing.T, d time.Duration, args ...string) bool {
	t.Helper()
	cmd := child(t, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
		return false
	case <-time.After(d):
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		<-done
		return false
	}
	<-done
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// writeSyntheticDump writes a plain XML dump of n consecutive days from
// 2001-01-01, eight events a day linking a few of a small set of topics
// (so that the derived related lists have work), and returns its path.
func writeSyntheticDump(t *testing.T, n int) string {
	t.Helper()
	return writeSyntheticRevision(t, n, 0)
}

// writeSyntheticRevision is writeSyntheticDump with every tenth day given
// a newer revision (revision > 0) of other text, as a later dump would.
func writeSyntheticRevision(t *testing.T, n, revision int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(12, 12))
	words := strings.Fields("minister army rebels storm flood election court police talks summit strike market bank oil river city coast border treaty protest vote parliament president")
	topics := strings.Fields("Chile Lagos Jakarta Manila Kyiv Lima Quito Dhaka Accra Oslo Hanoi Riga Sofia Tunis Bogotá Nairobi Ankara Seoul Cairo Dakar")
	var b strings.Builder
	b.WriteString(`<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">` + "\n")
	day := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i)
		revised := revision > 0 && i%10 == 0
		revID := 1000 + i
		if revised {
			revID += revision * 100000
		}
		fmt.Fprintf(&b, "<page><title>Portal:Current events/%d %s %d</title><ns>100</ns><id>%d</id><revision><id>%d</id><timestamp>%s</timestamp><text xml:space=\"preserve\">",
			d.Year(), d.Month(), d.Day(), i+1, revID, d.Add(24*time.Hour).Format(time.RFC3339))
		b.WriteString("'''Armed conflicts and attacks'''\n")
		if revised {
			fmt.Fprintf(&b, "*A revised report of [[%s]] in revision %d. [http://news.example/r/%d (AP)]\n", topics[i%len(topics)], revision, i)
		}
		for k := range 8 {
			fmt.Fprintf(&b, "*The %s of [[%s]] and [[%s]]:", words[rng.IntN(len(words))], topics[rng.IntN(len(topics))], topics[rng.IntN(len(topics))])
			for range 6 + rng.IntN(8) {
				b.WriteString(" " + words[rng.IntN(len(words))])
			}
			fmt.Fprintf(&b, ". [http://news.example/%d/%d (Reuters)]\n", i, k)
		}
		b.WriteString("</text></revision></page>\n")
	}
	b.WriteString("</mediawiki>\n")
	path := filepath.Join(t.TempDir(), "dump.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKilledImportRecovers kills `chronicle import` with SIGKILL at several
// points of its run (while storing batches, while deriving related lists),
// then checks the database with `chronicle check`, imports the same input
// again, and compares `chronicle export` with a clean import's.
func TestKilledImportRecovers(t *testing.T) {
	days, points := *killDays, killPoints(*kills)
	if testing.Short() {
		points = killPoints(2)
	}
	dump := writeSyntheticDump(t, days)
	cleanDB := filepath.Join(t.TempDir(), "clean.db")
	start := time.Now()
	runChild(t, exitOK, "import", "--db", cleanDB, dump)
	took := time.Since(start)
	want := runChild(t, exitOK, "export", "--db", cleanDB)
	if n := strings.Count(want, "\n"); n != 8*days {
		t.Fatalf("clean import exported %d events, want %d", n, 8*days)
	}
	t.Logf("clean import of %d days: %v", days, took)
	killed := 0
	for _, at := range points {
		db := filepath.Join(t.TempDir(), "killed.db")
		wait := time.Duration(float64(took) * at)
		if !killAfter(t, wait, "import", "--db", db, dump) {
			t.Logf("kill at %v: the import had ended", wait)
			continue
		}
		killed++
		if _, err := os.Stat(db); err == nil {
			if out := runChild(t, exitOK, "check", "--db", db); !strings.Contains(out, "passes every check") {
				t.Errorf("kill at %v: check after the kill:\n%s", wait, out)
			}
		}
		runChild(t, exitOK, "import", "--db", db, dump)
		if out := runChild(t, exitOK, "check", "--db", db); strings.Contains(out, "note:") {
			t.Errorf("kill at %v: derived data lags after the second import:\n%s", wait, out)
		}
		if got := runChild(t, exitOK, "export", "--db", db); got != want {
			t.Errorf("kill at %v: export after recovery differs from a clean import's (%d vs %d bytes)", wait, len(got), len(want))
		}
	}
	t.Logf("import killed %d times of %d, each recovered", killed, len(points))
	if killed == 0 {
		t.Error("no kill landed before the import ended")
	}
}
