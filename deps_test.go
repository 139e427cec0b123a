package kontor_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The layout's dependency direction: cmd → tui, storage, domain;
// tui → domain; storage → domain; domain → standard library and a few small
// pure libraries. go list sees what the compiler sees, so a stray import
// anywhere in the graph fails this test.

// listPackages returns, for each package matching pattern, its direct
// imports and its full (transitive) dependency list, test files excluded.
func listPackages(t *testing.T, pattern string) map[string][2][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", pattern).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pattern, err, out)
	}
	pkgs := map[string][2][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			continue
		}
		pkgs[parts[0]] = [2][]string{strings.Fields(parts[1]), strings.Fields(parts[2])}
	}
	return pkgs
}

func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if s == p || strings.HasPrefix(s, p+"/") {
			return true
		}
	}
	return false
}

func TestDependencyDirection(t *testing.T) {
	ui := []string{"charm.land", "github.com/charmbracelet"}
	sql := []string{"database/sql", "modernc.org"}
	rules := []struct {
		pattern string
		// forbidden anywhere in the dependency graph
		forbiddenDeps []string
		// forbidden as direct imports (IO the package itself must not do);
		// exact paths, so pure parsers such as net/url stay usable
		forbiddenImports []string
	}{
		{
			pattern:          "kontor/domain/...",
			forbiddenDeps:    append(append([]string{"kontor/storage", "kontor/tui", "kontor/cmd", "net/http", "os/exec"}, ui...), sql...),
			forbiddenImports: []string{"os", "io/ioutil", "net", "net/http", "os/exec", "path/filepath", "syscall"},
		},
		{
			pattern:       "kontor/storage/...",
			forbiddenDeps: append([]string{"kontor/tui", "kontor/cmd"}, ui...),
		},
		{
			pattern:       "kontor/tui/...",
			forbiddenDeps: append([]string{"kontor/storage", "kontor/cmd"}, sql...),
		},
	}
	for _, r := range rules {
		pkgs := listPackages(t, r.pattern)
		if len(pkgs) == 0 {
			t.Errorf("%s matches no packages", r.pattern)
		}
		for pkg, lists := range pkgs {
			for _, imp := range lists[0] {
				if slices.Contains(r.forbiddenImports, imp) {
					t.Errorf("%s imports %s (the layout forbids it)", pkg, imp)
				}
			}
			for _, dep := range lists[1] {
				// go-colorful (under lipgloss) implements driver.Valuer:
				// an interface, not a database.
				if dep == "database/sql/driver" {
					continue
				}
				if hasPrefixAny(dep, r.forbiddenDeps) {
					t.Errorf("%s depends on %s (the layout forbids it)", pkg, dep)
				}
			}
		}
	}
}

// Domain may use the standard library and these pure libraries only.
func TestDomainThirdPartyAllowList(t *testing.T) {
	allowed := []string{"golang.org/x/text", "github.com/nyaruka/phonenumbers", "google.golang.org/protobuf"}
	for pkg, lists := range listPackages(t, "kontor/domain/...") {
		for _, dep := range lists[1] {
			first := strings.SplitN(dep, "/", 2)[0]
			if !strings.Contains(first, ".") || strings.HasPrefix(dep, "kontor/") {
				continue // standard library or our own
			}
			if !hasPrefixAny(dep, allowed) {
				t.Errorf("%s depends on %s, which is not on domain's allow-list", pkg, dep)
			}
		}
	}
}
