package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Crash safety: a kontor process killed with SIGKILL at any moment leaves
// the data file intact and holding either all or none of what the killed
// command was doing.

// crashRows is the size of the generated import: big enough that the
// import takes a second or two, so kills land in every phase of it.
const crashRows = 5000

// robustTrials is the number of kills per scenario (KONTOR_ROBUST_TRIALS
// raises it for a longer soak).
func robustTrials(t *testing.T, def int) int {
	if s := os.Getenv("KONTOR_ROBUST_TRIALS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("KONTOR_ROBUST_TRIALS=%q", s)
		}
		return n
	}
	return def
}

// crashTally counts what the kills of one scenario hit.
type crashTally struct {
	trials, killed, inCommit, none, all, exited int
	maxElapsed                                  time.Duration
}

func (c crashTally) String() string {
	return fmt.Sprintf("%d trials: %d killed (%d while the WAL held the commit's pages), %d ran to the end; outcome: %d none, %d all",
		c.trials, c.killed, c.inCommit, c.exited, c.none, c.all)
}

func TestRobustCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	bin := kontorBinary(t)
	rng := robustRand(t)
	dir := t.TempDir()

	// The file before: 300 people of an earlier import, with old titles.
	base := filepath.Join(dir, "base.db")
	small := filepath.Join(dir, "old.csv")
	writeGeneratedPeople(t, small, 0, 300, "Old title")
	if res, err := runBin(bin, base, "", nil, "import", small, "--yes", "--type", "people"); err != nil || res.code != 0 {
		t.Fatalf("first import: %v %+v", err, res)
	}
	// The import: the same 300 (overwritten: undo must restore them) and
	// the rest new.
	big := filepath.Join(dir, "big.csv")
	writeGeneratedPeople(t, big, 0, crashRows, "New title")
	importArgs := []string{"import", big, "--yes", "--type", "people", "--on-duplicate", "overwrite"}

	beforeFP, before := fingerprint(t, base)
	imported := filepath.Join(dir, "imported.db")
	copyDataFile(t, base, imported)
	importDur, importCommit := calibrate(t, bin, imported, importArgs...)
	importedFP, after := fingerprint(t, imported)
	if before.People != 300 || after.People != crashRows || after.Imports != 2 || importedFP == beforeFP {
		t.Fatalf("the import did not do what the test expects: before %+v, after %+v", before, after)
	}
	t.Logf("import of %d rows: %s (-wal file in use for %s)", crashRows, importDur.Round(time.Millisecond), importCommit.Round(time.Millisecond))

	undoArgs := []string{"imports", "undo", "2", "--yes"}
	undone := filepath.Join(dir, "undone.db")
	copyDataFile(t, imported, undone)
	undoDur, undoCommit := calibrate(t, bin, undone, undoArgs...)
	undoneFP, afterUndo := fingerprint(t, undone)
	if afterUndo.People != 300 || afterUndo.Imports != 2 || undoneFP == importedFP {
		t.Fatalf("undo did not do what the test expects: %+v", afterUndo)
	}
	t.Logf("undo: %s (-wal file in use for %s)", undoDur.Round(time.Millisecond), undoCommit.Round(time.Millisecond))

	t.Run("import", func(t *testing.T) {
		tally := crashTrials(t, bin, rng, base, importDur, importCommit, robustTrials(t, 21),
			map[string]string{beforeFP: "none", importedFP: "all"}, importArgs)
		t.Logf("kill -9 during `kontor import` (%d rows): %s", crashRows, tally)
	})
	t.Run("undo", func(t *testing.T) {
		tally := crashTrials(t, bin, rng, imported, undoDur, undoCommit, robustTrials(t, 21),
			map[string]string{importedFP: "none", undoneFP: "all"}, undoArgs)
		t.Logf("kill -9 during `kontor imports undo` (%d records): %s", crashRows+after.Companies-before.Companies, tally)
	})
}

// calibrate runs the command to its end on db and returns how long it
// took and how long the -wal file held data (from the commit's first
// write through the checkpoint until the close removed it).
func calibrate(t *testing.T, bin, db string, args ...string) (total, commit time.Duration) {
	t.Helper()
	var walSeen, walGone time.Duration
	out := runUntilKilled(t, bin, db, func(e time.Duration) bool {
		st, err := os.Stat(db + "-wal")
		switch {
		case walSeen == 0 && err == nil && st.Size() > 0:
			walSeen = e
		case walSeen != 0 && walGone == 0 && err != nil:
			walGone = e
		}
		return false
	}, args...)
	if out.killed || out.code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, out.code, out.stderr)
	}
	if walSeen == 0 {
		t.Fatalf("%v: never saw the -wal file hold data; the WAL-timed kills would test nothing", args)
	}
	if walGone == 0 {
		walGone = out.elapsed
	}
	return out.elapsed, walGone - walSeen
}

