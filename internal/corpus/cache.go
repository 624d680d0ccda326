package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// A Cache writes generated sites into one temporary folder, each site once,
// so that the benchmarks of a test binary share them; Close removes them
// all. The zero value is ready to use, and safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	root  string
	sites map[string]string // key -> folder
}

// Site returns a folder holding the site Write writes for o, writing it on
// first use. Callers must not change it; use another Seed for a site of
// one's own.
func (c *Cache) Site(o Options) (string, error) {
	o = o.normalized()
	key := fmt.Sprintf("site-%d-%d-%d", o.Steps, o.Sections, o.Seed)
	if o.MoreFacts {
		key += "-more"
	}
	return c.dir(key, func(dir string) error {
		return Write(dir, o)
	})
}

// Partners returns a folder holding n partner site files
// (partners/pNNNN.toml) and a copy of the guide folder content, so that the
// folder is a site folder for each of them.
func (c *Cache) Partners(content string, n int) (string, error) {
	return c.dir(fmt.Sprintf("partners-%d", n), func(dir string) error {
		if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(content)); err != nil {
			return err
		}
		return Partners(dir, n)
	})
}

// Dir returns a folder of the cache for key, made by fill on first use.
func (c *Cache) Dir(key string, fill func(dir string) error) (string, error) {
	return c.dir("x-"+key, fill)
}

func (c *Cache) dir(key string, fill func(dir string) error) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if dir, ok := c.sites[key]; ok {
		return dir, nil
	}
	if c.root == "" {
		root, err := os.MkdirTemp("", "prereq-corpus-")
		if err != nil {
			return "", err
		}
		c.root, c.sites = root, map[string]string{}
	}
	dir := filepath.Join(c.root, key)
	if err := fill(dir); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	c.sites[key] = dir
	return dir, nil
}

// Close removes every folder the cache wrote.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.root == "" {
		return nil
	}
	err := os.RemoveAll(c.root)
	c.root, c.sites = "", nil
	return err
}
