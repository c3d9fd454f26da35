// Package demo seeds the demonstration data that `make run` starts with:
// a university, a vocational college, an enterprise, a consortium joining
// them, and one account per role. Seeding is idempotent.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ohtalent/ohtalent/internal/auth"
	"github.com/ohtalent/ohtalent/internal/db"
	"github.com/ohtalent/ohtalent/internal/httpx"
	"github.com/ohtalent/ohtalent/internal/org"
)

// Password is shared by every demo account; demo data is for trying the
// platform on a laptop, never for production.
const Password = "ohtalent-demo-2026"

// Account is one seeded login.
type Account struct {
	Email, Name string
	OrgCode     string // "" for the platform admin
	Role        auth.Role
}

// Accounts are the seeded logins.
var Accounts = []Account{
	{"admin@demo.ohtalent.cn", "平台管理员", "", auth.RolePlatformAdmin},
	{"orgadmin@sut.demo.ohtalent.cn", "李老师（教务）", "SUT", auth.RoleOrgAdmin},
	{"teacher@sut.demo.ohtalent.cn", "王老师", "SUT", auth.RoleInstructor},
	{"student@sut.demo.ohtalent.cn", "张小明", "SUT", auth.RoleStudent},
	{"student@yzvc.demo.ohtalent.cn", "陈思雨", "YZVC", auth.RoleStudent},
	{"orgadmin@yzvc.demo.ohtalent.cn", "刘主任", "YZVC", auth.RoleOrgAdmin},
	{"hr@ljhs.demo.ohtalent.cn", "赵经理（招聘）", "LJHS", auth.RoleEnterpriseVerifier},
	{"orgadmin@ljhs.demo.ohtalent.cn", "周总监", "LJHS", auth.RoleOrgAdmin},
}

type orgSeed struct {
	code, kind string
	name       org.Text
	district   string
}

var orgs = []orgSeed{
	{"SUT", org.KindUniversity, org.Text{Zh: "山城理工大学", En: "Shancheng University of Technology"}, "shapingba"},
	{"YZVC", org.KindVocationalCollege, org.Text{Zh: "渝州软件职业技术学院", En: "Yuzhou Software Vocational College"}, "yongchuan"},
	{"LJHS", org.KindEnterprise, org.Text{Zh: "两江鸿蒙软件有限公司", En: "Liangjiang Harmony Software Co., Ltd."}, "liangjiang"},
}

// Seed creates whatever demo data is missing and prints the logins to out.
func Seed(ctx context.Context, d *db.DB, orgSvc *org.Service, out io.Writer) error {
	ids := map[string]string{}
	for _, o := range orgs {
		var existing org.Org
		err := d.W.WithContext(ctx).Where("code = ?", o.code).Limit(1).Find(&existing).Error
		if err != nil {
			return err
		}
		if existing.ID == "" {
			created, err := orgSvc.Create(ctx, o.code, o.kind, o.name, o.district)
			if err != nil {
				return fmt.Errorf("demo org %s: %w", o.code, err)
			}
			existing = *created
		}
		ids[o.code] = existing.ID
	}
	const consortiumCode = "CQ-OH-ALLIANCE"
	var n int64
	if err := d.W.WithContext(ctx).Table("consortiums").Where("code = ?", consortiumCode).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		_, err := orgSvc.CreateConsortium(ctx, consortiumCode,
			org.Text{Zh: "重庆开源鸿蒙产教融合联合体", En: "Chongqing OpenHarmony Industry-Education Consortium"},
			ids["LJHS"], []string{ids["SUT"], ids["YZVC"]})
		if err != nil {
			return fmt.Errorf("demo consortium: %w", err)
		}
	}
	for _, a := range Accounts {
		u, err := auth.UserByEmail(ctx, d.W, a.Email)
		if errors.Is(err, auth.ErrNoUser) {
			u, err = auth.CreateUser(ctx, d.W, auth.NewUser{Email: a.Email, DisplayName: a.Name, Password: Password,
				PlatformAdmin: a.Role == auth.RolePlatformAdmin})
		}
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		if a.OrgCode == "" {
			continue
		}
		name := a.Name
		if _, err := orgSvc.AddMember(ctx, ids[a.OrgCode], u.Email, string(a.Role), &name, nil); err != nil {
			var p *httpx.Problem
			if !errors.As(err, &p) || p.Status != 409 {
				return fmt.Errorf("demo membership %s: %w", a.Email, err)
			}
		}
	}
	fmt.Fprintf(out, "\n  Demo data ready. Every demo account's password is %s\n", Password)
	for _, a := range Accounts {
		where := a.OrgCode
		if where == "" {
			where = "platform"
		}
		fmt.Fprintf(out, "    %-34s %-20s %s\n", a.Email, a.Role, where)
	}
	fmt.Fprintln(out)
	return nil
}
