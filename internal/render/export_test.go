package render

// Messages are the interface text tables, by language, for the tests of
// package render_test.
var Messages = messages

// BodyTextTree and BodyTextStream are the two ways checklist.json's plain
// text is written, for TestBodyTextStream.
var BodyTextTree, BodyTextStream = treeText, bodyText
