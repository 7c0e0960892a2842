package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/plugins/driver"
)

func TestTheCommandKnowsEveryBackendScheme(t *testing.T) {
	assert.Subset(t, driver.StoreSchemes(), []string{"sqlite", "postgres", "plugin"})
	assert.Subset(t, driver.TicketsSchemes(), []string{"desk", "rt", "redmine", "plugin"})
	assert.Subset(t, driver.DirectorySchemes(), []string{"ldap", "ldaps", "plugin"})
	assert.Subset(t, driver.NotifierSchemes(), []string{"smtp", "smtps", "http", "https"})
}
