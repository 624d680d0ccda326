package render

// Messages are the interface text tables, by language, for the tests of
// package render_test.
var Messages = messages
