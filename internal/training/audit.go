package training

import (
	"slices"

	"github.com/ohtalent/ohtalent/internal/audit"
)

// Audit target types of training events.
const (
	targetOrder     = "training_order"
	targetPlacement = "placement"
	targetEvent     = "training_event"
)

// changeSet collects, for the audit log, the names of the fields an update
// really changed and the status move if there was one. It never holds the
// values themselves: titles, notes and places are free text.
type changeSet struct {
	fields   []string
	from, to string
}

// note adds field when its value differs.
func (c *changeSet) note(field string, changed bool) {
	if changed {
		c.fields = append(c.fields, field)
	}
}

// status notes a status move from -> to.
func (c *changeSet) status(from, to string) {
	if from != to {
		c.fields = append(c.fields, "status")
		c.from, c.to = from, to
	}
}

// entry is the change as an event on target of orgID.
func (c *changeSet) entry(action, orgID, targetType, targetID string) audit.Entry {
	fields := slices.Clone(c.fields)
	slices.Sort(fields)
	details := map[string]any{"fields": nonNil(fields)}
	if c.from != "" {
		details["from"], details["to"] = c.from, c.to
	}
	return audit.Entry{Action: action, OrgID: orgID, TargetType: targetType, TargetID: targetID, Details: details}
}
