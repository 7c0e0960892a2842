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

// Page budgets of the report's browser test: a page a director reads is at
// most pageHeightBudget CSS pixels tall at desktopWidth (long tables are
// folded, see report.Table.PageRows), unless pageHeightBudgets gives its
// own; at phoneWidth nothing is wider than the screen.
const (
	desktopWidth     = 1280
	phoneWidth       = 390
	pageHeightBudget = 8000
)

// pageHeightBudgets are the pages allowed a budget other than
// pageHeightBudget, by file name without ".html", each with its measured
// reason. The site is the product report `relaciona report --period 2026`
// writes for the demo's folder (seed 3); every page fits. The tallest,
// stakeholder, measured 6,326 px (the site's navigation bar, about 640 px
// at this width, included) once it folded its long tables.
var pageHeightBudgets = map[string]int{}

// phoneOverflowJS returns what sticks out of a phone's screen (%d px): the
// page's scroll width when it exceeds the screen, and every chart whose box
// leaves it. The width is fixed, not window.innerWidth, which a mobile
// browser widens to fit content that overflows.
const phoneOverflowJS = `(() => {
  const out = [];
  const vw = %d;
  const sw = document.documentElement.scrollWidth;
  if (sw > vw) out.push("page scrollWidth " + sw + " > " + vw);
  document.querySelectorAll("svg.chart").forEach((s, i) => {
    const r = s.getBoundingClientRect();
    if (r.left < -0.5 || r.right > vw + 0.5) {
      const f = s.closest("figure");
      out.push("chart " + (f && f.id ? f.id : i) + " spans " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  });
  return out;
})()`

// checkReportInBrowser loads every page of a report site in headless
// Chromium, at desktop and phone widths, and fails on any console error,
// uncaught exception or network request (the report must be
// self-contained), on a figure without its chart or its data table, on an
// index without a chart, on a page taller than its budget at desktop width
// (pageHeightBudget), and on a page or chart wider than a phone's screen
// (phoneWidth). It saves a screenshot of each page into
// $RELACIONA_SCREENSHOTS (or a temporary folder) and logs where, with each
// page's height.
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
		var figures, charts, tables, height int
		var overflow []string
		var shot []byte
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(desktopWidth, 900),
			chromedp.Navigate("file://"+page),
			chromedp.WaitReady("body"),
			chromedp.Evaluate(`document.querySelectorAll("figure").length`, &figures),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("figure")).filter(f => f.querySelector("svg[role=img]")).length`, &charts),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("figure")).filter(f => f.parentElement.querySelector("table")).length`, &tables),
			chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
			chromedp.FullScreenshot(&shot, 80),
		)
		require.NoError(t, err, page)
		require.NoError(t, os.WriteFile(filepath.Join(shots, name+".png"), shot, 0o644))
		assert.Equal(t, figures, charts, "%s: every figure has its chart", name)
		assert.Equal(t, figures, tables, "%s: every chart has its data table", name)
		assert.Positive(t, figures, "%s: every page has charts (the index: one per process)", name)
		budget := pageHeightBudget
		if b, ok := pageHeightBudgets[name]; ok {
			budget = b
		}
		assert.LessOrEqual(t, height, budget, "%s: the page is at most %d px tall at %d px wide", name, budget, desktopWidth)
		t.Logf("%s: %d px tall at %d px, %d charts", name, height, desktopWidth, charts)
		err = chromedp.Run(ctx,
			chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile),
			chromedp.Navigate("file://"+page),
			chromedp.WaitReady("body"),
			chromedp.Evaluate(fmt.Sprintf(phoneOverflowJS, phoneWidth), &overflow),
			chromedp.CaptureScreenshot(&shot),
		)
		require.NoError(t, err, page)
		require.NoError(t, os.WriteFile(filepath.Join(shots, name+"-phone.png"), shot, 0o644))
		assert.Empty(t, overflow, "%s: the page and its charts fit a phone's width (%d px)", name, phoneWidth)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, problems, "the report loads in the browser without errors or requests")
	t.Log(fmt.Sprintf("screenshots of %d pages in %s", len(pages), shots))
}
