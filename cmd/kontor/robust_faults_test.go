package main

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Disk and permission faults: a read-only data file or folder, a full
// disk during an import, a file that is not SQLite, a damaged file.

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// demoDB makes a closed data file with demo records.
func demoDB(t *testing.T, bin, db string) {
	t.Helper()
	if res, err := runBin(bin, db, "", nil, "demo", "--people", "60", "--companies", "8", "--deals", "10"); err != nil || res.code != 0 {
		t.Fatalf("demo: %v %+v", err, res)
	}
}

func TestRobustReadOnly(t *testing.T) {
	requireTmux(t)
	bin := kontorBinary(t)
	for _, c := range []struct {
		name, why string
		lock      func(db string) func()
	}{
		{"file 0400", "its permissions (0400) allow nobody to write it", func(db string) func() {
			os.Chmod(db, 0o400)
			return func() { os.Chmod(db, 0o600) }
		}},
		{"folder 0500", "its folder's permissions (0500) allow nobody to create the journal files", func(db string) func() {
			os.Chmod(filepath.Dir(db), 0o500)
			return func() { os.Chmod(filepath.Dir(db), 0o700) }
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			os.Mkdir(dir, 0o700)
			db := filepath.Join(dir, "k.db")
			demoDB(t, bin, db)
			unlock := c.lock(db)
			t.Cleanup(unlock)
			sum, names := fileSum(t, db), dirNames(t, dir)

			// Browsing works; a write says why it cannot be done.
			res, err := runBin(bin, db, "", nil, "people", "list", "--limit", "5")
			if err != nil || res.code != 0 || strings.Count(res.stdout, "\n") != 6 {
				t.Fatalf("people list on a read-only file: %v %+v", err, res)
			}
			res, err = runBin(bin, db, "", nil, "people", "update", "1", "--title", "Changed")
			if err != nil || res.code == 0 {
				t.Fatalf("update of a read-only file: %v %+v", err, res)
			}
			want := "kontor: " + db + ": the data file is read-only (" + c.why
			if !strings.HasPrefix(res.stderr, want) || !strings.Contains(res.stderr, "nothing was changed") {
				t.Errorf("update says %q, want it to start %q", res.stderr, want)
			}
			res, err = runBin(bin, db, "", nil, "import", "testdata/zoho/Contacts.csv", "--yes")
			if err != nil || res.code == 0 || !strings.Contains(res.stderr, "read-only") {
				t.Errorf("import into a read-only file: %v %+v", err, res)
			}

			// The UI: a banner, browsing, and a refusal to edit.
			s := startTmux(t, 120, 30, []string{"TERM=xterm-256color"}, "exec", bin, "--db", db)
			s.waitFor(10*time.Second, "[read-only]", "60 people")
			s.keys("j", "Enter")
			s.waitFor(10*time.Second, "esc back")
			if scr := s.screen(); strings.Contains(scr, "e edit") {
				t.Errorf("the detail offers to edit a read-only file:\n%s", scr)
			}
			s.keys("Escape", "e")
			s.waitFor(10*time.Second, "read-only")
			if strings.Contains(s.screen(), "Edit person") {
				t.Errorf("an edit form opened on a read-only file")
			}
			s.keys("q")
			s.waitExit(10 * time.Second)

			if fileSum(t, db) != sum {
				t.Error("the read-only file changed")
			}
			if got := dirNames(t, dir); !slices.Equal(got, names) && c.name == "folder 0500" {
				t.Errorf("files appeared in the read-only folder: %v, was %v", got, names)
			}
		})
	}
}

