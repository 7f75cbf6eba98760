package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckCommand(t *testing.T) {
	db := imported(t)
	if r := chronicle("check", "--db", db); r.status != exitOK || !strings.Contains(r.stdout, "ok: "+db+" passes every check") {
		t.Fatalf("check of a clean import:\n%s", r)
	}
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`DELETE FROM path_history WHERE path = (SELECT min(path) FROM events)`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := chronicle("check", "--db", db)
	if r.status != exitFailure || !strings.Contains(r.stdout, "problem: event paths: event /news/") ||
		!strings.Contains(r.stdout, "is missing from path_history") || !strings.Contains(r.stderr, "1 problem found") {
		t.Errorf("check of a damaged database:\n%s", r)
	}
}

func TestCheckWithoutDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	if r := chronicle("check", "--db", db); r.status != exitFailure || !strings.Contains(r.stderr, "no database at "+db) {
		t.Errorf("check without a database:\n%s", r)
	}
	noDatabase(t, db)
}
