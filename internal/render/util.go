package render

import "prereq/internal/cond"

func whenSource(c *cond.Cond) string {
	if c == nil {
		return ""
	}
	return c.Source
}
