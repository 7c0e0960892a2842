// Package relaciona is the shared vocabulary of the relaciona SDK: actors,
// errors, languages, and the portable Store that every process package uses.
//
// The SDK turns four relationship processes of public agencies into Go rules
// an agency embeds in the systems it already runs. See the package docs of
// stakeholder, alliance, satisfaction and citizen for the processes.
package relaciona
