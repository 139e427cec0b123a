// Package domain holds Kontor's entities (people, companies, deals, pipeline
// stages, custom fields), their validation and normalisation rules, and the
// ports (interfaces) through which the terminal UI, the command line and the
// importer reach the data file.
//
// The package is pure Go: no IO, no SQL, no UI. Storage implements the ports;
// cmd wires an implementation into the UI.
package domain
