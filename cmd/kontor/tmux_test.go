package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// End-to-end tests run the real binary in a real terminal (tmux), type keys
// and read the screen, as a user would. They need tmux; with KONTOR_E2E=1
// (set by .ci/run) a missing tmux fails the test instead of skipping it.

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// kontorBinary builds cmd/kontor once per test process.
func kontorBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kontor-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "kontor")
		cmd := exec.Command("go", "build", "-o", builtBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func requireTmux(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("KONTOR_E2E") == "1" {
			t.Fatal("KONTOR_E2E=1 but tmux is not installed")
		}
		t.Skip("tmux not installed; set KONTOR_E2E=1 to make this a failure")
	}
}

// tmuxSession is one terminal running a command.
type tmuxSession struct {
	t    *testing.T
	name string
	sock string
}

// startTmux runs command in a detached tmux session of the given size, with
// its own server socket so tests never touch the user's tmux.
func startTmux(t *testing.T, width, height int, env []string, command ...string) *tmuxSession {
	t.Helper()
	requireTmux(t)
	s := &tmuxSession{t: t, name: "k", sock: filepath.Join(t.TempDir(), "tmux.sock")}
	args := []string{"-S", s.sock, "-f", "/dev/null", "new-session", "-d", "-s", s.name,
		"-x", fmt.Sprint(width), "-y", fmt.Sprint(height)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, strings.Join(quoteAll(command), " "))
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.sock, "kill-server").Run() })
	return s
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return out
}

// keys sends tmux key names ("j", "Enter", "Escape", "C-c") or literal text.
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	args := append([]string{"-S", s.sock, "send-keys", "-t", s.name}, keys...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys %v: %v\n%s", keys, err, out)
	}
	// A lone ESC followed at once by another key reads as alt+key, in any
	// terminal program; a person pauses, and so does the test.
	if slices.Contains(keys, "Escape") {
		time.Sleep(150 * time.Millisecond)
	}
}

// text types literal text.
func (s *tmuxSession) text(text string) {
	s.t.Helper()
	if out, err := exec.Command("tmux", "-S", s.sock, "send-keys", "-t", s.name, "-l", text).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys -l: %v\n%s", err, out)
	}
}

// screen returns the visible pane as plain text.
func (s *tmuxSession) screen() string {
	s.t.Helper()
	out, err := exec.Command("tmux", "-S", s.sock, "capture-pane", "-p", "-t", s.name).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux capture-pane: %v\n%s", err, out)
	}
	return string(out)
}

// rawScreen returns the pane with its escape sequences (capture-pane -e).
func (s *tmuxSession) rawScreen() string {
	s.t.Helper()
	out, err := exec.Command("tmux", "-S", s.sock, "capture-pane", "-p", "-e", "-t", s.name).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux capture-pane -e: %v\n%s", err, out)
	}
	return string(out)
}

// waitFor polls the screen until it contains every string, or fails with
// the last screen after the timeout.
func (s *tmuxSession) waitFor(timeout time.Duration, want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		scr := s.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(scr, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q within %s; last screen:\n%s", missing, timeout, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitGone polls until the screen no longer contains s.
func (s *tmuxSession) waitGone(timeout time.Duration, gone string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		scr := s.screen()
		if !strings.Contains(scr, gone) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen still shows %q after %s:\n%s", gone, timeout, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exited reports whether the session's command has ended.
func (s *tmuxSession) exited() bool {
	return exec.Command("tmux", "-S", s.sock, "has-session", "-t", s.name).Run() != nil
}

// runKontor runs the built binary with args and returns its output.
func runKontor(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(kontorBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run kontor %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}
