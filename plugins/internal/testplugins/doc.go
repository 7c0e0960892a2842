// Package testplugins holds deliberately broken plugin binaries (each in
// its own main package) for the fault tests of package plugins and of
// `relaciona plugins check`.
package testplugins
