// Package proto holds relaciona's plugin protocol (version 1): the protobuf
// services a store plugin (Store), a ticket plugin (TicketSystem) and a
// directory plugin (Directory) serve, and the Go code generated from
// relaciona.proto.
//
// Plugin authors do not use this package: package plugins serves a
// driver.Store, driver.Tickets or driver.Directory over it
// (plugins.ServeStore, ServeTickets, ServeDirectory) and opens one on the
// host side (plugin:// URLs). It is public so that a plugin can be
// written in another language from relaciona.proto.
//
// Regenerate with `go generate ./plugins/proto` (needs protoc,
// protoc-gen-go and protoc-gen-go-grpc on PATH).
package proto

//go:generate protoc --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative relaciona.proto
