package main

// The backends a deployment file may name by URL. Each package registers
// its scheme from init, so the command knows them all:
//
//	store:   sqlite:// (the default, built into the root), postgres://, plugin://
//	tickets: desk:// (the default), rt://, redmine://, plugin://
//	directory: the roster in the file (the default), ldap://, ldaps://, plugin://
//	notification channels: smtp://, smtps://, http://, https:// (webhooks)
import (
	_ "github.com/relaciona/relaciona/plugins"          // plugin:// for stores, tickets and directories
	_ "github.com/relaciona/relaciona/plugins/desk"     // desk://
	_ "github.com/relaciona/relaciona/plugins/ldap"     // ldap://, ldaps:// (directory)
	_ "github.com/relaciona/relaciona/plugins/maildir"  // file:// (e-mail as .eml files in a folder)
	_ "github.com/relaciona/relaciona/plugins/postgres" // postgres://
	_ "github.com/relaciona/relaciona/plugins/redmine"  // redmine://
	_ "github.com/relaciona/relaciona/plugins/rt"       // rt://
	_ "github.com/relaciona/relaciona/plugins/smtp"     // smtp://, smtps:// (e-mail)
	_ "github.com/relaciona/relaciona/plugins/webhook"  // http://, https:// (signed webhooks)
)
