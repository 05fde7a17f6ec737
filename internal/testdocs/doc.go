// Package testdocs makes the documents and the website the tests feed to Quickchat's imports: PDF and
// Word files written by hand, small enough to read, and a help site on loopback. Only tests use it.
package testdocs
