package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// subcommands are the commands that take a subcommand, with theirs.
var subcommands = map[string][]string{
	"calendar":     {"holidays", "add", "between"},
	"plugins":      {"check"},
	"stakeholder":  {"report", "import"},
	"alliance":     {"report"},
	"satisfaction": {"report"},
	"citizen":      {"report"},
	"subject":      {"export", "erase", "rectify", "sweep"},
}

func TestHelpOfEveryCommandIsOnStdoutWithStatusZero(t *testing.T) {
	for _, lang := range []string{"es", "en"} {
		for name := range commands {
			for _, flag := range []string{"--help", "-h"} {
				args := [][]string{{name, flag}}
				for _, s := range subcommands[name] {
					args = append(args, []string{name, s, flag})
				}
				for _, a := range args {
					t.Run(lang+" "+strings.Join(a, " "), func(t *testing.T) {
						code, out, errOut := runCLI(t, append([]string{"--lang", lang}, a...)...)
						assert.Equal(t, 0, code, "help exits 0")
						assert.Empty(t, errOut, "help goes to stdout")
						assert.Contains(t, out, "relaciona "+strings.Join(a[:len(a)-1], " "), "the usage names the command")
						assert.Contains(t, out, relaciona.Lang(lang).T("Uso:", "Usage:"))
						assert.NotContains(t, out, "%!", "no formatting mistake")
					})
				}
			}
		}
	}
}

func TestCommandHelpListsItsFlags(t *testing.T) {
	cases := []struct {
		args  []string
		flags []string
	}{
		{[]string{"report", "--help"}, []string{"-config", "-process", "-period", "-from", "-to", "-out", "-format", "-personal", "-lang"}},
		{[]string{"run", "--help"}, []string{"-config", "-at", "-out"}},
		{[]string{"citizen", "report", "--help"}, []string{"-period", "-from", "-to"}},
		{[]string{"stakeholder", "--help"}, []string{"import", "report"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, _ := runCLI(t, c.args...)
			require.Equal(t, 0, code)
			for _, f := range c.flags {
				assert.Contains(t, out, f)
			}
		})
	}
}

func TestRootHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errOut := runCLI(t, args...)
		assert.Equal(t, 0, code, "%v", args)
		assert.Empty(t, errOut)
		for name, c := range commands {
			assert.Contains(t, out, name, "%v lists %s", args, name)
			assert.Contains(t, out, c.summary[0], "with its summary")
		}
		assert.Contains(t, out, "-version")
	}
	code, out, _ := runCLI(t, "--lang", "en", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, commands["report"].summary[1], "summaries in English with --lang en")
}

func TestUsageErrorsGoToStderrWithStatusTwo(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Uso: relaciona"},
		{"unknown command", []string{"frobnicate"}, "frobnicate"},
		{"unknown global flag", []string{"--bogus"}, "Uso: relaciona"},
		{"unknown flag", []string{"run", "--bogus"}, "Uso: relaciona run"},
		{"missing flag", []string{"verify"}, "Uso: relaciona verify --config"},
		{"unknown subcommand", []string{"alliance", "frobnicate"}, "frobnicate"},
		{"no subcommand", []string{"plugins"}, "relaciona plugins check"},
		{"bad lang", []string{"report", "--lang", "fr"}, "fr"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, c.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, c.want)
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errOut := runCLI(t, args...)
		assert.Equal(t, 0, code, "%v", args)
		assert.Empty(t, errOut)
		assert.True(t, strings.HasPrefix(out, "relaciona "+relaciona.Version), "%v: %q", args, out)
	}
}
