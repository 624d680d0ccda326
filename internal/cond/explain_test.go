package cond

import (
	"slices"
	"testing"
)

func TestCauses(t *testing.T) {
	fact := func(name string) Cause { return Cause{Fact: name} }
	lacks := func(name, member string) Cause { return Cause{Fact: name, Member: member} }
	has := func(name, member string) Cause { return Cause{Fact: name, Member: member, Has: true} }
	tests := []struct {
		src  string
		want []Cause
	}{
		// Booleans, either way.
		{"not existing_app", []Cause{fact("existing_app")}},
		{"is_business_channel", []Cause{fact("is_business_channel")}},
		{"!existing_app", []Cause{fact("existing_app")}},
		// Strings and numbers compared: the value decided.
		{`plan == "basic"`, []Cause{fact("plan")}},
		{`plan != "pro"`, []Cause{fact("plan")}},
		{`plan in ["basic", "team"]`, []Cause{fact("plan")}},
		{`plan not in ["pro"]`, []Cause{fact("plan")}},
		{"seats < 10", []Cause{fact("seats")}},
		{"seats * 2 <= 100", []Cause{fact("seats")}},
		// Membership of one list member: which, and whether it is there.
		{`"phone_number" in consent_items`, []Cause{lacks("consent_items", "phone_number")}},
		{`"account_email" not in consent_items`, []Cause{has("consent_items", "account_email")}},
		{`not ("shipping_address" in consent_items)`, []Cause{has("consent_items", "shipping_address")}},
		// Lengths: the whole list decided.
		{"len(consent_items) == 0", []Cause{fact("consent_items")}},
		{"len(consent_items) > seats", []Cause{fact("consent_items"), fact("seats")}},
		// and: only the false side; or: both; not: what made the inside true.
		{"has_channel and is_business_channel", []Cause{fact("is_business_channel")}},
		{"is_business_channel or not has_channel", []Cause{fact("is_business_channel"), fact("has_channel")}},
		{"not (existing_app and has_channel)", []Cause{fact("existing_app"), fact("has_channel")}},
		{`"a" in consent_items or "b" in consent_items`, []Cause{lacks("consent_items", "a"), lacks("consent_items", "b")}},
		{`"a" in consent_items or "a" in consent_items`, []Cause{lacks("consent_items", "a")}},
		{`has_channel and ("x" in consent_items or plan == "team")`, []Cause{lacks("consent_items", "x"), fact("plan")}},
		// No fact decided.
		{"1 > 2", nil},
		// True: nothing to explain.
		{"existing_app", nil},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := Compile(tt.src, schema())
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Causes(values); !slices.Equal(got, tt.want) {
				t.Errorf("Causes = %+v, want %+v", got, tt.want)
			}
		})
	}
}
