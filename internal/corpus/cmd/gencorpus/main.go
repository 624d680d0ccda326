// Command gencorpus writes a generated benchmark site (see package corpus),
// for scripts/bench.sh and for trying prereq on a large guide by hand:
//
//	go run ./internal/corpus/cmd/gencorpus -steps 10000 -o /tmp/site10k
//	go run ./internal/corpus/cmd/gencorpus -partners 1000 -o /tmp/partners
//
// With -partners it writes the partner site files for the shipped Kakao
// guide (partners/pNNNN.toml) and, with -content DIR, a copy of that guide.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"prereq/internal/corpus"
)

func main() {
	var o corpus.Options
	out := flag.String("o", "", "folder to write the site into (required)")
	flag.IntVar(&o.Steps, "steps", 10000, "steps in the generated guide")
	flag.IntVar(&o.Sections, "sections", 0, "section folders (default: one per 25 steps)")
	flag.Uint64Var(&o.Seed, "seed", 1, "generator seed")
	flag.BoolVar(&o.MoreFacts, "more-facts", false, "declare a dozen facts instead of six")
	partners := flag.Int("partners", 0, "write this many partner site files for the Kakao guide instead of a guide")
	content := flag.String("content", "", "with -partners: copy this guide folder to OUT/content")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	if *partners > 0 {
		if *content != "" {
			err = os.CopyFS(filepath.Join(*out, "content"), os.DirFS(*content))
		}
		if err == nil {
			err = corpus.Partners(*out, *partners)
		}
	} else {
		err = corpus.Write(*out, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
