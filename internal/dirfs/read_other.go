//go:build !unix

package dirfs

import "os"

func readFile(path string, _ *[]byte) ([]byte, error) { return os.ReadFile(path) }
