package training

import (
	"context"
	"math"
	"time"

	"gorm.io/gorm"
)

// activeWindow is how recent a learner's last lesson or graded lab in one
// of the order's tracks must be for them to count as active.
const activeWindow = 30 * 24 * time.Hour

// Counts are the people behind an order (or one partner's share of it):
// enrolled are the active members of the linked cohorts; active, those of
// them who learned in one of the order's tracks in the last 30 days;
// certified, those holding a currently valid credential (active, within
// its dates) of one of the order's tracks; hired, the confirmed hires.
type Counts struct {
	Enrolled  int64 `json:"enrolled"`
	Active    int64 `json:"active"`
	Certified int64 `json:"certified"`
	Hired     int64 `json:"hired"`
}

func (c *Counts) add(o Counts) {
	c.Enrolled += o.Enrolled
	c.Active += o.Active
	c.Certified += o.Certified
	c.Hired += o.Hired
}

// Progress is an order's standing against its headcount and deadline.
type Progress struct {
	Counts
	Headcount int `json:"headcount"`
	// DaysLeft counts whole days to the deadline, rounded up; negative
	// once the deadline has passed.
	DaysLeft int `json:"daysLeft"`
	// ExpectedCertified is how many should be certified by now if the
	// order advanced evenly from its creation to its deadline.
	ExpectedCertified int `json:"expectedCertified"`
	// Filled: hires reached the headcount.
	Filled bool `json:"filled"`
	// OnTrack: filled, or before the deadline with at least the headcount
	// enrolled and at least the expected number certified (or hired).
	OnTrack bool `json:"onTrack"`
}

func progressOf(o orderRow, c Counts, now time.Time) Progress {
	p := Progress{Counts: c, Headcount: o.Headcount}
	if days := o.Deadline.Sub(now).Hours() / 24; days >= 0 {
		p.DaysLeft = int(math.Ceil(days))
	} else {
		p.DaysLeft = int(math.Floor(days))
	}
	total := o.Deadline.Sub(o.CreatedAt)
	elapsed := min(max(now.Sub(o.CreatedAt), 0), total)
	if total > 0 {
		p.ExpectedCertified = int(math.Ceil(float64(o.Headcount) * float64(elapsed) / float64(total)))
	}
	p.Filled = c.Hired >= int64(o.Headcount)
	p.OnTrack = p.Filled || (now.Before(o.Deadline) && c.Enrolled >= int64(o.Headcount) &&
		max(c.Certified, c.Hired) >= int64(p.ExpectedCertified))
	return p
}

// peopleSQL counts the linked cohorts' active members per order and
// school, flagging each person once. A person in cohorts of two partner
// schools counts for one of them (the same school the candidate list and
// the hire record name), so that the partners' shares add up to the
// order's total.
const peopleSQL = `SELECT order_id, org_id, COUNT(*) AS enrolled,
	SUM(CASE WHEN EXISTS (SELECT 1 FROM lab_scores ls JOIN training_order_tracks ot ON ot.track_slug = ls.track_slug
			WHERE ot.order_id = p.order_id AND ls.user_id = p.user_id AND ls.updated_at >= ?)
		OR EXISTS (SELECT 1 FROM lesson_completions lc JOIN training_order_tracks ot ON ot.track_slug = lc.track_slug
			WHERE ot.order_id = p.order_id AND lc.user_id = p.user_id AND lc.completed_at >= ?)
		THEN 1 ELSE 0 END) AS active,
	SUM(CASE WHEN EXISTS (SELECT 1 FROM credentials cr JOIN training_order_tracks ot ON ot.track_slug = cr.track_slug
			WHERE ot.order_id = p.order_id AND cr.user_id = p.user_id AND cr.status = 'active'
			AND cr.valid_from <= ? AND (cr.valid_until IS NULL OR cr.valid_until > ?))
		THEN 1 ELSE 0 END) AS certified
	FROM (SELECT oc.order_id, cm.user_id, MIN(oc.org_id) AS org_id FROM training_order_cohorts oc
		JOIN cohort_members cm ON cm.cohort_id = oc.cohort_id AND cm.status = 'active'
		WHERE oc.order_id IN ? GROUP BY oc.order_id, cm.user_id) p
	GROUP BY order_id, org_id`

// counts computes every order's totals and each partner's share with two
// grouped queries.
func (s *Service) counts(ctx context.Context, g *gorm.DB, orderIDs []string) (map[string]Counts, map[string]Counts, error) {
	now := s.now().UTC()
	since := now.Add(-activeWindow)
	totals, perPartner := map[string]Counts{}, map[string]Counts{}
	var byPartner []struct {
		OrderID, OrgID string
		Counts
	}
	if err := g.WithContext(ctx).Raw(peopleSQL, since, since, now, now, orderIDs).Scan(&byPartner).Error; err != nil {
		return nil, nil, err
	}
	for _, r := range byPartner {
		perPartner[r.OrderID+"\x00"+r.OrgID] = r.Counts
		t := totals[r.OrderID]
		t.add(r.Counts)
		totals[r.OrderID] = t
	}
	var hires []struct {
		OrderID      string
		PartnerOrgID *string
		N            int64
	}
	if err := g.WithContext(ctx).Raw(`SELECT order_id, partner_org_id, COUNT(*) AS n FROM training_placements
		WHERE order_id IN ? GROUP BY order_id, partner_org_id`, orderIDs).Scan(&hires).Error; err != nil {
		return nil, nil, err
	}
	for _, h := range hires {
		t := totals[h.OrderID]
		t.Hired += h.N
		totals[h.OrderID] = t
		if h.PartnerOrgID != nil {
			k := h.OrderID + "\x00" + *h.PartnerOrgID
			p := perPartner[k]
			p.Hired += h.N
			perPartner[k] = p
		}
	}
	return totals, perPartner, nil
}
