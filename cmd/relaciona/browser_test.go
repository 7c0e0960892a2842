package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromiumPath finds the browser for the report test: $CHROMIUM, else
// Debian's chromium. Without one the test skips, except in CI (CI=true),
// where .ci/run installs it and a missing browser is a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium found: CI must install Debian's chromium (see .ci/run)")
	}
	t.Skip("no chromium found: install Debian's chromium or set CHROMIUM to run the report's browser test")
	return ""
}

// checkReportInBrowser loads every page of a report site in headless
// Chromium, at desktop and phone widths, and fails on any console error,
// uncaught exception or network request (the report must be
// self-contained), on a figure without its chart or its data table, and on
// a page wider than a phone's screen. It saves a screenshot of each page
// into $RELACIONA_SCREENSHOTS (or a temporary folder) and logs where.
func checkReportInBrowser(t *testing.T, siteDir string) {
	browser := chromiumPath(t)
	shots := os.Getenv("RELACIONA_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	pages, err := filepath.Glob(filepath.Join(siteDir, "*.html"))
	require.NoError(t, err)
	require.NotEmpty(t, pages)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTimeout()

	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value))
				}
				problems = append(problems, "console error: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(e.Request.URL, "file://") && !strings.HasPrefix(e.Request.URL, "data:") {
				problems = append(problems, "network request: "+e.Request.URL)
			}
		case *network.EventLoadingFailed:
			problems = append(problems, "loading failed: "+e.ErrorText)
		}
	})
	require.NoError(t, chromedp.Run(ctx, network.Enable(), runtime.Enable()))

	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		var figures, charts, tables, width int
		var shot []byte
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(1200, 900),
			chromedp.Navigate("file://"+page),
			chromedp.WaitReady("body"),
			chromedp.Evaluate(`document.querySelectorAll("figure").length`, &figures),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("figure")).filter(f => f.querySelector("svg[role=img]")).length`, &charts),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("figure")).filter(f => f.parentElement.querySelector("table")).length`, &tables),
			chromedp.FullScreenshot(&shot, 80),
		)
		require.NoError(t, err, page)
		require.NoError(t, os.WriteFile(filepath.Join(shots, name+".png"), shot, 0o644))
		assert.Equal(t, figures, charts, "%s: every figure has its chart", name)
		assert.Equal(t, figures, tables, "%s: every chart has its data table", name)
		if name != "index" {
			assert.Positive(t, figures, "%s: a process page has charts", name)
		}
		err = chromedp.Run(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate("file://"+page),
			chromedp.WaitReady("body"),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
			chromedp.CaptureScreenshot(&shot),
		)
		require.NoError(t, err, page)
		require.NoError(t, os.WriteFile(filepath.Join(shots, name+"-phone.png"), shot, 0o644))
		assert.LessOrEqual(t, width, 392, "%s: the page fits a phone's width (charts scroll inside their box)", name)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, problems, "the report loads in the browser without errors or requests")
	t.Log(fmt.Sprintf("screenshots of %d pages in %s", len(pages), shots))
}
