package browserkit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/authdoctor/authdoctor/lab"
)

// RigOptions say how to start a Rig.
type RigOptions struct {
	// Root is the repository root (the unpacked extension); "" finds it
	// from the working directory.
	Root string
	// Headful shows the browser window (needs a display).
	Headful bool
	// NoExtension starts the browser without the extension.
	NoExtension bool
}

// Rig is one running lab and one browser with the extension (unless
// RigOptions.NoExtension): the Chromium's methods (tabs, popup, badge,
// chrome.* calls through ExtEval) are the rig's.
type Rig struct {
	*Chromium
	Lab  *lab.Lab
	Root string
}

// FindRoot walks up from the working directory to the directory holding
// both go.mod and manifest.json.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if exists(filepath.Join(dir, "go.mod")) && exists(filepath.Join(dir, "manifest.json")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("browserkit: no directory with go.mod and manifest.json above the working directory (is the extension's manifest.json at the repo root?)")
		}
		dir = parent
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// CheckBuilt says what is missing for the extension to load and run.
func CheckBuilt(root string) error {
	var missing []string
	for _, f := range []string{"manifest.json", "extension/authdoctor.wasm", "extension/wasm_exec.js", "extension/popup.html"} {
		if !exists(filepath.Join(root, f)) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return errors.New("browserkit: extension not built or incomplete, missing " + strings.Join(missing, ", ") + " (run `make build`)")
	}
	return nil
}

// StartRig starts the lab and the browser (with the repository's unpacked
// extension unless o.NoExtension). Close it when done.
func StartRig(ctx context.Context, o RigOptions) (r *Rig, err error) {
	r = &Rig{Root: o.Root}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	if r.Root == "" {
		if r.Root, err = FindRoot(); err != nil {
			return nil, err
		}
	}
	copts := Options{Headful: o.Headful}
	if !o.NoExtension {
		if err = CheckBuilt(r.Root); err != nil {
			return nil, err
		}
		copts.Extension = r.Root
	}
	r.Lab = lab.New(lab.Options{})
	if err = r.Lab.Start(); err != nil {
		return nil, err
	}
	if r.Chromium, err = Launch(ctx, copts); err != nil {
		return nil, err
	}
	return r, nil
}

// Close stops the browser and the lab.
func (r *Rig) Close() {
	if r.Chromium != nil {
		r.Chromium.Close()
	}
	if r.Lab != nil {
		r.Lab.Close()
	}
}
