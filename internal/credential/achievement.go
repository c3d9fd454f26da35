package credential

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AchievementSlugPrefix marks credentials that certify an event achievement
// (a competition award) rather than a catalog track. Such a credential is
// stored with track_slug "event:<eventId>" and track_version 1, which keeps
// the one-per-person rule of the table (one award per person and event)
// and can never collide with a track slug (slugs have no colon). Counts of
// certified developers must only count catalog tracks.
const AchievementSlugPrefix = "event:"

// Achievement describes an event achievement, such as a place in a
// developer competition, that the platform certifies on an organizer's
// word. It becomes an OB 3.0 Achievement of type "Award" whose creator is
// the organizing org and whose criteria point at the event.
type Achievement struct {
	EventID   string
	Title     string    // the event's title
	Organizer string    // the organizing org's name, the achievement's creator
	Award     string    // e.g. 一等奖 First prize
	Rank      int       // 0 when the award has no rank
	HeldAt    time.Time // when the event started
}

func (a *Achievement) slug() string { return AchievementSlugPrefix + a.EventID }

// IsAchievement reports whether a credential's track slug names an event
// achievement rather than a catalog track.
func IsAchievement(trackSlug string) bool { return strings.HasPrefix(trackSlug, AchievementSlugPrefix) }

// key is the (track_slug, track_version) pair a request is unique by.
func (r IssueRequest) key() (string, int) {
	if r.Achievement != nil {
		return r.Achievement.slug(), 1
	}
	return r.Track.Slug, r.Track.Version
}

func (r IssueRequest) document(iss Issuer, id string, who subject, salt string, statusIndex int64, now time.Time) map[string]any {
	if r.Achievement == nil {
		return document(iss, id, r.Track, who, salt, statusIndex, now, r.ValidUntil, r.Evidence)
	}
	a := r.Achievement
	achievementURL := fmt.Sprintf("%s/achievements/events/%s", iss.BaseURL, a.EventID)
	placing := a.Award
	if a.Rank > 0 {
		placing = fmt.Sprintf("%s（第 %d 名 rank %d）", a.Award, a.Rank, a.Rank)
	}
	held := a.HeldAt.UTC().Format("2006-01-02")
	return docParts{ID: id, Name: a.Title + " " + a.Award, Who: who, Salt: salt, StatusIndex: statusIndex,
		ValidFrom: now, ValidUntil: r.ValidUntil, Evidence: r.Evidence,
		// The award itself is the holder's result against the
		// achievement's one result description.
		Result: []map[string]any{{
			"type":              []string{"Result"},
			"resultDescription": achievementURL + "#award",
			"value":             placing,
		}},
		Achievement: map[string]any{
			"id":              achievementURL,
			"type":            []string{"Achievement"},
			"achievementType": "Award",
			"name":            a.Title,
			"description":     fmt.Sprintf("%s 举办的开发者大赛（%s）。A developer competition held by %s on %s.", a.Organizer, held, a.Organizer, held),
			"criteria": map[string]any{
				"id":        iss.BaseURL + "/events/" + a.EventID,
				"narrative": fmt.Sprintf("在「%s」中获得%s，由主办方 %s 记录。Placed %s in %s, as recorded by the organizer %s.", a.Title, placing, a.Organizer, placing, a.Title, a.Organizer),
			},
			"creator": map[string]any{"id": iss.BaseURL + "/events/" + a.EventID + "#organizer", "type": []string{"Profile"}, "name": a.Organizer},
			"resultDescription": []map[string]any{{
				"id": achievementURL + "#award", "type": []string{"ResultDescription"},
				"name": "奖项 Award", "resultType": "Result",
			}},
			"tag":       []string{"OpenHarmony", "competition"},
			"humanCode": a.slug(),
		}}.build(iss)
}

// Held is a stored credential and the outcome of verifying it now.
type Held struct {
	ID        string
	UserID    string
	TrackSlug string
	IssuedAt  time.Time
	Check     VerifyResult
}

// CheckHeld verifies a credential by id the way POST /verify does
// (signature, issuer, structure and dates, then its live status) and
// returns it with its holder and track, or nil when no credential has the
// id. Hire confirmations call it at the moment of the hire.
func (s *Service) CheckHeld(ctx context.Context, id string) (*Held, error) {
	if len(id) > 64 {
		return nil, nil
	}
	var rows []record
	if err := s.db.R.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0]
	return &Held{ID: r.ID, UserID: r.UserID, TrackSlug: r.TrackSlug, IssuedAt: r.IssuedAt,
		Check: s.Verify(ctx, VerifyRequest{ID: id})}, nil
}

// IssueAchievement issues (once per person and event) the credential of an
// event achievement. created is false when the person already held it.
func (s *Service) IssueAchievement(ctx context.Context, userID, issuedBy string, orgID *string, a Achievement, evidence string) (id string, created bool, err error) {
	rec, created, err := s.Issue(ctx, IssueRequest{UserID: userID, Achievement: &a, IssuedBy: issuedBy, OrgID: orgID, Evidence: evidence})
	if err != nil {
		return "", false, err
	}
	return rec.ID, created, nil
}

// achievementTitle names an event achievement for the certificate page,
// from its signed document.
func achievementTitle(r *record) map[string]string {
	var doc struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal([]byte(r.Document), &doc)
	return map[string]string{"zh": doc.Name, "en": doc.Name}
}
