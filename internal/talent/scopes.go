package talent

import (
	"slices"
	"strings"
)

// Scope kinds of the maintained counts. A person counts once in each scope
// whatever number of credentials and orgs brings them there.
const (
	KindCity               = "city"                // the whole city; id ""
	KindTrack              = "track"               // id: track slug
	KindOrg                = "org"                 // id: org id
	KindOrgKind            = "org_kind"            // id: university, enterprise, ...
	KindDistrict           = "district"            // id: district code
	KindConsortium         = "consortium"          // id: consortium id
	KindOrgTrack           = "org_track"           // id: org id "/" track slug
	KindConsortiumTrack    = "consortium_track"    // id: consortium id "/" track slug
	KindConsortiumOrgKind  = "consortium_kind"     // id: consortium id "/" org kind
	KindConsortiumDistrict = "consortium_district" // id: consortium id "/" district
)

// Scope names one counted group.
type Scope struct{ Kind, ID string }

// orgDims is where an org sits: what breakdowns its people fall into.
type orgDims struct {
	Kind        string
	District    string
	Consortiums []string // sorted
}

func (d orgDims) equal(o orgDims) bool {
	return d.Kind == o.Kind && d.District == o.District && slices.Equal(d.Consortiums, o.Consortiums)
}

func (d orgDims) consortiumList() string { return strings.Join(d.Consortiums, ",") }

func parseConsortiumList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// derive turns a person's atoms into their active days per scope, placing
// each org with dims.
func derive(as atoms, dims map[string]orgDims) map[Scope][]span {
	out := map[Scope][]span{}
	add := func(k Scope, ss []span) { out[k] = append(out[k], ss...) }
	for a, ss := range as {
		add(Scope{KindCity, ""}, ss)
		add(Scope{KindTrack, a.Track}, ss)
		if a.Org == "" {
			continue
		}
		d := dims[a.Org]
		add(Scope{KindOrg, a.Org}, ss)
		add(Scope{KindOrgTrack, a.Org + "/" + a.Track}, ss)
		if d.Kind != "" {
			add(Scope{KindOrgKind, d.Kind}, ss)
		}
		if d.District != "" {
			add(Scope{KindDistrict, d.District}, ss)
		}
		for _, c := range d.Consortiums {
			add(Scope{KindConsortium, c}, ss)
			add(Scope{KindConsortiumTrack, c + "/" + a.Track}, ss)
			if d.Kind != "" {
				add(Scope{KindConsortiumOrgKind, c + "/" + d.Kind}, ss)
			}
			if d.District != "" {
				add(Scope{KindConsortiumDistrict, c + "/" + d.District}, ss)
			}
		}
	}
	for k, ss := range out {
		out[k] = union(ss)
	}
	return out
}