// TestRobustDiskFull: an import that runs out of room (a file size limit
// on the process, and, where the test may mount one, a 1 MiB tmpfs) fails
// with a message that says so, exits non-zero and leaves the data file as
// it was.
func TestRobustDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := kontorBinary(t)
	src := filepath.Join(t.TempDir(), "people.csv")
	writeGeneratedPeople(t, src, 0, 5000, "Title")

	check := func(t *testing.T, db string, res binResult, wantMsg string) {
		t.Helper()
		if res.code == 0 || !strings.Contains(res.stderr, wantMsg) || !strings.Contains(res.stderr, "nothing was changed") {
			t.Errorf("import on a full disk: exit %d, stderr %q; want a non-zero exit and %q", res.code, res.stderr, wantMsg)
		}
	}
	t.Run("file size limit", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "k.db")
		demoDB(t, bin, db)
		fp, counts := fingerprint(t, db)
		// ulimit -f counts 1024-byte blocks; kontor (Go) ignores SIGXFSZ,
		// so its writes fail with EFBIG instead of killing it.
		cmd := exec.Command("sh", "-c", `ulimit -f 1024 && exec "$@"`, "sh", bin, "--db", db, "import", src, "--yes", "--type", "people")
		cmd.Env = []string{"HOME=" + filepath.Dir(db), "PATH=" + os.Getenv("PATH")}
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		check(t, db, binResult{stderr: errb.String(), code: code}, "could not be written")
		checkIntegrity(t, db)
		if got, gotCounts := fingerprint(t, db); got != fp {
			t.Errorf("the file changed: %+v, was %+v", gotCounts, counts)
		}
		mustOpenNormally(t, bin, db)
		// With room again the same import works.
		if res, err := runBin(bin, db, "", nil, "import", src, "--yes", "--type", "people"); err != nil || res.code != 0 {
			t.Errorf("import with room: %v %+v", err, res)
		}
	})
	t.Run("full tmpfs", func(t *testing.T) {
		mnt := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs here (%v: %s); the file size limit above covers the failure", err, bytes.TrimSpace(out))
		}
		t.Cleanup(func() { exec.Command("umount", mnt).Run() })
		db := filepath.Join(mnt, "k.db")
		demoDB(t, bin, db)
		fp, counts := fingerprint(t, db)
		res, err := runBin(bin, db, "", nil, "import", src, "--yes", "--type", "people")
		if err != nil {
			t.Fatal(err)
		}
		check(t, db, res, "the disk is full")
		checkIntegrity(t, db)
		if got, gotCounts := fingerprint(t, db); got != fp {
			t.Errorf("the file changed: %+v, was %+v", gotCounts, counts)
		}
		mustOpenNormally(t, bin, db)
	})
}

// TestRobustNotOrDamagedDataFile: files that are not SQLite and data files
// damaged by truncation or garbled pages are refused by every command with
// a message that says so, and are never written to.
func TestRobustNotOrDamagedDataFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	bin := kontorBinary(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	demoDB(t, bin, good)
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile("testdata/broken/binary.csv")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	garble := func(from, to int) []byte {
		b := slices.Clone(orig)
		for i := from; i < min(to, len(b)); i++ {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	const page = 4096
	pages := len(orig) / page
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"text", []byte("name,email\nAnna,anna@example.com\n"), "is not a Kontor data file"},
		{"png", png, "is not a Kontor data file"},
		{"random bytes", garble(0, 64<<10)[:64<<10], "is not a Kontor data file"},
		{"header magic zeroed", append(make([]byte, 16), orig[16:]...), "is not a Kontor data file"},
		{"truncated to half", orig[:len(orig)/2], "damaged"},
		{"truncated to one page", orig[:page], "damaged"},
		{"page 1 garbled after the header", garble(100, page), "damaged"},
		{"the middle pages garbled", garble(pages/3*page, pages*2/3*page), "damaged"},
		{"every page's header garbled", func() []byte {
			b := slices.Clone(orig)
			for p := 1; p < pages; p++ {
				copy(b[p*page:p*page+12], garble(0, 12)[:12])
			}
			return b
		}(), "damaged"},
	}
	// Writes must all be refused. Damage is found where Kontor reads: at
	// open (the header, the schema, the derived-column check of a
	// writable open) and in the pages a command reads; a read-only
	// command that reads only undamaged pages of a garbled file may work.
	commands := []struct {
		args  []string
		write bool
	}{
		{[]string{"people", "list"}, false},
		{[]string{"companies", "show", "1"}, false},
		{[]string{"imports", "list"}, false},
		{[]string{"people", "add", "--first-name", "Anna", "--last-name", "Nowak"}, true},
		{[]string{"people", "update", "1", "--title", "X"}, true},
		{[]string{"import", "testdata/zoho/Accounts.csv", "--yes"}, true},
		{[]string{"demo", "--people", "5"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := filepath.Join(t.TempDir(), "k.db")
			if err := os.WriteFile(d, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range commands {
				args := cmd.args
				res, err := runBin(bin, d, "", nil, args...)
				if err != nil {
					t.Fatal(err)
				}
				msg := strings.TrimSpace(res.stderr)
				if res.code == 0 && !cmd.write && c.name == "the middle pages garbled" {
					continue
				}
				if res.code == 0 || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
					t.Errorf("%v: exit %d, stderr %q; want a non-zero exit and one line with %q", args, res.code, msg, c.want)
				}
				if !strings.Contains(msg, "left untouched") {
					t.Errorf("%v: %q does not say the file was left untouched", args, msg)
				}
				if b, _ := os.ReadFile(d); !bytes.Equal(b, c.content) {
					t.Fatalf("%v wrote to the file", args)
				}
			}
			if strings.HasPrefix(c.want, "is not") {
				if names := dirNames(t, filepath.Dir(d)); len(names) != 1 {
					t.Errorf("files appeared beside a file that is not SQLite: %v", names)
				}
			}
		})
	}
	t.Logf("%d damaged or foreign files × %d commands refused, bytes unchanged", len(cases), len(commands))
}
