package watch

// Changes are the inputs that changed since they were last taken, as the
// watcher saw them.
type Changes struct {
	Paths map[string]bool // keys of changed files and folders
	Dirs  bool            // a folder appeared or went away
	All   bool            // events may have been lost: reload everything
}

// Add adds the key of a changed input.
func (c *Changes) Add(key string) {
	if c.Paths == nil {
		c.Paths = map[string]bool{}
	}
	c.Paths[key] = true
}

// Merge adds the changes of o.
func (c *Changes) Merge(o Changes) {
	for p := range o.Paths {
		c.Add(p)
	}
	c.Dirs = c.Dirs || o.Dirs
	c.All = c.All || o.All
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool { return len(c.Paths) == 0 && !c.Dirs && !c.All }
