package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	db, err := sql.Open("sqlite", "file:"+os.Args[1])
	if err != nil {
		panic(err)
	}
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		panic(err)
	}
	n := 0
	for rows.Next() {
		var s string
		rows.Scan(&s)
		if n < 5 {
			fmt.Println(s)
		}
		n++
	}
	fmt.Println(n, "lines")
	var v string
	db.QueryRow("select sqlite_version()").Scan(&v)
	fmt.Println(v)
}