// crashTrials copies base, runs args on the copy and kills it: a third of
// the trials at any moment of the run (its expected time being the
// shortest seen so far), a third near its expected end, and
// a third at a random point of the time the -wal file holds data (the
// commit writing its pages, the checkpoint, the close).
// The file must then pass SQLite's checks, hold one of the outcomes (by
// fingerprint) and open normally.
func crashTrials(t *testing.T, bin string, rng *rand.Rand, base string, dur, commit time.Duration, trials int, outcomes map[string]string, args []string) crashTally {
	tally := crashTally{trials: trials}
	dir := t.TempDir()
	for i := range trials {
		db := filepath.Join(dir, fmt.Sprintf("trial%02d.db", i))
		copyDataFile(t, base, db)
		var trigger func(time.Duration) bool
		var when string
		switch i % 3 {
		case 0:
			at := time.Duration(rng.Int64N(int64(dur)))
			trigger, when = after(at), "at "+at.Round(time.Millisecond).String()
		case 1:
			at := dur*85/100 + time.Duration(rng.Int64N(int64(dur*25/100)))
			trigger, when = after(at), "at "+at.Round(time.Millisecond).String()
		case 2:
			d := time.Duration(rng.Int64N(int64(commit) + 1))
			trigger, when = walGrowth(db, d), fmt.Sprintf("%s into the commit", d.Round(100*time.Microsecond))
		}
		out := runUntilKilled(t, bin, db, trigger, args...)
		tally.maxElapsed = max(tally.maxElapsed, out.elapsed)
		if out.killed {
			tally.killed++
			if out.walBytes > 0 {
				tally.inCommit++
			}
		} else {
			tally.exited++
			if out.code != 0 {
				t.Fatalf("trial %d: %v ended with %d before the kill:\n%s", i, args, out.code, out.stderr)
			}
			// It ran faster than the calibration did (which may have run
			// while other tests loaded the machine): aim the next kills
			// within this run's time.
			dur = min(dur, out.elapsed)
		}
		if err := integrityErr(db); err != nil {
			t.Fatalf("trial %d (killed %s, wal %d bytes): %v", i, when, out.walBytes, err)
		}
		fp, counts := fingerprint(t, db)
		outcome, ok := outcomes[fp]
		if !ok {
			t.Fatalf("trial %d (killed %v %s, wal %d bytes): the file holds neither outcome: %+v", i, out.killed, when, out.walBytes, counts)
		}
		if !out.killed && outcome != "all" {
			t.Fatalf("trial %d: the command succeeded but the file holds %q", i, outcome)
		}
		if outcome == "all" {
			tally.all++
		} else {
			tally.none++
		}
		mustOpenNormally(t, bin, db)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
	}
	// The trials must have hit what they aim at, or they proved nothing.
	if tally.killed < trials/2 || tally.inCommit < trials/6 || tally.none == 0 {
		t.Errorf("the kills missed their targets (%s); is the machine too slow or too fast for %d rows?", tally, crashRows)
	}
	return tally
}

// TestRobustCrashUIEdit edits a person in the UI (in tmux), saves with
// ctrl+s and kills the UI with SIGKILL around the save: at a random moment
// 0–200 ms after the key was sent, or as the save's commit reaches the -wal file.
// The person is then either as before or as saved, nothing else changed,
// and the file is intact.
func TestRobustCrashUIEdit(t *testing.T) {
	requireTmux(t)
	bin := kontorBinary(t)
	rng := robustRand(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	if res, err := runBin(bin, base, "", nil, "demo", "--people", "30", "--companies", "5", "--deals", "5"); err != nil || res.code != 0 {
		t.Fatalf("demo: %v %+v", err, res)
	}
	first, err := runBin(bin, base, "", nil, "people", "list", "--limit", "1", "--jsonl")
	if err != nil || first.code != 0 {
		t.Fatalf("%v %+v", err, first)
	}
	var p personJSON
	if err := json.Unmarshal([]byte(first.stdout), &p); err != nil {
		t.Fatal(err)
	}
	beforeFP, beforeCounts := fingerprint(t, base)
	trials := robustTrials(t, 8)
	var old, saved, inCommit int
	for i := range trials {
		db := filepath.Join(dir, fmt.Sprintf("ui%02d.db", i))
		copyDataFile(t, base, db)
		s := startTmux(t, 100, 30, []string{"TERM=xterm-256color"}, "exec", bin, "--db", db)
		s.waitFor(5*time.Second, p.FirstName, "30 people")
		s.keys("e")
		s.waitFor(5*time.Second, "Edit person")
		suffix := fmt.Sprintf("Crash%d", i)
		s.text(suffix)
		s.waitFor(5*time.Second, p.FirstName+suffix)
		pid, wal0 := s.pid(), walSize(db)
		var trigger func() bool
		if i%2 == 0 {
			at := time.Now().Add(time.Duration(rng.Int64N(int64(200 * time.Millisecond))))
			trigger = func() bool { return !time.Now().Before(at) }
		} else {
			trigger = func() bool { return walSize(db) != wal0 }
		}
		s.keys("C-s")
		deadline := time.Now().Add(5 * time.Second)
		for !trigger() {
			if time.Now().After(deadline) {
				t.Fatalf("trial %d: the save never reached the -wal file:\n%s", i, s.screen())
			}
			time.Sleep(100 * time.Microsecond)
		}
		if walSize(db) > wal0 {
			inCommit++
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatalf("trial %d: kill %d: %v", i, pid, err)
		}
		s.waitExit(5 * time.Second)

		checkIntegrity(t, db)
		name := queryString(t, db, "SELECT first_name FROM people WHERE id = ?", p.ID)
		fp, counts := fingerprint(t, db)
		switch name {
		case p.FirstName:
			old++
			if fp != beforeFP {
				t.Fatalf("trial %d: the name is unchanged but the file is not: %+v", i, counts)
			}
		case p.FirstName + suffix:
			saved++
			if counts != beforeCounts {
				t.Fatalf("trial %d: the edit was saved but the counts changed: %+v, want %+v", i, counts, beforeCounts)
			}
		default:
			t.Fatalf("trial %d: first name %q is neither %q nor %q", i, name, p.FirstName, p.FirstName+suffix)
		}
		mustOpenNormally(t, bin, db)
	}
	t.Logf("kill -9 of the UI around ctrl+s: %d trials (%d killed after the save reached the -wal file): %d old, %d saved", trials, inCommit, old, saved)
	if saved == 0 || inCommit == 0 {
		t.Errorf("the kills missed the save (%d saved, %d during it)", saved, inCommit)
	}
}
