package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFaultEngineFailsToLoad runs a copy of the extension whose
// authdoctor.wasm is corrupt, in a second short-lived browser: the failure
// is still recorded (header values dropped, as without the engine no
// redaction can run) and badged, and the popup says the engine failed to
// load and still offers clearing.
func TestFaultEngineFailsToLoad(t *testing.T) {
	needChromium(t)
	root, err := FindRoot()
	require.NoError(t, err)
	require.NoError(t, CheckBuilt(root))
	dir := t.TempDir()
	require.NoError(t, exec.Command("cp", "-r", filepath.Join(root, "manifest.json"), filepath.Join(root, "extension"), dir).Run())
	require.NoError(t, os.WriteFile(filepath.Join(dir, "extension", "authdoctor.wasm"), []byte("\x00asm corrupt"), 0o644))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rig, err := StartRig(ctx, RigOptions{Root: dir})
	require.NoError(t, err)
	defer rig.Close()

	fail := rig.Lab.ScriptURL("nowasm.test", true, lab.Script{ID: "nowasm", Actual: &lab.Reply{Status: 401,
		Headers: [][2]string{{"WWW-Authenticate", `Bearer realm="w", error="invalid_token"`}}}})
	tab, err := rig.OpenTab(ctx, rig.Lab.URL("nowasm.test", true, "/page"))
	require.NoError(t, err)
	defer tab.Cancel()
	_, err = Eval[string](ctx, tab, `fetch(`+strconv.Quote(fail)+`, {headers: {Authorization: 'Bearer NoWasmSecretQZ1'}}).then(() => document.title = 'nowasm')`)
	require.NoError(t, err)
	id, err := rig.TabID(ctx, "nowasm")
	require.NoError(t, err)
	require.Eventually(t, func() bool { b, _ := rig.Badge(ctx, id); return b == "401" }, 10*time.Second, 20*time.Millisecond)

	p, view, err := rig.OpenPopup(ctx, id, 15*time.Second)
	require.NoError(t, err, view.Describe())
	defer p.Cancel()
	assert.Regexp(t, `^The diagnosis engine could not be loaded \(.+\)\. Clearing the site data still works\.$`, view.Status)
	assert.Empty(t, view.Engine)
	assert.Empty(t, view.Findings)
	got, err := Eval[[]string](ctx, p.Tab, `[String(document.getElementById('clear').disabled), document.getElementById('clear').textContent, document.querySelector('#failure option') ? document.querySelector('#failure option').textContent : '']`)
	require.NoError(t, err)
	assert.Equal(t, "false", got[0], "clearing is offered")
	assert.Equal(t, "Clear site data for nowasm.test:"+strconv.Itoa(rig.Lab.HTTPSPort()), got[1])
	assert.Contains(t, got[2], "401 GET https://nowasm.test:", "the failed request is listed")
	stored, err := ExtEval[string](ctx, rig, `chrome.storage.session.get(null).then(JSON.stringify)`)
	require.NoError(t, err)
	assert.Contains(t, stored, `"tab:`+strconv.Itoa(id)+`"`)
	assert.NotContains(t, stored, "NoWasmSecretQZ1", "without the engine, header values are dropped")
	assert.NotContains(t, stored, "nowasm.test:"+strconv.Itoa(rig.Lab.HTTPSPort())+"/script?", "without the engine, the query is dropped")

	require.NoError(t, p.Click(ctx, `[data-action="clear-site-data"]`))
	_, err = p.WaitFor(ctx, `[data-cleared]`)
	require.NoError(t, err, "clearing works without the engine")
}
