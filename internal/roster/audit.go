package roster

import "github.com/ohtalent/ohtalent/internal/audit"

// importedEntry is the audit entry of an applied import: who (from the
// request), which cohort, and the counts; never the students themselves.
func importedEntry(co *Cohort, rep *Report) audit.Entry {
	return audit.Entry{Action: audit.RosterImported, OrgID: co.OrgID, TargetType: "cohort", TargetID: co.ID,
		Details: map[string]any{"format": rep.Format, "mode": rep.Mode, "rows": rep.Rows, "created": rep.Counts.Created,
			"updated": rep.Counts.Updated, "unchanged": rep.Counts.Unchanged, "deactivated": rep.Counts.Deactivated}}
}
