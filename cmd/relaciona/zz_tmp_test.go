package main

import "testing"

func TestTmpMeasure(t *testing.T) { checkReportInBrowser(t, "/tmp/demoa-out/report") }
